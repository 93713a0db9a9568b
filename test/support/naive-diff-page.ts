// The naive diff-mode page (ORDER BY … OFFSET over the whole table), which the engine answered
// with before row orders (engine/query/row-order.ts): kept here as the reference the paging
// property test compares the engine's diff pages with.
import { ROW_ID } from '../../engine/catalog/row-id.js';
import { ident } from '../../engine/duckdb/quote.js';
import type { SqlSession } from '../../engine/duckdb/session.js';
import type { UserVisibility } from '../../engine/engine.js';
import { filterCondition, findTable, orderBy, type PageOptions } from '../../engine/query/page.js';
import { cellValue, type GridCell, type GridPage } from '../../engine/query/grid-page.js';

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
