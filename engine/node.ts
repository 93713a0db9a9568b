// The Node host: DuckDB-WASM through its synchronous bindings, started once per process and
// reused (an instance costs ~0.6 s and ~170 MB). The wasm file is looked up beside the bundle
// (dist/duckdb-eh.wasm, copied by the build) and otherwise in node_modules.
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from './engine.js';
import type { DuckDbBindings } from './duckdb/session.js';

let started: Promise<Engine> | undefined;

/** The process's engine, started on first use. */
export function startNodeEngine(): Promise<Engine> {
  started ??= openNodeDatabase().then((db) => Engine.open(db));
  return started;
}

async function openNodeDatabase(): Promise<DuckDbBindings> {
  const wasm = wasmPath();
  const bundles = { mvp: { mainModule: wasm, mainWorker: '' }, eh: { mainModule: wasm, mainWorker: '' } };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  db.open({ path: ':memory:' });
  return db as unknown as DuckDbBindings;
}

function wasmPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'duckdb-eh.wasm');
  if (existsSync(beside)) return beside;
  return createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm');
}
