// The engine's Web Worker: one locked-down DuckDB-WASM per worker, driven by messages
// (engine/browser/protocol.ts). Requests run one at a time, in arrival order: the engine's
// calls block anyway, and a load must finish before the next question is answered.
// Bundled by scripts/build-browser.mjs into dist/browser/engine-worker.js (a classic worker
// script, so it can also be started from a blob: URL inside a VS Code webview).
import type { Engine } from '../engine.js';
import { EngineError } from '../engine.js';
import { probeLockdown } from './lockdown-probe.js';
import { MemoryFiles } from './memory-files.js';
import { openBrowserEngine } from './open-browser.js';
import type { EngineRequest, EngineResponse, WireError } from './protocol.js';

/** The parts of DedicatedWorkerGlobalScope used here (the project compiles against lib DOM). */
interface WorkerScope {
  location: { href: string };
  addEventListener(type: 'message', listener: (event: MessageEvent<EngineRequest>) => void): void;
  postMessage(message: EngineResponse): void;
}

const scope = self as unknown as WorkerScope;

let wasmUrl: string | undefined;
let engine: Promise<Engine> | undefined;
let queue: Promise<unknown> = Promise.resolve();

function theEngine(): Promise<Engine> {
  engine ??= openBrowserEngine(wasmUrl ?? new URL('duckdb-eh.wasm', scope.location.href).href);
  return engine;
}

async function handle(request: EngineRequest): Promise<unknown> {
  switch (request.type) {
    case 'open':
      if (engine) throw new Error('the engine is already open');
      wasmUrl = request.wasmUrl;
      await theEngine();
      return null;
    case 'load': {
      const files = new MemoryFiles();
      for (const [p, bytes] of Object.entries(request.files)) files.set(p, bytes, request.mtimes?.[p]);
      return (await theEngine()).load(request.model, files, request.data);
    }
    case 'listAnalyses':
      return (await theEngine()).listAnalyses();
    case 'usersOf':
      return (await theEngine()).usersOf(request.ref);
    case 'visibleRowIds':
      return (await theEngine()).visibleRowIds(request.ref, request.email);
    case 'lockdownProbe':
      return probeLockdown((await theEngine()).session, request.url);
    default:
      throw new Error(`unknown request ${JSON.stringify((request as { type?: unknown }).type)}`);
  }
}

function toWire(e: unknown): WireError {
  if (e instanceof EngineError) return { name: 'EngineError', message: e.message, suggestions: e.suggestions };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

scope.addEventListener('message', (event) => {
  const request = event.data;
  const id = request?.id;
  queue = queue.then(async () => {
    try {
      scope.postMessage({ id, ok: true, result: await handle(request) });
    } catch (e) {
      scope.postMessage({ id, ok: false, error: toWire(e) });
    }
  });
});
