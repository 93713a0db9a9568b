// Reads a data file's schema without loading the whole file: the head of a CSV file, the
// footer of a Parquet file.
import type { FileAccess, FileStat } from '../files.js';
import { readCsvSchema } from './csv-schema.js';
import { baseName, type SchemaIssue, type SchemaResult } from './issues.js';
import { readParquetSchema } from './parquet-schema.js';

export type { SchemaIssue, SchemaIssueCode, SchemaResult } from './issues.js';

export type DataFormat = 'csv' | 'parquet';

/** The format a path's extension names (case-insensitive), if it is one we read. */
export function dataFormatOf(path: string): DataFormat | undefined {
  const m = /\.(csv|parquet)$/i.exec(path);
  return m ? (m[1].toLowerCase() as DataFormat) : undefined;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Finds a file and checks it is a non-empty regular file. Returns its size, or the issue
 * (data-file-missing, data-file-unreadable, data-file-empty).
 */
export async function statDataFile(files: FileAccess, path: string): Promise<{ size: number } | { issue: SchemaIssue }> {
  const file = baseName(path);
  let stat: FileStat | undefined;
  try {
    stat = await files.stat(path);
  } catch (e) {
    return { issue: { code: 'data-file-unreadable', message: `${file} cannot be read (${errorText(e)}); check its permissions` } };
  }
  if (!stat) return { issue: { code: 'data-file-missing', message: `${file} does not exist; check the path, which is relative to the file that names it` } };
  if (!stat.isFile) return { issue: { code: 'data-file-unreadable', message: `${file} is a directory, not a file; name a .csv or .parquet file` } };
  if (stat.size === 0) return { issue: { code: 'data-file-empty', message: `${file} is empty; it needs at least a header line naming the columns` } };
  return { size: stat.size };
}

export async function readTableSchema(files: FileAccess, path: string): Promise<SchemaResult> {
  const file = baseName(path);
  const found = await statDataFile(files, path);
  if ('issue' in found) return { issues: [found.issue] };
  const format = dataFormatOf(path);
  if (!format) {
    return { issues: [{ code: 'data-file-format', message: `${file} is neither a .csv nor a .parquet file; tables load from CSV or Parquet files only` }] };
  }
  try {
    return format === 'csv' ? await readCsvSchema(files, path, found.size) : await readParquetSchema(files, path, found.size);
  } catch (e) {
    return { issues: [{ code: 'data-file-unreadable', message: `${file} cannot be read (${errorText(e)})` }] };
  }
}
