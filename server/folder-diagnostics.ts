// One workspace folder's diagnostics over time: runs the whole-workspace check and says what
// to publish, per file, including an empty list for every file that had diagnostics in the
// previous run and has none now (a fixed or deleted file). Plain data only: no LSP types.
import * as path from 'node:path';
import { checkWorkspace } from '../language/check-workspace.js';
import { discoverDefinitionFiles, isDefinitionFile } from '../language/discover.js';
import { ReadCache } from '../model/read-cache.js';
import type { Diagnostic } from '../model/types.js';

export class FolderDiagnostics {
  /** The files with diagnostics in the last run, and their list (as JSON). */
  private published = new Map<string, string>();
  /** Data files and permission tables read before, reused while unchanged on disk. */
  private readonly cache = new ReadCache();

  constructor(readonly root: string) {}

  /** Whether a file lies inside this folder. */
  contains(file: string): boolean {
    const rel = path.relative(this.root, file);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  }

  /**
   * Checks the folder with `overlay` (open documents' texts, by absolute path) in place of
   * what is on disk, and returns the diagnostics to publish by absolute file path.
   */
  async check(overlay: Map<string, string>): Promise<Map<string, Diagnostic[]>> {
    const own = new Map([...overlay].filter(([file]) => this.contains(file) && isDefinitionFile(file)));
    // An open document that is not (or no longer) on disk is still part of the workspace.
    const definitionFiles = [...new Set([...(await discoverDefinitionFiles(this.root)), ...own.keys()])].sort();
    const { diagnostics } = await checkWorkspace(this.root, { overlay: own, definitionFiles, cache: this.cache });
    return this.next(diagnostics);
  }

  /**
   * Groups by file, adds the empty lists that clear files fixed since the last run, and
   * leaves out files whose list is the same as last published.
   */
  next(diagnostics: Diagnostic[]): Map<string, Diagnostic[]> {
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of diagnostics) {
      const list = byFile.get(d.range.file);
      if (list) list.push(d);
      else byFile.set(d.range.file, [d]);
    }
    const changed = new Map<string, Diagnostic[]>();
    const published = new Map<string, string>();
    for (const [file, list] of byFile) {
      const key = JSON.stringify(list);
      published.set(file, key);
      if (this.published.get(file) !== key) changed.set(file, list);
    }
    for (const file of this.published.keys()) if (!byFile.has(file)) changed.set(file, []);
    this.published = published;
    return changed;
  }

  /** Empty lists for every file published last; used when the folder leaves the workspace. */
  clear(): Map<string, Diagnostic[]> {
    return this.next([]);
  }
}
