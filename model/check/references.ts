// Reporting references that do not resolve, shared by every check that names a pool or a
// principal, so the same mistake reads the same wherever it is made.
import type { Pool, Ref } from '../types.js';
import type { CheckContext } from './context.js';
import { teamGroup, teamUser } from './team-lookup.js';

/** Resolves "Team/Pool" or "Pool"; reports unknown-pool or ambiguous-pool when `report`. */
export function resolvePoolRef(ctx: CheckContext, ref: Ref, report = true): Pool | undefined {
  const found = ctx.index.lookupPool(ref.name);
  if ('pool' in found) return found.pool;
  if (!report) return undefined;
  if (found.error === 'ambiguous') {
    ctx.report('ambiguous-pool', ref.range, `several teams have a pool named "${ref.name}": write one of ${found.candidates.map((p) => `"${p.id}"`).join(', ')}`, {
      candidates: found.candidates.map((p) => p.id),
    });
  } else {
    ctx.unknown('unknown-pool', ref.range, `unknown pool "${ref.name}"; name pools "Team/Pool"`, ref.name, found.suggestions);
  }
  return undefined;
}

/** What a reference may name: permissions say `user` or `group`; grants and usage take either. */
export type PrincipalExpectation = 'user' | 'group' | 'either';

/**
 * Reports a principal that is unknown, or declared only in another team than `team`
 * (§O1: permissions, grants and usage reach members of the owning team only). Returns
 * whether the reference names a member. `consequence` ends the not-in-team message.
 */
export function checkTeamPrincipal(ctx: CheckContext, ref: Ref, team: string, expect: PrincipalExpectation, consequence = ''): boolean {
  const mayBeUser = expect !== 'group';
  const mayBeGroup = expect !== 'user';
  if ((mayBeUser && teamUser(ctx.index, team, ref.name)) || (mayBeGroup && teamGroup(ctx.index, team, ref.name))) return true;
  // A pool of an undeclared team: unknown-team says so at the pool; no one can be its member.
  const declared = ctx.index.teams.get(team);
  if (!declared) return false;
  if (mayBeUser && ctx.index.usersNamed(ref.name).length > 0) {
    ctx.report('principal-not-in-team', ref.range, `${ref.name} is not a member of team ${team}${consequence}; add \`user "${ref.name}" role …\` to team ${team}`);
  } else if (mayBeGroup && ctx.index.groupsNamed(ref.name).length > 0) {
    ctx.report('principal-not-in-team', ref.range, `group "${ref.name}" belongs to another team than ${team}${consequence}; use a group of team ${team}, or declare it there`);
  } else {
    const users = mayBeUser ? declared.users.map((u) => u.email) : [];
    const groups = mayBeGroup ? declared.groups.map((g) => g.name) : [];
    const asUser = expect === 'user' || (expect === 'either' && ref.name.includes('@'));
    const message = expect === 'either' ? `${ref.name} is neither a user nor a group of team ${team}` : asUser ? `unknown user ${ref.name}` : `team ${team} has no group "${ref.name}"`;
    ctx.unknown(asUser ? 'unknown-user' : 'unknown-group', ref.range, message, ref.name, [...users, ...groups]);
  }
  return false;
}
