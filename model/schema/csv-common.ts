// What the schema reader and the permission-table reader share about CSV files: decoding,
// header checks and the ragged-row check.
import type { CsvCell, CsvRecord } from '../csv.js';
import { caseCollisions, type SchemaIssue } from './issues.js';

/** Index of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) need = 2;
    else if (c >= 0xf0 && c <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) if (i + k >= n || (b[i + k] & 0xc0) !== 0x80) return i;
    const c1 = b[i + 1];
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
    i += need + 1;
  }
  return -1;
}

/** Decodes UTF-8 text (a BOM is dropped), or says why it cannot. */
export function decodeCsvText(bytes: Uint8Array, file: string): { text: string } | { issue: SchemaIssue } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return {
      issue: {
        code: 'data-file-unreadable',
        message: `${file} is UTF-16 text; save it as UTF-8 (in Excel: "CSV UTF-8")`,
        line: 0,
        column: 0,
      },
    };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    let lineStart = 0;
    let line = 0;
    for (let i = 0; i < bad; i++) {
      if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
        line++;
        lineStart = i + 1;
      }
    }
    const column = new TextDecoder('utf-8', { ignoreBOM: line > 0 }).decode(bytes.subarray(lineStart, bad)).length;
    return {
      issue: {
        code: 'data-file-unreadable',
        message: `${file} is not valid UTF-8 text (byte 0x${bytes[bad].toString(16).padStart(2, '0')} on line ${line + 1}); save it as UTF-8 (in Excel: "CSV UTF-8")`,
        line,
        column,
      },
    };
  }
  return { text: new TextDecoder('utf-8').decode(bytes) };
}

/** The span of a cell, for an issue about it. */
function cellPlace(cell: CsvCell): Pick<SchemaIssue, 'line' | 'column' | 'endLine' | 'endColumn'> {
  return { line: cell.line, column: cell.column, endLine: cell.endLine, endColumn: cell.endColumn };
}

/** Empty or duplicate header names (csv-header-invalid) and case collisions. */
export function checkHeader(header: readonly CsvCell[], file: string): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const seen = new Map<string, number>();
  header.forEach((cell, i) => {
    const place = cellPlace(cell);
    if (cell.text.trim() === '') {
      issues.push({
        code: 'csv-header-invalid',
        message: `column ${i + 1} of the header of ${file} has no name; give every column a name${i === header.length - 1 && i > 0 ? ' (or remove the delimiter at the end of the header line)' : ''}`,
        ...place,
      });
      return;
    }
    const j = seen.get(cell.text);
    if (j !== undefined) {
      issues.push({
        code: 'csv-header-invalid',
        message: `the header of ${file} names two columns "${cell.text}" (columns ${j + 1} and ${i + 1}); rename one of them`,
        ...place,
      });
      return;
    }
    seen.set(cell.text, i);
  });
  issues.push(...caseCollisions(header.map((c) => c.text), file, { place: (i) => cellPlace(header[i]) }));
  return issues;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** One csv-ragged issue at the first row whose field count differs from the header's. */
export function checkRagged(
  headerCount: number,
  rows: readonly CsvRecord[],
  delimiter: string,
  file: string,
  sampled: boolean,
): SchemaIssue | undefined {
  let first: CsvRecord | undefined;
  let count = 0;
  for (const row of rows) {
    if (row.cells.length === headerCount) continue;
    count++;
    first ??= row;
  }
  if (!first) return undefined;
  const actual = first.cells.length;
  const delim = DELIMITER_NAMES[delimiter] ?? JSON.stringify(delimiter);
  const others =
    count === 1
      ? `it is the only ${sampled ? 'sampled ' : ''}row that differs`
      : `${count} of ${rows.length} ${sampled ? 'sampled ' : ''}rows differ`;
  const fix =
    actual > headerCount
      ? `quote fields that contain the delimiter (${delim}), or add the missing column names to the header`
      : `give every row a field for each column (an empty field is NULL)`;
  // The extra fields, or the (empty) place where the missing ones belong.
  const last = first.cells[actual - 1];
  const place =
    actual > headerCount
      ? { line: first.cells[headerCount].line, column: first.cells[headerCount].column, endLine: last.endLine, endColumn: last.endColumn }
      : { line: last.endLine, column: last.endColumn, endLine: last.endLine, endColumn: last.endColumn };
  return {
    code: 'csv-ragged',
    message: `line ${first.line + 1} of ${file} has ${actual} field${actual === 1 ? '' : 's'} but the header has ${headerCount} (${others}); ${fix}`,
    ...place,
  };
}
