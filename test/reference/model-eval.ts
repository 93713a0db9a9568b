// Data models: the join forest (§M1) and the propagation of rules along it (§P9).
import type { DataModel } from '../../model/types.js';
import { hasColumn, type AnalysisTable } from './analysis.js';
import { allRows, joinKey, passesRules, type RuleSet } from './values.js';

/** A join between two aliases as an edge: every column pair must be equal (a composite join). */
interface Edge {
  a: string;
  b: string;
  /** [column of a, column of b] */
  pairs: [string, string][];
}

/** §M1: the spanning forest of a model's joins, and its components (trees). */
export interface JoinForest {
  /** alias → its tree edges. */
  edges: Map<string, Edge[]>;
  /** alias → component number. */
  component: Map<string, number>;
}

/**
 * §M1: joins naming an unknown alias are ignored, and so are self-joins; a join naming an
 * unknown column connects but never matches (§F1). Joins between the same unordered pair of aliases merge into one
 * composite edge. Taking pairs in the order of their first join, a pair whose aliases are
 * already connected would close a cycle and is dropped.
 */
export function joinForest(model: DataModel, tables: Map<string, AnalysisTable>): JoinForest {
  const merged: Edge[] = [];
  for (const join of model.joins) {
    const p = join.parent;
    const c = join.child;
    if (p.table.name === c.table.name) continue; // self-join
    if (!tables.has(p.table.name) || !tables.has(c.table.name)) continue;
    // §F1: a join naming a column the table lacks still connects the two tables, but its
    // missing column reads as NULL, so it never matches: a filter cannot leak around it.
    const existing = merged.find((e) => (e.a === p.table.name && e.b === c.table.name) || (e.a === c.table.name && e.b === p.table.name));
    if (!existing) merged.push({ a: p.table.name, b: c.table.name, pairs: [[p.column.name, c.column.name]] });
    else if (existing.a === p.table.name) existing.pairs.push([p.column.name, c.column.name]);
    else existing.pairs.push([c.column.name, p.column.name]);
  }

  // Union-find: keep an edge only if it connects two trees.
  const root = new Map<string, string>([...tables.keys()].map((a) => [a, a]));
  const find = (x: string): string => (root.get(x) === x ? x : find(root.get(x)!));
  const edges = new Map<string, Edge[]>([...tables.keys()].map((a) => [a, []]));
  for (const e of merged) {
    const ra = find(e.a);
    const rb = find(e.b);
    if (ra === rb) continue; // cycle
    root.set(ra, rb);
    edges.get(e.a)!.push(e);
    edges.get(e.b)!.push(e);
  }
  const componentIds = new Map<string, number>();
  const component = new Map<string, number>();
  for (const alias of tables.keys()) {
    const r = find(alias);
    if (!componentIds.has(r)) componentIds.set(r, componentIds.size);
    component.set(alias, componentIds.get(r)!);
  }
  return { edges, component };
}

/** The unique tree path from one alias to another (both in one component), ends included. */
function treePath(forest: JoinForest, from: string, to: string): string[] {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const x = queue.shift()!;
    for (const e of forest.edges.get(x)!) {
      const y = e.a === x ? e.b : e.a;
      if (previous.has(y)) continue;
      previous.set(y, x);
      queue.push(y);
    }
  }
  const path: string[] = [];
  for (let x: string | null = to; x !== null; x = previous.get(x)!) path.unshift(x);
  return path;
}

/** The columns of X and of Y that the tree edge between them compares, in matching order. */
function edgeColumns(forest: JoinForest, X: string, Y: string): { x: string[]; y: string[] } {
  const edge = forest.edges.get(X)!.find((e) => (e.a === X && e.b === Y) || (e.a === Y && e.b === X))!;
  const [xi, yi] = edge.a === X ? [0, 1] : [1, 0];
  return { x: edge.pairs.map((p) => p[xi]), y: edge.pairs.map((p) => p[yi]) };
}

/**
 * §P9: the rows of T reached from the rows of R that pass R's rules, walking the tree path
 * R → … → T: at each step, the rows of the next table with a join partner among the rows
 * reached so far (equal, non-NULL join keys). Rows without a partner on the path are dropped.
 */
function propagate(forest: JoinForest, tables: Map<string, AnalysisTable>, R: string, T: string, rules: Map<string, Set<string>>): Set<number> {
  const rData = tables.get(R)!.data;
  let reached = new Set([...allRows(rData)].filter((r) => passesRules(rData, r, rules)));
  const path = treePath(forest, R, T);
  for (let i = 1; i < path.length; i++) {
    const from = tables.get(path[i - 1])!.data;
    const to = tables.get(path[i])!.data;
    const columns = edgeColumns(forest, path[i - 1], path[i]);
    // §F1: a join column the table does not show (unknown, or not synchronized) reads as NULL.
    const shown = (alias: string, cols: string[]) => cols.every((c) => hasColumn(tables.get(alias), c));
    if (!shown(path[i - 1], columns.x) || !shown(path[i], columns.y)) {
      reached = new Set();
      continue;
    }
    const keysReached = new Set([...reached].map((x) => joinKey(from, x, columns.x)).filter((k) => k !== null));
    reached = new Set([...allRows(to)].filter((y) => {
      const key = joinKey(to, y, columns.y);
      return key !== null && keysReached.has(key);
    }));
  }
  return reached;
}

/**
 * §P9 Visible(T, S): if no table of T's component has rules in S, every row of T (components
 * without rules are not affected). Otherwise a row of T is visible iff, for every rule table
 * R of the component, it is reached from R's passing rows (each filter propagates on its
 * own; a row must survive all of them).
 */
export function visibleInModel(forest: JoinForest, tables: Map<string, AnalysisTable>, T: string, S: RuleSet): Set<number> {
  const ruleTables = [...tables.keys()].filter((R) => forest.component.get(R) === forest.component.get(T) && S.has(R));
  let visible = allRows(tables.get(T)!.data);
  for (const R of ruleTables) {
    const reached = propagate(forest, tables, R, T, S.get(R)!);
    visible = new Set([...visible].filter((r) => reached.has(r)));
  }
  return visible;
}
