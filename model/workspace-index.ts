// Name resolution over a WorkspaceModel: pools by "Team/Pool" or "Pool", principals by
// email (case-insensitive) or group name (exact), connections (own and imported) and
// tables, following imports to the physical table and to the columns the lock recorded.
// Pure lookups: no diagnostics here (the checks in model/check/ report what fails).
import type { LockFile } from './lock.js';
import type { Column, Connection, DataModel, Group, Import, Perspective, Pool, Table, Team, User, WorkspaceModel } from './types.js';
import { FIX_ME_PREFIX } from './types.js';

export type PoolLookup = { pool: Pool } | { error: 'unknown'; suggestions: string[] } | { error: 'ambiguous'; candidates: Pool[] };

/** A connection as seen from one pool: its own, or an imported one. */
export type ConnectionEntry = { kind: 'own'; pool: Pool; connection: Connection } | { kind: 'import'; pool: Pool; import: Import };

/** A table as seen from one pool, followed through imports to where its data lives. */
export interface ResolvedTable {
  /** The physical table (its data file and schema). */
  table: Table;
  /** The pool and connection that own the physical table. */
  sourcePool: Pool;
  sourceConnection: Connection;
  /** The columns visible here: the file's, or for imports those recorded at the last sync. */
  columns: Column[] | undefined;
  /** The imports followed, outermost first. */
  via: { pool: Pool; import: Import }[];
}

export type TableLookup =
  | { ok: true; resolved: ResolvedTable }
  | { ok: false; reason: 'unknown-connection' | 'unknown-table' | 'not-imported' | 'broken-import'; message: string; suggestions: string[] };

export class WorkspaceIndex {
  readonly teams = new Map<string, Team>();
  readonly pools = new Map<string, Pool>();
  private readonly poolsByName = new Map<string, Pool[]>();
  private readonly usersByKey = new Map<string, User[]>();
  private readonly groupsByName = new Map<string, Group[]>();

  constructor(
    readonly model: WorkspaceModel,
    readonly lock: LockFile | undefined,
  ) {
    for (const team of model.teams) {
      if (!this.teams.has(team.name)) this.teams.set(team.name, team);
      for (const u of team.users) push(this.usersByKey, u.key, u);
      for (const g of team.groups) push(this.groupsByName, g.name, g);
    }
    for (const pool of model.pools) {
      if (!this.pools.has(pool.id)) this.pools.set(pool.id, pool);
      push(this.poolsByName, pool.name, pool);
    }
  }

  // ------------------------------------------------------------ principals

  /** Every declaration of this email, in any team. */
  usersNamed(email: string): User[] {
    return this.usersByKey.get(email.toLowerCase()) ?? [];
  }

  groupsNamed(name: string): Group[] {
    return this.groupsByName.get(name) ?? [];
  }

  teamUser(team: string, email: string): User | undefined {
    return this.teams.get(team)?.users.find((u) => u.key === email.toLowerCase());
  }

  teamGroup(team: string, name: string): Group | undefined {
    return this.teams.get(team)?.groups.find((g) => g.name === name);
  }

  /** The groups of `team` that list this email as a member. */
  groupsOf(team: string, email: string): Group[] {
    const key = email.toLowerCase();
    return this.teams.get(team)?.groups.filter((g) => g.members.some((m) => m.name.toLowerCase() === key)) ?? [];
  }

  allUserEmails(): string[] {
    return [...this.usersByKey.values()].map((u) => u[0].email);
  }

  allGroupNames(): string[] {
    return [...this.groupsByName.keys()];
  }

  // ------------------------------------------------------------ pools

  /** "Team/Pool" first; then "Pool" when exactly one team has a pool of that name. */
  lookupPool(written: string): PoolLookup {
    const exact = this.pools.get(written);
    if (exact) return { pool: exact };
    const byName = this.poolsByName.get(written) ?? [];
    if (byName.length === 1) return { pool: byName[0] };
    if (byName.length > 1) return { error: 'ambiguous', candidates: byName };
    return { error: 'unknown', suggestions: [...this.pools.keys()] };
  }

  /** The pool a FIX ME import names: "FIX ME: Team/Pool" (separators after FIX ME vary). */
  static fixMeOriginal(source: string): string {
    return source.trim().slice(FIX_ME_PREFIX.length).replace(/^[\s:\-–—]+/, '').trim();
  }

  engineOf(pool: Pool): string {
    return pool.engine?.name ?? 'etl';
  }

  // ------------------------------------------------------------ connections and tables

  connections(pool: Pool): ConnectionEntry[] {
    return [
      ...pool.connections.map((connection) => ({ kind: 'own' as const, pool, connection })),
      ...pool.imports.map((imp) => ({ kind: 'import' as const, pool, import: imp })),
    ];
  }

  connection(pool: Pool, name: string): ConnectionEntry | undefined {
    return this.connections(pool).find((c) => (c.kind === 'own' ? c.connection.name : c.import.name) === name);
  }

  /** The table names a connection offers in `pool` (an import offers the tables it imports). */
  tableNames(entry: ConnectionEntry): string[] {
    return entry.kind === 'own' ? entry.connection.tables.map((t) => t.name) : entry.import.tables.map((t) => t.name);
  }

  resolveTable(pool: Pool, connectionName: string, tableName: string, seen: Set<string> = new Set()): TableLookup {
    const entry = this.connection(pool, connectionName);
    if (!entry) {
      return {
        ok: false,
        reason: 'unknown-connection',
        message: `pool "${pool.id}" has no connection ${connectionName}`,
        suggestions: this.connections(pool).map((c) => (c.kind === 'own' ? c.connection.name : c.import.name)),
      };
    }
    if (entry.kind === 'own') {
      const table = entry.connection.tables.find((t) => t.name === tableName);
      if (!table) {
        return { ok: false, reason: 'unknown-table', message: `connection ${connectionName} of "${pool.id}" has no table ${tableName}`, suggestions: this.tableNames(entry) };
      }
      return { ok: true, resolved: { table, sourcePool: pool, sourceConnection: entry.connection, columns: table.schema?.columns, via: [] } };
    }
    const imp = entry.import;
    if (!imp.tables.some((t) => t.name === tableName)) {
      return { ok: false, reason: 'not-imported', message: `the import ${imp.name} of "${pool.id}" does not import ${tableName}; add it to its \`tables\` list`, suggestions: this.tableNames(entry) };
    }
    const loopKey = `${pool.id}\u0000${imp.name}`;
    if (imp.fixMe || seen.has(loopKey)) {
      return { ok: false, reason: 'broken-import', message: `the import ${imp.name} of "${pool.id}" has no working source`, suggestions: [] };
    }
    const source = this.lookupPool(imp.source.name);
    if (!('pool' in source)) {
      return { ok: false, reason: 'broken-import', message: `the import ${imp.name} of "${pool.id}" names a source pool that cannot be found`, suggestions: [] };
    }
    seen.add(loopKey);
    const inner = this.resolveTable(source.pool, imp.connection.name, tableName, seen);
    if (!inner.ok) {
      return { ok: false, reason: 'broken-import', message: `the import ${imp.name} of "${pool.id}" cannot reach ${tableName}: ${inner.message}`, suggestions: [] };
    }
    const locked = this.lockedColumns(pool.id, imp.name, tableName);
    return { ok: true, resolved: { ...inner.resolved, columns: locked ?? inner.resolved.columns, via: [{ pool, import: imp }, ...inner.resolved.via] } };
  }

  /** The columns an import recorded for a table at its last synchronization (§S5). */
  lockedColumns(poolId: string, connection: string, table: string): Column[] | undefined {
    const entry = this.lock?.imports.find((i) => i.pool === poolId && i.connection === connection);
    return entry?.tables.find((t) => t.name === table)?.columns;
  }

  // ------------------------------------------------------------ models and perspectives

  /** Models and perspectives of every pool with this name. */
  analysesNamed(name: string): { pool: Pool; target: DataModel | Perspective; kind: 'model' | 'perspective' }[] {
    const out: { pool: Pool; target: DataModel | Perspective; kind: 'model' | 'perspective' }[] = [];
    for (const pool of this.pools.values()) {
      for (const m of pool.models) if (m.name === name) out.push({ pool, target: m, kind: 'model' });
      for (const p of pool.perspectives) if (p.name === name) out.push({ pool, target: p, kind: 'perspective' });
    }
    return out;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
