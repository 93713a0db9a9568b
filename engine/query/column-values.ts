// What the editor asks about one column while a rule is being written: its most frequent
// values (completion, hover) and how many rows a candidate rule `table.column in values`
// keeps. Values are the column's text as §P6 compares them; the rule's values reach DuckDB
// as an Arrow table through the permission compiler's own filter, never as SQL text.
import type { Analysis, AnalysisTable } from '../analysis/analysis.js';
import type { SqlSession } from '../duckdb/session.js';
import type { RuleSet } from '../permissions/effective.js';
import { asText } from '../permissions/sql-parts.js';
import { ValuesTable } from '../permissions/values-table.js';
import { ruleFilter } from '../permissions/visibility.js';
import { WorkArea } from '../permissions/work-area.js';
import { checkColumn, tableOf } from './page.js';

export interface ValueCount {
  /** The cell as text (§P6); null is a NULL cell. */
  value: string | null;
  count: number;
}

export interface ValueOptions {
  /** Only values starting with this text (case-sensitive, like §P6); NULL then never matches. */
  prefix?: string;
  limit: number;
}

/** The most frequent values of a column, most frequent first, ties by value (NULL last). */
export function columnValues(session: SqlSession, analysis: Analysis, tableName: string, column: string, options: ValueOptions): ValueCount[] {
  const t = tableOf(analysis, tableName);
  checkColumn(t, column);
  if (!t.source) return [];
  const text = asText('t0', column, t.columns.find((c) => c.name === column)?.type);
  const byPrefix = options.prefix !== undefined;
  const rows = session.query(
    `SELECT v, count(*) AS n FROM (SELECT ${text} AS v FROM ${t.source.relation} t0) ` +
      `${byPrefix ? 'WHERE starts_with(v, ?) ' : ''}GROUP BY v ORDER BY n DESC, v ASC NULLS LAST LIMIT CAST(? AS BIGINT)`,
    [...(byPrefix ? [options.prefix!] : []), Math.max(0, Math.floor(options.limit))],
  );
  const values = rows.getChild('v')!;
  const counts = rows.getChild('n')!;
  return Array.from({ length: rows.numRows }, (_, i) => ({ value: values.get(i) as string | null, count: Number(counts.get(i)) }));
}

/** The rows of `table` a rule `table.column in values` keeps on that table itself (§P4, §P6, §P7). */
export function ruleKeeps(session: SqlSession, analysis: Analysis, tableName: string, column: string, values: string[]): { kept: number; total: number } {
  const t = tableOf(analysis, tableName);
  checkColumn(t, column);
  if (!t.source) return { kept: 0, total: 0 };
  const kept = withRuleFilter(session, t, column, values, (filter) => session.scalarNumber(`SELECT count(*) FROM ${t.source!.relation} t0 WHERE ${filter('t0')}`));
  return { kept, total: t.source.total };
}

/**
 * Runs `use` with the compiler's filter for the one rule `table.column in values` (alias →
 * SQL), its values inserted as an Arrow table that is dropped afterwards.
 */
export function withRuleFilter<T>(session: SqlSession, table: AnalysisTable, column: string, values: string[], use: (filter: (alias: string) => string) => T): T {
  const rules: RuleSet = new Map([[table.name, new Map([[column, { table: table.name, column, values: new Map(values.map((v) => [v, []])) }]])]]);
  const work = new WorkArea(session);
  try {
    const valuesTable = new ValuesTable(work);
    const filter = (alias: string) => ruleFilter(table, rules, valuesTable, alias);
    filter('t0'); // assigns the rule its id before the values are inserted
    valuesTable.insert(session);
    return use(filter);
  } finally {
    work.dispose();
  }
}
