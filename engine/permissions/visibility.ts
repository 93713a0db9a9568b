// The permission compiler: for one user, which rows of each table of a model or perspective
// are visible (§P1–§P10, §F1). Each table's answer is "all", "none" or a materialized table of
// row ids, computed once per user and reused by counts, pages, explain and diff.
//
// SQL shape (model, §P9): a table T in a component whose rule tables are R1…Rk keeps a row
// when, for every Ri, a chain of join partners along the tree path T→Ri ends in a row of Ri
// that passes Ri's filter:
//   SELECT t0.__sl_row FROM T t0
//   WHERE EXISTS (SELECT 1 FROM X a1 WHERE a1.k = t0.k
//                 AND EXISTS (SELECT 1 FROM Ri a2 WHERE a2.j = a1.j AND <filter of Ri on a2>))
//     AND …                                    -- one EXISTS chain per rule table
// A filter is `CAST(col AS VARCHAR) IN (SELECT value FROM <values> WHERE rule = n)` per ruled
// column, ANDed (§P4, §P6); NULL never matches (§P7).
import { ROW_ID } from '../catalog/row-id.js';
import { treePath, type Analysis, type AnalysisTable, type ModelAnalysis, type PerspectiveAnalysis, type Relation } from '../analysis/analysis.js';
import type { EffectivePermissions, RuleSet } from './effective.js';
import { ident } from '../duckdb/quote.js';
import { asText, equal } from './sql-parts.js';
import { ValuesTable } from './values-table.js';
import type { WorkArea } from './work-area.js';

/** A table's visible rows: all, none, or the row ids in `relation` (`rows` of them, counted when materialized). */
export type VisibleSet = { kind: 'all' } | { kind: 'none' } | { kind: 'rows'; relation: string; rows?: number };

const ALL: VisibleSet = { kind: 'all' };
const NONE: VisibleSet = { kind: 'none' };

export function computeVisibility(work: WorkArea, analysis: Analysis, perms: EffectivePermissions): Map<string, VisibleSet> {
  const every = (set: VisibleSet) => new Map(analysis.tables.map((t) => [t.name, set]));
  if (!perms.switchOn || perms.unlimited.length > 0) return every(ALL); // §P1 switch off, §P3
  if (!perms.applicable) return every(NONE); // §P1 default deny, §F1
  const values = new ValuesTable(work);
  const ruleSets = perms.combine === 'by-column' ? [mergeRules(perms.principals.map((p) => p.rules))] : perms.principals.map((p) => p.rules);
  // Assign every rule its id first, then insert all values once, then build the tables.
  const plans = ruleSets.map((rules) => (analysis.kind === 'model' ? planModel(analysis, rules, values) : planPerspective(analysis, rules, values)));
  values.insert(work.session);
  const results = plans.map((plan) => plan(work).tables);
  return results.length === 1 ? results[0] : unite(work, analysis, results);
}

/** §P5 by-column: the allowed values of all principals, per (table, column). */
export function mergeRules(sets: RuleSet[]): RuleSet {
  const merged: RuleSet = new Map();
  for (const set of sets) {
    for (const [table, columns] of set) {
      const into = merged.get(table) ?? new Map();
      merged.set(table, into);
      for (const [column, rule] of columns) {
        const target = into.get(column) ?? { table, column, values: new Map() };
        into.set(column, target);
        for (const [v, sources] of rule.values) target.values.set(v, [...(target.values.get(v) ?? []), ...sources]);
      }
    }
  }
  return merged;
}

/** §P5 by-principal: a row is visible when any principal's rules show it. */
function unite(work: WorkArea, analysis: Analysis, results: Map<string, VisibleSet>[]): Map<string, VisibleSet> {
  const out = new Map<string, VisibleSet>();
  for (const t of analysis.tables) {
    const sets = results.map((r) => r.get(t.name)!);
    if (sets.some((s) => s.kind === 'all')) out.set(t.name, ALL);
    else {
      const rows = sets.filter((s): s is { kind: 'rows'; relation: string } => s.kind === 'rows');
      out.set(t.name, rows.length === 0 ? NONE : rows.length === 1 ? rows[0] : { kind: 'rows', ...work.materializeCounted('vis', rows.map((r) => `SELECT ${ROW_ID} FROM ${r.relation}`).join(' UNION ')) });
    }
  }
  return out;
}

/** The SQL filter of one table's rules on alias `alias` (§P4, §P6, §P7). */
export function ruleFilter(table: AnalysisTable, rules: RuleSet, values: ValuesTable, alias: string): string {
  const columns = rules.get(table.name);
  if (!columns || columns.size === 0) return 'TRUE';
  return [...columns.values()]
    .map((rule) => {
      const type = table.columns.find((c) => c.name === rule.column)?.type;
      return `${asText(alias, rule.column, type)} IN (SELECT value FROM ${values.relation} WHERE rule = ${values.idOf(rule)})`;
    })
    .join(' AND ');
}

/** A table with no reachable data is an empty relation of its declared columns. */
function relationOf(table: AnalysisTable): string | undefined {
  return table.source?.relation;
}

// ---------------------------------------------------------------- models (§P9)

/** The EXISTS chain from `fromAlias` (a row of `path[0].from`) to a passing row of the last table. */
export function pathPredicate(analysis: ModelAnalysis, from: string, to: string, fromAlias: string, filter: (alias: string) => string, depth = 1): string {
  const path = treePath(analysis, from, to)!;
  const tables = new Map(analysis.tables.map((t) => [t.name, t]));
  const step = (i: number, alias: string): string => {
    if (i === path.length) return filter(alias);
    const e = path[i];
    const next = `a${depth + i}`;
    const on = e.pairs.map((p) => equal(alias, tables.get(e.from)!, p.left, next, tables.get(e.to)!, p.right, p.broken)).join(' AND ');
    return `EXISTS (SELECT 1 FROM ${relationOf(tables.get(e.to)!)} ${next} WHERE ${on} AND ${step(i + 1, next)})`;
  };
  return step(0, fromAlias);
}

/** What one rule set shows; perspectives also keep each decided type's verdicts (for explain). */
export interface PlanResult {
  tables: Map<string, VisibleSet>;
  /** Perspectives: object type → table of its rows with a boolean __sl_v. */
  decisions?: Map<string, string>;
}

export type Plan = (work: WorkArea) => PlanResult;

export function planModel(analysis: ModelAnalysis, rules: RuleSet, values: ValuesTable): Plan {
  const ruled = analysis.tables.filter((t) => (rules.get(t.name)?.size ?? 0) > 0);
  const predicates = new Map<string, string | undefined>();
  for (const t of analysis.tables) {
    const comp = analysis.component.get(t.name);
    const targets = ruled.filter((r) => analysis.component.get(r.name) === comp);
    if (targets.length === 0) predicates.set(t.name, undefined); // components without rules are not affected
    else predicates.set(t.name, targets.map((r) => pathPredicate(analysis, t.name, r.name, 't0', (alias) => ruleFilter(r, rules, values, alias))).join(' AND '));
  }
  return (work) => {
    const out = new Map<string, VisibleSet>();
    for (const t of analysis.tables) {
      const predicate = predicates.get(t.name);
      const rel = relationOf(t);
      if (predicate === undefined) out.set(t.name, ALL);
      else if (!rel) out.set(t.name, NONE);
      else out.set(t.name, { kind: 'rows', ...work.materializeCounted('vis', `SELECT t0.${ROW_ID} FROM ${rel} t0 WHERE ${predicate}`) });
    }
    return { tables: out };
  };
}

// ---------------------------------------------------------------- perspectives (§P10)

/** Distance of each object type from the nearest ruled type, within groups that hold one. */
export function typeDistances(analysis: PerspectiveAnalysis, ruled: Set<string>): Map<string, number> {
  const dist = new Map<string, number>();
  const queue = [...ruled];
  for (const r of ruled) dist.set(r, 0);
  while (queue.length) {
    const at = queue.shift()!;
    for (const rel of analysis.relations) {
      const other = rel.a === at ? rel.b : rel.b === at ? rel.a : undefined;
      if (other !== undefined && !dist.has(other)) {
        dist.set(other, dist.get(at)! + 1);
        queue.push(other);
      }
    }
  }
  return dist;
}

/** The relationships between object types x and y, either way round. */
export function relationsBetween(analysis: PerspectiveAnalysis, x: string, y: string): Relation[] {
  return analysis.relations.filter((r) => (r.a === x && r.b === y) || (r.a === y && r.b === x));
}

/**
 * The condition that object `xAlias` of type X and object `yAlias` of type Y are related by
 * `rel`; undefined when the relationship is broken (§F1: it relates nothing).
 */
export function relationCondition(rel: Relation, X: AnalysisTable, xAlias: string, Y: AnalysisTable, yAlias: string): string | undefined {
  const xIsA = rel.a === X.name;
  if (rel.kind === 'column') {
    if (rel.pairs.some((p) => p.broken)) return undefined;
    return rel.pairs.map((p) => (xIsA ? equal(xAlias, X, p.left, yAlias, Y, p.right) : equal(xAlias, X, p.right, yAlias, Y, p.left))).join(' AND ');
  }
  const onX = equal('l', rel.link, xIsA ? rel.aColumn : rel.bColumn, xAlias, X, X.key!);
  const onY = equal('l', rel.link, xIsA ? rel.bColumn : rel.aColumn, yAlias, Y, Y.key!);
  return `EXISTS (SELECT 1 FROM ${rel.link.source!.relation} l WHERE ${onX} AND ${onY})`;
}

/**
 * SQL predicates, one per relationship: does object `alias` of type `x` have a related object
 * of type `y` (decided in table `decided`) that is visible, or hidden? A broken relationship
 * counts as a hidden related object and never as a visible one, so it can only hide (§F1).
 */
export function relatedPredicates(analysis: PerspectiveAnalysis, x: string, alias: string, y: string, decided: string, want: 'visible' | 'hidden'): string[] {
  const X = analysis.tables.find((t) => t.name === x)!;
  const Y = analysis.tables.find((t) => t.name === y)!;
  const verdict = want === 'visible' ? 'y.__sl_v' : 'NOT y.__sl_v';
  return relationsBetween(analysis, x, y).flatMap((rel) => {
    const on = relationCondition(rel, X, alias, Y, 'y');
    if (on === undefined) return want === 'hidden' ? ['TRUE'] : [];
    return [`EXISTS (SELECT 1 FROM ${decided} y WHERE ${on} AND ${verdict})`];
  });
}

export function planPerspective(analysis: PerspectiveAnalysis, rules: RuleSet, values: ValuesTable): Plan {
  const ruled = new Set(analysis.tables.filter((t) => (rules.get(t.name)?.size ?? 0) > 0).map((t) => t.name));
  const dist = typeDistances(analysis, ruled);
  const filters = new Map(analysis.tables.filter((t) => ruled.has(t.name)).map((t) => [t.name, ruleFilter(t, rules, values, 't0')]));
  // Per decided type, the columns that the conditions of types decided after it read from its
  // decision table (relationCondition on alias y); readLater: the types some later type relates to.
  const relationColumns = new Map(analysis.tables.map((t) => [t.name, new Set<string>()]));
  const readLater = new Set<string>();
  for (const y of analysis.tables) {
    const dy = dist.get(y.name);
    if (dy === undefined) continue;
    const cols = relationColumns.get(y.name)!;
    for (const x of analysis.tables) {
      const dx = dist.get(x.name);
      if (dx === undefined || dx <= dy) continue;
      for (const rel of relationsBetween(analysis, x.name, y.name)) {
        readLater.add(y.name);
        if (rel.kind === 'column' && rel.pairs.some((p) => p.broken)) continue; // relates nothing, reads no column
        if (rel.kind === 'link') {
          if (y.key) cols.add(y.key);
        } else {
          if (rel.a === y.name) for (const p of rel.pairs) cols.add(p.left);
          if (rel.b === y.name) for (const p of rel.pairs) cols.add(p.right);
        }
      }
    }
  }
  return (work) => {
    const out = new Map<string, VisibleSet>();
    const decisions = new Map<string, string>();
    const order = analysis.tables.filter((t) => dist.has(t.name)).sort((a, b) => dist.get(a.name)! - dist.get(b.name)!);
    for (const t of analysis.tables) if (!dist.has(t.name)) out.set(t.name, ALL); // groups without rules
    for (const t of order) {
      const d = dist.get(t.name)!;
      const rel = relationOf(t);
      let verdict: string;
      if (d === 0) verdict = filters.get(t.name)!;
      else {
        // Hidden when a related, already decided object is hidden and none is visible.
        // A type without data has no decision table; only broken relationships (which need none) reach it.
        const earlier = order.filter((y) => dist.get(y.name)! < d);
        const hidden = earlier.flatMap((y) => relatedPredicates(analysis, t.name, 't0', y.name, decisions.get(y.name) ?? '', 'hidden'));
        const visible = earlier.flatMap((y) => relatedPredicates(analysis, t.name, 't0', y.name, decisions.get(y.name) ?? '', 'visible'));
        verdict = hidden.length === 0 ? 'TRUE' : `NOT (${hidden.join(' OR ')})` + (visible.length ? ` OR ${visible.join(' OR ')}` : '');
      }
      if (!rel) {
        out.set(t.name, NONE);
        continue;
      }
      const columns = relationColumns.get(t.name)!;
      if (!readLater.has(t.name)) {
        // No type decided later relates to this one, so nothing (neither a later verdict nor
        // explain) reads its decisions: only the visible row ids are kept.
        out.set(t.name, { kind: 'rows', ...work.materializeCounted('vis', `SELECT t0.${ROW_ID} FROM ${rel} t0 WHERE COALESCE(${verdict}, FALSE)`) });
        continue;
      }
      // The verdicts with only the row id and the columns later relationship conditions read
      // (not t0.*: a copy of every column of a 10 M-object type per user exhausts WASM memory).
      const kept = [ROW_ID, ...[...columns].map((c) => ident(c))].map((c) => `t0.${c}`);
      const decided = work.materialize('dec', `SELECT ${kept.join(', ')}, COALESCE(${verdict}, FALSE) AS __sl_v FROM ${rel} t0`);
      decisions.set(t.name, decided);
      out.set(t.name, { kind: 'rows', ...work.materializeCounted('vis', `SELECT ${ROW_ID} FROM ${decided} WHERE __sl_v`) });
    }
    return { tables: out, decisions };
  };
}
