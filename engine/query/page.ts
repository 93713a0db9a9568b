// One page of a table for one user: sorting and paging run inside DuckDB, so only `limit` rows
// ever leave it, whatever the table's size; deep pages are row-id or position ranges over a
// cached row order (row-order.ts), not OFFSETs. With `includeHidden`, hidden rows come too, marked
// by a __sl_visible column (for "show hidden rows").
import type { Table } from 'apache-arrow';
import type { Column } from '../../model/types.js';
import { ROW_ID } from '../catalog/row-id.js';
import { ident } from '../duckdb/quote.js';
import type { SqlParam, SqlSession } from '../duckdb/session.js';
import { asText } from '../permissions/sql-parts.js';
import { EngineError, type UserVisibility } from '../engine.js';
import type { Analysis, AnalysisTable } from '../analysis/analysis.js';
import { closest } from '../../model/suggest.js';
import { ORDER_LIMITS, type RowOrders } from './row-order.js';

export interface SortKey {
  column: string;
  descending?: boolean;
}

/**
 * A per-column filter of the preview grid. `contains` and `equals` compare the column as text
 * (§P6; `contains` ignores case); `is-null` keeps NULL cells. Values are bound parameters.
 */
export interface PageFilter {
  column: string;
  op: 'contains' | 'equals' | 'is-null';
  value?: string;
}

export interface PageOptions {
  offset?: number;
  limit?: number;
  /** Sort keys in order; the row id breaks ties so pages never overlap. Default: file order. */
  sort?: SortKey[];
  includeHidden?: boolean;
  /** Every filter must hold (AND). */
  filters?: PageFilter[];
}

export interface Page {
  table: string;
  columns: Column[];
  /** Rows with the table's columns, then __sl_row (and __sl_visible with includeHidden). */
  rows: Table;
  offset: number;
  visible: number;
  total: number;
  /** Rows the filters keep: of the visible rows, or of all rows with includeHidden. */
  filtered: number;
}

export const VISIBLE_FLAG = '__sl_visible';

export function findTable(v: UserVisibility, name: string): AnalysisTable {
  return tableOf(v.analysis, name);
}

/** A model's table by alias or a perspective's object type by name; an EngineError otherwise. */
export function tableOf(analysis: Analysis, name: string): AnalysisTable {
  const t = analysis.tables.find((x) => x.name === name);
  if (!t) throw new EngineError(`${analysis.name} has no ${analysis.kind === 'model' ? 'table' : 'object type'} ${name}`, closest(name, analysis.tables.map((x) => x.name)));
  return t;
}

export function checkColumn(t: AnalysisTable, column: string): void {
  if (!t.columns.some((c) => c.name === column)) throw new EngineError(`${t.name} has no column ${column}`, closest(column, t.columns.map((c) => c.name)));
}

export function orderBy(t: AnalysisTable, sort: SortKey[] | undefined, alias = 't0'): string {
  const keys = (sort ?? []).map((k) => {
    checkColumn(t, k.column);
    return `${alias}.${ident(k.column)} ${k.descending ? 'DESC' : 'ASC'} NULLS LAST`;
  });
  return [...keys, `${alias}.${ROW_ID}`].join(', ');
}

/** The WHERE condition of the filters over alias `t0`, with its parameters in order. */
export function filterCondition(t: AnalysisTable, filters: PageFilter[] | undefined, alias = 't0'): { sql: string; params: SqlParam[] } {
  const parts: string[] = [];
  const params: SqlParam[] = [];
  for (const f of filters ?? []) {
    checkColumn(t, f.column);
    const type = t.columns.find((c) => c.name === f.column)?.type;
    if (f.op === 'is-null') parts.push(`${alias}.${ident(f.column)} IS NULL`);
    else if (f.op === 'equals') {
      parts.push(`${asText(alias, f.column, type)} = ?`);
      params.push(f.value ?? '');
    } else if (f.op === 'contains') {
      parts.push(`contains(lower(${asText(alias, f.column, type)}), lower(?))`);
      params.push(f.value ?? '');
    } else throw new EngineError(`unknown filter ${String((f as PageFilter).op)} (contains, equals or is-null)`);
  }
  return { sql: parts.length ? parts.join(' AND ') : 'TRUE', params };
}

/**
 * Which rows a page draws from: the principal's visible rows; every row with the visible flag
 * (includeHidden); or, in diff mode, the rows either principal sees (or exactly one, with
 * differencesOnly) with a flag per side (__sl_a, __sl_b).
 */
export interface PageScope {
  includeHidden?: boolean;
  compare?: { with: UserVisibility; differencesOnly?: boolean };
}

export const SIDE_FLAGS = ['__sl_a', '__sl_b'] as const;

/** Rows of a page beyond which (offset + limit) a new query is materialized at once (issue 5). */
export const DIRECT_ROWS = 10_000;

function inSet(v: UserVisibility, table: string, alias = 't0'): string {
  const set = v.tables.get(table)!;
  return set.kind === 'all' ? 'TRUE' : set.kind === 'none' ? 'FALSE' : `${alias}.${ROW_ID} IN (SELECT ${ROW_ID} FROM ${set.relation})`;
}

/** The rows of the scope (over alias t0) and its flags as `expr AS name`. */
function scopeSql(v: UserVisibility, t: AnalysisTable, scope: PageScope): { where: string; flags: { expr: string; name: string }[] } {
  const inA = inSet(v, t.name);
  if (scope.compare) {
    const inB = inSet(scope.compare.with, t.name);
    return {
      where: scope.compare.differencesOnly ? `((${inA}) <> (${inB}))` : `((${inA}) OR (${inB}))`,
      flags: [
        { expr: `(${inA})`, name: SIDE_FLAGS[0] },
        { expr: `(${inB})`, name: SIDE_FLAGS[1] },
      ],
    };
  }
  if (scope.includeHidden) return { where: 'TRUE', flags: [{ expr: `(${inA})`, name: VISIBLE_FLAG }] };
  return { where: `(${inA})`, flags: [] };
}

/** The cache key of a query: the principals' visibility objects, table, scope, sort and filters. */
function orderKey(orders: RowOrders, v: UserVisibility, t: AnalysisTable, scope: PageScope, sort: SortKey[], filters: PageFilter[]): string {
  return JSON.stringify([
    orders.idOf(v),
    scope.compare ? [orders.idOf(scope.compare.with), !!scope.compare.differencesOnly] : !!scope.includeHidden,
    t.name,
    sort.map((k) => [k.column, !!k.descending]),
    filters.map((f) => [f.column, f.op, f.op === 'is-null' ? null : (f.value ?? '')]),
  ]);
}

/**
 * One page of a table for one principal (and, in diff mode, a second one). Results are those of
 * `SELECT … WHERE scope AND filters ORDER BY sort, row id LIMIT limit OFFSET offset`, but deep
 * pages do not pay for the offset (issue 5):
 * - file order over every row of the table (no filter; all visible, or includeHidden): the
 *   row id is the position, so a page is a row-id range;
 * - otherwise the query's row order is materialized once (row-order.ts) and each page is a
 *   range on its position. The first page of a query not seen before is answered directly
 *   (a top-N over the table costs less than sorting all of it), the next ones from the order.
 * Without `orders` (no cache) every page is answered directly, as before.
 */
export function pageOf(session: SqlSession, orders: RowOrders | undefined, v: UserVisibility, tableName: string, options: PageOptions, scope: PageScope, counts: { visible: number; total: number }): Page {
  const t = findTable(v, tableName);
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 1000));
  const sort = options.sort ?? [];
  const filters = options.filters ?? [];
  const filter = filterCondition(t, filters);
  const order = orderBy(t, sort); // checks the sort's columns
  const rel = t.source?.relation;
  const base = { table: t.name, columns: t.columns, offset, ...counts };
  if (!rel) return { ...base, rows: session.query(`SELECT NULL LIMIT 0`), filtered: 0 };
  const { where, flags } = scopeSql(v, t, scope);
  const cells = t.columns.map((c) => `t0.${ident(c.name)}`);
  const setA = v.tables.get(t.name)!;
  const wholeTable = !scope.compare && (scope.includeHidden || setA.kind === 'all');
  const unfiltered = scope.compare ? undefined : scope.includeHidden ? counts.total : counts.visible;

  // File order over every row: the row id is the position (row ids are 0 … total-1).
  if (wholeTable && sort.length === 0 && filters.length === 0) {
    const range = [offset, offset + limit];
    const flag = scope.includeHidden
      ? setA.kind === 'rows'
        ? [`(t0.${ROW_ID} IN (SELECT ${ROW_ID} FROM ${setA.relation} WHERE ${ROW_ID} >= CAST(? AS BIGINT) AND ${ROW_ID} < CAST(? AS BIGINT))) AS ${VISIBLE_FLAG}`]
        : [`${setA.kind === 'all' ? 'TRUE' : 'FALSE'} AS ${VISIBLE_FLAG}`]
      : [];
    const params = scope.includeHidden && setA.kind === 'rows' ? [...range, ...range] : range;
    const rows = session.query(`SELECT ${[...cells, `t0.${ROW_ID}`, ...flag].join(', ')} FROM ${rel} t0 WHERE t0.${ROW_ID} >= CAST(? AS BIGINT) AND t0.${ROW_ID} < CAST(? AS BIGINT) ORDER BY t0.${ROW_ID}`, params);
    return { ...base, rows, filtered: unfiltered! };
  }
  if (!scope.compare && !scope.includeHidden && setA.kind === 'none') return { ...base, rows: session.query(`SELECT ${[...cells, `t0.${ROW_ID}`].join(', ')} FROM ${rel} t0 WHERE FALSE`), filtered: 0 };

  const fullWhere = `${where} AND (${filter.sql})`;
  const key = orders ? orderKey(orders, v, t, scope, sort, filters) : '';
  let cached = orders?.get(key);
  if (!cached && (!orders || (offset + limit <= DIRECT_ROWS && orders.firstAsk(key)))) {
    // Directly, as before: a top-N of offset + limit rows, and a count when filtered.
    const select = [...cells, `t0.${ROW_ID}`, ...flags.map((f) => `${f.expr} AS ${f.name}`)];
    const rows = session.query(`SELECT ${select.join(', ')} FROM ${rel} t0 WHERE ${fullWhere} ORDER BY ${order} LIMIT CAST(? AS BIGINT) OFFSET CAST(? AS BIGINT)`, [...filter.params, limit, offset]);
    const filtered = unfiltered !== undefined && filters.length === 0 ? unfiltered : session.scalarNumber(`SELECT count(*) FROM ${rel} t0 WHERE ${fullWhere}`, filter.params);
    return { ...base, rows, filtered };
  }
  if (!cached) {
    // Sorted: copy the cells while small enough (a join back by scattered ids scans everything).
    const upper = unfiltered ?? counts.total;
    const copy = sort.length > 0 && upper * (t.columns.length + flags.length + 2) <= ORDER_LIMITS.copiedCells;
    const stored = [`t0.${ROW_ID}`, ...flags.map((f) => `${f.expr} AS ${f.name}`), ...(copy ? t.columns.map((c, i) => `t0.${ident(c.name)} AS c${i}`) : [])];
    cached = orders!.build(key, scope.compare ? [v, scope.compare.with] : [v], `SELECT ${stored.join(', ')} FROM ${rel} t0 WHERE ${fullWhere} ORDER BY ${order}`, filter.params, stored.length, copy);
  }
  const range = [offset, offset + limit];
  const flagCols = flags.map((f) => `o.${f.name}`);
  const rows = cached.copied
    ? session.query(`SELECT ${[...t.columns.map((c, i) => `o.c${i} AS ${ident(c.name)}`), `o.${ROW_ID}`, ...flagCols].join(', ')} FROM ${cached.relation} o WHERE o.__sl_pos >= CAST(? AS BIGINT) AND o.__sl_pos < CAST(? AS BIGINT) ORDER BY o.__sl_pos`, range)
    : session.query(
        `SELECT ${[...cells, `t0.${ROW_ID}`, ...flagCols].join(', ')} FROM (SELECT * FROM ${cached.relation} WHERE __sl_pos >= CAST(? AS BIGINT) AND __sl_pos < CAST(? AS BIGINT)) o JOIN ${rel} t0 ON t0.${ROW_ID} = o.${ROW_ID} ORDER BY o.__sl_pos`,
        range,
      );
  return { ...base, rows, filtered: cached.rows };
}

/** One page of the rows a user sees (or, with includeHidden, of every row, flagged). */
export function pageRows(session: SqlSession, v: UserVisibility, tableName: string, options: PageOptions, counts: { visible: number; total: number }, orders?: RowOrders): Page {
  return pageOf(session, orders, v, tableName, options, { includeHidden: options.includeHidden }, counts);
}
