// A model or perspective resolved against the catalog: its tables (aliases or object types)
// with their relations and columns, and the graph that permissions propagate along —
// the join forest of a model (§M1, §P9) or the relationship graph of a perspective (§M2, §P10).
// Joins and relationships that name something unknown are left out here (the checker
// reports them); what is left is all the permission compiler ever sees.
import type { Column, DataModel, Perspective, Pool } from '../../model/types.js';
import type { WorkspaceIndex } from '../../model/workspace-index.js';
import type { Catalog, CatalogTable } from '../catalog/catalog.js';

export interface AnalysisTable {
  /** The alias (model) or object type (perspective): what rules and users name. */
  name: string;
  /** The table's own name in its connection (what `by name` permission tables write). */
  realName: string;
  columns: Column[];
  /** Absent when the table cannot be reached (unknown connection, broken import). */
  source?: CatalogTable;
  /** Perspectives: the object type's key column. */
  key?: string;
}

/** Column pairs that must be equal: a join (parent ↔ child) or a column relationship. */
export interface ColumnPair {
  left: string;
  right: string;
  /** §F1: a join or relationship naming a column the table lacks never matches (it still connects). */
  broken?: boolean;
}

/** An edge of the join forest, oriented from `from` to `to` for walking a path. */
export interface Edge {
  from: string;
  to: string;
  pairs: ColumnPair[];
}

export interface ModelAnalysis {
  kind: 'model';
  pool: Pool;
  name: string;
  tables: AnalysisTable[];
  /** Adjacency of the join forest (both directions). */
  adjacent: Map<string, Edge[]>;
  /** Component number of each table. */
  component: Map<string, number>;
}

/** A relationship between two object types, symmetric for deciding (§P10). */
export type Relation =
  | { kind: 'column'; a: string; b: string; pairs: ColumnPair[] }
  | { kind: 'link'; a: string; b: string; link: AnalysisTable; aColumn: string; bColumn: string };

export interface PerspectiveAnalysis {
  kind: 'perspective';
  pool: Pool;
  name: string;
  tables: AnalysisTable[];
  relations: Relation[];
  /** Connected group of each object type. */
  component: Map<string, number>;
}

export type Analysis = ModelAnalysis | PerspectiveAnalysis;

export function resolveAnalysis(index: WorkspaceIndex, catalog: Catalog, pool: Pool, target: DataModel | Perspective, kind: 'model' | 'perspective'): Analysis {
  return kind === 'model' ? resolveModel(index, catalog, pool, target as DataModel) : resolvePerspective(index, catalog, pool, target as Perspective);
}

function resolveTable(index: WorkspaceIndex, catalog: Catalog, pool: Pool, name: string, connection: string, table: string, key?: string): AnalysisTable {
  const found = index.resolveTable(pool, connection, table);
  const source = found.ok ? catalog.lookup(pool.id, connection, table) : undefined;
  return { name, realName: table, columns: source?.columns ?? [], source, key };
}

const hasColumn = (t: AnalysisTable | undefined, column: string) => !!t?.columns.some((c) => c.name === column);

function resolveModel(index: WorkspaceIndex, catalog: Catalog, pool: Pool, model: DataModel): ModelAnalysis {
  const tables: AnalysisTable[] = [];
  for (const mt of model.tables) {
    if (tables.some((t) => t.name === mt.alias)) continue; // a duplicate alias: the first counts
    tables.push(resolveTable(index, catalog, pool, mt.alias, mt.connection.name, mt.table.name));
  }
  const byName = new Map(tables.map((t) => [t.name, t]));

  // Joins between the same two tables form one composite join; in declaration order, a join
  // that would close a cycle is dropped (the checker reports join-cycle), leaving a forest.
  const pairsOf = new Map<string, { a: string; b: string; pairs: ColumnPair[] }>();
  for (const j of model.joins) {
    const a = j.parent.table.name;
    const b = j.child.table.name;
    if (a === b || !byName.has(a) || !byName.has(b)) continue;
    // §F1: a join whose column cannot be found still ties the two tables together but matches
    // no row, so a filter can never leak across it by splitting the component.
    const broken = !hasColumn(byName.get(a), j.parent.column.name) || !hasColumn(byName.get(b), j.child.column.name);
    const k = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    const entry = pairsOf.get(k) ?? { a, b, pairs: [] };
    entry.pairs.push(entry.a === a ? { left: j.parent.column.name, right: j.child.column.name, broken } : { left: j.child.column.name, right: j.parent.column.name, broken });
    pairsOf.set(k, entry);
  }
  const parent = new Map(tables.map((t) => [t.name, t.name]));
  const find = (x: string): string => (parent.get(x) === x ? x : find(parent.get(x)!));
  const adjacent = new Map<string, Edge[]>(tables.map((t) => [t.name, []]));
  for (const { a, b, pairs } of pairsOf.values()) {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) continue;
    parent.set(ra, rb);
    adjacent.get(a)!.push({ from: a, to: b, pairs });
    adjacent.get(b)!.push({ from: b, to: a, pairs: pairs.map((p) => ({ left: p.right, right: p.left, broken: p.broken })) });
  }
  return { kind: 'model', pool, name: model.name, tables, adjacent, component: components(tables, (t) => adjacent.get(t)!.map((e) => e.to)) };
}

function resolvePerspective(index: WorkspaceIndex, catalog: Catalog, pool: Pool, perspective: Perspective): PerspectiveAnalysis {
  const tables: AnalysisTable[] = [];
  for (const o of perspective.objects) {
    if (tables.some((t) => t.name === o.name)) continue;
    tables.push(resolveTable(index, catalog, pool, o.name, o.connection.name, o.table.name, o.key.name));
  }
  const byName = new Map(tables.map((t) => [t.name, t]));
  const relations: Relation[] = [];
  for (const r of perspective.relationships) {
    if (r.kind === 'column') {
      const a = r.from.table.name;
      const b = r.to.table.name;
      if (a === b || !byName.has(a) || !byName.has(b)) continue;
      const broken = !hasColumn(byName.get(a), r.from.column.name) || !hasColumn(byName.get(b), r.to.column.name);
      relations.push({ kind: 'column', a, b, pairs: [{ left: r.from.column.name, right: r.to.column.name, broken }] });
    } else {
      const a = byName.get(r.fromType.name);
      const b = byName.get(r.toType.name);
      if (!a || !b || a === b) continue;
      const link = resolveTable(index, catalog, pool, `${r.connection.name}.${r.table.name}`, r.connection.name, r.table.name);
      const broken = !a.key || !b.key || !hasColumn(a, a.key) || !hasColumn(b, b.key) || !link.source || !hasColumn(link, r.fromColumn.name) || !hasColumn(link, r.toColumn.name);
      if (broken) relations.push({ kind: 'column', a: a.name, b: b.name, pairs: [{ left: a.key ?? '', right: b.key ?? '', broken }] });
      else relations.push({ kind: 'link', a: a.name, b: b.name, link, aColumn: r.fromColumn.name, bColumn: r.toColumn.name });
    }
  }
  const neighbours = (t: string) => relations.flatMap((r) => (r.a === t ? [r.b] : r.b === t ? [r.a] : []));
  return { kind: 'perspective', pool, name: perspective.name, tables, relations, component: components(tables, neighbours) };
}

function components(tables: AnalysisTable[], neighbours: (t: string) => string[]): Map<string, number> {
  const component = new Map<string, number>();
  let n = 0;
  for (const t of tables) {
    if (component.has(t.name)) continue;
    const queue = [t.name];
    component.set(t.name, n);
    while (queue.length) for (const next of neighbours(queue.shift()!)) if (!component.has(next)) component.set(next, n), queue.push(next);
    n++;
  }
  return component;
}

/** The tree path from `from` to `to` in a model's join forest (edges in walking order). */
export function treePath(analysis: ModelAnalysis, from: string, to: string): Edge[] | undefined {
  if (from === to) return [];
  const cameBy = new Map<string, Edge>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length) {
    const at = queue.shift()!;
    for (const e of analysis.adjacent.get(at) ?? []) {
      if (seen.has(e.to)) continue;
      seen.add(e.to);
      cameBy.set(e.to, e);
      if (e.to === to) {
        const path: Edge[] = [];
        for (let x = to; x !== from; x = cameBy.get(x)!.from) path.unshift(cameBy.get(x)!);
        return path;
      }
      queue.push(e.to);
    }
  }
  return undefined;
}
