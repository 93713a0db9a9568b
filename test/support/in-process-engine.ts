// EditorEngine over the process's in-process engine (engine/node.ts), for tests of editor
// features (completion, hover, …) without the worker thread. Engine methods the editor needs
// are used when Engine has them (countsFor, columnValues, ruleKeeps, parentValues); otherwise
// this adapter computes the same answer from Engine's older API and its SQL session, so the
// feature tests do not depend on which of them has landed. Options simulate a slow or failing
// engine (for the "answers without the engine" paths).
import { dataDiagnostics } from '../../engine/lint/data-diagnostics.js';
import type { AnalysisRef, Condition, Engine, TableCount } from '../../engine/index.js';
import { startNodeEngine } from '../../engine/node.js';
import { asText } from '../../engine/permissions/sql-parts.js';
import { nodeFiles } from '../../model/node-files.js';
import type { EditorEngine, EngineStatus, PrincipalRef, ValueCount } from '../../server/engine-api.js';
import type { Snapshot } from '../../server/features/snapshot.js';

export interface InProcessOptions {
  /** Every query answers after this many ms (a busy engine). */
  delayMs?: number;
  /** Every query rejects (a failed engine). */
  fail?: boolean;
}

/** The newer Engine methods, looked up at run time. */
interface EditorMethods {
  countsFor?(ref: AnalysisRef, principal: PrincipalRef): Promise<TableCount[]>;
  columnValues?(ref: AnalysisRef, table: string, column: string, options: { prefix?: string; limit: number }): Promise<ValueCount[]>;
  ruleKeeps?(ref: AnalysisRef, table: string, column: string, values: string[]): Promise<{ kept: number; total: number }>;
  parentValues?(ref: AnalysisRef, childTable: string, column: string, values: string[]): Promise<{ parentTable: string; parentColumn: string; values: string[] } | undefined>;
}

export class InProcessEngine implements EditorEngine {
  private engine: Engine | undefined;
  private snapshot: Snapshot | undefined;
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
    this.snapshot = snapshot;
    for (const l of this.listeners) l(this.status());
  }

  async dataDiagnostics() {
    return this.run('dataDiagnostics', (e) => dataDiagnostics(e));
  }

  counts(ref: AnalysisRef, principal: PrincipalRef): Promise<TableCount[]> {
    return this.run('counts', (e) => {
      const m = methods(e);
      if (m.countsFor) return m.countsFor.call(e, ref, principal);
      if (principal.kind === 'user') return e.counts(ref, principal.name);
      // TODO(lead): a group's own rules need Engine.countsFor (visibleAs); not computable from the old API.
      throw new Error('counts for a group need Engine.countsFor');
    });
  }

  ruleKeeps(ref: AnalysisRef, table: string, column: string, values: string[]) {
    return this.run('ruleKeeps', (e) => {
      const m = methods(e);
      if (m.ruleKeeps) return m.ruleKeeps.call(e, ref, table, column, values);
      const { relation, text, total } = columnSql(e, ref, table, column);
      if (!relation || values.length === 0) return { kept: 0, total };
      const kept = e.session.scalarNumber(`SELECT count(*) FROM ${relation} t0 WHERE ${text} IN (${values.map(() => '?').join(', ')})`, values);
      return { kept, total };
    });
  }

  columnValues(ref: AnalysisRef, table: string, column: string, options: { prefix?: string; limit: number }) {
    return this.run('columnValues', (e) => {
      const m = methods(e);
      if (m.columnValues) return m.columnValues.call(e, ref, table, column, options);
      const { relation, text } = columnSql(e, ref, table, column);
      if (!relation) return [];
      const byPrefix = options.prefix !== undefined;
      const rows = e.session.query(
        `SELECT v, count(*) AS n FROM (SELECT ${text} AS v FROM ${relation} t0) ${byPrefix ? 'WHERE starts_with(v, ?) ' : ''}` +
          `GROUP BY v ORDER BY n DESC, v ASC NULLS LAST LIMIT CAST(? AS BIGINT)`,
        [...(byPrefix ? [options.prefix!] : []), options.limit],
      );
      const v = rows.getChild('v')!;
      const n = rows.getChild('n')!;
      return Array.from({ length: rows.numRows }, (_, i): ValueCount => ({ value: v.get(i) as string | null, count: Number(n.get(i)) }));
    });
  }

  parentValues(ref: AnalysisRef, childTable: string, column: string, values: string[]) {
    return this.run('parentValues', (e) => {
      const m = methods(e);
      if (m.parentValues) return m.parentValues.call(e, ref, childTable, column, values);
      // the join that has `childTable` as its child: the parent's join values are the child's
      const model = this.snapshot?.index.pools.get(ref.pool)?.models.find((x) => x.name === ref.name);
      const join = model?.joins.find((j) => j.child.table.name === childTable);
      if (!join) return undefined;
      const { relation, text } = columnSql(e, ref, childTable, column);
      const key = columnSql(e, ref, childTable, join.child.column.name).text;
      if (!relation || values.length === 0) return { parentTable: join.parent.table.name, parentColumn: join.parent.column.name, values: [] };
      const rows = e.session.query(`SELECT DISTINCT ${key} AS v FROM ${relation} t0 WHERE ${text} IN (${values.map(() => '?').join(', ')}) AND ${key} IS NOT NULL ORDER BY 1`, values);
      return { parentTable: join.parent.table.name, parentColumn: join.parent.column.name, values: [...rows.getChild('v')!].map(String) };
    });
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

function methods(e: Engine): EditorMethods {
  return e as unknown as EditorMethods;
}

/** A table's relation and a column as text (§P6), checked against the analysis. */
function columnSql(e: Engine, ref: AnalysisRef, table: string, column: string): { relation?: string; text: string; total: number } {
  const t = e.analysis(ref).tables.find((x) => x.name === table);
  if (!t) throw new Error(`${ref.name} has no table ${table}`);
  const col = t.columns.find((c) => c.name === column);
  if (!col) throw new Error(`${table} has no column ${column}`);
  return { relation: t.source?.relation, text: asText('t0', col.name, col.type), total: t.source?.total ?? 0 };
}
