// Converts one file's Langium AST into plain workspace-model declarations (model/types.ts).
// Nothing is resolved here: names stay as written, with their source ranges. The parser
// recovers from errors, so any property may be missing: skip what has no name.
import * as path from 'node:path';
import { GrammarUtils, type AstNode, type CstNode } from 'langium';
import * as ast from './generated/ast.js';
import {
  FIX_ME_PREFIX,
  type ColumnRef,
  type Connection,
  type DataModel,
  type Grant,
  type Group,
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
  type User,
} from '../model/types.js';

export interface FileDeclarations {
  teams: Team[];
  pools: Pool[];
  permissions: PermissionSet[];
  /** A setting written twice in one block (engine, combine, the switch): the last one counts. */
  duplicateSettings: { setting: string; range: SourceRange }[];
}

export function toModel(document: ast.Document, file: string): FileDeclarations {
  const b = new Builder(file);
  const out: FileDeclarations = { teams: [], pools: [], permissions: [], duplicateSettings: b.duplicates };
  for (const element of document.elements ?? []) {
    if (ast.isTeam(element)) {
      const team = b.team(element);
      if (team) out.teams.push(team);
    } else if (ast.isPool(element)) {
      const pool = b.pool(element);
      if (pool) out.pools.push(pool);
    } else if (ast.isPermissions(element)) {
      const set = b.permissions(element);
      if (set) out.permissions.push(set);
    }
  }
  return out;
}

/** Resolves a data or permission-table path relative to the file that names it. */
export function resolveDataPath(fromFile: string, written: string): string {
  return path.resolve(path.dirname(fromFile), written.replace(/\\/g, '/'));
}

class Builder {
  readonly duplicates: FileDeclarations['duplicateSettings'] = [];

  constructor(private readonly file: string) {}

  // ------------------------------------------------------------ ranges

  private rangeOf(cst: CstNode | undefined): SourceRange {
    const r = cst?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { file: this.file, start: { line: r.start.line, column: r.start.character }, end: { line: r.end.line, column: r.end.character } };
  }

  private node(n: AstNode): SourceRange {
    return this.rangeOf(n.$cstNode);
  }

  private prop(n: AstNode, property: string, index?: number): SourceRange {
    return this.rangeOf(GrammarUtils.findNodeForProperty(n.$cstNode, property, index) ?? n.$cstNode);
  }

  private ref(n: AstNode, property: string, value: string | undefined, index?: number): Ref | undefined {
    if (value === undefined || value === null) return undefined;
    return { name: value, range: this.prop(n, property, index) };
  }

  private refs(n: AstNode, property: string, values: (string | undefined)[] | undefined): Ref[] {
    const out: Ref[] = [];
    (values ?? []).forEach((v, i) => {
      const r = this.ref(n, property, v, i);
      if (r) out.push(r);
    });
    return out;
  }

  // ------------------------------------------------------------ organisation

  team(t: ast.Team): Team | undefined {
    if (!t.name) return undefined;
    const team: Team = { name: t.name, range: this.node(t), nameRange: this.prop(t, 'name'), users: [], groups: [], serviceGrants: [] };
    for (const m of t.members ?? []) {
      if (ast.isUserDecl(m) && m.email !== undefined) {
        const user: User = {
          email: m.email,
          key: m.email.toLowerCase(),
          team: t.name,
          role: this.ref(m, 'role', m.role),
          range: this.node(m),
          nameRange: this.prop(m, 'email'),
        };
        team.users.push(user);
      } else if (ast.isGroupDecl(m) && m.name !== undefined) {
        const group: Group = { name: m.name, team: t.name, members: this.refs(m, 'members', m.members), range: this.node(m), nameRange: this.prop(m, 'name') };
        team.groups.push(group);
      } else if (ast.isGrant(m)) {
        const grant = this.grant(m);
        if (grant) team.serviceGrants.push(grant);
      }
    }
    return team;
  }

  private grant(g: ast.Grant): Grant | undefined {
    const principal = this.ref(g, 'principal', g.principal);
    const level = this.ref(g, 'level', g.level);
    return principal && level ? { principal, level, range: this.node(g) } : undefined;
  }

  // ------------------------------------------------------------ pools

  pool(p: ast.Pool): Pool | undefined {
    const team = this.ref(p, 'team', p.team);
    if (p.name === undefined || !team) return undefined;
    const id = `${team.name}/${p.name}`;
    const pool: Pool = {
      id,
      name: p.name,
      team,
      grants: [],
      connections: [],
      imports: [],
      shares: [],
      models: [],
      perspectives: [],
      range: this.node(p),
      nameRange: this.prop(p, 'name'),
    };
    for (const m of p.members ?? []) {
      if (ast.isEngineDecl(m)) {
        if (pool.engine) this.duplicates.push({ setting: 'engine', range: this.node(m) });
        pool.engine = this.ref(m, 'engine', m.engine) ?? pool.engine;
      }
      else if (ast.isGrant(m)) {
        const grant = this.grant(m);
        if (grant) pool.grants.push(grant);
      } else if (ast.isConnection(m)) {
        const c = this.connection(m);
        if (c) pool.connections.push(c);
      } else if (ast.isShare(m)) {
        const s = this.share(m);
        if (s) pool.shares.push(s);
      } else if (ast.isImport(m)) {
        const i = this.import(m);
        if (i) pool.imports.push(i);
      } else if (ast.isModel(m)) {
        const model = this.model(m, id);
        if (model) pool.models.push(model);
      } else if (ast.isPerspective(m)) {
        const perspective = this.perspective(m, id);
        if (perspective) pool.perspectives.push(perspective);
      }
    }
    return pool;
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
      if (ast.isModelTable(member)) {
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
      } else if (ast.isJoin(member)) {
        const parent = this.columnRef(member.parent);
        const child = this.columnRef(member.child);
        if (parent && child) model.joins.push({ parent, child, range: this.node(member) });
      } else if (ast.isUsage(member)) {
        model.usage.push(...this.refs(member, 'principals', member.principals));
      }
    }
    return model;
  }

  private perspective(p: ast.Perspective, pool: string): Perspective | undefined {
    if (!p.name) return undefined;
    const out: Perspective = { name: p.name, pool, objects: [], relationships: [], usage: [], range: this.node(p), nameRange: this.prop(p, 'name') };
    for (const member of p.members ?? []) {
      if (ast.isObjectType(member)) {
        const o = this.objectType(member);
        if (o) out.objects.push(o);
      } else if (ast.isRelationship(member)) {
        const r = this.relationship(member);
        if (r) out.relationships.push(r);
      } else if (ast.isUsage(member)) {
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

  permissions(p: ast.Permissions): PermissionSet | undefined {
    const target = this.ref(p, 'target', p.target);
    if (!target) return undefined;
    const set: PermissionSet = { pool: this.ref(p, 'pool', p.pool), target, principals: [], tables: [], range: this.node(p) };
    for (const m of p.members ?? []) {
      if (ast.isSwitch(m)) {
        if (set.switchRange) this.duplicates.push({ setting: 'use data permissions', range: this.node(m) });
        set.switchRange = this.node(m);
      } else if (ast.isCombine(m)) {
        if (set.combine) this.duplicates.push({ setting: 'combine', range: this.node(m) });
        set.combine = this.ref(m, 'mode', m.mode) ?? set.combine;
      }
      else if (ast.isPrincipalRules(m)) {
        const rules = this.principalRules(m);
        if (rules) set.principals.push(rules);
      } else if (ast.isPermissionTable(m)) {
        const table = this.permissionTable(m);
        if (table) set.tables.push(table);
      }
    }
    return set;
  }

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
