// Reads every data file of a workspace into rows for the reference evaluator: CSV through
// the project's tokenizer, Parquet through hyparquet. Cells are converted by the column
// types the schema reader gave the model (Table.schema), as the engine reads them.
import * as path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { detectDelimiter, parseCsv, type CsvCell } from '../../model/csv.js';
import type { FileAccess } from '../../model/files.js';
import { LOCK_FILE_NAME, parseLock } from '../../model/lock.js';
import { readPermissionCsv } from '../../model/schema/permission-csv.js';
import type { ColumnType, Table, WorkspaceModel } from '../../model/types.js';
import type { ReferenceInput } from './index.js';
import type { Cell, TableRows } from './values.js';

/**
 * The rows of every physical data file of the workspace whose schema could be read, by
 * absolute path. A file without a schema is left out (unloadable: zero rows).
 */
export async function loadReferenceData(model: WorkspaceModel, files: FileAccess): Promise<Map<string, TableRows>> {
  const out = new Map<string, TableRows>();
  for (const table of model.pools.flatMap((p) => p.connections.flatMap((c) => c.tables))) {
    if (out.has(table.file) || !table.schema) continue;
    out.set(table.file, table.schema.format === 'csv' ? await readCsvRows(files, table) : await readParquetRows(files, table));
  }
  return out;
}

/** Everything the reference needs, read the way the checks read it: data, permission tables, the lock. */
export async function loadReferenceInput(model: WorkspaceModel, files: FileAccess): Promise<ReferenceInput> {
  const rows = await loadReferenceData(model, files);
  const permissionTables: ReferenceInput['permissionTables'] = new Map();
  for (const file of new Set(model.permissions.flatMap((s) => s.tables.map((t) => t.file)))) {
    permissionTables.set(file, await readPermissionCsv(files, file));
  }
  const lockPath = path.join(model.root, LOCK_FILE_NAME);
  let lock: ReferenceInput['lock'];
  if (await files.stat(lockPath)) {
    const parsed = parseLock(new TextDecoder().decode(await files.read(lockPath)));
    if (parsed.ok) lock = parsed.lock;
  }
  return { model, lock, permissionTables, data: (file) => rows.get(file) };
}

// ------------------------------------------------------------------ CSV

async function readCsvRows(files: FileAccess, table: Table): Promise<TableRows> {
  const columns = table.schema!.columns.map((c) => ({ name: c.name, type: c.type }));
  const text = new TextDecoder('utf-8').decode(await files.read(table.file));
  const [, ...records] = parseCsv(text, { delimiter: detectDelimiter(text) }).records;
  return { columns, rows: records.map((r) => columns.map((c, i) => csvCell(r.cells[i], c.type))) };
}

/** An unquoted empty cell is NULL; a quoted "" is the empty string (a VARCHAR). */
export function csvCell(cell: CsvCell | undefined, type: ColumnType): Cell {
  if (!cell || (!cell.quoted && cell.text === '')) return null;
  const text = cell.text;
  switch (type) {
    case 'VARCHAR':
    case 'DATE':
    case 'TIMESTAMP':
      return text;
    case 'BIGINT':
      return /^\s*[+-]?\d+\s*$/.test(text) ? BigInt(text.trim()) : null;
    case 'DOUBLE':
      return text.trim() === '' ? null : Number(text.trim());
    case 'BOOLEAN':
      return /^\s*true\s*$/i.test(text) ? true : /^\s*false\s*$/i.test(text) ? false : null;
  }
}

// ------------------------------------------------------------------ Parquet

async function readParquetRows(files: FileAccess, table: Table): Promise<TableRows> {
  const columns = table.schema!.columns.map((c) => ({ name: c.name, type: c.type }));
  const bytes = await files.read(table.file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const objects = (await parquetReadObjects({ file: buffer })) as Record<string, unknown>[];
  return { columns, rows: objects.map((o) => columns.map((c) => parquetCell(o[c.name], c.type))) };
}

function parquetCell(value: unknown, type: ColumnType): Cell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'BIGINT':
      return typeof value === 'bigint' ? value : BigInt(value as number);
    case 'DOUBLE':
      return Number(value);
    case 'BOOLEAN':
      return Boolean(value);
    case 'DATE':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    case 'TIMESTAMP':
      return value instanceof Date ? value.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '') : String(value);
    case 'VARCHAR':
      return typeof value === 'string' ? value : value instanceof Uint8Array ? new TextDecoder().decode(value) : String(value);
  }
}
