// Loads a Parquet data file without DuckDB's parquet extension (not built into DuckDB-WASM;
// offline its autoload hangs): hyparquet decodes the file in JavaScript, the rows become an
// Arrow table typed by our schema, and DuckDB takes the Arrow IPC stream.
import { Bool, DateDay, Float64, Int64, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray, Table, type DataType, type Vector } from 'apache-arrow';
import { parquetReadObjects } from 'hyparquet';
import type { Column, ColumnType } from '../../model/types.js';
import type { SqlSession } from '../duckdb/session.js';
import { ROW_ID } from './row-id.js';

export async function loadParquet(session: SqlSession, schema: string, name: string, bytes: Uint8Array, columns: Column[]): Promise<void> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = (await parquetReadObjects({ file: buffer, columns: columns.map((c) => c.name) })) as Record<string, unknown>[];
  const vectors: Record<string, Vector> = {};
  vectors[ROW_ID] = vectorFromArray(rows.map((_, i) => BigInt(i)), new Int64());
  for (const c of columns) vectors[c.name] = vectorFromArray(rows.map((r) => toArrowValue(r[c.name], c.type)), arrowType(c.type));
  session.insertArrow(schema, name, tableToIPC(new Table(vectors), 'stream'));
}

function arrowType(type: ColumnType): DataType {
  switch (type) {
    case 'BIGINT':
      return new Int64();
    case 'DOUBLE':
      return new Float64();
    case 'BOOLEAN':
      return new Bool();
    case 'DATE':
      return new DateDay();
    case 'TIMESTAMP':
      return new TimestampMillisecond();
    default:
      return new Utf8();
  }
}

function toArrowValue(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'BIGINT':
      return typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value)));
    case 'DOUBLE':
      return Number(value);
    case 'BOOLEAN':
      return Boolean(value);
    case 'DATE':
      return value instanceof Date ? value : new Date(String(value));
    case 'TIMESTAMP':
      return value instanceof Date ? value.getTime() : Number(value);
    default:
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v)) : String(value);
  }
}
