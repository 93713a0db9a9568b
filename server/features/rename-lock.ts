// sightline.lock names pools, connections, tables and columns (§S5). A rename of one of them
// rewrites the lock too, or every import of it would read as "needs synchronize" and rules
// on the renamed columns would stop resolving: the rename changes names, not structure.
import * as path from 'node:path';
import { LOCK_FILE_NAME, serializeLock, type LockFile } from '../../model/lock.js';
import type { WorkspaceIndex } from '../../model/workspace-index.js';
import { endOf } from './apply-change.js';
import type { TextEdit } from './results.js';
import type { Snapshot } from './snapshot.js';
import type { SymbolInfo } from './symbols.js';
import type { TextFiles } from './text-files.js';

/** The edit that rewrites sightline.lock for a rename, or undefined when the lock does not name the symbol. */
export function lockEdit(snapshot: Snapshot, info: SymbolInfo, newName: string, files: TextFiles): TextEdit | undefined {
  const lock = snapshot.data.lock;
  if (!lock) return undefined;
  const renamed = renameInLock(lock, snapshot.index, info, newName);
  if (!renamed) return undefined;
  const file = path.join(snapshot.root, LOCK_FILE_NAME);
  const current = files.read(file)?.text;
  if (current === undefined) return undefined;
  return { range: { file, start: { line: 0, column: 0 }, end: endOf(current) }, newText: serializeLock(renamed) };
}

/** The lock with the symbol renamed, or undefined when nothing in it changes. */
export function renameInLock(lock: LockFile, index: WorkspaceIndex, info: SymbolInfo, newName: string): LockFile | undefined {
  const copy = JSON.parse(JSON.stringify(lock)) as LockFile;
  const poolOf = (written: string) => {
    const found = index.lookupPool(written);
    return 'pool' in found ? found.pool : undefined;
  };
  /** The physical table an entry's table resolves to (through the import it records). */
  const physical = (poolId: string, connection: string, table: string) => {
    const pool = index.pools.get(poolId);
    const found = pool && index.resolveTable(pool, connection, table);
    return found && found.ok ? found.resolved : undefined;
  };
  for (const entry of copy.imports) {
    const sourcePool = poolOf(entry.source.pool);
    switch (info.kind) {
      case 'team': {
        const prefix = `${info.name}/`;
        if (entry.pool.startsWith(prefix)) entry.pool = `${newName}/${entry.pool.slice(prefix.length)}`;
        if (entry.source.pool.startsWith(prefix)) entry.source.pool = `${newName}/${entry.source.pool.slice(prefix.length)}`;
        break;
      }
      case 'pool': {
        const id = `${info.pool.team.name}/${newName}`;
        if (entry.pool === info.pool.id) entry.pool = id;
        if (sourcePool === info.pool) entry.source.pool = id;
        break;
      }
      case 'connection':
        if (entry.pool === info.pool.id && entry.connection === info.name) entry.connection = newName;
        if (sourcePool === info.pool && entry.source.connection === info.name) entry.source.connection = newName;
        break;
      case 'table':
        for (const t of entry.tables) {
          const r = physical(entry.pool, entry.connection, t.name);
          if (r && r.sourcePool === info.pool && r.sourceConnection === info.connection && r.table.name === info.name) t.name = newName;
        }
        break;
      case 'column':
        for (const t of entry.tables) {
          if (physical(entry.pool, entry.connection, t.name)?.table.file !== info.file) continue;
          for (const c of t.columns) if (c.name === info.name) c.name = newName;
        }
        break;
      default:
        return undefined;
    }
  }
  return JSON.stringify(copy) === JSON.stringify(lock) ? undefined : copy;
}
