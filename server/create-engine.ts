// The editor's engine: DuckDB-WASM in a worker thread (engine-host.ts), found beside the
// server bundle (dist/engine-worker.js).
import type { EditorEngine } from './engine-api.js';
import { EngineHost } from './engine-host.js';

export function createEngine(): EditorEngine {
  return new EngineHost();
}
