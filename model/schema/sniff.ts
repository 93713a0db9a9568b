// Column type inference for CSV data, following DuckDB's CSV sniffer for ordinary data: the
// first candidate that every non-empty value casts to wins, in the order BOOLEAN, BIGINT,
// DOUBLE, DATE, TIMESTAMP, else VARCHAR. So integers mixed with decimals give DOUBLE and
// dates mixed with timestamps give TIMESTAMP, as in DuckDB.
//
// Deliberately narrower than DuckDB's casts: no t/f or 1/0 booleans, no nan/inf doubles, no
// other date formats, no time zone offsets, no TIME type (those columns stay VARCHAR).
import type { ColumnType } from '../types.js';

const CANDIDATES: readonly [ColumnType, (v: string) => boolean][] = [
  ['BOOLEAN', isBoolean],
  ['BIGINT', isBigint],
  ['DOUBLE', isDouble],
  ['DATE', isDate],
  ['TIMESTAMP', isTimestamp],
];

/** NULL (null) and empty cells are ignored; a column with no other value is VARCHAR. */
export function inferColumnType(values: (string | null)[]): ColumnType {
  // DuckDB's casts accept surrounding spaces.
  const present = values.filter((v): v is string => v !== null && v !== '').map((v) => v.trim());
  if (present.length === 0) return 'VARCHAR';
  for (const [type, accepts] of CANDIDATES) if (present.every(accepts)) return type;
  return 'VARCHAR';
}

function isBoolean(v: string): boolean {
  const l = v.toLowerCase();
  return l === 'true' || l === 'false';
}

const INT = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Leading zeros are allowed (`0500` is BIGINT 500 in DuckDB). Must fit in int64. */
function isBigint(v: string): boolean {
  if (!INT.test(v)) return false;
  if (v.length < 18) return true;
  const b = BigInt(v);
  return b >= INT64_MIN && b <= INT64_MAX;
}

const DOUBLE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isDouble(v: string): boolean {
  return DOUBLE.test(v);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?)?$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

function isDate(v: string): boolean {
  const m = DATE.exec(v);
  return m !== null && validDate(+m[1], +m[2], +m[3]);
}

/** YYYY-MM-DD HH:MM:SS[.fff], with a space or T; a plain date also casts to TIMESTAMP. */
function isTimestamp(v: string): boolean {
  const m = TIMESTAMP.exec(v);
  if (m === null || !validDate(+m[1], +m[2], +m[3])) return false;
  if (m[4] === undefined) return true;
  return +m[4] <= 23 && +m[5] <= 59 && +m[6] <= 59;
}
