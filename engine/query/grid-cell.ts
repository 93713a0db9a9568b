// One cell of the preview grid as plain data, from the value apache-arrow reads out of a DuckDB
// result. Its own small module so the webview's bundle (extension/webview/page-decode.ts), which
// decodes pages sent as Arrow IPC, applies exactly the engine's display rules without pulling
// in the rest of the engine.
import type { Column } from '../../model/types.js';
import { temporalText } from './cell-text.js';

export type GridCell = string | number | boolean | null;

/** DATE/TIMESTAMP as DuckDB's text, BIGINT as a number while safe (else text), NULL as null. */
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
