// Where each column of a CSV data file is declared: the cells of its header line. The schema
// the check read keeps names only, so the head of the file is read again here (a few KiB).
// Parquet columns live in the file's metadata and have no place in any text: none here.
import { detectDelimiter, parseCsv, type CsvCell } from '../../model/csv.js';
import type { Table } from '../../model/types.js';
import type { TextFiles } from './text-files.js';

export interface CsvHeader {
  cells: CsvCell[];
  delimiter: string;
}

/** Read sizes tried in turn: a header longer than the first one is rare; 1 MiB is the schema reader's limit. */
const HEAD_BYTES = [64 * 1024, 1 << 20];

/** The header cells of a CSV data table, or undefined (not CSV, unreadable, or no header). */
export function readCsvHeader(files: TextFiles, table: Table): CsvHeader | undefined {
  if (table.schema?.format !== 'csv') return undefined;
  for (const bytes of HEAD_BYTES) {
    const head = files.read(table.file, bytes);
    if (!head) return undefined;
    const delimiter = table.schema.delimiter ?? detectDelimiter(head.text);
    // Two records: when a second one starts, the first (the header) is complete.
    const parsed = parseCsv(head.text, { delimiter, maxRecords: 2 });
    const [header] = parsed.records;
    if (header && (parsed.records.length > 1 || (head.whole && !parsed.error))) return { cells: header.cells, delimiter };
    if (head.whole) return undefined;
  }
  return undefined;
}
