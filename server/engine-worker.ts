// The engine in a worker thread, so the language server's main thread never waits on DuckDB
// (loading a workspace or running a query blocks the thread it runs on). engine-host.ts
// starts this file and sends {id, method, args}; the worker answers {id, result} or
// {id, error: {message, suggestions}}. Requests run one at a time, in order, so a query
// never sees a half-loaded workspace. Results are plain data (structured clone, no Arrow).
import { parentPort } from 'node:worker_threads';
import type { AnalysisRef, Condition, Principal } from '../engine/index.js';
import { EngineError } from '../engine/engine.js';
import { dataDiagnostics } from '../engine/lint/data-diagnostics.js';
import { startNodeEngine } from '../engine/node.js';
import type { LoadedData } from '../model/check/context.js';
import { nodeFiles } from '../model/node-files.js';
import type { WorkspaceModel } from '../model/types.js';
import type { GridPageOptions } from '../engine/query/grid-page.js';

/** What the worker answers; the host's calls are typed from this table. */
const methods = {
  async load(model: WorkspaceModel, data: LoadedData) {
    const report = await (await startNodeEngine()).load(model, nodeFiles, data);
    return { tables: report.loaded.length + report.reused, errors: report.errors.map((e) => e.message) };
  },
  dataDiagnostics: async () => dataDiagnostics(await startNodeEngine()),
  counts: async (ref: AnalysisRef, principal: Principal) => (await startNodeEngine()).countsFor(ref, principal),
  ruleKeeps: async (ref: AnalysisRef, table: string, column: string, values: string[]) => (await startNodeEngine()).ruleKeeps(ref, table, column, values),
  columnValues: async (ref: AnalysisRef, table: string, column: string, options: { prefix?: string; limit: number }) => (await startNodeEngine()).columnValues(ref, table, column, options),
  parentValues: async (ref: AnalysisRef, table: string, column: string, values: string[]) => (await startNodeEngine()).parentValues(ref, table, column, values),
  page: async (ref: AnalysisRef, principal: Principal, table: string, options: GridPageOptions) => (await startNodeEngine()).gridPage(ref, principal, table, options),
  reasons: async (ref: AnalysisRef, principal: Principal, table: string, rowIds: number[]) => (await startNodeEngine()).hiddenReasons(ref, principal, table, rowIds),
  explainRow: async (ref: AnalysisRef, principal: Principal, table: string, rowId: number) => (await startNodeEngine()).explainRow(ref, principal, table, rowId),
  diffCounts: async (ref: AnalysisRef, a: Principal, b: Principal) => (await startNodeEngine()).diffFor(ref, a, b),
  summary: async (ref: AnalysisRef, principal: Principal) => (await startNodeEngine()).summary(ref, principal),
  explain: async (ref: AnalysisRef, email: string, table: string, conditions: Condition[], limit?: number) => (await startNodeEngine()).explain(ref, email, table, conditions, limit),
  diff: async (ref: AnalysisRef, a: string, b: string) => (await startNodeEngine()).diff(ref, a, b),
};

export type EngineMethods = typeof methods;
export type MethodName = keyof EngineMethods;

export interface WorkerRequest {
  id: number;
  method: MethodName;
  args: unknown[];
}

export type WorkerResponse = { id: number; result: unknown } | { id: number; error: { message: string; suggestions: string[] } };

async function answer(request: WorkerRequest): Promise<WorkerResponse> {
  try {
    const method = methods[request.method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (!method) throw new Error(`the engine worker has no method ${String(request.method)}`);
    return { id: request.id, result: await method(...request.args) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { id: request.id, error: { message, suggestions: e instanceof EngineError ? e.suggestions : [] } };
  }
}

const port = parentPort;
if (port) {
  let queue = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    queue = queue.then(async () => {
      const response = await answer(request);
      try {
        port.postMessage(response);
      } catch (e) {
        port.postMessage({ id: request.id, error: { message: `the engine's answer to ${request.method} cannot be sent: ${(e as Error).message}`, suggestions: [] } });
      }
    });
  });
}
