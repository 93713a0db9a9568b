// Converts one file's Langium AST into plain workspace-model declarations (model/types.ts).
// Nothing is resolved here: names stay as written, with their source ranges. The parser
// recovers from errors, so any property may be missing: skip what has no name.
// A block converts in two steps, its head (a "shell" with empty member lists) and each member
// on its own, then `fold` puts them together: the incremental parser (incremental-parse.ts)
// parses and converts a block's members in chunks, and must produce exactly what this does.
import * as path from 'node:path';
import type { AstNode, CstNode } from 'langium';
import type * as ast from './generated/ast.js';
import { propertyNode, propertyNodes } from './property-nodes.js';
import {
  FIX_ME_PREFIX,
  type ColumnRef,
  type Connection,
  type DataModel,
  type Grant,
  type Import,
  type MappingRole,
  type ObjectType,
  type PermissionSet,
  type PermissionTable,
  type Perspective,
  type Pool,
  type PrincipalRules,
  type Ref,
  type Relationship,
  type Share,
  type SourceRange,
  type Table,
  type Team,
} from '../model/types.js';

export interface FileDeclarations {
  teams: Team[];
  pools: Pool[];
  permissions: PermissionSet[];
  /** A setting written twice in one block (engine, combine, the switch): the last one counts. */
  duplicateSettings: DuplicateSetting[];
}

export interface DuplicateSetting {
  setting: string;
  range: SourceRange;
}

/** A top-level block without its members. */
export type Shell = { kind: 'team'; team: Team } | { kind: 'pool'; pool: Pool } | { kind: 'permissions'; set: PermissionSet };

/** One member of a block, converted on its own. */
export type MemberDecl =
  | { kind: 'user'; user: Team['users'][number] }
  | { kind: 'group'; group: Team['groups'][number] }
  | { kind: 'grant'; grant: Grant }
  | { kind: 'engine'; engine: Ref | undefined; range: SourceRange }
  | { kind: 'connection'; connection: Connection }
  | { kind: 'share'; share: Share }
  | { kind: 'import'; import: Import }
  | { kind: 'model'; model: DataModel }
  | { kind: 'perspective'; perspective: Perspective }
  | { kind: 'switch'; range: SourceRange }
  | { kind: 'combine'; mode: Ref | undefined; range: SourceRange }
  | { kind: 'principal'; principal: PrincipalRules }
  | { kind: 'table'; table: PermissionTable };

export function toModel(document: ast.Document, file: string): FileDeclarations {
  const b = new Builder(file);
  const out: FileDeclarations = { teams: [], pools: [], permissions: [], duplicateSettings: [] };
  for (const element of document.elements ?? []) {
    const shell = b.shell(element);
    if (shell) addFolded(out, fold(shell, b.members(element, shellContext(shell))));
  }
  return out;
}

/** What a block's members need from its head: the team's name, the pool's id. */
export function shellContext(shell: Shell): string {
  return shell.kind === 'team' ? shell.team.name : shell.kind === 'pool' ? shell.pool.id : '';
}

/** Adds one folded block to a file's declarations. */
export function addFolded(out: FileDeclarations, folded: { shell: Shell; duplicates: DuplicateSetting[] }): void {
  const { shell } = folded;
  if (shell.kind === 'team') out.teams.push(shell.team);
  else if (shell.kind === 'pool') out.pools.push(shell.pool);
  else out.permissions.push(shell.set);
  out.duplicateSettings.push(...folded.duplicates);
}

/**
 * A new block from its shell and members, in order; `range` replaces the shell's (a shell
 * parsed apart from its members does not know where the block ends). Copies what it fills,
 * so shells and members can be reused (they must never be changed).
 */
export function fold(shell: Shell, members: Iterable<MemberDecl>, range?: SourceRange): { shell: Shell; duplicates: DuplicateSetting[] } {
  const duplicates: DuplicateSetting[] = [];
  if (shell.kind === 'team') {
    const team: Team = { ...shell.team, range: range ?? shell.team.range, users: [], groups: [], serviceGrants: [] };
    for (const m of members) {
      if (m.kind === 'user') team.users.push(m.user);
      else if (m.kind === 'group') team.groups.push(m.group);
      else if (m.kind === 'grant') team.serviceGrants.push(m.grant);
    }
    return { shell: { kind: 'team', team }, duplicates };
  }
  if (shell.kind === 'pool') {
    const pool: Pool = { ...shell.pool, range: range ?? shell.pool.range, grants: [], connections: [], imports: [], shares: [], models: [], perspectives: [] };
    for (const m of members) {
      if (m.kind === 'engine') {
        if (pool.engine) duplicates.push({ setting: 'engine', range: m.range });
        pool.engine = m.engine ?? pool.engine;
      } else if (m.kind === 'grant') pool.grants.push(m.grant);
      else if (m.kind === 'connection') pool.connections.push(m.connection);
      else if (m.kind === 'share') pool.shares.push(m.share);
      else if (m.kind === 'import') pool.imports.push(m.import);
      else if (m.kind === 'model') pool.models.push(m.model);
      else if (m.kind === 'perspective') pool.perspectives.push(m.perspective);
    }
    return { shell: { kind: 'pool', pool }, duplicates };
  }
  const set: PermissionSet = { ...shell.set, range: range ?? shell.set.range, principals: [], tables: [] };
  for (const m of members) {
    if (m.kind === 'switch') {
      if (set.switchRange) duplicates.push({ setting: 'use data permissions', range: m.range });
      set.switchRange = m.range;
    } else if (m.kind === 'combine') {
      if (set.combine) duplicates.push({ setting: 'combine', range: m.range });
      set.combine = m.mode ?? set.combine;
    } else if (m.kind === 'principal') set.principals.push(m.principal);
    else if (m.kind === 'table') set.tables.push(m.table);
  }
  return { shell: { kind: 'permissions', set }, duplicates };
}

/** Resolves a data or permission-table path relative to the file that names it. */
export function resolveDataPath(fromFile: string, written: string): string {
  return path.resolve(path.dirname(fromFile), written.replace(/\\/g, '/'));
}

const NO_RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Converts AST nodes. `shift` is subtracted from columns on the text's first line: the
 * incremental parser parses a chunk behind a one-line prefix and wants ranges relative to
 * the chunk's start.
 */
export class Builder {
  constructor(
    private readonly file: string,
    private readonly shift = 0,
  ) {}

  // ------------------------------------------------------------ ranges

  private rangeOf(cst: CstNode | undefined): SourceRange {
    const { start, end } = cst?.range ?? NO_RANGE;
    const s = this.shift;
    return {
      file: this.file,
      start: { line: start.line, column: start.line === 0 ? start.character - s : start.character },
      end: { line: end.line, column: end.line === 0 ? end.character - s : end.character },
    };
  }

  private node(n: AstNode): SourceRange {
    return this.rangeOf(n.$cstNode);
  }

  /** Where the property is written (the whole node when it is not). */
  private prop(n: AstNode, property: string): SourceRange {
    return this.rangeOf(propertyNode(n, property) ?? n.$cstNode);
  }

  private ref(n: AstNode, property: string, value: string | undefined): Ref | undefined {
    if (value === undefined || value === null) return undefined;
    return { name: value, range: this.prop(n, property) };
  }

  /** A list property's values: the i-th at the i-th place the property is written (or the last). */
  private refs(n: AstNode, property: string, values: (string | undefined)[] | undefined): Ref[] {
    const out: Ref[] = [];
    if (!values || values.length === 0) return out;
    const nodes = propertyNodes(n, property);
    values.forEach((v, i) => {
      if (v === undefined || v === null) return;
      out.push({ name: v, range: this.rangeOf(nodes.length > 0 ? nodes[Math.min(i, nodes.length - 1)] : n.$cstNode) });
    });
    return out;
  }

  // ------------------------------------------------------------ blocks

  /** A top-level block's head, or undefined when it has no name (it is then left out). */
  shell(element: ast.TopLevel): Shell | undefined {
    if (element.$type === 'Team') {
      if (!element.name) return undefined;
      return { kind: 'team', team: { name: element.name, range: this.node(element), nameRange: this.prop(element, 'name'), users: [], groups: [], serviceGrants: [] } };
    }
    if (element.$type === 'Pool') {
      const team = this.ref(element, 'team', element.team);
      if (element.name === undefined || !team) return undefined;
      const pool: Pool = {
        id: `${team.name}/${element.name}`,
        name: element.name,
        team,
        grants: [],
        connections: [],
        imports: [],
        shares: [],
        models: [],
        perspectives: [],
        range: this.node(element),
        nameRange: this.prop(element, 'name'),
      };
      return { kind: 'pool', pool };
    }
    if (element.$type === 'Permissions') {
      const target = this.ref(element, 'target', element.target);
      if (!target) return undefined;
      return { kind: 'permissions', set: { pool: this.ref(element, 'pool', element.pool), target, principals: [], tables: [], range: this.node(element) } };
    }
    return undefined;
  }

  /** A block's members; `context` is the team's name or the pool's id (see shellContext). */
  members(element: ast.TopLevel, context: string): MemberDecl[] {
    const out: MemberDecl[] = [];
    for (const m of element.members ?? []) {
      const d = this.member(m, context);
      if (d) out.push(d);
    }
    return out;
  }

  private member(m: ast.TeamMember | ast.PoolMember | ast.PermissionMember, context: string): MemberDecl | undefined {
    switch (m.$type) {
      case 'UserDecl':
        if (m.email === undefined) return undefined;
        return { kind: 'user', user: { email: m.email, key: m.email.toLowerCase(), team: context, role: this.ref(m, 'role', m.role), range: this.node(m), nameRange: this.prop(m, 'email') } };
      case 'GroupDecl':
        if (m.name === undefined) return undefined;
        return { kind: 'group', group: { name: m.name, team: context, members: this.refs(m, 'members', m.members), range: this.node(m), nameRange: this.prop(m, 'name') } };
      case 'Grant': {
        const grant = this.grant(m);
        return grant && { kind: 'grant', grant };
      }
      case 'EngineDecl':
        return { kind: 'engine', engine: this.ref(m, 'engine', m.engine), range: this.node(m) };
      case 'Connection': {
        const connection = this.connection(m);
        return connection && { kind: 'connection', connection };
      }
      case 'Share': {
        const share = this.share(m);
        return share && { kind: 'share', share };
      }
      case 'Import': {
        const i = this.import(m);
        return i && { kind: 'import', import: i };
      }
      case 'Model': {
        const model = this.model(m, context);
        return model && { kind: 'model', model };
      }
      case 'Perspective': {
        const perspective = this.perspective(m, context);
        return perspective && { kind: 'perspective', perspective };
      }
      case 'Switch':
        return { kind: 'switch', range: this.node(m) };
      case 'Combine':
        return { kind: 'combine', mode: this.ref(m, 'mode', m.mode), range: this.node(m) };
      case 'PrincipalRules': {
        const principal = this.principalRules(m);
        return principal && { kind: 'principal', principal };
      }
      case 'PermissionTable': {
        const table = this.permissionTable(m);
        return table && { kind: 'table', table };
      }
    }
    return undefined;
  }

  // ------------------------------------------------------------ organisation and pools

  private grant(g: ast.Grant): Grant | undefined {
    const principal = this.ref(g, 'principal', g.principal);
    const level = this.ref(g, 'level', g.level);
    return principal && level ? { principal, level, range: this.node(g) } : undefined;
  }

  private connection(c: ast.Connection): Connection | undefined {
    if (!c.name) return undefined;
    const tables: Table[] = [];
    for (const t of c.tables ?? []) {
      const pathRef = this.ref(t, 'path', t.path);
      if (!t.name || !pathRef) continue;
      tables.push({ name: t.name, path: pathRef, file: resolveDataPath(this.file, pathRef.name), range: this.node(t), nameRange: this.prop(t, 'name') });
    }
    return { name: c.name, tables, range: this.node(c), nameRange: this.prop(c, 'name') };
  }

  private share(s: ast.Share): Share | undefined {
    const connection = this.ref(s, 'connection', s.connection);
    const by = this.ref(s, 'by', s.by);
    if (!connection || !by) return undefined;
    const targets: Share['targets'] = [];
    const sharedTables = this.refs(s, 'tables', s.tables);
    for (const t of s.targets ?? []) {
      const pool = this.ref(t, 'pool', t.pool);
      if (pool) targets.push({ pool, tables: sharedTables });
    }
    for (const t of s.perTarget ?? []) {
      const pool = this.ref(t, 'pool', t.pool);
      if (pool) targets.push({ pool, tables: this.refs(t, 'tables', t.tables) });
    }
    return { connection, by, targets, range: this.node(s) };
  }

  private import(i: ast.Import): Import | undefined {
    const connection = this.ref(i, 'connection', i.connection);
    const source = this.ref(i, 'source', i.source);
    if (!connection || !source) return undefined;
    const fixMe = source.name.trimStart().toUpperCase().startsWith(FIX_ME_PREFIX);
    return {
      connection,
      name: i.alias ?? i.connection,
      nameRange: i.alias ? this.prop(i, 'alias') : connection.range,
      source,
      fixMe,
      tables: this.refs(i, 'tables', i.tables),
      range: this.node(i),
    };
  }

  // ------------------------------------------------------------ models and perspectives

  private columnRef(c: ast.ColumnRef | undefined): ColumnRef | undefined {
    if (!c) return undefined;
    const table = this.ref(c, 'table', c.table);
    const column = this.ref(c, 'column', c.column);
    return table && column ? { table, column } : undefined;
  }

  private model(m: ast.Model, pool: string): DataModel | undefined {
    if (!m.name) return undefined;
    const model: DataModel = { name: m.name, pool, tables: [], joins: [], usage: [], range: this.node(m), nameRange: this.prop(m, 'name') };
    for (const member of m.members ?? []) {
      if (member.$type === 'ModelTable') {
        const connection = this.ref(member, 'connection', member.connection);
        const table = this.ref(member, 'table', member.table);
        if (!connection || !table) continue;
        model.tables.push({
          connection,
          table,
          alias: member.alias ?? table.name,
          aliasRange: member.alias ? this.prop(member, 'alias') : table.range,
          range: this.node(member),
        });
      } else if (member.$type === 'Join') {
        const parent = this.columnRef(member.parent);
        const child = this.columnRef(member.child);
        if (parent && child) model.joins.push({ parent, child, range: this.node(member) });
      } else if (member.$type === 'Usage') {
        model.usage.push(...this.refs(member, 'principals', member.principals));
      }
    }
    return model;
  }

  private perspective(p: ast.Perspective, pool: string): Perspective | undefined {
    if (!p.name) return undefined;
    const out: Perspective = { name: p.name, pool, objects: [], relationships: [], usage: [], range: this.node(p), nameRange: this.prop(p, 'name') };
    for (const member of p.members ?? []) {
      if (member.$type === 'ObjectType') {
        const o = this.objectType(member);
        if (o) out.objects.push(o);
      } else if (member.$type === 'Relationship') {
        const r = this.relationship(member);
        if (r) out.relationships.push(r);
      } else if (member.$type === 'Usage') {
        out.usage.push(...this.refs(member, 'principals', member.principals));
      }
    }
    return out;
  }

  private objectType(o: ast.ObjectType): ObjectType | undefined {
    const connection = this.ref(o, 'connection', o.connection);
    const table = this.ref(o, 'table', o.table);
    const key = this.ref(o, 'key', o.key);
    if (!o.name || !connection || !table || !key) return undefined;
    return { name: o.name, connection, table, key, range: this.node(o), nameRange: this.prop(o, 'name') };
  }

  private relationship(r: ast.Relationship): Relationship | undefined {
    if (r.from || r.to) {
      const from = this.columnRef(r.from);
      const to = this.columnRef(r.to);
      return from && to ? { kind: 'column', from, to, range: this.node(r) } : undefined;
    }
    const fromType = this.ref(r, 'fromType', r.fromType);
    const toType = this.ref(r, 'toType', r.toType);
    const link = r.link;
    if (!fromType || !toType || !link) return undefined;
    const connection = this.ref(link, 'connection', link.connection);
    const table = this.ref(link, 'table', link.table);
    const fromColumn = this.ref(link, 'fromColumn', link.fromColumn);
    const toColumn = this.ref(link, 'toColumn', link.toColumn);
    if (!connection || !table || !fromColumn || !toColumn) return undefined;
    return { kind: 'link', fromType, toType, connection, table, fromColumn, toColumn, range: this.node(r) };
  }

  // ------------------------------------------------------------ permissions

  private principalRules(p: ast.PrincipalRules): PrincipalRules | undefined {
    const principal = this.ref(p, 'principal', p.principal);
    if (!principal || !p.kind) return undefined;
    const rules: PrincipalRules['rules'] = [];
    for (const r of p.rules ?? []) {
      const table = this.ref(r, 'table', r.table);
      const column = this.ref(r, 'column', r.column);
      if (!table || !column) continue;
      const values: Ref[] = [];
      for (const v of r.values ?? []) if (v.text !== undefined) values.push({ name: v.text, range: this.node(v) });
      rules.push({ table, column, values, range: this.node(r) });
    }
    return { kind: p.kind, principal, unlimited: !!p.unlimited, rules, range: this.node(p) };
  }

  private permissionTable(t: ast.PermissionTable): PermissionTable | undefined {
    const pathRef = this.ref(t, 'path', t.path);
    if (!pathRef || !t.kind || !t.principals) return undefined;
    const mappings: PermissionTable['mappings'] = [];
    for (const m of t.mappings ?? []) {
      const column = this.ref(m, 'column', m.column);
      if (m.role && column) mappings.push({ role: m.role as MappingRole, column, range: this.node(m) });
    }
    return {
      path: pathRef,
      file: resolveDataPath(this.file, pathRef.name),
      kind: t.kind,
      principals: t.principals,
      by: this.ref(t, 'by', t.by),
      mappings,
      range: this.node(t),
    };
  }
}
