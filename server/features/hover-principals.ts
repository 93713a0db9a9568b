// Hover texts for people: a user (role and groups per team, grants, model usage, and per
// analysis how they get permissions and — from the engine — how many rows they see), a
// group (members, grants, and what its own rules show), a team. The analyses listed are
// those with data permissions in pools of the principal's team(s), the one the cursor is in
// first: a user of the team who appears in none of them sees nothing there (§P1).
import { referenceValue } from '../../model/schema/permission-csv.js';
import type { PermissionSet, PermissionTable, Pool, Team } from '../../model/types.js';
import type { PrincipalRef } from '../engine-api.js';
import { ask } from './engine-call.js';
import { rel, type HoverEnv } from './hover-data.js';
import { resolveAnalysis, type ResolvedAnalysis } from './scope.js';
import type { Snapshot } from './snapshot.js';

/** At most this many analyses per hover (each may cost an engine query). */
const MAX_ANALYSES = 6;

interface AnalysisSets {
  analysis: ResolvedAnalysis & { ref: NonNullable<ResolvedAnalysis['ref']> };
  sets: PermissionSet[];
}

/** Analyses with permission blocks in pools of these teams, `first` leading. */
function analysesOfTeams(snapshot: Snapshot, teams: Set<string>, first?: ResolvedAnalysis): AnalysisSets[] {
  const out: AnalysisSets[] = [];
  for (const set of snapshot.model.permissions) {
    const a = resolveAnalysis(snapshot, { pool: set.pool?.name, name: set.target.name });
    if (!a?.ref || !teams.has(a.pool.team.name)) continue;
    const entry = out.find((x) => x.analysis.pool === a.pool && x.analysis.ref.name === a.ref!.name);
    if (entry) entry.sets.push(set);
    else out.push({ analysis: a as AnalysisSets['analysis'], sets: [set] });
  }
  if (first?.ref) out.sort((x, y) => Number(y.analysis.ref.name === first.ref!.name && y.analysis.pool === first.pool) - Number(x.analysis.ref.name === first.ref!.name && x.analysis.pool === first.pool));
  return out.slice(0, MAX_ANALYSES);
}

/** The principals a permission table names (users lower-cased). */
function tablePrincipals(snapshot: Snapshot, table: PermissionTable): Set<string> {
  const csv = snapshot.data.permissionTables.get(table.file)?.table;
  const column = table.mappings.find((m) => m.role === 'user')?.column.name;
  const at = csv ? csv.header.findIndex((h) => h.text === column) : -1;
  const out = new Set<string>();
  if (!csv || at < 0) return out;
  for (const row of csv.rows) {
    const v = referenceValue(row.cells[at]);
    if (v !== null) out.add(table.principals === 'users' ? v.toLowerCase() : v);
  }
  return out;
}

/** How a principal gets permissions in these blocks: "own rules", "group X (unlimited)", "perm/x.csv", … */
function sources(snapshot: Snapshot, sets: PermissionSet[], p: PrincipalRef, groups: string[]): string[] {
  const out: string[] = [];
  const isMe = (kind: 'user' | 'group', name: string) => kind === p.kind && (kind === 'user' ? name.toLowerCase() === p.name.toLowerCase() : name === p.name);
  for (const set of sets) {
    for (const pr of set.principals) {
      if (isMe(pr.kind, pr.principal.name)) out.push(pr.unlimited ? 'unlimited' : 'own rules');
      else if (pr.kind === 'group' && groups.includes(pr.principal.name)) out.push(`group ${pr.principal.name}${pr.unlimited ? ' (unlimited)' : ''}`);
    }
    for (const t of set.tables) {
      const named = tablePrincipals(snapshot, t);
      const file = rel(snapshot, t.file);
      if (t.principals === (p.kind === 'user' ? 'users' : 'groups') && named.has(p.kind === 'user' ? p.name.toLowerCase() : p.name)) out.push(file);
      else if (t.principals === 'groups') for (const g of groups) if (named.has(g)) out.push(`${file} (group ${g})`);
    }
  }
  return [...new Set(out)];
}

/** One line per analysis: the engine's counts when it answers, and where the permissions come from. */
async function seesLines(env: HoverEnv, list: AnalysisSets[], p: PrincipalRef, groups: (a: ResolvedAnalysis) => string[], ownOnly: boolean): Promise<string[]> {
  const { snapshot, engine } = env;
  const rows = await Promise.all(
    list.map(async ({ analysis, sets }) => {
      const via = sources(snapshot, sets, p, ownOnly ? [] : groups(analysis));
      if (ownOnly && via.length === 0) return undefined;
      const on = sets.some((s) => s.switchRange);
      const counts = engine ? await ask(() => engine.counts(analysis.ref, p), env.timeoutMs) : undefined;
      const name = `**${analysis.ref.name}** ("${analysis.pool.id}")`;
      const how = via.length ? ` — via ${via.join(', ')}` : on ? ' — no permission: sees no rows (§P1)' : ' — switch off: every row (§P1)';
      if (counts) return `- ${name}: ${counts.map((c) => `${c.table} ${c.visible}/${c.total}`).join(' · ')}${how}`;
      return `- ${name}${how}`;
    }),
  );
  return rows.filter((x): x is string => x !== undefined);
}

function grantsOf(snapshot: Snapshot, teams: Set<string>, matches: (principal: string) => boolean): string[] {
  const out: string[] = [];
  for (const team of snapshot.model.teams) if (teams.has(team.name)) for (const g of team.serviceGrants) if (matches(g.principal.name)) out.push(`${g.level.name} (service, team ${team.name})`);
  for (const pool of snapshot.model.pools) if (teams.has(pool.team.name)) for (const g of pool.grants) if (matches(g.principal.name)) out.push(`${g.level.name} on "${pool.id}"`);
  return out;
}

function usageOf(snapshot: Snapshot, matches: (principal: string) => boolean): string[] {
  return snapshot.model.pools.flatMap((p: Pool) => [...p.models, ...p.perspectives].filter((m) => m.usage.some((u) => matches(u.name))).map((m) => m.name));
}

export async function userHover(env: HoverEnv, email: string, team: string | undefined, context?: ResolvedAnalysis): Promise<string> {
  const { snapshot } = env;
  const index = snapshot.index;
  const decls = index.usersNamed(email);
  if (decls.length === 0) {
    return `**${email}**: not a user of any team${team ? `; declare it in team ${team} (§O1)` : ''}.`;
  }
  const lines = [`**${decls[0].email}** · user`];
  for (const u of decls) {
    const groups = index.groupsOf(u.team, email).map((g) => g.name);
    lines.push(`- team ${u.team}: ${u.role?.name ?? 'no role'}${groups.length ? ` · groups ${groups.join(', ')}` : ''}`);
  }
  if (team && !decls.some((u) => u.team === team)) lines.push(`Not a user of team ${team}.`);
  const teams = new Set(decls.map((u) => u.team));
  const key = email.toLowerCase();
  const isUser = (p: string) => p.toLowerCase() === key;
  const grants = grantsOf(snapshot, teams, isUser);
  if (grants.length) lines.push(`Grants: ${grants.join(', ')}`);
  const usage = usageOf(snapshot, isUser);
  if (usage.length) lines.push(`Usage (§O3): ${usage.join(', ')}`);
  const list = analysesOfTeams(snapshot, teams, context);
  if (list.length) {
    lines.push('', 'Sees:');
    lines.push(...(await seesLines(env, list, { kind: 'user', name: decls[0].email }, (a) => index.groupsOf(a.pool.team.name, email).map((g) => g.name), false)));
  }
  return lines.join('  \n');
}

export async function groupHover(env: HoverEnv, name: string, team: string | undefined, context?: ResolvedAnalysis): Promise<string> {
  const { snapshot } = env;
  const groups = team ? [snapshot.index.teamGroup(team, name)].filter((g) => g !== undefined) : snapshot.index.groupsNamed(name);
  if (groups.length === 0) return `**"${name}"**: no group of that name${team ? ` in team ${team}` : ''} (group names compare exactly, §O1).`;
  const lines = [`**${name}** · group`];
  for (const g of groups) lines.push(`- team ${g.team}: ${g.members.length ? g.members.map((m) => m.name).join(', ') : 'no members'}`);
  const teams = new Set(groups.map((g) => g.team));
  const isGroup = (p: string) => p === name;
  const grants = grantsOf(snapshot, teams, isGroup);
  if (grants.length) lines.push(`Grants: ${grants.join(', ')}`);
  const usage = usageOf(snapshot, isGroup);
  if (usage.length) lines.push(`Usage (§O3): ${usage.join(', ')}`);
  const seen = await seesLines(env, analysesOfTeams(snapshot, teams, context), { kind: 'group', name }, () => [], true);
  if (seen.length) lines.push('', 'Its own permissions show:', ...seen);
  return lines.join('  \n');
}

export function teamHover(env: HoverEnv, team: Team): string {
  const { snapshot } = env;
  const roles = new Map<string, number>();
  for (const u of team.users) roles.set(u.role?.name ?? 'no role', (roles.get(u.role?.name ?? 'no role') ?? 0) + 1);
  const pools = snapshot.model.pools.filter((p) => p.team.name === team.name).map((p) => `"${p.name}"`);
  const lines = [`**${team.name}** · team (§O1)`, `Users: ${team.users.length} (${[...roles].map(([r, n]) => `${n} ${r}`).join(', ')})`];
  if (team.groups.length) lines.push(`Groups: ${team.groups.map((g) => g.name).join(', ')}`);
  if (team.serviceGrants.length) lines.push(`Service grants: ${team.serviceGrants.map((g) => `${g.level.name} to "${g.principal.name}"`).join(', ')}`);
  if (pools.length) lines.push(`Pools: ${pools.join(', ')}`);
  return lines.join('  \n');
}
