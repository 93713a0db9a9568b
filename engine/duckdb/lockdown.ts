// Locks DuckDB down before any data is loaded (see docs/security notes in engine/README.md):
// no extension may autoload or install (offline, the first read_parquet would hang forever),
// no file outside the engine's own virtual folder may be read or written, and the
// configuration cannot be changed back afterwards.
import type { SqlSession } from './session.js';

/** Data files are registered under this virtual folder; nothing else is reachable. */
export const VIRTUAL_ROOT = '/sightline/';

export const LOCKDOWN_STATEMENTS = [
  'SET autoload_known_extensions = false',
  'SET autoinstall_known_extensions = false',
  `SET allowed_directories = ['${VIRTUAL_ROOT}']`,
  'SET enable_external_access = false',
  // Single-threaded WASM keeps insertion order; say so explicitly, row ordinals rely on it.
  'SET preserve_insertion_order = true',
  'SET lock_configuration = true',
] as const;

export function lockDown(session: SqlSession): void {
  for (const statement of LOCKDOWN_STATEMENTS) session.run(statement);
}
