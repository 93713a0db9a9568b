// EditorEngine over the process's in-process engine (engine/node.ts), for tests of editor
// features (completion, hover, quick fixes) without the worker thread. Options simulate a
// slow or failing engine (for the "answers without the engine" paths).
import { dataDiagnostics } from '../../engine/lint/data-diagnostics.js';
import type { AnalysisRef, Condition, Engine, TableCount } from '../../engine/index.js';
import { startNodeEngine } from '../../engine/node.js';
import { nodeFiles } from '../../model/node-files.js';
import type { GridPageOptions } from '../../engine/query/grid-page.js';
import type { EditorEngine, EngineStatus, PrincipalRef } from '../../server/engine-api.js';
import type { Snapshot } from '../../server/features/snapshot.js';

export interface InProcessOptions {
  /** Every query answers after this many ms (a busy engine). */
  delayMs?: number;
  /** Every query rejects (a failed engine). */
  fail?: boolean;
}

export class InProcessEngine implements EditorEngine {
  private engine: Engine | undefined;
  private readonly listeners: ((s: EngineStatus) => void)[] = [];
  /** Queries asked, by method name (tests assert on what a feature asked). */
  readonly calls: string[] = [];

  constructor(private readonly options: InProcessOptions = {}) {}

  /** Starts the engine and loads a snapshot. */
  static async of(snapshot: Snapshot, options: InProcessOptions = {}): Promise<InProcessEngine> {
    const e = new InProcessEngine(options);
    await e.load(snapshot);
    return e;
  }

  status(): EngineStatus {
    return this.engine ? { state: 'ready', tables: 0, errors: [] } : { state: 'idle' };
  }
  onStatus(listener: (status: EngineStatus) => void): void {
    this.listeners.push(listener);
  }

  async load(snapshot: Snapshot): Promise<void> {
    const engine = await startNodeEngine();
    await engine.load(snapshot.model, nodeFiles, snapshot.data);
    this.engine = engine;
    for (const l of this.listeners) l(this.status());
  }

  async dataDiagnostics() {
    return this.run('dataDiagnostics', (e) => dataDiagnostics(e));
  }

  counts(ref: AnalysisRef, principal: PrincipalRef): Promise<TableCount[]> {
    return this.run('counts', (e) => e.countsFor(ref, principal));
  }

  ruleKeeps(ref: AnalysisRef, table: string, column: string, values: string[]) {
    return this.run('ruleKeeps', (e) => e.ruleKeeps(ref, table, column, values));
  }

  columnValues(ref: AnalysisRef, table: string, column: string, options: { prefix?: string; limit: number }) {
    return this.run('columnValues', (e) => e.columnValues(ref, table, column, options));
  }

  parentValues(ref: AnalysisRef, childTable: string, column: string, values: string[]) {
    return this.run('parentValues', (e) => e.parentValues(ref, childTable, column, values));
  }

  page(ref: AnalysisRef, principal: PrincipalRef, table: string, options: GridPageOptions) {
    return this.run('page', (e) => e.gridPage(ref, principal, table, options));
  }

  reasons(ref: AnalysisRef, principal: PrincipalRef, table: string, rowIds: number[]) {
    return this.run('reasons', (e) => e.hiddenReasons(ref, principal, table, rowIds));
  }

  explainRow(ref: AnalysisRef, principal: PrincipalRef, table: string, rowId: number) {
    return this.run('explainRow', (e) => e.explainRow(ref, principal, table, rowId));
  }

  diffCounts(ref: AnalysisRef, a: PrincipalRef, b: PrincipalRef) {
    return this.run('diffCounts', (e) => e.diffFor(ref, a, b));
  }

  summary(ref: AnalysisRef, principal: PrincipalRef) {
    return this.run('summary', (e) => e.summary(ref, principal));
  }

  explain(ref: AnalysisRef, email: string, table: string, conditions: Condition[], limit?: number) {
    return this.run('explain', (e) => e.explain(ref, email, table, conditions, limit));
  }

  diff(ref: AnalysisRef, a: string, b: string) {
    return this.run('diff', (e) => e.diff(ref, a, b));
  }

  async dispose(): Promise<void> {
    this.engine = undefined;
  }

  private async run<T>(name: string, query: (e: Engine) => T | Promise<T>): Promise<T> {
    this.calls.push(name);
    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    if (this.options.fail) throw new Error(`engine failed (${name})`);
    if (!this.engine) throw new Error('load a snapshot first');
    return query(this.engine);
  }
}
