// The engine: one locked-down DuckDB, the workspace's pools as a catalog, and per-user
// visibility computed by the permission compiler. No VS Code, LSP or Langium here: the CLI,
// the language server's worker and a browser worker all drive this same class.
import type { LoadedData } from '../model/check/context.js';
import type { FileAccess } from '../model/files.js';
import { loadData } from '../model/load-data.js';
import type { WorkspaceModel } from '../model/types.js';
import { WorkspaceIndex } from '../model/workspace-index.js';
import { resolveAnalysis, type Analysis } from './analysis/analysis.js';
import { Catalog, type LoadReport } from './catalog/catalog.js';
import { ROW_ID } from './catalog/row-id.js';
import { lockDown } from './duckdb/lockdown.js';
import { ident } from './duckdb/quote.js';
import { SqlSession, type DuckDbBindings } from './duckdb/session.js';
import { effectivePermissions, permissionsOfPrincipals, principalsOf, type EffectivePermissions, type Principal } from './permissions/effective.js';
import { computeVisibility, type VisibleSet } from './permissions/visibility.js';
import { WORK_SCHEMA, WorkArea } from './permissions/work-area.js';
import { columnValues, ruleKeeps, type ValueCount, type ValueOptions } from './query/column-values.js';
import { tableCounts, type TableCount } from './query/counts.js';
import { diffCounts, rowsOnlyFor, type TableDiff } from './query/diff.js';
import { explainRowIds, explainRows, type Condition, type Explanation } from './query/explain.js';
import { findTable, pageRows, type Page, type PageOptions } from './query/page.js';
import { parentValues, type ParentValues } from './query/parent-values.js';
import { gridPage, hiddenReasons, type GridPage, type GridPageOptions } from './query/grid-page.js';
import { RowOrders } from './query/row-order.js';
import type { Table } from 'apache-arrow';

export interface AnalysisRef {
  /** "Team/Pool". */
  pool: string;
  /** The model or perspective's name. */
  name: string;
}

export interface UserVisibility {
  analysis: Analysis;
  permissions: EffectivePermissions;
  tables: Map<string, VisibleSet>;
  work: WorkArea;
}

export class EngineError extends Error {
  constructor(
    message: string,
    readonly suggestions: string[] = [],
  ) {
    super(message);
  }
}

/** How many principals' visibility stays materialized (least recently used are dropped). */
const CACHED_USERS = 16;

export class Engine {
  private model: WorkspaceModel | undefined;
  private index: WorkspaceIndex | undefined;
  private data: LoadedData | undefined;
  private readonly analyses = new Map<string, Analysis>();
  private readonly visibility = new Map<string, UserVisibility>();
  /** Materialized row orders of the grid's queries; same lifetime as `visibility` (query/row-order.ts). */
  private readonly rowOrders: RowOrders;

  private constructor(
    readonly session: SqlSession,
    private readonly catalog: Catalog,
  ) {
    this.rowOrders = new RowOrders(session);
  }

  /** Locks the database down before anything is loaded, then returns the engine. */
  static open(db: DuckDbBindings): Engine {
    const session = new SqlSession(db);
    lockDown(session);
    session.run(`CREATE SCHEMA IF NOT EXISTS ${ident(WORK_SCHEMA)}`);
    return new Engine(session, new Catalog(session));
  }

  /**
   * Loads (or reloads) a workspace. Only data files that changed are read again. `data` is
   * what the checker already read (schemas, permission tables, lock); read here when absent.
   */
  async load(model: WorkspaceModel, files: FileAccess, data?: LoadedData): Promise<LoadReport> {
    const loaded = data ?? (await loadData(model, files)).data;
    const index = new WorkspaceIndex(model, loaded.lock);
    const report = await this.catalog.sync(model, index, files);
    this.model = model;
    this.index = index;
    this.data = loaded;
    this.analyses.clear();
    this.rowOrders.clear();
    for (const v of this.visibility.values()) v.work.dispose();
    this.visibility.clear();
    return report;
  }

  get workspace(): { model: WorkspaceModel; index: WorkspaceIndex; data: LoadedData } {
    if (!this.model || !this.index || !this.data) throw new EngineError('no workspace is loaded');
    return { model: this.model, index: this.index, data: this.data };
  }

  /** Every model and perspective of the workspace. */
  listAnalyses(): (AnalysisRef & { kind: 'model' | 'perspective' })[] {
    return this.workspace.model.pools.flatMap((p) => [
      ...p.models.map((m) => ({ pool: p.id, name: m.name, kind: 'model' as const })),
      ...p.perspectives.map((m) => ({ pool: p.id, name: m.name, kind: 'perspective' as const })),
    ]);
  }

  analysis(ref: AnalysisRef): Analysis {
    const k = `${ref.pool}\u0000${ref.name}`;
    const cached = this.analyses.get(k);
    if (cached) return cached;
    const { index } = this.workspace;
    const pool = index.pools.get(ref.pool);
    if (!pool) throw new EngineError(`no pool "${ref.pool}"`, [...index.pools.keys()]);
    const model = pool.models.find((m) => m.name === ref.name);
    const perspective = pool.perspectives.find((p) => p.name === ref.name);
    if (!model && !perspective) throw new EngineError(`pool "${pool.id}" has no model or perspective ${ref.name}`, [...pool.models, ...pool.perspectives].map((m) => m.name));
    const analysis = resolveAnalysis(index, this.catalog, pool, (model ?? perspective)!, model ? 'model' : 'perspective');
    this.analyses.set(k, analysis);
    return analysis;
  }

  /** The users a preview can be shown for: the users of the pool's team. */
  usersOf(ref: AnalysisRef): string[] {
    const a = this.analysis(ref);
    return this.workspace.index.teams.get(a.pool.team.name)?.users.map((u) => u.email) ?? [];
  }

  permissions(ref: AnalysisRef, email: string): EffectivePermissions {
    const { index, data } = this.workspace;
    return effectivePermissions(index, this.analysis(ref), data.permissionTables, email);
  }

  /** The groups of the pool's team ("view as group" offers these). */
  groupsOf(ref: AnalysisRef): string[] {
    const a = this.analysis(ref);
    return this.workspace.index.teams.get(a.pool.team.name)?.groups.map((g) => g.name) ?? [];
  }

  /** Which rows of each table `email` sees; computed once and kept for the next calls. */
  visibleFor(ref: AnalysisRef, email: string): UserVisibility {
    return this.visibleAs(ref, { kind: 'user', name: email });
  }

  /**
   * Which rows of each table a principal sees: a user with all their groups (§P2), or a group
   * on its own ("view as group": only the group's rules, unlimited flags and permission-table
   * rows, under the analysis's switch and combine mode). Cached like visibleFor.
   */
  visibleAs(ref: AnalysisRef, principal: Principal): UserVisibility {
    const analysis = this.analysis(ref);
    const { key, principals } = this.resolvePrincipal(analysis, ref, principal);
    const k = `${ref.pool}\u0000${ref.name}\u0000${key}`;
    const cached = this.visibility.get(k);
    if (cached) {
      this.visibility.delete(k);
      this.visibility.set(k, cached);
      return cached;
    }
    const { index, data } = this.workspace;
    return this.remember(k, analysis, permissionsOfPrincipals(index, analysis, data.permissionTables, principals));
  }

  /** The cache key of a principal and the principals whose permissions count for it. */
  private resolvePrincipal(analysis: Analysis, ref: AnalysisRef, principal: Principal): { key: string; principals: Principal[] } {
    const { index } = this.workspace;
    const team = analysis.pool.team.name;
    if (principal.kind === 'user') {
      const user = index.teamUser(team, principal.name);
      if (!user) throw new EngineError(`${principal.name} is not a user of team ${team}, which owns "${analysis.pool.id}"`, this.usersOf(ref));
      return { key: `user:${user.key}`, principals: principalsOf(index, analysis, principal.name) };
    }
    const group = index.teamGroup(team, principal.name);
    if (!group) throw new EngineError(`team ${team}, which owns "${analysis.pool.id}", has no group "${principal.name}"`, this.groupsOf(ref));
    return { key: `group:${group.name}`, principals: [{ kind: 'group', name: group.name }] };
  }

  private remember(k: string, analysis: Analysis, permissions: EffectivePermissions): UserVisibility {
    const work = new WorkArea(this.session);
    const tables = computeVisibility(work, analysis, permissions);
    const result = { analysis, permissions, tables, work };
    this.visibility.set(k, result);
    while (this.visibility.size > CACHED_USERS) {
      const [oldest, v] = this.visibility.entries().next().value!;
      this.rowOrders.forget(v);
      v.work.dispose();
      this.visibility.delete(oldest);
    }
    return result;
  }

  /** Visible and total rows of every table for this user. */
  async counts(ref: AnalysisRef, email: string): Promise<TableCount[]> {
    return tableCounts(this.session, this.visibleFor(ref, email));
  }

  /** Visible and total rows of every table for a user, or for a group's own rules (visibleAs). */
  async countsFor(ref: AnalysisRef, principal: Principal): Promise<TableCount[]> {
    return tableCounts(this.session, this.visibleAs(ref, principal));
  }

  /** The most frequent values of a column as text (§P6), most frequent first, ties by value. */
  async columnValues(ref: AnalysisRef, table: string, column: string, options: ValueOptions): Promise<ValueCount[]> {
    return columnValues(this.session, this.analysis(ref), table, column, options);
  }

  /** Rows of `table` whose `column` as text is one of `values` (NULL never matches), of all rows. */
  async ruleKeeps(ref: AnalysisRef, table: string, column: string, values: string[]): Promise<{ kept: number; total: number }> {
    return ruleKeeps(this.session, this.analysis(ref), table, column, values);
  }

  /** For a rule `childTable.column in values` of a model: the parent and its join values to move it to (§P9). */
  async parentValues(ref: AnalysisRef, childTable: string, column: string, values: string[]): Promise<ParentValues | undefined> {
    const analysis = this.analysis(ref);
    return analysis.kind === 'model' ? parentValues(this.session, analysis, childTable, column, values) : undefined;
  }

  /** One page of a table as this user sees it, sorted and paged inside DuckDB (deep pages from a cached row order). */
  async page(ref: AnalysisRef, email: string, table: string, options: PageOptions = {}): Promise<Page> {
    const v = this.visibleFor(ref, email);
    const [count] = tableCounts(this.session, v, [findTable(v, table).name]);
    return pageRows(this.session, v, table, options, count, this.rowOrders);
  }

  /**
   * One page of a table as plain data for the preview grid, for a user or a group's own rules
   * (visibleAs): sorted, filtered and paged inside DuckDB; with includeHidden, hidden rows are
   * flagged and carry a short reason from explain. With compareWith (diff mode): the rows
   * either principal sees, each marked with the side that sees it.
   */
  async gridPage(ref: AnalysisRef, principal: Principal, table: string, options: GridPageOptions = {}): Promise<GridPage> {
    const v = this.visibleAs(ref, principal);
    const [count] = tableCounts(this.session, v, [findTable(v, table).name]);
    const other = options.compareWith ? this.visibleAs(ref, options.compareWith) : undefined;
    return gridPage(this.session, v, table, options, count, this.rowOrders, other);
  }

  /** Per table, the rows only `a` sees, only `b` sees and both see; users or groups' own rules (visibleAs). */
  async diffFor(ref: AnalysisRef, a: Principal, b: Principal): Promise<TableDiff[]> {
    const va = this.visibleAs(ref, a);
    const vb = this.visibleAs(ref, b);
    return diffCounts(this.session, va, vb, va.analysis.tables.map((t) => t.name));
  }

  /** The short reason (explain's first failed reason) for each given row id of a table, at most 200. */
  async hiddenReasons(ref: AnalysisRef, principal: Principal, table: string, rowIds: number[]): Promise<{ rowId: number; reason: string }[]> {
    const why = hiddenReasons(this.session, this.visibleAs(ref, principal), table, rowIds);
    return [...why].map(([rowId, reason]) => ({ rowId, reason }));
  }

  /**
   * The full explanation of one row (by row id) for a user or a group's own rules: the verdict
   * and every reason (rule and values, NULL, missing join partner and path, default deny,
   * unlimited). null when the table has no such row.
   */
  async explainRow(ref: AnalysisRef, principal: Principal, table: string, rowId: number): Promise<Explanation | null> {
    return explainRowIds(this.session, this.visibleAs(ref, principal), table, [rowId], 1)[0] ?? null;
  }

  /** What decides a principal's rows in an analysis, for the preview's header line. */
  async summary(ref: AnalysisRef, principal: Principal): Promise<PreviewSummary> {
    const v = this.visibleAs(ref, principal);
    const p = v.permissions;
    const label = (x: Principal) => (x.kind === 'group' ? `group "${x.name}"` : x.name);
    return {
      kind: v.analysis.kind,
      switchOn: p.switchOn,
      combine: p.combine,
      unlimited: p.unlimited.map((u) => `${label(u.principal)} (${u.source.where})`),
      applicable: p.applicable,
      principals: p.principals.map((x) => label(x.principal)),
      skipped: p.skipped.length,
    };
  }

  /** The verdict and reasons for each row of `table` matching every condition (at most `limit`). */
  async explain(ref: AnalysisRef, email: string, table: string, conditions: Condition[], limit = 10): Promise<Explanation[]> {
    return explainRows(this.session, this.visibleFor(ref, email), table, conditions, limit);
  }

  /** Per table, how many rows only `a` sees, only `b` sees, and both see. */
  async diff(ref: AnalysisRef, a: string, b: string, tables?: string[]): Promise<TableDiff[]> {
    const va = this.visibleFor(ref, a);
    const vb = this.visibleFor(ref, b);
    return diffCounts(this.session, va, vb, tables ?? va.analysis.tables.map((t) => t.name));
  }

  /** Rows of `table` that `a` sees and `b` does not. */
  async rowsOnlyFor(ref: AnalysisRef, a: string, b: string, table: string, limit = 100): Promise<Table> {
    const va = this.visibleFor(ref, a);
    const vb = this.visibleFor(ref, b);
    return rowsOnlyFor(this.session, va, vb, table, limit);
  }

  /** The visible row ids (0-based row ordinals in each data file) per table, sorted. */
  async visibleRowIds(ref: AnalysisRef, email: string): Promise<Map<string, number[]>> {
    const v = this.visibleFor(ref, email);
    const out = new Map<string, number[]>();
    for (const t of v.analysis.tables) {
      const set = v.tables.get(t.name)!;
      const sql = visibleRowsSql(t.source?.relation, set);
      out.set(t.name, sql ? [...this.session.query(`${sql} ORDER BY 1`).getChildAt(0)!].map(Number) : []);
    }
    return out;
  }
}

export interface PreviewSummary {
  kind: 'model' | 'perspective';
  /** `use data permissions` (§P1): off, everyone sees every row. */
  switchOn: boolean;
  combine: string;
  /** Unlimited access paths: who and where ("group \"Auditors\" (audit.perm:3)"). */
  unlimited: string[];
  /** At least one permission applies (otherwise default deny). */
  applicable: boolean;
  /** The principals whose rules count. */
  principals: string[];
  /** Grants skipped because they cannot be evaluated (§F1). */
  skipped: number;
}

/** SELECT of the visible row ids of one table, or undefined when none can be. */
export function visibleRowsSql(relation: string | undefined, set: VisibleSet): string | undefined {
  if (set.kind === 'none' || !relation) return undefined;
  if (set.kind === 'all') return `SELECT ${ROW_ID} FROM ${relation}`;
  return `SELECT ${ROW_ID} FROM ${set.relation}`;
}
