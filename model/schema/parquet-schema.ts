// The schema of a Parquet data file, from its footer metadata only: the last 8 bytes give the
// footer's length, then only the footer is read. hyparquet decodes the Thrift metadata.
import { parquetMetadata, parquetSchema, type FileMetaData, type SchemaElement, type SchemaTree } from 'hyparquet';
import type { FileAccess } from '../files.js';
import type { Column, ColumnType } from '../types.js';
import { baseName, caseCollisions, type SchemaIssue, type SchemaResult } from './issues.js';

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
/** A footer larger than this is taken as a damaged length rather than read. */
const MAX_FOOTER_BYTES = 64 << 20;

function hasMagic(bytes: Uint8Array, at: number): boolean {
  return MAGIC.every((b, i) => bytes[at + i] === b);
}

function formatIssue(file: string, what: string): SchemaResult {
  return { issues: [{ code: 'data-file-format', message: `${file} is not a Parquet file: ${what}; write it again as Parquet, or rename it if it is CSV` }] };
}

/** Reads the footer of a Parquet file of `size` bytes (> 0). */
export async function readParquetSchema(files: FileAccess, path: string, size: number): Promise<SchemaResult> {
  const file = baseName(path);
  // Smallest possible file: "PAR1" + footer length (4) + "PAR1".
  if (size < 12) return formatIssue(file, `it is only ${size} bytes long`);
  const head = await files.read(path, 0, 4);
  const tail = await files.read(path, size - 8, size);
  if (!hasMagic(head, 0) || tail.length < 8 || !hasMagic(tail, 4)) {
    return formatIssue(file, hasMagic(head, 0) ? 'its end lacks the PAR1 marker (a truncated or unfinished file?)' : 'it does not start with the PAR1 marker');
  }
  const footerLength = new DataView(tail.buffer, tail.byteOffset, tail.byteLength).getUint32(0, true);
  if (footerLength === 0 || footerLength > size - 12 || footerLength > MAX_FOOTER_BYTES) {
    return formatIssue(file, `its footer length (${footerLength} bytes) does not fit the file (${size} bytes); the file is probably damaged`);
  }
  const footer = await files.read(path, size - 8 - footerLength, size);
  let metadata: FileMetaData;
  try {
    // The buffer ends with length + PAR1 as parquetMetadata expects; the metadata starts at 0.
    metadata = parquetMetadata(footer, { geoparquet: false });
  } catch (e) {
    return formatIssue(file, `its footer metadata cannot be decoded (${(e as Error).message})`);
  }
  let root: SchemaTree;
  try {
    root = parquetSchema(metadata);
  } catch (e) {
    return formatIssue(file, `its schema cannot be decoded (${(e as Error).message})`);
  }
  // Top-level columns only. Nested columns (structs, lists, maps) become VARCHAR here: the
  // permission checks compare values as strings and never reach inside them.
  const columns: Column[] = root.children.map((child) => ({
    name: child.element.name,
    type: child.children.length > 0 ? 'VARCHAR' : parquetColumnType(child.element),
  }));
  const issues: SchemaIssue[] = caseCollisions(
    columns.map((c) => c.name),
    file,
    { exactToo: true },
  );
  return { schema: { format: 'parquet', columns, rowCount: Number(metadata.num_rows) }, issues };
}

/** Maps a leaf's logical, converted or physical type to ours, as DuckDB would read it. */
export function parquetColumnType(element: SchemaElement): ColumnType {
  switch (element.logical_type?.type) {
    case 'STRING':
    case 'ENUM':
    case 'JSON':
    case 'BSON':
    case 'UUID':
    case 'TIME': // no TIME type of ours
    case 'INTERVAL':
      return 'VARCHAR';
    case 'DATE':
      return 'DATE';
    case 'TIMESTAMP':
      return 'TIMESTAMP';
    case 'DECIMAL':
    case 'FLOAT16':
      return 'DOUBLE';
    case 'INTEGER':
      return 'BIGINT';
  }
  switch (element.converted_type) {
    case 'UTF8':
    case 'ENUM':
    case 'JSON':
    case 'BSON':
    case 'TIME_MILLIS':
    case 'TIME_MICROS':
    case 'INTERVAL':
      return 'VARCHAR';
    case 'DATE':
      return 'DATE';
    case 'TIMESTAMP_MILLIS':
    case 'TIMESTAMP_MICROS':
      return 'TIMESTAMP';
    case 'DECIMAL':
      return 'DOUBLE';
    case 'INT_8':
    case 'INT_16':
    case 'INT_32':
    case 'INT_64':
    case 'UINT_8':
    case 'UINT_16':
    case 'UINT_32':
    case 'UINT_64':
      return 'BIGINT';
  }
  switch (element.type) {
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'INT32':
    case 'INT64':
      return 'BIGINT';
    case 'INT96': // legacy timestamps (Impala, Spark)
      return 'TIMESTAMP';
    case 'FLOAT':
    case 'DOUBLE':
      return 'DOUBLE';
    default:
      // BYTE_ARRAY without annotation is BLOB in DuckDB; we have no BLOB, and values compare as strings.
      return 'VARCHAR';
  }
}
