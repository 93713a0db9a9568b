// Visible and total rows per table for one user. Visible sets know their size from when they
// were materialized, so counting costs no statement (issue 7: cached --count).
import type { SqlSession } from '../duckdb/session.js';
import type { UserVisibility } from '../engine.js';

export interface TableCount {
  table: string;
  visible: number;
  total: number;
  /** Set when the table's data could not be loaded (it then counts as empty). */
  error?: string;
}

/** Counts for every table, or only for the tables named in `only` (a page needs just its own). */
export function tableCounts(session: SqlSession, v: UserVisibility, only?: string[]): TableCount[] {
  return v.analysis.tables.filter((t) => !only || only.includes(t.name)).map((t) => {
    const total = t.source?.total ?? 0;
    const set = v.tables.get(t.name)!;
    const visible = set.kind === 'all' ? total : set.kind === 'none' || !t.source ? 0 : Number.isSafeInteger(set.rows) ? set.rows! : session.scalarNumber(`SELECT count(*) FROM ${set.relation}`);
    return { table: t.name, visible, total, ...(t.source?.error ? { error: t.source.error } : !t.source ? { error: `${t.name} cannot be reached (unknown connection or broken import)` } : {}) };
  });
}
