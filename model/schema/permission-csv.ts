// Reads a whole CSV permission table (§P8). These are small (a few MB), so all of it is read;
// the validator then checks each row against the model.
import type { CsvCell, CsvRecord } from '../csv.js';
import type { FileAccess } from '../files.js';
import { decodeCsvText } from './csv-common.js';
import { checkCsvText } from './csv-schema.js';
import { baseName, type SchemaIssue } from './issues.js';
import { statDataFile } from './read-schema.js';

export interface PermissionCsv {
  header: CsvCell[];
  rows: CsvRecord[];
  delimiter: string;
}

/**
 * `table` is present whenever a header was read; `issues` may accompany it (csv-header-invalid,
 * column-case-collision, csv-ragged counted over all rows, and data-file-format when a quote is
 * never closed: `rows` then holds only the rows before it). Under §F1 a caller should let a
 * table with an error-level issue grant nothing.
 */
export interface PermissionCsvResult {
  table?: PermissionCsv;
  issues: SchemaIssue[];
}

export async function readPermissionCsv(files: FileAccess, path: string): Promise<PermissionCsvResult> {
  const file = baseName(path);
  const found = await statDataFile(files, path);
  if ('issue' in found) return { issues: [found.issue] };
  if (!/\.csv$/i.test(path)) {
    return { issues: [{ code: 'data-file-format', message: `${file} is not a .csv file; permission tables are read from CSV files only` }] };
  }
  let bytes: Uint8Array;
  try {
    bytes = await files.read(path);
  } catch (e) {
    return { issues: [{ code: 'data-file-unreadable', message: `${file} cannot be read (${e instanceof Error ? e.message : String(e)})` }] };
  }
  if (bytes.includes(0)) {
    return {
      issues: [{ code: 'data-file-format', message: `${file} contains NUL bytes, so it is not CSV text (a spreadsheet saved under a .csv name?); export it as CSV UTF-8` }],
    };
  }
  const decoded = decodeCsvText(bytes, file);
  if ('issue' in decoded) return { issues: [decoded.issue] };
  const { delimiter, header, rows, issues } = checkCsvText(decoded.text, file, false);
  if (!header) return { issues };
  return { table: { header: header.cells, rows, delimiter }, issues };
}

/** A reference cell's value: NULL for an empty unquoted cell; `''` and a quoted "" are the empty string (§P7). */
export function referenceValue(cell: CsvCell | undefined): string | null {
  if (!cell) return null;
  if (cell.quoted) return cell.text;
  if (cell.text === '') return null;
  if (cell.text === "''") return '';
  return cell.text;
}
