// Messages between a page (engine/browser/client.ts) and the engine's Web Worker
// (engine/browser/worker.ts). Everything crosses postMessage by structured clone, which keeps
// Maps and Uint8Arrays: LoadedData and the row-id maps travel as they are.
import type { LoadedData } from '../../model/check/context.js';
import type { WorkspaceModel } from '../../model/types.js';
import type { LoadReport } from '../catalog/catalog.js';
import type { AnalysisRef } from '../engine.js';
import type { LockdownProbeResult } from './lockdown-probe.js';

export interface RequestMap {
  /** Optional, before anything else: where duckdb-eh.wasm is (absolute URL). Without it the
   * worker looks beside its own script, which only works when it was not started from a blob. */
  open: { request: { wasmUrl: string }; result: null };
  /** `files`: the bytes of every data file (and, when `data` is absent, every permission CSV
   * and the lock file) by absolute path. `mtimes` lets a reload keep unchanged tables. */
  load: {
    request: { model: WorkspaceModel; files: Record<string, Uint8Array>; data?: LoadedData; mtimes?: Record<string, number> };
    result: LoadReport;
  };
  listAnalyses: { request: Record<string, never>; result: (AnalysisRef & { kind: 'model' | 'perspective' })[] };
  usersOf: { request: { ref: AnalysisRef }; result: string[] };
  visibleRowIds: { request: { ref: AnalysisRef; email: string }; result: Map<string, number[]> };
  /** Tries what the lockdown must refuse (local files, writes, settings, `url` over HTTP). */
  lockdownProbe: { request: { url?: string }; result: LockdownProbeResult };
}

export type RequestType = keyof RequestMap;

export type EngineRequest = { [K in RequestType]: { id?: number; type: K } & RequestMap[K]['request'] }[RequestType];

export interface WireError {
  name: string;
  message: string;
  /** EngineError's suggestions (known pools, users, …). */
  suggestions?: string[];
}

export type EngineResponse = { id?: number; ok: true; result: unknown } | { id?: number; ok: false; error: WireError };
