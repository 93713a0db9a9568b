// Data permissions of one model or perspective (§P1–§P10, §F1), without reading rows.
import * as path from 'node:path';
import { COMBINE_MODES, type DataModel, type PermissionSet, type Perspective, type Pool, type Ref } from '../types.js';
import type { CheckContext } from './context.js';
import { checkTeamPrincipal, resolvePoolRef } from './references.js';
import { GrantCollector, type PrincipalKind } from './grants.js';
import { findColumn, modelTables, perspectiveTables, type AnalysisTable } from './models.js';
import { checkPermissionTable } from './permission-tables.js';
import { groupsOf, teamGroup } from './team-lookup.js';

/** The model or perspective a permissions block is for, with its tables by alias or type name. */
export interface PermissionTarget {
  pool: Pool;
  kind: 'model' | 'perspective';
  analysis: DataModel | Perspective;
  tables: Map<string, AnalysisTable>;
}

export function checkPermissions(ctx: CheckContext): void {
  const seen = new Map<string, PermissionSet>();
  for (const set of ctx.model.permissions) {
    const target = resolveTarget(ctx, set);
    if (!target) continue;
    const key = `${target.pool.id}\u0000${target.analysis.name}`;
    if (seen.has(key)) {
      ctx.report('duplicate-permissions', set.target.range, `${target.kind} ${target.analysis.name} of "${target.pool.id}" already has a permissions block; keep one block per ${target.kind}`);
      continue;
    }
    seen.set(key, set);
    checkSet(ctx, set, target);
  }
}

export function resolveTarget(ctx: CheckContext, set: PermissionSet, report = true): PermissionTarget | undefined {
  let candidates = ctx.index.analysesNamed(set.target.name);
  if (set.pool) {
    const pool = resolvePoolRef(ctx, set.pool, report);
    if (!pool) return undefined;
    candidates = candidates.filter((c) => c.pool === pool);
    if (candidates.length === 0) {
      if (report) {
        const names = [...pool.models, ...pool.perspectives].map((m) => m.name);
        ctx.unknown('unknown-model', set.target.range, `pool "${pool.id}" has no model or perspective ${set.target.name}`, set.target.name, names);
      }
      return undefined;
    }
  }
  if (candidates.length === 0) {
    if (report) {
      const all = [...ctx.index.pools.values()].flatMap((p) => [...p.models, ...p.perspectives].map((m) => m.name));
      ctx.unknown('unknown-model', set.target.range, `no pool has a model or perspective ${set.target.name}`, set.target.name, all);
    }
    return undefined;
  }
  // Two of one name in one pool are a duplicate-model, reported at the pool: the first one counts here.
  candidates = candidates.filter((c, i) => candidates.findIndex((d) => d.pool === c.pool) === i);
  if (candidates.length > 1) {
    if (report) {
      ctx.report('ambiguous-pool', set.target.range, `${set.target.name} exists in ${candidates.map((c) => `"${c.pool.id}"`).join(' and ')}; write \`permissions for "Team/Pool".${set.target.name}\``, {
        candidates: candidates.map((c) => c.pool.id),
      });
    }
    return undefined;
  }
  const { pool, target, kind } = candidates[0];
  const tables = kind === 'model' ? modelTables(ctx, pool, target as DataModel, false) : perspectiveTables(ctx, pool, target as Perspective, false);
  return { pool, kind, analysis: target, tables };
}

function checkSet(ctx: CheckContext, set: PermissionSet, target: PermissionTarget): void {
  const team = target.pool.team.name;
  if (set.combine && !(COMBINE_MODES as readonly string[]).includes(set.combine.name)) {
    ctx.unknown('unknown-combine-mode', set.combine.range, `unknown combine mode ${set.combine.name}; use by-column (default) or by-principal`, set.combine.name, COMBINE_MODES);
  }
  const grants = new GrantCollector();
  const file = path.basename(set.range.file);

  for (const block of set.principals) {
    const known = checkPrincipal(ctx, block.kind, block.principal, team);
    if (block.unlimited) {
      if (known) grants.addUnlimited({ kind: block.kind, name: block.principal.name, range: block.principal.range, where: `${file}:${block.range.start.line + 1}` });
      continue;
    }
    for (const rule of block.rules) {
      const table = ruleTable(ctx, target, rule.table);
      const column = table && findColumn(ctx, table, rule.column, true);
      if (rule.values.length === 0) {
        ctx.report('empty-value-list', rule.column.range, `${rule.table.name}.${rule.column.name} has no values, so this rule allows no rows; list the allowed values or remove the rule`);
      }
      // §F1: a rule on an unknown table or column grants nothing and does not count as applicable.
      if (known && table && column) grants.addRule(block.kind, block.principal.name, { table: table.name, range: rule.table.range });
    }
  }

  for (const table of set.tables) checkPermissionTable(ctx, set, target, table, grants);

  const hasPermissions = set.principals.length > 0 || set.tables.length > 0;
  if (!set.switchRange && hasPermissions) {
    ctx.report('rules-without-switch', set.target.range, `data permissions of ${target.analysis.name} are off, so every user sees every row and none of these rules applies; add \`use data permissions\``);
  }
  if (target.kind === 'model') checkChildOnlyRules(ctx, target, grants);
  else checkStandaloneRules(ctx, target, grants);
  if (set.switchRange) {
    reportUnlimited(ctx, target, grants);
    reportDefaultDeny(ctx, set, target, grants);
  }
}

function ruleTable(ctx: CheckContext, target: PermissionTarget, ref: Ref): AnalysisTable | undefined {
  const table = target.tables.get(ref.name);
  if (table) return table;
  const realName = [...target.tables.values()].filter((t) => t.realName === ref.name);
  if (target.kind === 'perspective') {
    ctx.unknown('unknown-object-type', ref.range, `perspective ${target.analysis.name} has no object type ${ref.name}`, ref.name, target.tables.keys());
  } else if (realName.length > 0) {
    ctx.report('unknown-table', ref.range, `${ref.name} is a real table name; rules name tables by their alias in the model: ${realName.map((t) => t.name).join(' or ')}`, {
      suggestions: realName.map((t) => t.name),
    });
  } else {
    ctx.unknown('unknown-table', ref.range, `model ${target.analysis.name} has no table ${ref.name}`, ref.name, target.tables.keys());
  }
  return undefined;
}

/** A permission's principal: a member of the team that owns the model, or it reaches nobody. */
export function checkPrincipal(ctx: CheckContext, kind: PrincipalKind, ref: Ref, team: string): boolean {
  return checkTeamPrincipal(ctx, ref, team, kind, ', which owns this model; this permission reaches nobody');
}

/** §P9: a rule on a child table whose parent has no rule hides every parent without a passing child. */
function checkChildOnlyRules(ctx: CheckContext, target: PermissionTarget, grants: GrantCollector): void {
  const model = target.analysis as DataModel;
  const ruled = grants.ruledTables();
  for (const site of grants.ruleSites) {
    const join = model.joins.find((j) => j.child.table.name === site.table && !ruled.has(j.parent.table.name) && target.tables.has(j.parent.table.name));
    if (!join) continue;
    const parent = join.parent.table.name;
    ctx.report(
      'child-only-rule',
      site.range,
      `${site.table} is the child of ${parent} (join ${parent}.${join.parent.column.name} -> ${site.table}.${join.child.column.name}) and ${parent} has no rule: every ${parent} row without a visible ${site.table} row disappears; put the rule on ${parent} instead`,
      { child: site.table, parent, parentColumn: join.parent.column.name, childColumn: join.child.column.name },
    );
  }
}

/** §P10: rules on an object type that no relationship connects reach no other type. */
function checkStandaloneRules(ctx: CheckContext, target: PermissionTarget, grants: GrantCollector): void {
  const perspective = target.analysis as Perspective;
  const connected = new Set<string>();
  for (const r of perspective.relationships) {
    const [a, b] = r.kind === 'column' ? [r.from.table.name, r.to.table.name] : [r.fromType.name, r.toType.name];
    if (a !== b) {
      connected.add(a);
      connected.add(b);
    }
  }
  for (const site of grants.ruleSites) {
    if (connected.has(site.table)) continue;
    ctx.report('standalone-object-rule', site.range, `object type ${site.table} is related to no other object type, so this rule filters ${site.table} alone and reaches no other object; relate it or check that this is intended`);
  }
}

/** §P3: every unlimited grant, with the users it reaches. */
function reportUnlimited(ctx: CheckContext, target: PermissionTarget, grants: GrantCollector): void {
  const team = target.pool.team.name;
  for (const g of grants.unlimited) {
    const users = g.kind === 'user' ? [g.name] : (teamGroup(ctx.index, team, g.name)?.members.map((m) => m.name) ?? []);
    const who = g.kind === 'user' ? g.name : `every member of group "${g.name}" (${users.join(', ') || 'no members yet'})`;
    ctx.report('unlimited-access', g.range, `unlimited access: ${who} sees every row of ${target.analysis.name}, whatever other permissions say (granted at ${g.where})`, {
      users,
      where: g.where,
    });
  }
}

/** §P1: with the switch on, the team's users to whom no permission applies see nothing. */
function reportDefaultDeny(ctx: CheckContext, set: PermissionSet, target: PermissionTarget, grants: GrantCollector): void {
  const team = ctx.index.teams.get(target.pool.team.name);
  if (!team) return;
  const denied = team.users.filter((u) => !grants.isApplicable('user', u.email) && !groupsOf(ctx.index, team.name, u.email).some((g) => grants.isApplicable('group', g.name)));
  if (denied.length === 0) return;
  const list = denied.map((u) => `${u.email} (${u.role?.name ?? 'no role'})`).join(', ');
  ctx.report('default-deny', set.target.range, `${denied.length} of ${team.users.length} users of team ${team.name} see no rows of ${target.analysis.name}, because no permission applies to them: ${list}`, {
    users: denied.map((u) => u.email),
  });
}
