// The editor's engine: DuckDB-WASM in a worker thread (engine-host.ts).
import type { EditorEngine } from './engine-api.js';

export function createEngine(): EditorEngine {
  throw new Error('not yet');
}
