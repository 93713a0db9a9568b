// §P9 quick fix: a rule only on a child table hides every parent row without a passing child
// (child-only-rule, and the row-counting parents-without-child). The fix replaces the rule
// with one on the parent's join column, listing the parent values of the child rows the rule
// keeps, so the same children stay visible and their parents with them. Only the engine
// knows those values: without it, or when it cannot answer, nothing is offered. Rules that
// come from permission-table rows (the diagnostic sits in a CSV) are left alone.
import type { Diagnostic, PermissionSet, Position, Rule } from '../../../model/types.js';
import { analysisOf } from '../analysis-ref.js';
import type { CodeAction } from '../results.js';
import type { FixContext } from './context.js';
import { columnName, quoteString } from './text.js';

export async function moveRuleToParent(ctx: FixContext, d: Diagnostic): Promise<CodeAction[]> {
  if (!ctx.engine) return [];
  const found = ruleAt(ctx.snapshot.model.permissions, d.range.file, d.range.start);
  if (!found) return [];
  const { set, rule } = found;
  const ref = analysisOf(ctx.snapshot, set);
  if (!ref) return [];
  let moved: Awaited<ReturnType<NonNullable<FixContext['engine']>['parentValues']>>;
  try {
    moved = await ctx.engine.parentValues(ref, rule.table.name, rule.column.name, rule.values.map((v) => v.name));
  } catch {
    return [];
  }
  // A rule that keeps no child row moves to an empty list, which empty-value-list would flag.
  if (!moved || moved.values.length === 0) return [];
  const newText = `${moved.parentTable}.${columnName(moved.parentColumn)} in ${moved.values.map(quoteString).join(', ')}`;
  const count = moved.values.length === 1 ? '1 value' : `${moved.values.length} values`;
  return [
    {
      title: `Move the rule to the parent: ${moved.parentTable}.${moved.parentColumn} in ${count} (the parents of the ${rule.table.name} rows it keeps)`,
      kind: 'quickfix',
      fixes: [d.code],
      isPreferred: true,
      change: { edits: [{ range: rule.range, newText }] },
    },
  ];
}

/** The manual rule whose table or column reference holds `pos`. */
function ruleAt(sets: PermissionSet[], file: string, pos: Position): { set: PermissionSet; rule: Rule } | undefined {
  const within = (r: Rule['range']) =>
    (pos.line > r.start.line || (pos.line === r.start.line && pos.column >= r.start.column)) && (pos.line < r.end.line || (pos.line === r.end.line && pos.column <= r.end.column));
  for (const set of sets) {
    if (set.range.file !== file) continue;
    for (const block of set.principals) {
      for (const rule of block.rules) if (within(rule.table.range) || within(rule.column.range)) return { set, rule };
    }
  }
  return undefined;
}
