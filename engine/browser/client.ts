// The page side of the browser host: the engine's API, asynchronous, answered by the engine's
// Web Worker (engine/browser/worker.ts). Bundled by scripts/build-browser.mjs into
// dist/browser/engine-client.mjs.
import type { LoadedData } from '../../model/check/context.js';
import type { WorkspaceModel } from '../../model/types.js';
import type { EngineRequest, EngineResponse, RequestMap, RequestType, WireError } from './protocol.js';

export class BrowserEngineError extends Error {
  readonly suggestions: string[];
  constructor(error: WireError) {
    super(error.message);
    this.name = error.name;
    this.suggestions = error.suggestions ?? [];
  }
}

export class BrowserEngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  /**
   * Starts the worker at `workerUrl` (dist/browser/engine-worker.js, or a blob: URL of it)
   * and opens DuckDB with the wasm at `wasmUrl` (relative URLs resolve against the page).
   * Fails after `timeoutMs` (default 60 s): where the Content Security Policy lacks
   * 'wasm-unsafe-eval', DuckDB's instantiate() never settles.
   */
  static async start(options: { workerUrl: string | URL; wasmUrl: string | URL; timeoutMs?: number }): Promise<BrowserEngineClient> {
    const client = new BrowserEngineClient(new Worker(options.workerUrl));
    const timeoutMs = options.timeoutMs ?? 60_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`DuckDB-WASM did not start within ${timeoutMs} ms (does the Content Security Policy allow 'wasm-unsafe-eval'?)`)), timeoutMs);
    });
    try {
      await Promise.race([client.call('open', { wasmUrl: new URL(options.wasmUrl, location.href).href }), timeout]);
    } catch (e) {
      client.terminate();
      throw e;
    } finally {
      clearTimeout(timer);
    }
    return client;
  }

  constructor(private readonly worker: Worker) {
    worker.addEventListener('message', (event: MessageEvent<EngineResponse>) => {
      const response = event.data;
      const waiting = response.id === undefined ? undefined : this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id!);
      if (response.ok) waiting.resolve(response.result);
      else waiting.reject(new BrowserEngineError(response.error));
    });
    worker.addEventListener('error', (event: ErrorEvent) => this.fail(new Error(`engine worker failed: ${event.message || 'could not start'}`)));
    worker.addEventListener('messageerror', () => this.fail(new Error('engine worker sent a message that could not be read')));
  }

  call<K extends RequestType>(type: K, request: RequestMap[K]['request']): Promise<RequestMap[K]['result']> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...request, id, type } as EngineRequest);
    });
  }

  load(model: WorkspaceModel, files: Record<string, Uint8Array>, data?: LoadedData, mtimes?: Record<string, number>) {
    return this.call('load', { model, files, ...(data ? { data } : {}), ...(mtimes ? { mtimes } : {}) });
  }

  listAnalyses() {
    return this.call('listAnalyses', {});
  }

  usersOf(ref: { pool: string; name: string }) {
    return this.call('usersOf', { ref });
  }

  visibleRowIds(ref: { pool: string; name: string }, email: string) {
    return this.call('visibleRowIds', { ref, email });
  }

  lockdownProbe(url?: string) {
    return this.call('lockdownProbe', url === undefined ? {} : { url });
  }

  terminate(): void {
    this.worker.terminate();
    this.fail(new Error('engine worker terminated'));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
