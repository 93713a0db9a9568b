// The browser host: DuckDB-WASM through its synchronous browser bindings, inside a Web Worker
// (the calls block, so never on a page's main thread). The wasm file is fetched from a URL;
// the build copies duckdb-eh.wasm beside the worker bundle (dist/browser/).
import * as duckdb from '@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs';
import type { DuckDbBindings } from '../duckdb/session.js';
import { Engine } from '../engine.js';

/**
 * Opens an in-memory database. `wasmUrl` must be absolute when the worker runs from a blob:
 * URL. Only the exception-handling build is shipped (every current browser supports it), so
 * it serves as both bundles.
 */
export async function openBrowserDatabase(wasmUrl: string): Promise<DuckDbBindings> {
  const bundles = { mvp: { mainModule: wasmUrl, mainWorker: '' }, eh: { mainModule: wasmUrl, mainWorker: '' } };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.BROWSER_RUNTIME);
  await db.instantiate();
  db.open({ path: ':memory:' });
  return db as unknown as DuckDbBindings;
}

/** A locked-down engine on a fresh in-memory database. */
export async function openBrowserEngine(wasmUrl: string): Promise<Engine> {
  return Engine.open(await openBrowserDatabase(wasmUrl));
}
