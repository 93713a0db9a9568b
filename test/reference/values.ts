// Cells, their string form and the two comparisons built on it: a row passing the rules of
// its table (§P4, §P6, §P7) and two cells being equal for a join or relationship (§P9, §P10).
import type { ColumnType } from '../../model/types.js';

/** One value of a data row. null is SQL NULL. */
export type Cell = string | bigint | number | boolean | null;

/** The rows of one physical data file, in file order: row i has ordinal i. */
export interface TableRows {
  columns: { name: string; type: ColumnType }[];
  rows: Cell[][];
}

/**
 * §P4 rules of one set of principals: table (alias or object type) → column → allowed values.
 * A column present with an empty set allows nothing (a rule with an empty value list).
 */
export type RuleSet = Map<string, Map<string, Set<string>>>;

/**
 * §P6: the value as DuckDB's CAST(x AS VARCHAR) writes it, or null for NULL.
 * VARCHAR as is; BIGINT in decimal digits; BOOLEAN 'true'/'false'; DOUBLE as JavaScript
 * writes it, with '.0' after an integral value (1000 → '1000.0').
 */
export function stringForm(cell: Cell): string | null {
  if (cell === null) return null;
  switch (typeof cell) {
    case 'string':
      return cell;
    case 'bigint':
      return String(cell);
    case 'boolean':
      return cell ? 'true' : 'false';
    case 'number': {
      const s = String(cell);
      return Number.isInteger(cell) && !/[eE]/.test(s) ? `${s}.0` : s;
    }
  }
}

/** The value of `column` in `row` of a table; NULL when the file has no such column. */
export function cellAt(data: TableRows | undefined, row: number, column: string): Cell {
  if (!data) return null;
  const i = data.columns.findIndex((c) => c.name === column);
  return i < 0 ? null : (data.rows[row][i] ?? null);
}

/**
 * §P4, §P6, §P7: a row passes the rules on its table iff, for every ruled column, the cell
 * is not NULL and its string form is one of that column's allowed values (exact,
 * case-sensitive). Different columns AND; values of one column OR.
 */
export function passesRules(data: TableRows | undefined, row: number, rules: Map<string, Set<string>>): boolean {
  for (const [column, allowed] of rules) {
    const text = stringForm(cellAt(data, row, column));
    if (text === null || !allowed.has(text)) return false;
  }
  return true;
}

/** §P9, §P10: two cells are equal for a join iff both are non-NULL and their string forms are equal. */
export function joinEqual(a: Cell, b: Cell): boolean {
  const sa = stringForm(a);
  const sb = stringForm(b);
  return sa !== null && sb !== null && sa === sb;
}

/**
 * The join key of a row over several columns: their string forms as one string, or null if
 * any is NULL. Two rows are partners across a (composite) join iff their keys are non-null
 * and equal: every column pair is join-equal.
 */
export function joinKey(data: TableRows | undefined, row: number, columns: string[]): string | null {
  const parts: string[] = [];
  for (const c of columns) {
    const text = stringForm(cellAt(data, row, c));
    if (text === null) return null;
    parts.push(text);
  }
  return JSON.stringify(parts);
}

/** 0 … n-1: every row of a table. */
export function allRows(data: TableRows | undefined): Set<number> {
  return new Set(Array.from({ length: data?.rows.length ?? 0 }, (_, i) => i));
}
