// One workspace folder over time: runs the whole-workspace check with the open buffers on
// top of the disk, keeps the latest Snapshot for the editor features, and lets a feature
// wait for a check that is scheduled or running (so completion after a keystroke sees the
// keystroke). Plain data only: no LSP types.
import * as path from 'node:path';
import { checkWorkspace } from '../language/check-workspace.js';
import { discoverDefinitionFiles, isDefinitionFile } from '../language/discover.js';
import { ParseCache } from '../language/parse-cache.js';
import { ReadCache } from '../model/read-cache.js';
import { WorkspaceIndex } from '../model/workspace-index.js';
import type { Snapshot } from './features/snapshot.js';

export class WorkspaceFolder {
  private latest: Snapshot | undefined;
  /** The definition files on disk; found again only after a file was created or deleted. */
  private discovered: string[] | undefined;
  /**
   * Data files, permission tables, the lock and definition files on disk, reused without
   * even a stat until the editor's file watcher reports a change (`fileChanged`).
   */
  private readonly readCache = new ReadCache({ trustStats: true });
  /** What each definition file (and each block of it) parsed to, reused while unchanged. */
  private readonly parseCache = new ParseCache();
  /** Set while a check is scheduled or running; resolved with the snapshot it produces. */
  private pending: { promise: Promise<Snapshot>; resolve: (s: Snapshot) => void; reject: (e: unknown) => void } | undefined;

  constructor(readonly root: string) {}

  /** Whether a file lies inside this folder. */
  contains(file: string): boolean {
    const rel = path.relative(this.root, file);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  }

  /** The file watcher saw `file` change, appear (`created`) or go (`deleted`). */
  fileChanged(file: string, how: 'changed' | 'created' | 'deleted'): void {
    this.readCache.invalidate(file);
    if (how !== 'changed') {
      this.discovered = undefined;
      this.parseCache.delete(file);
    }
  }

  /** The last snapshot, possibly one keystroke old. */
  snapshot(): Snapshot | undefined {
    return this.latest;
  }

  /** Marks a check as due: `current()` waits for it. */
  expectCheck(): void {
    if (this.pending) return;
    let resolve!: (s: Snapshot) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<Snapshot>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined);
    this.pending = { promise, resolve, reject };
  }

  /** The snapshot after the check that is due, or the last one when none is. */
  async current(): Promise<Snapshot | undefined> {
    return this.pending ? this.pending.promise.catch(() => this.latest) : this.latest;
  }

  /** Checks the folder with `overlay` (open buffers by absolute path) in place of the disk. */
  async check(overlay: Map<string, string>): Promise<Snapshot> {
    const pending = this.pending;
    this.pending = undefined;
    try {
      const own = new Map([...overlay].filter(([file]) => this.contains(file) && isDefinitionFile(file)));
      this.discovered ??= await discoverDefinitionFiles(this.root);
      // An open document that is not (or no longer) on disk is still part of the workspace.
      const definitionFiles = [...new Set([...this.discovered, ...own.keys()])].sort();
      const check = await checkWorkspace(this.root, { overlay: own, definitionFiles, cache: this.readCache, parseCache: this.parseCache });
      const snapshot: Snapshot = {
        root: this.root,
        model: check.model,
        index: new WorkspaceIndex(check.model, check.data.lock),
        data: check.data,
        diagnostics: check.diagnostics,
        texts: check.texts,
      };
      this.latest = snapshot;
      pending?.resolve(snapshot);
      return snapshot;
    } catch (e) {
      pending?.reject(e);
      throw e;
    }
  }
}
