// Constant-time principal lookups within one team, built once per WorkspaceIndex (issue 7).
// WorkspaceIndex.teamUser / teamGroup / groupsOf scan the team's users or every group's members
// on each call; a check or an engine loop that asks for each of 10,000 users (or for each row of a
// 100,000-row permission table) made that quadratic. These answer exactly as those methods do —
// the first declaration for a name, groups in declaration order — from maps built on first use.
import type { Group, Team, User } from '../types.js';
import type { WorkspaceIndex } from '../workspace-index.js';

interface TeamMaps {
  users: Map<string, User>;
  groups: Map<string, Group>;
  groupsOf: Map<string, Group[]>;
}

const cache = new WeakMap<WorkspaceIndex, Map<string, TeamMaps | undefined>>();

function build(team: Team): TeamMaps {
  const users = new Map<string, User>();
  for (const u of team.users) if (!users.has(u.key)) users.set(u.key, u);
  const groups = new Map<string, Group>();
  const groupsOf = new Map<string, Group[]>();
  for (const g of team.groups) {
    if (!groups.has(g.name)) groups.set(g.name, g);
    for (const m of g.members) {
      const key = m.name.toLowerCase();
      const list = groupsOf.get(key);
      if (!list) groupsOf.set(key, [g]);
      else if (list[list.length - 1] !== g) list.push(g); // a member listed twice in one group
    }
  }
  return { users, groups, groupsOf };
}

function mapsOf(index: WorkspaceIndex, team: string): TeamMaps | undefined {
  let teams = cache.get(index);
  if (!teams) cache.set(index, (teams = new Map()));
  if (teams.has(team)) return teams.get(team);
  const declared = index.teams.get(team);
  const maps = declared ? build(declared) : undefined;
  teams.set(team, maps);
  return maps;
}

/** As `index.teamUser(team, email)`. */
export function teamUser(index: WorkspaceIndex, team: string, email: string): User | undefined {
  return mapsOf(index, team)?.users.get(email.toLowerCase());
}

/** As `index.teamGroup(team, name)`. */
export function teamGroup(index: WorkspaceIndex, team: string, name: string): Group | undefined {
  return mapsOf(index, team)?.groups.get(name);
}

/** As `index.groupsOf(team, email)`: the team's groups that list this email, in declaration order. */
export function groupsOf(index: WorkspaceIndex, team: string, email: string): Group[] {
  return [...(mapsOf(index, team)?.groupsOf.get(email.toLowerCase()) ?? [])];
}
