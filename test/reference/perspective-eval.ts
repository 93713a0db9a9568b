// Perspectives: object types, relationships and groups (§M2), and how rules decide objects
// in order of their type's distance from the nearest ruled type (§P10).
import type { Perspective, Pool } from '../../model/types.js';
import type { WorkspaceIndex } from '../../model/workspace-index.js';
import { hasColumn, resolveTableRows, type AnalysisTable } from './analysis.js';
import { allRows, cellAt, passesRules, stringForm, type RuleSet, type TableRows } from './values.js';

/** A relationship between two distinct object types, as the set of related object pairs. */
interface Relation {
  a: string;
  b: string;
  /** Object (row) x of type a → the objects (rows) y of type b related to it. */
  pairs: Map<number, Set<number>>;
  /** §F1: names something unknown; relates nothing, yet counts as a hidden related object. */
  broken?: boolean;
}

/** The pairs (x, y) with keyA(x) === keyB(y), both non-null: a hash join on string keys. */
function pairsByKey(aRows: Set<number>, keyA: (x: number) => string | null, bRows: Set<number>, keyB: (y: number) => string | null): Map<number, Set<number>> {
  const byKey = new Map<string, number[]>();
  for (const y of bRows) {
    const k = keyB(y);
    if (k !== null) byKey.set(k, [...(byKey.get(k) ?? []), y]);
  }
  const pairs = new Map<number, Set<number>>();
  for (const x of aRows) {
    const k = keyA(x);
    pairs.set(x, new Set(k === null ? [] : (byKey.get(k) ?? [])));
  }
  return pairs;
}

export interface ObjectGraph {
  relations: Relation[];
  /** type → group number (connected components of the type graph). */
  group: Map<string, number>;
}

/**
 * §M2: the valid relationships and the groups. `relate A.c1 -> B.c2`: a ~ b iff a.c1 and
 * b.c2 are join-equal. `relate A <-> B via Conn.T (ca, cb)`: a ~ b iff some row l of T has
 * l.ca join-equal to a's key and l.cb join-equal to b's key. Relationships naming unknown
 * types, and those of a type with itself, are ignored; one naming an unknown column (the key
 * columns included) or link table is kept as broken (§F1): it relates nothing but counts as a
 * hidden related object, so it can only hide.
 */
export function objectGraph(
  index: WorkspaceIndex,
  data: (file: string) => TableRows | undefined,
  pool: Pool,
  perspective: Perspective,
  types: Map<string, AnalysisTable>,
): ObjectGraph {
  const keyOf = new Map(perspective.objects.filter((o, i, all) => all.findIndex((p) => p.name === o.name) === i).map((o) => [o.name, o.key.name]));
  const relations: Relation[] = [];
  for (const r of perspective.relationships) {
    if (r.kind === 'column') {
      const [A, B] = [r.from.table.name, r.to.table.name];
      const [ca, cb] = [r.from.column.name, r.to.column.name];
      if (A === B || !types.has(A) || !types.has(B)) continue;
      if (!hasColumn(types.get(A), ca) || !hasColumn(types.get(B), cb)) {
        relations.push({ a: A, b: B, pairs: new Map(), broken: true });
        continue;
      }
      const aData = types.get(A)!.data;
      const bData = types.get(B)!.data;
      // a ~ b iff a.ca and b.cb are join-equal (non-NULL, equal string forms).
      relations.push({ a: A, b: B, pairs: pairsByKey(allRows(aData), (x) => stringForm(cellAt(aData, x, ca)), allRows(bData), (y) => stringForm(cellAt(bData, y, cb))) });
    } else {
      const [A, B] = [r.fromType.name, r.toType.name];
      if (A === B || !types.has(A) || !types.has(B)) continue;
      const [ka, kb] = [keyOf.get(A)!, keyOf.get(B)!];
      const link = resolveTableRows(index, data, pool, r.connection.name, r.table.name);
      const [la, lb] = [r.fromColumn.name, r.toColumn.name];
      if (!hasColumn(types.get(A), ka) || !hasColumn(types.get(B), kb) || !hasColumn(link, la) || !hasColumn(link, lb)) {
        relations.push({ a: A, b: B, pairs: new Map(), broken: true });
        continue;
      }
      const aData = types.get(A)!.data;
      const bData = types.get(B)!.data;
      // a ~ b iff some link row l has l.la join-equal to a's key and l.lb join-equal to b's key:
      // a → its link rows → their b objects.
      const aToLink = pairsByKey(allRows(aData), (x) => stringForm(cellAt(aData, x, ka)), allRows(link.data), (l) => stringForm(cellAt(link.data, l, la)));
      const linkToB = pairsByKey(allRows(link.data), (l) => stringForm(cellAt(link.data, l, lb)), allRows(bData), (y) => stringForm(cellAt(bData, y, kb)));
      const pairs = new Map([...aToLink].map(([x, links]) => [x, new Set([...links].flatMap((l) => [...linkToB.get(l)!]))]));
      relations.push({ a: A, b: B, pairs });
    }
  }

  // Groups: connected components of the type graph.
  const group = new Map<string, number>();
  for (const start of types.keys()) {
    if (group.has(start)) continue;
    const id = new Set(group.values()).size;
    const queue = [start];
    group.set(start, id);
    while (queue.length > 0) {
      const x = queue.shift()!;
      for (const y of neighbours(relations, x)) {
        if (!group.has(y)) {
          group.set(y, id);
          queue.push(y);
        }
      }
    }
  }
  return { relations, group };
}

function neighbours(relations: Relation[], type: string): string[] {
  return relations.flatMap((r) => (r.a === type ? [r.b] : r.b === type ? [r.a] : []));
}

/** The objects of type Y related to object x of type X, through any relationship between them (either direction). */
function relatedObjects(graph: ObjectGraph, X: string, x: number, Y: string): Set<number> {
  const out = new Set<number>();
  for (const r of graph.relations) {
    if (r.a === X && r.b === Y) for (const y of r.pairs.get(x) ?? []) out.add(y);
    if (r.a === Y && r.b === X) for (const [y, xs] of r.pairs) if (xs.has(x)) out.add(y);
  }
  return out;
}

/**
 * §P10 Evaluate(S), for every object type: visible object rows.
 * - An object of a ruled type is visible iff it passes its rules (§P4, rules AND).
 * - In a group with a ruled type, dist(X) is the distance in relationships from X to the
 *   nearest ruled type. For d = 1, 2, …, an object x of a type at distance d is hidden iff
 *   at least one object related to x of a type at a smaller distance is hidden and none of
 *   those is visible; otherwise (also with no such object) it is visible. Types at the same
 *   distance do not decide each other.
 * - Groups without ruled types: every object visible.
 */
export function evaluatePerspective(graph: ObjectGraph, types: Map<string, AnalysisTable>, S: RuleSet): Map<string, Set<number>> {
  const visible = new Map<string, Set<number>>();
  const groups = new Set(graph.group.values());
  for (const g of groups) {
    const members = [...types.keys()].filter((t) => graph.group.get(t) === g);
    const ruled = members.filter((t) => S.has(t));
    if (ruled.length === 0) {
      for (const t of members) visible.set(t, allRows(types.get(t)!.data));
      continue;
    }

    // Multi-source BFS from the ruled types.
    const dist = new Map<string, number>(ruled.map((t) => [t, 0]));
    const queue = [...ruled];
    while (queue.length > 0) {
      const x = queue.shift()!;
      for (const y of neighbours(graph.relations, x)) {
        if (!dist.has(y)) {
          dist.set(y, dist.get(x)! + 1);
          queue.push(y);
        }
      }
    }

    // Distance 0: decided by their own rules.
    for (const t of ruled) {
      const data = types.get(t)!.data;
      visible.set(t, new Set([...allRows(data)].filter((r) => passesRules(data, r, S.get(t)!))));
    }
    // Distance 1, 2, …: decided by already decided related objects.
    const maxDist = Math.max(...members.map((t) => dist.get(t)!));
    for (let d = 1; d <= maxDist; d++) {
      for (const X of members.filter((t) => dist.get(t) === d)) {
        const decidedTypes = neighbours(graph.relations, X).filter((Y, i, all) => all.indexOf(Y) === i && dist.get(Y)! < d);
        const shown = new Set<number>();
        for (const x of allRows(types.get(X)!.data)) {
          let anyHidden = false;
          let anyVisible = false;
          for (const Y of decidedTypes) {
            // §F1: a broken relationship to a decided type counts as a hidden related object.
            if (graph.relations.some((r) => r.broken && ((r.a === X && r.b === Y) || (r.a === Y && r.b === X)))) anyHidden = true;
            for (const y of relatedObjects(graph, X, x, Y)) {
              if (visible.get(Y)!.has(y)) anyVisible = true;
              else anyHidden = true;
            }
          }
          if (!(anyHidden && !anyVisible)) shown.add(x);
        }
        visible.set(X, shown);
      }
    }
  }
  return visible;
}
