// Exporting the rows a principal sees of one table to CSV, streamed: pages are pulled from the
// engine one after another and each is appended as it arrives, so memory stays at one page
// whatever the table's size. The CSV convention is the CLI's (cli/format-rows.ts toCsv): NULL
// is an empty unquoted cell, '' is "" — what Sightline reads back. No `vscode` import: the
// extension drives it with the language server's pages and a file; tests drive it with the engine.
// Pages may carry their cells as Arrow IPC (encoding 'arrow'); they are decoded here. Deep pages
// cost about what the first does: the engine serves them from a cached row order
// (engine/query/row-order.ts), not by OFFSET.
import { toCsv } from '../../cli/format-rows.js';
import type { Column } from '../../model/types.js';
import type { GridCell, PageResult } from '../../server/protocol.js';
import { decodePage } from './page-decode.js';

/** Rows per page pulled from the engine (the server's sightline/page maximum, MAX_PAGE_ROWS). */
export const EXPORT_PAGE_ROWS = 10_000;

/** A grid cell as the CLI prints it (cli/format-rows.ts cellText): DOUBLE 12 as 12.0, NULL stays null. */
export function csvText(v: GridCell, column: Column): string | null {
  if (v === null) return null;
  if (typeof v === 'number' && column.type === 'DOUBLE' && Number.isInteger(v) && Math.abs(v) < 1e15) return `${v}.0`;
  return String(v);
}

/** CSV lines of rows (no header), each ending in a newline; '' when there are none. */
export function csvLines(columns: Column[], rows: GridCell[][]): string {
  if (rows.length === 0) return '';
  // toCsv with no columns writes an empty header line first: drop it, keep its row convention.
  return toCsv([], rows.map((r) => r.map((v, j) => csvText(v, columns[j])))).slice(1);
}

export interface StreamCsvOptions {
  /** Rows per page (default EXPORT_PAGE_ROWS). */
  pageRows?: number;
  /** Called after each page with the rows written so far and the rows to write. */
  progress?(written: number, total: number): void;
  /** Checked before each page: true stops the export (the file keeps what was written). */
  cancelled?(): boolean;
}

/**
 * Pulls pages (offset, limit) until the last, appending the header and then each page's rows
 * through `write` (awaited, in order). Returns the rows written and whether it was cancelled.
 */
export async function streamCsv(
  fetchPage: (offset: number, limit: number) => Promise<PageResult>,
  write: (text: string) => Promise<void>,
  options: StreamCsvOptions = {},
): Promise<{ rows: number; cancelled: boolean }> {
  const size = Math.max(1, Math.floor(options.pageRows ?? EXPORT_PAGE_ROWS));
  let written = 0;
  for (let offset = 0; ; offset += size) {
    if (options.cancelled?.()) return { rows: written, cancelled: true };
    const page = decodePage(await fetchPage(offset, size));
    if (offset === 0) await write(toCsv(page.columns, []));
    const text = csvLines(page.columns, page.rows);
    if (text) await write(text);
    written += page.rows.length;
    options.progress?.(written, page.filtered);
    if (page.rows.length < size || written >= page.filtered) return { rows: written, cancelled: false };
  }
}
