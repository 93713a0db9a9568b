// Two users side by side: per table, the rows only A sees, only B sees, and both see.
import type { Table } from 'apache-arrow';
import { ROW_ID } from '../catalog/row-id.js';
import { ident } from '../duckdb/quote.js';
import type { SqlSession } from '../duckdb/session.js';
import { visibleRowsSql, type UserVisibility } from '../engine.js';
import { filterCondition, findTable, orderBy, type PageOptions } from './page.js';
import { cellValue, type GridCell, type GridPage } from './grid-page.js';

export interface TableDiff {
  table: string;
  onlyA: number;
  onlyB: number;
  both: number;
}

function setSql(v: UserVisibility, table: string): string {
  const t = findTable(v, table);
  return visibleRowsSql(t.source?.relation, v.tables.get(table)!) ?? `SELECT CAST(NULL AS BIGINT) AS ${ROW_ID} WHERE FALSE`;
}

export function diffCounts(session: SqlSession, a: UserVisibility, b: UserVisibility, tables: string[]): TableDiff[] {
  return tables.map((table) => {
    const sa = setSql(a, table);
    const sb = setSql(b, table);
    return {
      table,
      onlyA: session.scalarNumber(`SELECT count(*) FROM (${sa} EXCEPT ${sb})`),
      onlyB: session.scalarNumber(`SELECT count(*) FROM (${sb} EXCEPT ${sa})`),
      both: session.scalarNumber(`SELECT count(*) FROM (${sa} INTERSECT ${sb})`),
    };
  });
}

/** The rows of `table` that `a` sees and `b` does not, in file order, at most `limit`. */
export function rowsOnlyFor(session: SqlSession, a: UserVisibility, b: UserVisibility, table: string, limit: number): Table {
  const t = findTable(a, table);
  if (!t.source) return session.query('SELECT NULL LIMIT 0');
  const cols = [...t.columns.map((c) => `t0.${ident(c.name)}`), `t0.${ROW_ID}`].join(', ');
  return session.query(
    `SELECT ${cols} FROM ${t.source.relation} t0 WHERE t0.${ROW_ID} IN (${setSql(a, table)} EXCEPT ${setSql(b, table)}) ORDER BY ${orderBy(t, [])} LIMIT CAST(? AS BIGINT)`,
    [limit],
  );
}

/** Which of the two principals sees a row of a diff page: only A, only B, or both. */
export type DiffSide = 'a' | 'b' | 'both';

export interface DiffPageOptions extends PageOptions {
  /** Only the rows exactly one of the two sees (default: every row either sees). */
  differencesOnly?: boolean;
}

function inSet(v: UserVisibility, table: string): string {
  const set = v.tables.get(table)!;
  return set.kind === 'all' ? 'TRUE' : set.kind === 'none' ? 'FALSE' : `t0.${ROW_ID} IN (SELECT ${ROW_ID} FROM ${set.relation})`;
}

/**
 * One page of a table for the grid's diff mode: the rows `a` or `b` sees (or, with
 * differencesOnly, the rows exactly one of them sees), sorted, filtered and paged in DuckDB,
 * each with the side that sees it. `visible` counts the rows `a` sees; `filtered` the rows
 * this query keeps. Filter values are bound parameters.
 */
export function diffPage(session: SqlSession, a: UserVisibility, b: UserVisibility, tableName: string, options: DiffPageOptions, counts: { visible: number; total: number }): GridPage & { side: DiffSide[] } {
  const t = findTable(a, tableName);
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 1000));
  const filter = filterCondition(t, options.filters);
  const empty = { table: t.name, columns: t.columns, offset, rows: [], rowIds: [], side: [], ...counts, filtered: 0 };
  const rel = t.source?.relation;
  if (!rel) return empty;
  const inA = inSet(a, t.name);
  const inB = inSet(b, t.name);
  const which = options.differencesOnly ? `((${inA}) <> (${inB}))` : `((${inA}) OR (${inB}))`;
  const where = `${which} AND (${filter.sql})`;
  const cols = [...t.columns.map((c) => `t0.${ident(c.name)}`), `t0.${ROW_ID}`, `(${inA}) AS __sl_a`, `(${inB}) AS __sl_b`];
  const page = session.query(`SELECT ${cols.join(', ')} FROM ${rel} t0 WHERE ${where} ORDER BY ${orderBy(t, options.sort)} LIMIT CAST(? AS BIGINT) OFFSET CAST(? AS BIGINT)`, [...filter.params, limit, offset]);
  const vectors = t.columns.map((c) => page.getChild(c.name));
  const ids = page.getChild(ROW_ID);
  const fa = page.getChild('__sl_a');
  const fb = page.getChild('__sl_b');
  const rows: GridCell[][] = [];
  const rowIds: number[] = [];
  const side: DiffSide[] = [];
  for (let i = 0; i < page.numRows; i++) {
    rows.push(t.columns.map((c, j) => cellValue(vectors[j]?.get(i), c)));
    rowIds.push(Number(ids?.get(i)));
    const sa = !!fa?.get(i);
    const sb = !!fb?.get(i);
    side.push(sa && sb ? 'both' : sa ? 'a' : 'b');
  }
  const filtered = session.scalarNumber(`SELECT count(*) FROM ${rel} t0 WHERE ${where}`, filter.params);
  return { ...empty, rows, rowIds, side, filtered };
}
