// Loads a CSV data file through DuckDB's own CSV reader. The bytes are registered under the
// engine's virtual folder (DuckDB itself cannot reach the disk). Column names from the file
// never enter SQL text as literals: the reader gets generated names c0, c1, … with the types
// the schema sniffer found, and the columns are renamed through quoted identifiers.
import type { Column, ColumnType } from '../../model/types.js';
import { ident } from '../duckdb/quote.js';
import type { SqlSession } from '../duckdb/session.js';
import { ROW_ID } from './row-id.js';

const COLUMN_TYPES: ReadonlySet<ColumnType> = new Set(['VARCHAR', 'BIGINT', 'DOUBLE', 'BOOLEAN', 'DATE', 'TIMESTAMP']);
/** The delimiters the sniffer can report; anything else is refused rather than pasted. */
const DELIMITERS: Record<string, string> = { ',': "','", ';': "';'", '\t': "'\\t'", '|': "'|'" };

/** DuckDB's default longest line (2 MiB); a data file with a longer line raises the limit to its own size. */
const DEFAULT_MAX_LINE_BYTES = 2 << 20;

export function csvLoadSql(target: string, virtualPath: string, columns: Column[], delimiter: string, byteLength = 0): string {
  const delim = DELIMITERS[delimiter];
  if (!delim) throw new Error(`unsupported CSV delimiter ${JSON.stringify(delimiter)}`);
  if (!virtualPath.startsWith('/sightline/') || /['\\]/.test(virtualPath)) throw new Error('not an engine path');
  const declared = columns.map((c, i) => {
    if (!COLUMN_TYPES.has(c.type)) throw new Error(`unknown column type ${c.type}`);
    return `'c${i}': '${c.type}'`;
  });
  // A line (with quoted line breaks, a field) can be as long as the file: never refuse a long
  // field that the schema reader accepted. An integer computed here, never text from the file.
  const maxLine = Math.floor(byteLength) + 1;
  const longLines = maxLine > DEFAULT_MAX_LINE_BYTES ? `, max_line_size = ${maxLine}, buffer_size = ${maxLine}` : '';
  const renamed = columns.map((c, i) => `c${i} AS ${ident(c.name)}`);
  // header=false + skip=1: the header row is not parsed for names (we already know them).
  // allow_quoted_nulls=false: "" is the empty string and only an unquoted empty cell is NULL,
  // the same convention as permission tables (§P7).
  const reader =
    `read_csv('${virtualPath}', header = false, skip = 1, delim = ${delim}, quote = '"', escape = '"', ` +
    `columns = {${declared.join(', ')}}, allow_quoted_nulls = false, auto_detect = false, null_padding = false${longLines})`;
  return `CREATE TABLE ${target} AS SELECT (row_number() OVER ()) - 1 AS ${ROW_ID}${renamed.map((r) => ', ' + r).join('')} FROM ${reader}`;
}

export function loadCsv(session: SqlSession, target: string, virtualPath: string, bytes: Uint8Array, columns: Column[], delimiter: string): void {
  session.registerFile(virtualPath, bytes);
  try {
    session.run(csvLoadSql(target, virtualPath, columns, delimiter, bytes.length));
  } finally {
    // The table holds the data now; the buffer is not needed any more.
    session.dropFile(virtualPath);
  }
}
