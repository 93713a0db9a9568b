// Which element of the workspace model lies under the cursor, from the source ranges the
// model keeps (declaration names and references). Where ranges nest (a rule and the column
// inside it) the smallest wins. Each target carries the context needed to describe it: the
// pool a connection is seen from, the analysis a rule or alias belongs to, the team a
// principal is looked up in.
import type { DataModel, PermissionSet, PermissionTable, Perspective, Pool, Position, Rule, SourceRange, Team, WorkspaceModel } from '../../model/types.js';
import { resolveAnalysis, type ResolvedAnalysis } from './scope.js';
import { contains, type Snapshot } from './snapshot.js';

export type HoverTarget =
  | { kind: 'team'; team: Team }
  | { kind: 'user'; email: string; team?: string; analysis?: ResolvedAnalysis }
  | { kind: 'group'; name: string; team?: string; analysis?: ResolvedAnalysis }
  | { kind: 'pool'; pool?: Pool; written: string; fixMe?: boolean }
  | { kind: 'connection'; pool: Pool; name: string }
  /** `connection.table` as seen from `pool` (own, or through an import). */
  | { kind: 'table'; pool: Pool; connection: string; table: string; analysis?: ResolvedAnalysis; alias?: string }
  | { kind: 'analysis'; pool: Pool; target: DataModel | Perspective; analysisKind: 'model' | 'perspective' }
  /** An alias or object type of an analysis. */
  | { kind: 'alias'; analysis: ResolvedAnalysis; name: string }
  | { kind: 'column'; pool: Pool; column: string; analysis?: ResolvedAnalysis; alias?: string; connection?: string; table?: string }
  | { kind: 'rule'; set: PermissionSet; rule: Rule; analysis?: ResolvedAnalysis; value?: string }
  | { kind: 'permission-table'; set: PermissionSet; table: PermissionTable; analysis?: ResolvedAnalysis }
  /** A keyword-like word held in the model (a role, grant level, engine, combine mode, the switch). */
  | { kind: 'word'; word: string; where: 'role' | 'service-grant' | 'pool-grant' | 'engine' | 'combine' | 'switch' | 'by' };

export interface Located {
  target: HoverTarget;
  range: SourceRange;
}

export function findTarget(snapshot: Snapshot, file: string, pos: Position): Located | undefined {
  let best: Located | undefined;
  const consider = (range: SourceRange | undefined, target: () => HoverTarget) => {
    if (!range || !contains(range, file, pos)) return;
    if (best && size(best.range) <= size(range)) return;
    best = { target: target(), range };
  };
  const model: WorkspaceModel = snapshot.model;
  for (const team of model.teams) if (team.range.file === file) visitTeam(team, consider);
  for (const pool of model.pools) if (pool.range.file === file) visitPool(snapshot, pool, consider);
  for (const set of model.permissions) if (set.range.file === file) visitPermissions(snapshot, set, consider);
  return best;
}

type Consider = (range: SourceRange | undefined, target: () => HoverTarget) => void;

/** A range's extent, comparable: lines weigh more than columns. */
function size(r: SourceRange): number {
  return (r.end.line - r.start.line) * 100_000 + (r.end.column - r.start.column);
}

function principal(snapshot: Snapshot, name: string, team: string | undefined, analysis?: ResolvedAnalysis): HoverTarget {
  const isGroup = team ? !!snapshot.index.teamGroup(team, name) : snapshot.index.groupsNamed(name).length > 0 && snapshot.index.usersNamed(name).length === 0;
  return isGroup ? { kind: 'group', name, team, analysis } : { kind: 'user', email: name, team, analysis };
}

function visitTeam(team: Team, consider: Consider): void {
  consider(team.nameRange, () => ({ kind: 'team', team }));
  for (const u of team.users) {
    consider(u.nameRange, () => ({ kind: 'user', email: u.email, team: team.name }));
    if (u.role) consider(u.role.range, () => ({ kind: 'word', word: u.role!.name, where: 'role' }));
  }
  for (const g of team.groups) {
    consider(g.nameRange, () => ({ kind: 'group', name: g.name, team: team.name }));
    for (const m of g.members) consider(m.range, () => ({ kind: 'user', email: m.name, team: team.name }));
  }
  for (const gr of team.serviceGrants) {
    consider(gr.principal.range, () => ({ kind: 'user', email: gr.principal.name, team: team.name }));
    consider(gr.level.range, () => ({ kind: 'word', word: gr.level.name, where: 'service-grant' }));
  }
}

function visitPool(snapshot: Snapshot, pool: Pool, consider: Consider): void {
  const team = pool.team.name;
  const poolRef = (written: string, fixMe = false): HoverTarget => {
    const found = snapshot.index.lookupPool(written);
    return { kind: 'pool', pool: 'pool' in found ? found.pool : undefined, written, fixMe };
  };
  consider(pool.nameRange, () => ({ kind: 'pool', pool, written: pool.id }));
  consider(pool.team.range, () => {
    const t = snapshot.index.teams.get(team);
    return t ? { kind: 'team', team: t } : { kind: 'pool', pool, written: pool.id };
  });
  if (pool.engine) consider(pool.engine.range, () => ({ kind: 'word', word: pool.engine!.name, where: 'engine' }));
  for (const g of pool.grants) {
    consider(g.principal.range, () => principal(snapshot, g.principal.name, team));
    consider(g.level.range, () => ({ kind: 'word', word: g.level.name, where: 'pool-grant' }));
  }
  for (const c of pool.connections) {
    consider(c.nameRange, () => ({ kind: 'connection', pool, name: c.name }));
    for (const t of c.tables) {
      consider(t.nameRange, () => ({ kind: 'table', pool, connection: c.name, table: t.name }));
      consider(t.path.range, () => ({ kind: 'table', pool, connection: c.name, table: t.name }));
    }
  }
  for (const s of pool.shares) {
    consider(s.connection.range, () => ({ kind: 'connection', pool, name: s.connection.name }));
    consider(s.by.range, () => ({ kind: 'user', email: s.by.name, team }));
    for (const target of s.targets) {
      consider(target.pool.range, () => poolRef(target.pool.name));
      for (const t of target.tables) consider(t.range, () => ({ kind: 'table', pool, connection: s.connection.name, table: t.name }));
    }
  }
  for (const imp of pool.imports) {
    consider(imp.connection.range, () => ({ kind: 'connection', pool, name: imp.name }));
    consider(imp.nameRange, () => ({ kind: 'connection', pool, name: imp.name }));
    consider(imp.source.range, () => poolRef(imp.source.name, imp.fixMe));
    for (const t of imp.tables) consider(t.range, () => ({ kind: 'table', pool, connection: imp.name, table: t.name }));
  }
  for (const m of pool.models) visitModel(snapshot, pool, m, consider);
  for (const p of pool.perspectives) visitPerspective(snapshot, pool, p, consider);
}

function visitModel(snapshot: Snapshot, pool: Pool, m: DataModel, consider: Consider): void {
  const analysis: ResolvedAnalysis = { pool, target: m, kind: 'model', ref: { pool: pool.id, name: m.name } };
  consider(m.nameRange, () => ({ kind: 'analysis', pool, target: m, analysisKind: 'model' }));
  for (const t of m.tables) {
    consider(t.connection.range, () => ({ kind: 'connection', pool, name: t.connection.name }));
    consider(t.table.range, () => ({ kind: 'table', pool, connection: t.connection.name, table: t.table.name, analysis, alias: t.alias }));
    consider(t.aliasRange, () => ({ kind: 'alias', analysis, name: t.alias }));
  }
  for (const j of m.joins) {
    for (const side of [j.parent, j.child]) {
      consider(side.table.range, () => ({ kind: 'alias', analysis, name: side.table.name }));
      consider(side.column.range, () => ({ kind: 'column', pool, column: side.column.name, analysis, alias: side.table.name }));
    }
  }
  for (const u of m.usage) consider(u.range, () => principal(snapshot, u.name, pool.team.name, analysis));
}

function visitPerspective(snapshot: Snapshot, pool: Pool, p: Perspective, consider: Consider): void {
  const analysis: ResolvedAnalysis = { pool, target: p, kind: 'perspective', ref: { pool: pool.id, name: p.name } };
  consider(p.nameRange, () => ({ kind: 'analysis', pool, target: p, analysisKind: 'perspective' }));
  for (const o of p.objects) {
    consider(o.nameRange, () => ({ kind: 'alias', analysis, name: o.name }));
    consider(o.connection.range, () => ({ kind: 'connection', pool, name: o.connection.name }));
    consider(o.table.range, () => ({ kind: 'table', pool, connection: o.connection.name, table: o.table.name, analysis, alias: o.name }));
    consider(o.key.range, () => ({ kind: 'column', pool, column: o.key.name, analysis, alias: o.name }));
  }
  for (const r of p.relationships) {
    if (r.kind === 'column') {
      for (const side of [r.from, r.to]) {
        consider(side.table.range, () => ({ kind: 'alias', analysis, name: side.table.name }));
        consider(side.column.range, () => ({ kind: 'column', pool, column: side.column.name, analysis, alias: side.table.name }));
      }
    } else {
      consider(r.fromType.range, () => ({ kind: 'alias', analysis, name: r.fromType.name }));
      consider(r.toType.range, () => ({ kind: 'alias', analysis, name: r.toType.name }));
      consider(r.connection.range, () => ({ kind: 'connection', pool, name: r.connection.name }));
      consider(r.table.range, () => ({ kind: 'table', pool, connection: r.connection.name, table: r.table.name }));
      for (const c of [r.fromColumn, r.toColumn]) consider(c.range, () => ({ kind: 'column', pool, column: c.name, connection: r.connection.name, table: r.table.name }));
    }
  }
  for (const u of p.usage) consider(u.range, () => principal(snapshot, u.name, pool.team.name, analysis));
}

function visitPermissions(snapshot: Snapshot, set: PermissionSet, consider: Consider): void {
  const analysis = resolveAnalysis(snapshot, { pool: set.pool?.name, name: set.target.name });
  const team = analysis?.pool.team.name;
  if (set.pool) {
    const written = set.pool.name;
    consider(set.pool.range, () => {
      const found = snapshot.index.lookupPool(written);
      return { kind: 'pool', pool: 'pool' in found ? found.pool : undefined, written };
    });
  }
  if (analysis?.target && analysis.kind) {
    const { pool, target, kind } = analysis;
    consider(set.target.range, () => ({ kind: 'analysis', pool, target, analysisKind: kind }));
  }
  consider(set.switchRange, () => ({ kind: 'word', word: 'use', where: 'switch' }));
  if (set.combine) consider(set.combine.range, () => ({ kind: 'word', word: set.combine!.name, where: 'combine' }));
  for (const p of set.principals) {
    consider(p.principal.range, () => (p.kind === 'group' ? { kind: 'group', name: p.principal.name, team, analysis } : { kind: 'user', email: p.principal.name, team, analysis }));
    for (const r of p.rules) {
      consider(r.range, () => ({ kind: 'rule', set, rule: r, analysis }));
      if (analysis) {
        consider(r.table.range, () => ({ kind: 'alias', analysis, name: r.table.name }));
        consider(r.column.range, () => ({ kind: 'column', pool: analysis.pool, column: r.column.name, analysis, alias: r.table.name }));
      }
      for (const v of r.values) consider(v.range, () => ({ kind: 'rule', set, rule: r, analysis, value: v.name }));
    }
  }
  for (const t of set.tables) {
    consider(t.path.range, () => ({ kind: 'permission-table', set, table: t, analysis }));
    if (t.by) consider(t.by.range, () => ({ kind: 'word', word: t.by!.name, where: 'by' }));
  }
}
