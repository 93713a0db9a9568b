// The editor's engine, run in a worker thread (engine-worker.ts) so the language server's
// main thread keeps answering while DuckDB loads or queries. This side only sends messages
// and keeps order: the worker starts on first use; loads coalesce (the newest snapshot wins,
// queries wait for it); when the worker dies (crash, out of memory, timeout) every waiting
// request fails with a clear error, and the next call starts a fresh worker and loads the
// last snapshot again, up to a few restarts a minute.
//
// Every load sent to a worker gets a new data generation (unique within the process, and
// starting from the clock so a restarted server does not reuse one). The worker answers in
// order, so a query answers for the generation of the last load sent before it; the preview's
// answers (page, summary, explainRow: a field; counts, reasons, diffCounts: a field on each
// element) carry it, and the panel reloads instead of mixing rows, counts or reasons of two
// generations (a data file or permission table replaced mid-preview, a restarted worker).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { EditorEngine, EngineStatus, PrincipalRef } from './engine-api.js';
import type { EngineMethods, MethodName, WorkerRequest, WorkerResponse } from './engine-worker.js';
import type { AnalysisRef, Condition } from '../engine/index.js';
import type { GridPageOptions } from '../engine/query/grid-page.js';
import type { Snapshot } from './features/snapshot.js';

export interface EngineHostOptions {
  /** The worker's entry; default: engine-worker.js beside the bundle, or engine-worker.ts beside this file under tsx. */
  workerPath?: string;
  /** A request (load or query) running longer stops the worker; it restarts on the next call. Default 2 minutes; 0: none. */
  timeoutMs?: number;
  /** Restarts allowed within `restartWindowMs` before the host stays failed. Default 3 a minute. */
  maxRestarts?: number;
  restartWindowMs?: number;
  /**
   * The worker's V8 heap limits. A worker that reaches them is stopped by Node (never the
   * server), reported as out of memory, and restarted on the next call. Default: Node's, or
   * `SIGHTLINE_ENGINE_MAX_OLD_MB` (MB of old generation) when set.
   */
  resourceLimits?: ResourceLimits;
}

/** A result of the engine tagged with the data generation it answers for (see above). */
export type Generational<T> = T & { generation: number };

/** A request the engine did not answer, with the engine's suggestions (names it does know) when it has any. */
export class EngineRequestError extends Error {
  constructor(
    message: string,
    readonly suggestions: string[] = [],
  ) {
    super(message);
  }
}

type Result<M extends MethodName> = Awaited<ReturnType<EngineMethods[M]>>;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer?: ReturnType<typeof setTimeout>;
}

export class EngineHost implements EditorEngine {
  private worker: Worker | undefined;
  private current: EngineStatus = { state: 'idle' };
  private readonly listeners: ((status: EngineStatus) => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** The snapshot asked for last, and the one the current worker has loaded. */
  private wanted: Snapshot | undefined;
  private held: Snapshot | undefined;
  private catchingUp: Promise<void> | undefined;
  /** Why the last worker stopped, when a restart is due. */
  private stopped: string | undefined;
  private readonly restartTimes: number[] = [];
  private gaveUp: string | undefined;
  private disposed = false;
  /** The last data generation handed out, and the one of the last load sent to the current worker. */
  private generations = Date.now();
  private sentGeneration = 0;

  constructor(private readonly options: EngineHostOptions = {}) {}

  status(): EngineStatus {
    return this.current;
  }

  onStatus(listener: (status: EngineStatus) => void): void {
    this.listeners.push(listener);
  }

  async load(snapshot: Snapshot): Promise<void> {
    this.wanted = snapshot;
    await this.upToDate();
  }

  dataDiagnostics() {
    return this.query('dataDiagnostics');
  }
  counts(ref: AnalysisRef, principal: PrincipalRef) {
    return this.taggedEach('counts', ref, principal);
  }
  ruleKeeps(ref: AnalysisRef, table: string, column: string, values: string[]) {
    return this.query('ruleKeeps', ref, table, column, values);
  }
  columnValues(ref: AnalysisRef, table: string, column: string, options: { prefix?: string; limit: number }) {
    return this.query('columnValues', ref, table, column, options);
  }
  parentValues(ref: AnalysisRef, childTable: string, column: string, values: string[]) {
    return this.query('parentValues', ref, childTable, column, values);
  }
  page(ref: AnalysisRef, principal: PrincipalRef, table: string, options: GridPageOptions) {
    return this.tagged('page', ref, principal, table, options);
  }
  reasons(ref: AnalysisRef, principal: PrincipalRef, table: string, rowIds: number[]) {
    return this.taggedEach('reasons', ref, principal, table, rowIds);
  }
  explainRow(ref: AnalysisRef, principal: PrincipalRef, table: string, rowId: number) {
    return this.tagged('explainRow', ref, principal, table, rowId);
  }
  diffCounts(ref: AnalysisRef, a: PrincipalRef, b: PrincipalRef) {
    return this.taggedEach('diffCounts', ref, a, b);
  }
  summary(ref: AnalysisRef, principal: PrincipalRef) {
    return this.tagged('summary', ref, principal);
  }

  /** The data generation the next query answers for (0 before the first load is sent). */
  generation(): number {
    return this.sentGeneration;
  }
  explain(ref: AnalysisRef, email: string, table: string, conditions: Condition[], limit?: number) {
    return this.query('explain', ref, email, table, conditions, limit);
  }
  diff(ref: AnalysisRef, a: string, b: string) {
    return this.query('diff', ref, a, b);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    if (worker) this.stop(worker, new EngineRequestError('the engine was shut down before it answered'));
    this.setStatus({ state: 'idle' });
    await worker?.terminate();
  }

  /** The running worker, so tests can stop it the way a crash would. */
  get workerForTests(): Worker | undefined {
    return this.worker;
  }

  private async query<M extends MethodName>(method: M, ...args: Parameters<EngineMethods[M]>): Promise<Result<M>> {
    if (!this.wanted) throw new EngineRequestError('no workspace is loaded yet');
    await this.upToDate();
    return this.send(method, args);
  }

  /**
   * A query whose (object) result carries the data generation it was computed on; a null
   * result (explainRow: no such row) stays null.
   */
  private async tagged<M extends MethodName>(method: M, ...args: Parameters<EngineMethods[M]>): Promise<Generational<NonNullable<Result<M>>> | Extract<Result<M>, null>> {
    const { generation, result } = await this.generational(method, args);
    return (result === null ? null : { ...(result as object), generation }) as never;
  }

  /**
   * A query whose (array) result carries the data generation on each element: a JSON array
   * has no room for a field of its own, and existing callers keep reading an array.
   */
  private async taggedEach<M extends MethodName>(method: M, ...args: Parameters<EngineMethods[M]>): Promise<Generational<Result<M> extends (infer E)[] ? E : never>[]> {
    const { generation, result } = await this.generational(method, args);
    return (result as object[]).map((e) => ({ ...e, generation })) as never;
  }

  private async generational<M extends MethodName>(method: M, args: unknown[]): Promise<{ generation: number; result: Result<M> }> {
    if (!this.wanted) throw new EngineRequestError('no workspace is loaded yet');
    await this.upToDate();
    // Read in the same turn as the send: a load sent later is answered after this query.
    const generation = this.sentGeneration;
    const result = await this.send(method, args);
    return { generation, result };
  }

  /** Resolves once the worker holds the latest snapshot. */
  private async upToDate(): Promise<void> {
    while (this.wanted && this.held !== this.wanted) {
      this.catchingUp ??= this.catchUp().finally(() => (this.catchingUp = undefined));
      await this.catchingUp;
    }
  }

  /** Loads the newest snapshot; snapshots that arrive during a load replace each other, and only the last one loads next. */
  private async catchUp(): Promise<void> {
    while (this.wanted && this.held !== this.wanted) {
      const snapshot = this.wanted;
      const loading = this.send('load', [snapshot.model, snapshot.data]);
      this.sentGeneration = ++this.generations;
      this.setStatus({ state: 'loading' });
      try {
        const { tables, errors } = await loading;
        this.held = snapshot;
        if (this.wanted === snapshot) this.setStatus({ state: 'ready', tables, errors });
      } catch (e) {
        if (this.worker) this.setStatus({ state: 'failed', message: (e as Error).message, restarts: this.restartTimes.length });
        throw e;
      }
    }
  }

  private send<M extends MethodName>(method: M, args: unknown[]): Promise<Result<M>> {
    const worker = this.running();
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      const timeout = this.options.timeoutMs ?? 120_000;
      const timer = timeout > 0 ? setTimeout(() => this.stop(worker, new EngineRequestError(`the engine did not answer ${method} within ${timeout} ms and was stopped; it restarts on the next request`)), timeout) : undefined;
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      try {
        worker.postMessage({ id, method, args } satisfies WorkerRequest);
      } catch (e) {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new EngineRequestError(`${method} cannot be sent to the engine: ${(e as Error).message}`));
      }
    });
  }

  /** The worker, started (or restarted after a failure) when there is none. */
  private running(): Worker {
    if (this.disposed) throw new EngineRequestError('the engine was shut down');
    if (this.gaveUp) throw new EngineRequestError(this.gaveUp);
    if (this.worker) return this.worker;
    if (this.stopped !== undefined) {
      const now = Date.now();
      const window = this.options.restartWindowMs ?? 60_000;
      const max = this.options.maxRestarts ?? 3;
      const recent = this.restartTimes.filter((t) => now - t < window).length;
      if (recent >= max) {
        this.gaveUp = `the engine stopped again after ${recent} restarts within ${Math.round(window / 1000)} s and stays off (last: ${this.stopped}); reload the window to try again`;
        this.setStatus({ state: 'failed', message: this.gaveUp, restarts: this.restartTimes.length });
        throw new EngineRequestError(this.gaveUp);
      }
      this.restartTimes.push(now);
    }
    this.setStatus({ state: 'starting' });
    let worker: Worker;
    try {
      worker = startWorker(this.options.workerPath ?? defaultWorkerPath(), this.options.resourceLimits ?? limitsFromEnvironment());
    } catch (e) {
      this.stopped = `the engine cannot start: ${(e as Error).message}`;
      this.setStatus({ state: 'failed', message: this.stopped, restarts: this.restartTimes.length });
      throw new EngineRequestError(this.stopped);
    }
    worker.on('message', (response: WorkerResponse) => this.settle(response));
    worker.on('error', (e) => this.stop(worker, new EngineRequestError(outOfMemory(e) ? `the engine ran out of memory and was stopped (${e.message})` : `the engine stopped: ${e.message}`)));
    worker.on('exit', (code) => this.stop(worker, new EngineRequestError(`the engine stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(response: WorkerResponse): void {
    const p = this.pending.get(response.id);
    if (!p) return;
    this.pending.delete(response.id);
    clearTimeout(p.timer);
    if ('error' in response) p.reject(new EngineRequestError(response.error.message, response.error.suggestions));
    else p.resolve(response.result);
  }

  /** Ends this worker (if still current): every waiting request fails with `error`; the next call restarts. */
  private stop(worker: Worker, error: EngineRequestError): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    this.held = undefined;
    this.sentGeneration = 0;
    void worker.terminate();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
    if (this.disposed) return;
    this.stopped = error.message;
    this.setStatus({ state: 'failed', message: `${error.message}; it restarts on the next request`, restarts: this.restartTimes.length });
  }

  private setStatus(status: EngineStatus): void {
    this.current = status;
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch {
        // A listener's failure is its own; the engine's state stays as it is.
      }
    }
  }
}

/** engine-worker.js beside the bundle (dist/), or engine-worker.ts beside this file when run from sources. */
function defaultWorkerPath(): string {
  const here = fileURLToPath(import.meta.url);
  return path.join(path.dirname(here), `engine-worker${path.extname(here)}`);
}

/**
 * A worker from a .js file directly; from a .ts file (tests under tsx) through a bootstrap that
 * registers tsx in the worker first (Node 20 does not apply `--import tsx` to a worker's entry).
 * Whatever the worker prints goes to stderr: the server's stdout may be the LSP stream.
 */
function startWorker(file: string, resourceLimits: ResourceLimits | undefined): Worker {
  const options = { stdout: true, ...(resourceLimits ? { resourceLimits } : {}) };
  const worker = file.endsWith('.ts') ? new Worker(tsxBootstrap(file), { ...options, eval: true }) : new Worker(file, options);
  worker.stdout.pipe(process.stderr, { end: false });
  return worker;
}

/** Node stops a worker that reaches its heap limit with this code. */
function outOfMemory(e: Error): boolean {
  return (e as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|memory limit/i.test(e.message);
}

function limitsFromEnvironment(): ResourceLimits | undefined {
  const mb = Number(process.env.SIGHTLINE_ENGINE_MAX_OLD_MB);
  return Number.isFinite(mb) && mb > 0 ? { maxOldGenerationSizeMb: mb } : undefined;
}

function tsxBootstrap(file: string): string {
  const resolve = createRequire(import.meta.url).resolve;
  const pkgFile = resolve('tsx/package.json');
  const api = path.join(path.dirname(pkgFile), JSON.parse(readFileSync(pkgFile, 'utf8')).exports['./esm/api'].import.default);
  return `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); })`;
}
