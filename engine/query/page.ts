// One page of a table for one user: sorting and paging run inside DuckDB, so only `limit` rows
// ever leave it, whatever the table's size. With `includeHidden`, hidden rows come too, marked
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

export function pageRows(session: SqlSession, v: UserVisibility, tableName: string, options: PageOptions, counts: { visible: number; total: number }): Page {
  const t = findTable(v, tableName);
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 1000));
  const set = v.tables.get(t.name)!;
  const columns = [...t.columns.map((c) => `t0.${ident(c.name)}`), `t0.${ROW_ID}`];
  const rel = t.source?.relation;
  const filter = filterCondition(t, options.filters);
  if (!rel) return { table: t.name, columns: t.columns, rows: session.query(`SELECT NULL LIMIT 0`), offset, ...counts, filtered: 0 };
  const visibleExpr = set.kind === 'all' ? 'TRUE' : set.kind === 'none' ? 'FALSE' : `t0.${ROW_ID} IN (SELECT ${ROW_ID} FROM ${set.relation})`;
  if (options.includeHidden) columns.push(`(${visibleExpr}) AS ${VISIBLE_FLAG}`);
  const where = `(${options.includeHidden ? 'TRUE' : visibleExpr}) AND (${filter.sql})`;
  const sql = `SELECT ${columns.join(', ')} FROM ${rel} t0 WHERE ${where} ORDER BY ${orderBy(t, options.sort)} LIMIT CAST(? AS BIGINT) OFFSET CAST(? AS BIGINT)`;
  const rows = session.query(sql, [...filter.params, limit, offset]);
  const unfiltered = options.includeHidden ? counts.total : counts.visible;
  const filtered = filter.params.length === 0 && filter.sql === 'TRUE' ? unfiltered : session.scalarNumber(`SELECT count(*) FROM ${rel} t0 WHERE ${where}`, filter.params);
  return { table: t.name, columns: t.columns, rows, offset, ...counts, filtered };
}
