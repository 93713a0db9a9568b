// sightline.lock: the table configuration each import had at its last synchronization (§S5).
// Written by `sightline sync`, never by hand. JSON, sorted, so diffs stay readable.
import type { Column } from './types.js';

export const LOCK_FILE_NAME = 'sightline.lock';

export interface LockFile {
  version: 1;
  imports: LockedImport[];
}

export interface LockedImport {
  /** The importing pool, "Team/Pool". */
  pool: string;
  /** The imported connection's name in that pool. */
  connection: string;
  source: { pool: string; connection: string };
  tables: { name: string; columns: Column[] }[];
}

export function serializeLock(lock: LockFile): string {
  const imports = [...lock.imports]
    .map((i) => ({ ...i, tables: [...i.tables].sort((a, b) => a.name.localeCompare(b.name)) }))
    .sort((a, b) => (a.pool + '\u0000' + a.connection).localeCompare(b.pool + '\u0000' + b.connection));
  return JSON.stringify({ version: 1, imports }, null, 2) + '\n';
}

export type LockParseResult = { ok: true; lock: LockFile } | { ok: false; message: string };

export function parseLock(text: string): LockParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `sightline.lock is not valid JSON (${(e as Error).message}); run \`sightline sync\` to rewrite it` };
  }
  const lock = raw as Partial<LockFile>;
  if (!lock || lock.version !== 1 || !Array.isArray(lock.imports)) {
    return { ok: false, message: 'sightline.lock has an unknown layout (expected {"version": 1, "imports": [...]}); run `sightline sync` to rewrite it' };
  }
  for (const i of lock.imports) {
    if (typeof i?.pool !== 'string' || typeof i.connection !== 'string' || !i.source || !Array.isArray(i.tables)) {
      return { ok: false, message: 'sightline.lock has an import entry without pool, connection, source or tables; run `sightline sync` to rewrite it' };
    }
  }
  return { ok: true, lock: lock as LockFile };
}
