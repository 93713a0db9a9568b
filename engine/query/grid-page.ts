// One page of a table for the preview panel's grid, as plain data (structured-cloneable, JSON
// safe): cells as string | number | boolean | null, the row ids, and with includeHidden the
// hidden flag per row and a short reason (from explain) for each hidden row on the page.
import type { Column } from '../../model/types.js';
import { ROW_ID } from '../catalog/row-id.js';
import { temporalText } from './cell-text.js';
import type { SqlSession } from '../duckdb/session.js';
import type { UserVisibility } from '../engine.js';
import { explainRowIds, type Reason } from './explain.js';
import { pageRows, VISIBLE_FLAG, type PageOptions } from './page.js';


export type GridCell = string | number | boolean | null;

export interface GridPage {
  table: string;
  columns: Column[];
  offset: number;
  rows: GridCell[][];
  /** The row id (0-based ordinal in the data file) of each row. */
  rowIds: number[];
  /** With includeHidden: true where the principal does not see the row. */
  hidden?: boolean[];
  /**
   * With includeHidden and `explain` > 0: for the first `explain` hidden rows, the first reason
   * that kept each out; null where not explained (ask hiddenReasons), '' for visible rows.
   */
  reasons?: (string | null)[];
  /**
   * Diff mode (options.compareWith): per row, who sees it — 'a' only the principal, 'b' only
   * the one compared with, 'both'. Rows neither sees are not on a diff page.
   */
  side?: ('a' | 'b' | 'both')[];
  visible: number;
  total: number;
  filtered: number;
}

/**
 * Explain runs a few queries per row (about 15–60 ms each on DuckDB-WASM), so a page explains
 * at most this many hidden rows; the grid asks for the reasons of the rows on screen.
 */
export const MAX_EXPLAINED = 200;

export interface GridPageOptions extends PageOptions {
  /** With includeHidden: explain up to this many hidden rows of the page (default 0). */
  explain?: number;
  /** Diff mode: the rows either principal sees, each marked with `side` (includeHidden and explain do not apply). */
  compareWith?: { kind: 'user' | 'group'; name: string };
  /** Diff mode: only the rows exactly one of the two sees. */
  differencesOnly?: boolean;
}

export function cellValue(value: unknown, column: Column): GridCell {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'DATE':
    case 'TIMESTAMP':
      return temporalText(value, column.type);
    case 'BIGINT': {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : String(value);
    }
    case 'DOUBLE':
      return Number(value);
    case 'BOOLEAN':
      return Boolean(value);
    default:
      return String(value);
  }
}

export function gridPage(session: SqlSession, v: UserVisibility, tableName: string, options: GridPageOptions, counts: { visible: number; total: number }): GridPage {
  const page = pageRows(session, v, tableName, options, counts);
  const columns = page.columns;
  const vectors = columns.map((c) => page.rows.getChild(c.name));
  const ids = page.rows.getChild(ROW_ID);
  const flags = options.includeHidden ? page.rows.getChild(VISIBLE_FLAG) : null;
  const rows: GridCell[][] = [];
  const rowIds: number[] = [];
  const hidden: boolean[] = [];
  const n = page.rows.numRows;
  for (let i = 0; i < n; i++) {
    rows.push(columns.map((c, j) => cellValue(vectors[j]?.get(i), c)));
    rowIds.push(Number(ids?.get(i)));
    if (flags) hidden.push(!flags.get(i));
  }
  const out: GridPage = { table: page.table, columns, offset: page.offset, rows, rowIds, visible: page.visible, total: page.total, filtered: page.filtered };
  if (options.includeHidden) {
    out.hidden = hidden;
    const wanted = rowIds.filter((_, i) => hidden[i]).slice(0, Math.max(0, Math.min(MAX_EXPLAINED, Math.floor(options.explain ?? 0))));
    const why = hiddenReasons(session, v, tableName, wanted);
    out.reasons = rowIds.map((id, i) => (hidden[i] ? (why.get(id) ?? null) : ''));
  }
  return out;
}

/** The short reason (first failed reason of explain) for each of the given row ids of a table. */
export function hiddenReasons(session: SqlSession, v: UserVisibility, tableName: string, rowIds: number[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const e of explainRowIds(session, v, tableName, rowIds, MAX_EXPLAINED)) out.set(e.rowId, shortReason(e.reasons));
  return out;
}

export function shortReason(reasons: Reason[]): string {
  const failed = reasons.find((r) => !r.passed) ?? reasons[0];
  if (!failed) return 'hidden';
  return (failed.principal ? `${failed.principal}: ` : '') + failed.text;
}
