// The schema of a CSV data file, read from its head only: the header names the columns and
// the rows in the first MiB decide their types (see sniff.ts).
import { detectDelimiter, parseCsv, type CsvRecord } from '../csv.js';
import type { FileAccess } from '../files.js';
import type { Column } from '../types.js';
import { checkHeader, checkRagged, decodeCsvText } from './csv-common.js';
import { baseName, type SchemaIssue, type SchemaResult } from './issues.js';
import { inferColumnType } from './sniff.js';

/** At most this many bytes are read from the start of a CSV file. */
export const CSV_SAMPLE_BYTES = 1 << 20;

/** Parsed CSV text with its header checked; shared with the permission-table reader. */
export interface CheckedCsv {
  delimiter: string;
  header?: CsvRecord;
  rows: CsvRecord[];
  issues: SchemaIssue[];
}

/** Finds the delimiter, splits the text and checks header and field counts. */
export function checkCsvText(text: string, file: string, sampled: boolean): CheckedCsv {
  const delimiter = detectDelimiter(text);
  const parsed = parseCsv(text, { delimiter });
  const issues: SchemaIssue[] = [];
  // In a sample, a quote still open at the end may close beyond it: not an error there.
  if (parsed.error && !sampled) {
    issues.push({ code: 'data-file-format', message: `${file}: ${parsed.error.message}`, line: parsed.error.line, column: parsed.error.column });
  }
  const [header, ...rows] = parsed.records;
  if (!header) {
    if (!parsed.error) issues.push({ code: 'data-file-empty', message: `${file} has no header line; its first line must name the columns`, line: 0, column: 0 });
    return { delimiter, rows: [], issues };
  }
  issues.push(...checkHeader(header.cells, file));
  const ragged = checkRagged(header.cells.length, rows, delimiter, file, sampled);
  if (ragged) issues.push(ragged);
  return { delimiter, header, rows, issues };
}

/** Reads the head of a CSV file of `size` bytes (> 0) and infers its columns. */
export async function readCsvSchema(files: FileAccess, path: string, size: number): Promise<SchemaResult> {
  const file = baseName(path);
  let bytes = await files.read(path, 0, Math.min(size, CSV_SAMPLE_BYTES));
  const sampled = size > bytes.length;
  if (sampled) {
    // Drop the last line: it is probably cut off.
    let cut = bytes.length;
    while (cut > 0 && bytes[cut - 1] !== 0x0a && bytes[cut - 1] !== 0x0d) cut--;
    if (cut === 0) {
      return {
        issues: [{ code: 'data-file-format', message: `${file} has no line break in its first MiB; it does not look like a CSV file`, line: 0, column: 0 }],
      };
    }
    bytes = bytes.subarray(0, cut);
  }
  if (bytes.includes(0)) {
    return {
      issues: [{ code: 'data-file-format', message: `${file} contains NUL bytes, so it is not CSV text (a spreadsheet saved under a .csv name?); export it as CSV UTF-8` }],
    };
  }
  const decoded = decodeCsvText(bytes, file);
  if ('issue' in decoded) return { issues: [decoded.issue] };

  const { delimiter, header, rows, issues } = checkCsvText(decoded.text, file, sampled);
  if (!header) return { issues };
  const columns: Column[] = header.cells.map((cell, i) => ({
    name: cell.text,
    // An empty unquoted cell is NULL to DuckDB.
    type: inferColumnType(rows.map((r) => (i < r.cells.length && (r.cells[i].quoted || r.cells[i].text !== '') ? r.cells[i].text : null))),
  }));
  return { schema: { format: 'csv', columns, delimiter }, issues };
}
