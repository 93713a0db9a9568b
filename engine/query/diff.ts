// Two users side by side: per table, the rows only A sees, only B sees, and both see.
import type { Table } from 'apache-arrow';
import { ROW_ID } from '../catalog/row-id.js';
import { ident } from '../duckdb/quote.js';
import type { SqlSession } from '../duckdb/session.js';
import { visibleRowsSql, type UserVisibility } from '../engine.js';
import { findTable, orderBy } from './page.js';

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
