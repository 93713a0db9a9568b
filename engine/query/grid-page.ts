// One page of a table for the preview panel's grid, as plain data (structured-cloneable, JSON
// safe): cells as string | number | boolean | null, the row ids, and with includeHidden the
// hidden flag per row and a short reason (from explain) for each hidden row on the page.
import type { Column } from '../../model/types.js';
import { ROW_ID } from '../catalog/row-id.js';
import { cellValue, type GridCell } from './grid-cell.js';
import { pageToIpcBase64 } from './page-ipc.js';
import type { RowOrders } from './row-order.js';
import type { SqlSession } from '../duckdb/session.js';
import type { UserVisibility } from '../engine.js';
import { explainRowIds, type Reason } from './explain.js';
import { pageOf, SIDE_FLAGS, VISIBLE_FLAG, type PageOptions } from './page.js';


export type { GridCell };
export { cellValue };

export interface GridPage {
  table: string;
  columns: Column[];
  offset: number;
  /** The cells, row by row; empty when they come as `arrow` instead. */
  rows: GridCell[][];
  /**
   * With options.encoding 'arrow': the page's cells (the table's columns, in order) as a base64
   * Arrow IPC stream, and `rows` empty. extension/webview/page-decode.ts decodes it into `rows`.
   */
  arrow?: string;
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
  /** 'arrow': the cells come as base64 Arrow IPC in `arrow` (the preview panel); default plain `rows`. */
  encoding?: 'arrow';
}

export function gridPage(session: SqlSession, v: UserVisibility, tableName: string, options: GridPageOptions, counts: { visible: number; total: number }, orders?: RowOrders, compareWith?: UserVisibility): GridPage {
  const diff = compareWith !== undefined;
  const scope = diff ? { compare: { with: compareWith, differencesOnly: options.differencesOnly } } : { includeHidden: options.includeHidden };
  const page = pageOf(session, orders, v, tableName, options, scope, counts);
  const columns = page.columns;
  const n = page.rows.numRows;
  const ids = page.rows.getChild(ROW_ID);
  const rowIds: number[] = [];
  for (let i = 0; i < n; i++) rowIds.push(Number(ids?.get(i)));
  const out: GridPage = { table: page.table, columns, offset: page.offset, rows: [], rowIds, visible: page.visible, total: page.total, filtered: page.filtered };
  if (options.encoding === 'arrow') out.arrow = pageToIpcBase64(page.rows, columns);
  else {
    const vectors = columns.map((c) => page.rows.getChild(c.name));
    for (let i = 0; i < n; i++) out.rows.push(columns.map((c, j) => cellValue(vectors[j]?.get(i), c)));
  }
  if (diff) {
    const fa = page.rows.getChild(SIDE_FLAGS[0]);
    const fb = page.rows.getChild(SIDE_FLAGS[1]);
    out.side = rowIds.map((_, i) => {
      const sa = !!fa?.get(i);
      const sb = !!fb?.get(i);
      return sa && sb ? 'both' : sa ? 'a' : 'b';
    });
  } else if (options.includeHidden) {
    const flags = page.rows.getChild(VISIBLE_FLAG);
    const hidden = rowIds.map((_, i) => !flags?.get(i));
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
