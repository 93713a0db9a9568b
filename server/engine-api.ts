// What the editor asks of the engine. The engine runs in a worker thread (engine-host.ts
// implements this interface over messages); features and handlers see only this interface,
// so the server's main thread never waits on DuckDB and tests can use the same API.
import type { AnalysisRef, Explanation, TableCount, TableDiff, Condition } from '../engine/index.js';
import type { Diagnostic } from '../model/types.js';
import type { PreviewSummary } from '../engine/engine.js';
import type { GridPage, GridPageOptions } from '../engine/query/grid-page.js';
import type { Snapshot } from './features/snapshot.js';

export type EngineStatus =
  | { state: 'idle' }
  | { state: 'starting' }
  | { state: 'loading' }
  | { state: 'ready'; tables: number; errors: string[] }
  | { state: 'failed'; message: string; restarts: number };

/** A user (by email) or a group (by name, for "view as group": the group's own rules only). */
export interface PrincipalRef {
  kind: 'user' | 'group';
  name: string;
}

export interface ValueCount {
  /** null is a NULL cell. */
  value: string | null;
  count: number;
}

/**
 * Every request rejects with an Error when the engine cannot answer; an unknown table,
 * column, user or group rejects with `suggestions: string[]` (names it does know), and a
 * worker that stopped rejects what was waiting and restarts on the next call (engine-host.ts).
 */
export interface EditorEngine {
  status(): EngineStatus;
  /** Called on every status change (starting, loading, ready, failed, restarted). */
  onStatus(listener: (status: EngineStatus) => void): void;

  /**
   * Loads the snapshot's workspace (starting the worker on first use; only changed data
   * files are read again). Later calls supersede earlier ones; every query below answers
   * for the latest snapshot loaded.
   */
  load(snapshot: Snapshot): Promise<void>;
  /** The data-aware diagnostics (engine/lint) for the loaded workspace. */
  dataDiagnostics(): Promise<Diagnostic[]>;

  /** Visible/total rows per table of an analysis for a user, or for a group's own rules. */
  counts(ref: AnalysisRef, principal: PrincipalRef): Promise<TableCount[]>;
  /** Rows of `table` (alias or object type) whose `column` (as text, §P6) is one of `values`. */
  ruleKeeps(ref: AnalysisRef, table: string, column: string, values: string[]): Promise<{ kept: number; total: number }>;
  /** The most frequent values of a column (as text), most frequent first, optionally by prefix. */
  columnValues(ref: AnalysisRef, table: string, column: string, options: { prefix?: string; limit: number }): Promise<ValueCount[]>;
  /**
   * For a rule on a child table: the parent's join column values of the child rows the rule
   * keeps, so the rule can move to the parent (`parentTable.parentColumn in values`).
   */
  parentValues(ref: AnalysisRef, childTable: string, column: string, values: string[]): Promise<{ parentTable: string; parentColumn: string; values: string[] } | undefined>;

  // The preview panel's queries.
  /** One page of a table for the preview grid (plain rows; sorting, filters and paging run in the engine). */
  page(ref: AnalysisRef, principal: PrincipalRef, table: string, options: GridPageOptions): Promise<GridPage>;
  /** Short reasons why the principal does not see these rows of a table (explain's first failed reason). */
  reasons(ref: AnalysisRef, principal: PrincipalRef, table: string, rowIds: number[]): Promise<{ rowId: number; reason: string }[]>;
  /** The full explanation (verdict and every reason) of one row by row id, null when there is no such row. */
  explainRow(ref: AnalysisRef, principal: PrincipalRef, table: string, rowId: number): Promise<Explanation | null>;
  /** Per table, the rows only `a` sees, only `b` sees and both see (the preview's diff mode). */
  diffCounts(ref: AnalysisRef, a: PrincipalRef, b: PrincipalRef): Promise<TableDiff[]>;
  /** The switch, combine mode and unlimited paths that decide a principal's rows (the preview's header). */
  summary(ref: AnalysisRef, principal: PrincipalRef): Promise<PreviewSummary>;

  explain(ref: AnalysisRef, email: string, table: string, conditions: Condition[], limit?: number): Promise<Explanation[]>;
  diff(ref: AnalysisRef, a: string, b: string): Promise<TableDiff[]>;

  dispose(): Promise<void>;
}
