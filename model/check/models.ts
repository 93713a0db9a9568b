// Data models (§M1) and perspectives (§M2): tables, aliases, joins, object types, relationships.
import type { Column, ColumnRef, DataModel, ObjectType, Perspective, Pool, Ref } from '../types.js';
import type { ResolvedTable } from '../workspace-index.js';
import type { CheckContext } from './context.js';
import { checkTeamPrincipal } from './references.js';

/** A table of a model (by alias) or an object type of a perspective (by type name). */
export interface AnalysisTable {
  name: string;
  /** The table's name in its connection (what `by name` permission tables use). */
  realName: string;
  ref: Ref;
  resolved?: ResolvedTable;
}

/** Resolves a model's tables by alias; reports unknown connections and tables when `report` is set. */
export function modelTables(ctx: CheckContext, pool: Pool, model: DataModel, report: boolean): Map<string, AnalysisTable> {
  const out = new Map<string, AnalysisTable>();
  for (const mt of model.tables) {
    const resolved = resolveTableRef(ctx, pool, mt.connection, mt.table, report);
    if (out.has(mt.alias)) {
      if (report) ctx.report('duplicate-alias', mt.aliasRange, `model ${model.name} already has a table ${mt.alias}; give this one another alias with \`as\``);
      continue;
    }
    out.set(mt.alias, { name: mt.alias, realName: mt.table.name, ref: { name: mt.alias, range: mt.aliasRange }, resolved });
  }
  return out;
}

/** Resolves a perspective's object types by name. */
export function perspectiveTables(ctx: CheckContext, pool: Pool, perspective: Perspective, report: boolean): Map<string, AnalysisTable> {
  const out = new Map<string, AnalysisTable>();
  for (const o of perspective.objects) {
    const resolved = resolveTableRef(ctx, pool, o.connection, o.table, report);
    if (out.has(o.name)) {
      if (report) ctx.report('duplicate-object-type', o.nameRange, `perspective ${perspective.name} already declares object type ${o.name}`);
      continue;
    }
    out.set(o.name, { name: o.name, realName: o.table.name, ref: { name: o.name, range: o.nameRange }, resolved });
  }
  return out;
}

export function resolveTableRef(ctx: CheckContext, pool: Pool, connection: Ref, table: Ref, report: boolean): ResolvedTable | undefined {
  const found = ctx.index.resolveTable(pool, connection.name, table.name);
  if (found.ok) return found.resolved;
  if (!report) return undefined;
  if (found.reason === 'unknown-connection') ctx.unknown('unknown-connection', connection.range, found.message, connection.name, found.suggestions);
  else if (found.reason === 'broken-import') ctx.report('unknown-table', table.range, `${table.name} cannot be used: ${found.message}`);
  else ctx.unknown('unknown-table', table.range, found.message, table.name, found.suggestions);
  return undefined;
}

/** The column of a table, or undefined (reported when `report`). Unknown columns of unreadable tables are not reported twice. */
export function findColumn(ctx: CheckContext, table: AnalysisTable, column: Ref, report: boolean): Column | undefined {
  const columns = table.resolved?.columns;
  if (!columns) return undefined;
  const found = columns.find((c) => c.name === column.name);
  if (!found && report) {
    // Only columns read from sightline.lock are "as synchronized"; without a lock entry they are the source's own.
    const via = table.resolved?.via[0];
    const locked = via && ctx.index.lockedColumns(via.pool.id, via.import.name, table.resolved!.table.name);
    const imported = locked ? ' (as synchronized for the import; run `sightline sync` after the source changes)' : '';
    ctx.unknown('unknown-column', column.range, `${table.name} has no column ${column.name}${imported}`, column.name, columns.map((c) => c.name));
  }
  return found;
}

export function checkModels(ctx: CheckContext): void {
  for (const pool of ctx.model.pools) {
    const names = new Set<string>();
    const declare = (name: string, ref: Ref['range']) => {
      if (names.has(name)) ctx.report('duplicate-model', ref, `pool "${pool.id}" already has a model or perspective named ${name}`);
      names.add(name);
    };
    for (const model of pool.models) {
      declare(model.name, model.nameRange);
      checkModel(ctx, pool, model);
    }
    for (const perspective of pool.perspectives) {
      declare(perspective.name, perspective.nameRange);
      checkPerspective(ctx, pool, perspective);
    }
  }
}

function checkModel(ctx: CheckContext, pool: Pool, model: DataModel): void {
  const tables = modelTables(ctx, pool, model, true);
  checkUsage(ctx, pool, model.usage);
  // Union-find over aliases: a join between two already-connected tables closes a cycle.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (const join of model.joins) {
    const p = joinSide(ctx, tables, join.parent, model);
    const c = joinSide(ctx, tables, join.child, model);
    if (p && c && p.type !== c.type) {
      ctx.report('join-type-mismatch', join.child.column.range, `${join.parent.table.name}.${join.parent.column.name} is ${p.type} but ${join.child.table.name}.${join.child.column.name} is ${c.type}; a join compares equal types`);
    }
    const a = join.parent.table.name;
    const b = join.child.table.name;
    if (!tables.has(a) || !tables.has(b)) continue;
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) {
      ctx.report('join-cycle', join.range, `this join closes a cycle between ${a} and ${b}; the 1:N joins of a model must form a tree — remove one join`);
    } else parent.set(ra, rb);
  }
}

function joinSide(ctx: CheckContext, tables: Map<string, AnalysisTable>, ref: ColumnRef, model: DataModel): Column | undefined {
  const table = tables.get(ref.table.name);
  if (!table) {
    ctx.unknown('unknown-table', ref.table.range, `model ${model.name} has no table ${ref.table.name}`, ref.table.name, tables.keys());
    return undefined;
  }
  return findColumn(ctx, table, ref.column, true);
}

function checkPerspective(ctx: CheckContext, pool: Pool, perspective: Perspective): void {
  const types = perspectiveTables(ctx, pool, perspective, true);
  checkUsage(ctx, pool, perspective.usage);
  for (const o of perspective.objects) {
    const t = types.get(o.name);
    if (t && t.ref.range === o.nameRange) findColumn(ctx, t, o.key, true);
  }
  const typeOf = (ref: Ref): AnalysisTable | undefined => {
    const t = types.get(ref.name);
    if (!t) ctx.unknown('unknown-object-type', ref.range, `perspective ${perspective.name} has no object type ${ref.name}`, ref.name, types.keys());
    return t;
  };
  for (const r of perspective.relationships) {
    if (r.kind === 'column') {
      const from = typeOf(r.from.table);
      const to = typeOf(r.to.table);
      const fc = from && findColumn(ctx, from, r.from.column, true);
      const tc = to && findColumn(ctx, to, r.to.column, true);
      if (fc && tc && fc.type !== tc.type) {
        ctx.report('join-type-mismatch', r.to.column.range, `${r.from.table.name}.${r.from.column.name} is ${fc.type} but ${r.to.table.name}.${r.to.column.name} is ${tc.type}; a relationship compares equal types`);
      }
      continue;
    }
    const from = typeOf(r.fromType);
    const to = typeOf(r.toType);
    const link = resolveTableRef(ctx, pool, r.connection, r.table, true);
    if (!link) continue;
    const linkTable: AnalysisTable = { name: `${r.connection.name}.${r.table.name}`, realName: r.table.name, ref: r.table, resolved: link };
    const fc = findColumn(ctx, linkTable, r.fromColumn, true);
    const tc = findColumn(ctx, linkTable, r.toColumn, true);
    for (const [type, linkColumn, ref] of [
      [from, fc, r.fromColumn],
      [to, tc, r.toColumn],
    ] as const) {
      const key = type && keyColumn(ctx, perspective, type);
      if (key && linkColumn && key.type !== linkColumn.type) {
        ctx.report('join-type-mismatch', ref.range, `link column ${ref.name} is ${linkColumn.type} but the key of ${type!.name} is ${key.type}`);
      }
    }
  }
}

function keyColumn(ctx: CheckContext, perspective: Perspective, type: AnalysisTable): Column | undefined {
  const o: ObjectType | undefined = perspective.objects.find((x) => x.name === type.name);
  return o ? findColumn(ctx, type, o.key, false) : undefined;
}

function checkUsage(ctx: CheckContext, pool: Pool, usage: Ref[]): void {
  for (const u of usage) checkTeamPrincipal(ctx, u, pool.team.name, 'either', `, which owns "${pool.id}"`);
}
