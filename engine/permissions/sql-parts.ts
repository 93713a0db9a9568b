// Small SQL fragments shared by the permission compiler, explain and diff. Only identifiers
// (quoted) and engine-generated numbers appear here; values never do.
import type { ColumnType } from '../../model/types.js';
import { ident } from '../duckdb/quote.js';
import type { AnalysisTable } from '../analysis/analysis.js';

/** §P6: a value compared as a string is the column cast to VARCHAR. */
export function asText(alias: string, column: string, type: ColumnType | undefined): string {
  const col = `${alias}.${ident(column)}`;
  return type === 'VARCHAR' ? col : `CAST(${col} AS VARCHAR)`;
}

export function typeOf(table: AnalysisTable, column: string): ColumnType | undefined {
  return table.columns.find((c) => c.name === column)?.type;
}

/** Join equality: NULL never matches; columns of different types compare as text; a broken pair never matches (§F1). */
export function equal(leftAlias: string, left: AnalysisTable, leftColumn: string, rightAlias: string, right: AnalysisTable, rightColumn: string, broken = false): string {
  if (broken) return 'FALSE';
  const lt = typeOf(left, leftColumn);
  const rt = typeOf(right, rightColumn);
  if (lt === rt) return `${leftAlias}.${ident(leftColumn)} = ${rightAlias}.${ident(rightColumn)}`;
  return `${asText(leftAlias, leftColumn, lt)} = ${asText(rightAlias, rightColumn, rt)}`;
}
