// Synchronizing imports (§S5), shared by `sightline sync` and the editor's "Synchronize"
// quick fix (SERVER_COMMANDS.synchronize), so both record exactly the same lock. It records,
// for each chosen import, the tables and columns its source shows now, and returns the new
// sightline.lock text with one line per change. It writes nothing: the caller writes the lock.
import { serializeLock, type LockedImport, type LockFile } from '../../model/lock.js';
import { closest, didYouMean } from '../../model/suggest.js';
import type { Column } from '../../model/types.js';
import { WorkspaceIndex } from '../../model/workspace-index.js';
import type { Snapshot } from './snapshot.js';

export interface SynchronizeOptions {
  /** Only the imports of this pool ("Team/Pool" or a unique "Pool"). */
  pool?: string;
  /** Only imported connections of this name. */
  connection?: string;
}

export interface SynchronizeOutcome {
  /** The whole new sightline.lock (the same text when nothing changed). */
  lockText: string;
  /** Human-readable: what changed, one line per import ('"Team/Pool" SAP: BKPF +XNEW'). */
  changes: string[];
  /** Imports that could not be synchronized (a FIX ME import, an unreadable source); they keep their entry. */
  errors: string[];
}

/** The options name a pool or connection that does not exist; the message says what to write. */
export class SynchronizeError extends Error {}

export function synchronizeImports(snapshot: Pick<Snapshot, 'model' | 'data'>, options: SynchronizeOptions = {}): SynchronizeOutcome {
  const { model, data } = snapshot;
  const current = new WorkspaceIndex(model, undefined);
  // A source that is itself an import shows the columns of its own last synchronization.
  const recorded = new WorkspaceIndex(model, data.lock);
  let pools = model.pools;
  if (options.pool) {
    const found = current.lookupPool(options.pool);
    if (!('pool' in found)) throw new SynchronizeError(`no pool "${options.pool}"${didYouMean(closest(options.pool, current.pools.keys()))}`);
    pools = [found.pool];
  }
  const imports = pools.flatMap((p) => p.imports.map((imp) => ({ pool: p, imp }))).filter((x) => !options.connection || x.imp.name === options.connection);
  if (options.connection && imports.length === 0) {
    const names = pools.flatMap((p) => p.imports.map((i) => i.name));
    throw new SynchronizeError(`no imported connection ${options.connection}${options.pool ? ` in "${options.pool}"` : ''}${didYouMean(closest(options.connection, names))}`);
  }

  const before = data.lock ?? { version: 1, imports: [] };
  const entries = new Map(before.imports.map((e) => [`${e.pool}\u0000${e.connection}`, e]));
  const errors: string[] = [];
  const changes: string[] = [];
  for (const { pool, imp } of imports) {
    const label = `"${pool.id}" ${imp.name}`;
    if (imp.fixMe) {
      errors.push(`${label} is a FIX ME import without a source; re-point it first`);
      continue;
    }
    const tables: LockedImport['tables'] = [];
    let source: LockedImport['source'] | undefined;
    const sourcePool = current.lookupPool(imp.source.name);
    for (const t of imp.tables) {
      // What the source pool shows now: its own table's columns, or, when the source is itself
      // an import, the columns that import recorded (the source's own last synchronization).
      const found = 'pool' in sourcePool ? recorded.resolveTable(sourcePool.pool, imp.connection.name, t.name) : undefined;
      if (!found?.ok || !found.resolved.columns) {
        errors.push(`${label}: ${!found ? `its source pool "${imp.source.name}" cannot be found` : found.ok ? `${t.name}'s data file cannot be read` : found.message}`);
        continue;
      }
      source ??= { pool: 'pool' in sourcePool ? sourcePool.pool.id : imp.source.name, connection: imp.connection.name };
      tables.push({ name: t.name, columns: found.resolved.columns.map((c) => ({ name: c.name, type: c.type })) });
    }
    if (!source) continue;
    const key = `${pool.id}\u0000${imp.name}`;
    const old = entries.get(key);
    const entry: LockedImport = { pool: pool.id, connection: imp.name, source, tables };
    const change = describeChange(old, entry);
    if (change) changes.push(`${label}: ${change}`);
    entries.set(key, entry);
  }
  // A full sync forgets imports that no longer exist.
  if (!options.pool && !options.connection) {
    const live = new Set(model.pools.flatMap((p) => p.imports.map((i) => `${p.id}\u0000${i.name}`)));
    for (const [k, e] of entries) {
      if (live.has(k)) continue;
      entries.delete(k);
      changes.push(`"${e.pool}" ${e.connection}: removed (no such import any more)`);
    }
  }
  const lock: LockFile = { version: 1, imports: [...entries.values()] };
  return { lockText: serializeLock(lock), changes, errors };
}

function describeChange(old: LockedImport | undefined, now: LockedImport): string | undefined {
  if (!old) return `recorded ${now.tables.map((t) => `${t.name} (${t.columns.length} columns)`).join(', ')}`;
  const parts: string[] = [];
  for (const t of now.tables) {
    const was = old.tables.find((o) => o.name === t.name);
    if (!was) {
      parts.push(`${t.name} added`);
      continue;
    }
    const diff = columnChanges(was.columns, t.columns);
    if (diff) parts.push(`${t.name} ${diff}`);
  }
  for (const o of old.tables) if (!now.tables.some((t) => t.name === o.name)) parts.push(`${o.name} removed`);
  return parts.length ? parts.join('; ') : undefined;
}

export function columnChanges(was: Column[], now: Column[]): string | undefined {
  const added = now.filter((c) => !was.some((w) => w.name === c.name)).map((c) => `+${c.name}`);
  const removed = was.filter((w) => !now.some((c) => c.name === w.name)).map((c) => `-${c.name}`);
  const retyped = now.filter((c) => was.some((w) => w.name === c.name && w.type !== c.type)).map((c) => `${c.name}→${c.type}`);
  const all = [...added, ...removed, ...retyped];
  return all.length ? all.join(' ') : undefined;
}
