// The EditorEngine interface over the process's in-process engine (engine/node.ts), without
// the worker thread: what the code-action tests hand to the engine-backed fixes. Every call
// delegates to Engine; status is always "ready" once loaded.
import { dataDiagnostics } from '../../engine/lint/data-diagnostics.js';
import type { AnalysisRef, Condition, Engine } from '../../engine/index.js';
import { startNodeEngine } from '../../engine/node.js';
import { nodeFiles } from '../../model/node-files.js';
import type { EditorEngine, EngineStatus, PrincipalRef } from '../../server/engine-api.js';
import type { Snapshot } from '../../server/features/snapshot.js';

export class InProcessEngine implements EditorEngine {
  private engine: Engine | undefined;

  private get loaded(): Engine {
    if (!this.engine) throw new Error('load a snapshot first');
    return this.engine;
  }

  status(): EngineStatus {
    return this.engine ? { state: 'ready', tables: 0, errors: [] } : { state: 'idle' };
  }
  onStatus(): void {}

  async load(snapshot: Snapshot): Promise<void> {
    const engine = await startNodeEngine();
    await engine.load(snapshot.model, nodeFiles, snapshot.data);
    this.engine = engine;
  }
  async dataDiagnostics() {
    return dataDiagnostics(this.loaded);
  }
  counts(ref: AnalysisRef, principal: PrincipalRef) {
    return this.loaded.countsFor(ref, principal);
  }
  ruleKeeps(ref: AnalysisRef, table: string, column: string, values: string[]) {
    return this.loaded.ruleKeeps(ref, table, column, values);
  }
  columnValues(ref: AnalysisRef, table: string, column: string, options: { prefix?: string; limit: number }) {
    return this.loaded.columnValues(ref, table, column, options);
  }
  parentValues(ref: AnalysisRef, childTable: string, column: string, values: string[]) {
    return this.loaded.parentValues(ref, childTable, column, values);
  }
  explain(ref: AnalysisRef, email: string, table: string, conditions: Condition[], limit?: number) {
    return this.loaded.explain(ref, email, table, conditions, limit);
  }
  diff(ref: AnalysisRef, a: string, b: string) {
    return this.loaded.diff(ref, a, b);
  }
  async dispose(): Promise<void> {
    this.engine = undefined;
  }
}
