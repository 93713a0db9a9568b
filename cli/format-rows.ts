// Rows from the engine (Arrow) as text: cells rendered as DuckDB would print them, CSV with
// the same NULL convention Sightline reads (an empty unquoted cell is NULL, "" is the empty
// string), and an aligned table for terminals.
import type { Table } from 'apache-arrow';
import type { Column } from '../model/types.js';
import { temporalText } from '../engine/query/cell-text.js';

export function cellText(value: unknown, column: Column): string | null {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'DATE':
    case 'TIMESTAMP':
      return temporalText(value, column.type);
    case 'DOUBLE': {
      const n = Number(value);
      return Number.isInteger(n) && Math.abs(n) < 1e15 ? `${n}.0` : String(n);
    }
    default:
      return String(value);
  }
}

/** The table's cells as text, columns in schema order. */
export function textRows(rows: Table, columns: Column[]): (string | null)[][] {
  const vectors = columns.map((c) => rows.getChild(c.name));
  const out: (string | null)[][] = [];
  for (let i = 0; i < rows.numRows; i++) out.push(columns.map((c, j) => cellText(vectors[j]?.get(i), c)));
  return out;
}

function csvCell(v: string | null): string {
  if (v === null) return '';
  if (v === '' || /[",\r\n]/.test(v) || v !== v.trim()) return '"' + v.replaceAll('"', '""') + '"';
  return v;
}

export function toCsv(columns: Column[], rows: (string | null)[][]): string {
  return [columns.map((c) => csvCell(c.name)), ...rows.map((r) => r.map(csvCell))].map((r) => r.join(',')).join('\n') + '\n';
}

/** An aligned text table; NULL is shown as NULL, the empty string as "". */
export function toTable(headers: string[], rows: (string | null)[][]): string {
  const shown = rows.map((r) => r.map((v) => (v === null ? 'NULL' : v === '' ? '""' : v.replace(/\s/g, ' '))));
  // Every column but the last is capped, so one long cell cannot push the others off screen.
  const widths = headers.map((h, i) => Math.min(i === headers.length - 1 ? Infinity : 40, Math.max(h.length, ...shown.map((r) => r[i].length))));
  const fit = (v: string, w: number) => (v.length > w ? v.slice(0, w - 1) + '…' : v.padEnd(w));
  const line = (cells: string[]) => cells.map((c, i) => fit(c, widths[i])).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...shown.map(line)].join('\n') + '\n';
}
