// Pages reach the preview panel with their cells as Arrow IPC (sightline/page with encoding
// 'arrow': base64, because LSP is JSON). This turns them back into the grid's cells with the
// engine's own display rules (engine/query/grid-cell.ts cellValue: DATE/TIMESTAMP as DuckDB's
// text, BIGINT as a number while safe, NULL distinct from ''). A page with plain `rows` passes
// through unchanged. No `vscode` import: the webview, the extension's CSV export and tests use it.
import { tableFromIPC } from 'apache-arrow';
import { cellValue, type GridCell } from '../../engine/query/grid-cell.js';
import { base64ToBytes } from '../../engine/query/page-ipc.js';
import type { Column } from '../../model/types.js';

/** The cells of a base64 Arrow IPC stream, row by row, for these columns (matched by name). */
export function decodeCells(arrow: string, columns: Column[]): GridCell[][] {
  const table = tableFromIPC(base64ToBytes(arrow));
  const vectors = columns.map((c) => table.getChild(c.name));
  const rows: GridCell[][] = [];
  for (let i = 0; i < table.numRows; i++) rows.push(columns.map((c, j) => cellValue(vectors[j]?.get(i), c)));
  return rows;
}

/** The page with `rows` filled from its `arrow` cells (and `arrow` dropped); other pages as they are. */
export function decodePage<P extends { columns: Column[]; rows: GridCell[][]; arrow?: string }>(page: P): P {
  if (typeof page?.arrow !== 'string') return page;
  const { arrow, ...rest } = page;
  return { ...rest, rows: decodeCells(arrow, page.columns) } as P;
}
