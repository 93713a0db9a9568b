// `sightline sync`: records in sightline.lock the table configuration each import sees now
// (§S5). Until then an import keeps the columns of its last synchronization.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { checkWorkspace } from '../language/check-workspace.js';
import { LOCK_FILE_NAME, serializeLock, type LockedImport, type LockFile } from '../model/lock.js';
import { closest, didYouMean } from '../model/suggest.js';
import { WorkspaceIndex } from '../model/workspace-index.js';
import type { Column } from '../model/types.js';
import { parseOptions, UsageError, workspaceDir } from './usage.js';

const HELP = `Usage: sightline sync [DIR] [--pool "Team/Pool"] [--connection NAME]

Synchronizes imported connections: writes each import's current source tables and columns to
DIR/sightline.lock, so new columns become visible through the import (§S5). With --pool or
--connection, only those imports; the others keep their recorded state.
Exit status: 0, 1 if an import could not be synchronized, 2 on a usage error.`;

export async function runSync(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('sync', args, {
    pool: { type: 'string' },
    connection: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const dir = workspaceDir('sync', positionals);
  const { model, data } = await checkWorkspace(dir);
  const current = new WorkspaceIndex(model, undefined);
  // A source that is itself an import shows the columns of its own last synchronization.
  const recorded = new WorkspaceIndex(model, data.lock);
  let pools = model.pools;
  if (values.pool) {
    const found = current.lookupPool(values.pool);
    if (!('pool' in found)) throw new UsageError(`sync: no pool "${values.pool}"${didYouMean(closest(values.pool, current.pools.keys()))}`);
    pools = [found.pool];
  }
  const imports = pools.flatMap((p) => p.imports.map((imp) => ({ pool: p, imp }))).filter((x) => !values.connection || x.imp.name === values.connection);
  if (values.connection && imports.length === 0) {
    const names = pools.flatMap((p) => p.imports.map((i) => i.name));
    throw new UsageError(`sync: no imported connection ${values.connection}${values.pool ? ` in "${values.pool}"` : ''}${didYouMean(closest(values.connection, names))}`);
  }

  const before = data.lock ?? { version: 1, imports: [] };
  const entries = new Map(before.imports.map((e) => [`${e.pool}\u0000${e.connection}`, e]));
  let failed = 0;
  const changes: string[] = [];
  for (const { pool, imp } of imports) {
    const label = `"${pool.id}" ${imp.name}`;
    if (imp.fixMe) {
      process.stderr.write(`sightline: ${label} is a FIX ME import without a source; re-point it first\n`);
      failed++;
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
        process.stderr.write(`sightline: ${label}: ${!found ? `its source pool "${imp.source.name}" cannot be found` : found.ok ? `${t.name}'s data file cannot be read` : found.message}\n`);
        failed++;
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
  if (!values.pool && !values.connection) {
    const live = new Set(model.pools.flatMap((p) => p.imports.map((i) => `${p.id}\u0000${i.name}`)));
    for (const [k, e] of entries) if (!live.has(k)) (entries.delete(k), changes.push(`"${e.pool}" ${e.connection}: removed (no such import any more)`));
  }
  const lock: LockFile = { version: 1, imports: [...entries.values()] };
  const file = path.join(dir, LOCK_FILE_NAME);
  const text = serializeLock(lock);
  const previous = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (previous !== text) await fs.writeFile(file, text);
  process.stdout.write(changes.length ? changes.map((c) => c + '\n').join('') + `wrote ${LOCK_FILE_NAME}\n` : `every import is synchronized; ${LOCK_FILE_NAME} unchanged\n`);
  return failed > 0 ? 1 : 0;
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
