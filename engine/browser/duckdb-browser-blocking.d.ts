// Types for DuckDB-WASM's synchronous browser bindings. The package ships the file
// (dist/duckdb-browser-blocking.mjs) but its "exports" map does not list it, and the
// `./blocking` export has no browser build; scripts/build-browser.mjs resolves the path to
// the file itself. The types are the package's browser types (the "." export).
declare module '@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs' {
  import type { DuckDBBindings, DuckDBBundles, DuckDBRuntime, Logger } from '@duckdb/duckdb-wasm';
  export { VoidLogger, ConsoleLogger } from '@duckdb/duckdb-wasm';
  export const BROWSER_RUNTIME: DuckDBRuntime;
  export function createDuckDB(bundles: DuckDBBundles, logger: Logger, runtime: DuckDBRuntime): Promise<DuckDBBindings>;
}
