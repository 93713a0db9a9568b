// One page of a table for one user: sorting and paging run inside DuckDB, so only `limit` rows
// ever leave it, whatever the table's size. With `includeHidden`, hidden rows come too, marked
// by a __sl_visible column (for "show hidden rows").
import type { Table } from 'apache-arrow';
import type { Column } from '../../model/types.js';
import { ROW_ID } from '../catalog/row-id.js';
import { ident } from '../duckdb/quote.js';
import type { SqlSession } from '../duckdb/session.js';
import { EngineError, type UserVisibility } from '../engine.js';
import type { Analysis, AnalysisTable } from '../analysis/analysis.js';
import { closest } from '../../model/suggest.js';

export interface SortKey {
  column: string;
  descending?: boolean;
}

export interface PageOptions {
  offset?: number;
  limit?: number;
  /** Sort keys in order; the row id breaks ties so pages never overlap. Default: file order. */
  sort?: SortKey[];
  includeHidden?: boolean;
}

export interface Page {
  table: string;
  columns: Column[];
  /** Rows with the table's columns, then __sl_row (and __sl_visible with includeHidden). */
  rows: Table;
  offset: number;
  visible: number;
  total: number;
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

export function pageRows(session: SqlSession, v: UserVisibility, tableName: string, options: PageOptions, counts: { visible: number; total: number }): Page {
  const t = findTable(v, tableName);
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 1000));
  const set = v.tables.get(t.name)!;
  const columns = [...t.columns.map((c) => `t0.${ident(c.name)}`), `t0.${ROW_ID}`];
  const rel = t.source?.relation;
  let sql: string;
  if (!rel) sql = `SELECT NULL LIMIT 0`;
  else {
    const visibleExpr = set.kind === 'all' ? 'TRUE' : set.kind === 'none' ? 'FALSE' : `t0.${ROW_ID} IN (SELECT ${ROW_ID} FROM ${set.relation})`;
    if (options.includeHidden) columns.push(`(${visibleExpr}) AS ${VISIBLE_FLAG}`);
    const where = options.includeHidden ? 'TRUE' : visibleExpr;
    sql = `SELECT ${columns.join(', ')} FROM ${rel} t0 WHERE ${where} ORDER BY ${orderBy(t, options.sort)} LIMIT CAST(? AS BIGINT) OFFSET CAST(? AS BIGINT)`;
  }
  const rows = rel ? session.query(sql, [limit, offset]) : session.query(sql);
  return { table: t.name, columns: t.columns, rows, offset, ...counts };
}
