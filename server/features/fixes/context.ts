// What every quick fix gets: the snapshot, the engine when one runs, and the texts of files
// as the editor shows them (an open definition buffer from the snapshot, else the disk), so
// each fix is a plain function `(context, diagnostic) → CodeAction[]`.
import type { FileAccess } from '../../../model/files.js';
import type { Diagnostic } from '../../../model/types.js';
import type { EditorEngine } from '../../engine-api.js';
import type { CodeAction } from '../results.js';
import type { Snapshot } from '../snapshot.js';

export interface FixContext {
  snapshot: Snapshot;
  engine?: EditorEngine;
  files: FileAccess;
  /** The file's text (undefined when it cannot be read); a byte order mark is not part of it, as in the editor. */
  text(file: string): Promise<string | undefined>;
  exists(file: string): Promise<boolean>;
}

export type Fix = (ctx: FixContext, diagnostic: Diagnostic) => CodeAction[] | Promise<CodeAction[]>;

export function fixContext(snapshot: Snapshot, files: FileAccess, engine?: EditorEngine): FixContext {
  const cache = new Map<string, Promise<string | undefined>>();
  const read = async (file: string): Promise<string | undefined> => {
    const open = snapshot.texts.get(file);
    if (open !== undefined) return open;
    try {
      // TextDecoder drops a leading BOM, as editors (and model/csv.ts positions) do.
      return new TextDecoder().decode(await files.read(file));
    } catch {
      return undefined;
    }
  };
  return {
    snapshot,
    engine,
    files,
    text(file) {
      let t = cache.get(file);
      if (!t) cache.set(file, (t = read(file)));
      return t;
    },
    async exists(file) {
      return snapshot.texts.has(file) || (await files.stat(file).catch(() => undefined)) !== undefined;
    },
  };
}

/** `data[key]` when it is a string. */
export function dataString(d: Diagnostic, key: string): string | undefined {
  const v = d.data?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** `data[key]` when it is an array of strings. */
export function dataStrings(d: Diagnostic, key: string): string[] {
  const v = d.data?.[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.file === b.file && a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column;
}
