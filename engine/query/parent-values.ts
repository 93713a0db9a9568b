// "Move this rule to the parent" (§P9): a rule only on a child table hides every parent row
// without a passing child. For a rule `Child.column in values`, this finds the child's parent
// in the model's join forest and the parent-side join values of the parents that keep at
// least one passing child, so the editor can offer `Parent.parentColumn in <those values>`.
import type { ModelAnalysis } from '../analysis/analysis.js';
import type { SqlSession } from '../duckdb/session.js';
import { asText, equal } from '../permissions/sql-parts.js';
import { withRuleFilter } from './column-values.js';
import { checkColumn, tableOf } from './page.js';

export interface ParentValues {
  parentTable: string;
  parentColumn: string;
  /** Distinct, as text (§P6), sorted. */
  values: string[];
}

/**
 * Undefined when the table has no parent, the join is composite (several column pairs) or
 * broken (§F1), or either side has no data. With several parents, the first declared join
 * that is part of the forest counts (a join that closes a cycle is not).
 */
export function parentValues(session: SqlSession, analysis: ModelAnalysis, childName: string, column: string, values: string[]): ParentValues | undefined {
  const child = tableOf(analysis, childName);
  checkColumn(child, column);
  const model = analysis.pool.models.find((m) => m.name === analysis.name);
  const edges = analysis.adjacent.get(child.name) ?? [];
  const join = model?.joins.find((j) => j.child.table.name === child.name && edges.some((e) => e.to === j.parent.table.name));
  if (!join) return undefined;
  const edge = edges.find((e) => e.to === join.parent.table.name)!;
  if (edge.pairs.length !== 1 || edge.pairs[0].broken) return undefined;
  const parent = tableOf(analysis, edge.to);
  const { left: childColumn, right: parentColumn } = edge.pairs[0];
  if (!child.source || !parent.source) return undefined;
  const text = asText('p', parentColumn, parent.columns.find((c) => c.name === parentColumn)?.type);
  const found = withRuleFilter(session, child, column, values, (filter) =>
    session.query(
      `SELECT DISTINCT ${text} AS v FROM ${parent.source!.relation} p ` +
        `WHERE EXISTS (SELECT 1 FROM ${child.source!.relation} c WHERE ${equal('c', child, childColumn, 'p', parent, parentColumn)} AND ${filter('c')}) ORDER BY v`,
    ),
  );
  return { parentTable: parent.name, parentColumn, values: [...found.getChild('v')!].map(String) };
}
