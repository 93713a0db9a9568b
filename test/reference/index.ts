// The reference evaluator: who sees which rows, computed the slow and obvious way over rows
// in memory, one function per section of the contract (docs/semantics.md and
// the pinned decisions in test/reference/README.md). It shares no code with engine/; the
// differential test compares the two.
import type { LockFile } from '../../model/lock.js';
import type { PermissionCsvResult } from '../../model/schema/permission-csv.js';
import type { WorkspaceModel } from '../../model/types.js';
import { WorkspaceIndex } from '../../model/workspace-index.js';
import { resolveAnalysis, type Analysis } from './analysis.js';
import { joinForest, visibleInModel } from './model-eval.js';
import { applyingPermissions, principalsOf, unionOfRules, userPermissions } from './permissions.js';
import { evaluatePerspective, objectGraph } from './perspective-eval.js';
import { allRows, type RuleSet, type TableRows } from './values.js';

export type { Cell, TableRows } from './values.js';
export { loadReferenceData, loadReferenceInput } from './load.js';

export interface ReferenceInput {
  model: WorkspaceModel;
  lock?: LockFile;
  /** Permission tables as readPermissionCsv read them, by absolute file path. */
  permissionTables: Map<string, PermissionCsvResult>;
  /** A physical data file (absolute path) → its rows; undefined = unloadable = zero rows. */
  data: (file: string) => TableRows | undefined;
}

/**
 * The rows `email` sees of every table of the target: alias (model) or object type
 * (perspective) → the ordinals (0-based, in file order) of its visible rows.
 */
export function referenceVisibleRows(input: ReferenceInput, target: { pool: string; name: string }, email: string): Map<string, Set<number>> {
  const index = new WorkspaceIndex(input.model, input.lock);
  const analysis = resolveAnalysis(index, input.data, target);
  const everything = () => new Map([...analysis.tables].map(([name, t]) => [name, allRows(t.data)]));
  const nothing = () => new Map([...analysis.tables.keys()].map((name) => [name, new Set<number>()]));

  // §P1: without the switch every user sees every row.
  const permissions = applyingPermissions(index, analysis);
  if (!permissions.switchOn) return everything();

  // §P2: the user and their groups; §P3: any unlimited path shows everything.
  const principals = principalsOf(index, analysis, email);
  const held = userPermissions(permissions, analysis, principals, input.permissionTables);
  if (held.unlimited) return everything();

  // §P1, §F1: nothing applicable (no valid rule) → default deny.
  if (held.rules.size === 0) return nothing();

  // §P5: by-column evaluates the union of all rules; by-principal ORs each principal's result.
  const evaluate = evaluator(index, input, analysis);
  if (permissions.combine === 'by-column') return evaluate(unionOfRules(held.rules));
  const result = nothing();
  for (const rules of held.rules.values()) {
    for (const [name, rows] of evaluate(rules)) for (const r of rows) result.get(name)!.add(r);
  }
  return result;
}

/** Visible rows of every table under one rule set: §P9 for models, §P10 for perspectives. */
function evaluator(index: WorkspaceIndex, input: ReferenceInput, analysis: Analysis): (S: RuleSet) => Map<string, Set<number>> {
  if (analysis.kind === 'model') {
    const forest = joinForest(analysis.model, analysis.tables);
    return (S) => new Map([...analysis.tables.keys()].map((T) => [T, visibleInModel(forest, analysis.tables, T, S)]));
  }
  const graph = objectGraph(index, input.data, analysis.pool, analysis.perspective, analysis.tables);
  return (S) => evaluatePerspective(graph, analysis.tables, S);
}
