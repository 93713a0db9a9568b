// Teams, users, groups and grants (§O1, §O2); pools, engines, connections and tables (§S1, §S2).
import { POOL_ENGINES, POOL_GRANTS, SERVICE_GRANTS, TEAM_ROLES, type Grant, type Pool, type Ref } from '../types.js';
import type { CheckContext } from './context.js';
import { checkTeamPrincipal } from './references.js';

export function checkOrganisation(ctx: CheckContext): void {
  const seenTeams = new Set<string>();
  for (const team of ctx.model.teams) {
    if (seenTeams.has(team.name)) ctx.report('duplicate-team', team.nameRange, `team ${team.name} is declared more than once; merge the blocks`);
    seenTeams.add(team.name);

    const emails = new Set<string>();
    for (const user of team.users) {
      if (emails.has(user.key)) ctx.report('duplicate-user', user.nameRange, `team ${team.name} declares ${user.email} twice (emails compare case-insensitively)`);
      emails.add(user.key);
      if (!user.role) {
        ctx.report('missing-role', user.nameRange, `user ${user.email} has no role; add \`role admin|analyst|member|viewer\``);
      } else if (!(TEAM_ROLES as readonly string[]).includes(user.role.name)) {
        ctx.unknown('unknown-role', user.role.range, `unknown role ${user.role.name}; a team role is one of ${TEAM_ROLES.join(', ')}`, user.role.name, TEAM_ROLES);
      }
    }

    const groups = new Set<string>();
    for (const group of team.groups) {
      if (groups.has(group.name)) ctx.report('duplicate-group', group.nameRange, `team ${team.name} declares group "${group.name}" twice`);
      groups.add(group.name);
      for (const member of group.members) checkTeamPrincipal(ctx, member, team.name, 'user', `, so group "${group.name}" cannot hold them`);
    }

    for (const grant of team.serviceGrants) {
      checkTeamPrincipal(ctx, grant.principal, team.name, 'either');
      checkGrantLevel(ctx, grant, SERVICE_GRANTS, 'service grant', 'in a team', POOL_GRANTS, 'pool grant (write it inside a pool)');
    }
  }
}

export function checkPools(ctx: CheckContext): void {
  const seen = new Set<string>();
  for (const pool of ctx.model.pools) {
    if (seen.has(pool.id)) ctx.report('duplicate-pool', pool.nameRange, `team ${pool.team.name} has more than one pool named "${pool.name}"`);
    seen.add(pool.id);
    if (!ctx.index.teams.has(pool.team.name)) {
      ctx.unknown('unknown-team', pool.team.range, `unknown team ${pool.team.name}; declare it with \`team ${pool.team.name} { … }\``, pool.team.name, ctx.index.teams.keys());
    }
    if (pool.engine && !(POOL_ENGINES as readonly string[]).includes(pool.engine.name)) {
      ctx.unknown('unknown-engine', pool.engine.range, `unknown engine ${pool.engine.name}; a pool runs on ${POOL_ENGINES.join(' or ')}`, pool.engine.name, POOL_ENGINES);
    }
    for (const grant of pool.grants) {
      checkTeamPrincipal(ctx, grant.principal, pool.team.name, 'either');
      checkGrantLevel(ctx, grant, POOL_GRANTS, 'pool grant', 'in a pool', SERVICE_GRANTS, 'service grant (write it inside the team)');
    }
    checkConnections(ctx, pool);
  }
}

function checkConnections(ctx: CheckContext, pool: Pool): void {
  const names = new Map<string, Ref>();
  const declare = (name: string, range: Ref['range']) => {
    if (names.has(name)) ctx.report('duplicate-connection', range, `pool "${pool.id}" already has a connection named ${name} (own or imported); rename one, e.g. \`import ${name} as ${name}_2 from …\``);
    else names.set(name, { name, range });
  };
  for (const c of pool.connections) {
    declare(c.name, c.nameRange);
    const tables = new Set<string>();
    for (const t of c.tables) {
      if (tables.has(t.name)) ctx.report('duplicate-table', t.nameRange, `connection ${c.name} declares table ${t.name} twice`);
      tables.add(t.name);
    }
  }
  for (const i of pool.imports) declare(i.name, i.nameRange);
}

function checkGrantLevel(ctx: CheckContext, grant: Grant, allowed: readonly string[], what: string, where: string, other: readonly string[], otherWhat: string): void {
  const level = grant.level.name;
  if (allowed.includes(level)) return;
  const hint = other.includes(level) ? `; ${level} is a ${otherWhat}` : '';
  ctx.unknown('unknown-grant', grant.level.range, `${level} is not a ${what} ${where}; use one of ${allowed.join(', ')}${hint}`, level, allowed);
}
