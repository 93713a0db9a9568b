// The Node side of the exporters: a private DuckDB-WASM instance (not the process's engine,
// whose catalog must not be disturbed) in which the engine's catalog reads the workspace's data.
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDbBindings } from '../engine/duckdb/session.js';
import { ExportReader } from './source.js';

let opened: Promise<ExportReader> | undefined;

/** The process's export reader, started on first use (~0.6 s). */
export function openExportReader(): Promise<ExportReader> {
  opened ??= (async () => {
    const wasm = wasmPath();
    const bundles = { mvp: { mainModule: wasm, mainWorker: '' }, eh: { mainModule: wasm, mainWorker: '' } };
    const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
    await db.instantiate();
    db.open({ path: ':memory:' });
    return ExportReader.open(db as unknown as DuckDbBindings);
  })();
  return opened;
}

function wasmPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'duckdb-eh.wasm');
  if (existsSync(beside)) return beside;
  return createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm');
}
