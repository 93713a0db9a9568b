// What an exporter needs from a checked workspace, computed with the engine's own code so
// that the export enforces exactly what the preview shows: the physical tables (read by the
// engine's catalog, in a private DuckDB, so types and values are DuckDB's), the import views
// with their synchronized columns (§S4, §S5), each model resolved as the engine resolves it
// (join forest, broken joins, components: §M1, §P9), and, per principal of the model's team,
// what applies to it alone (switch, combine mode, unlimited paths, valid rules: §P1–§P8,
// §F1), from `permissionsOfPrincipals`, the function the engine itself calls.
import type { FileAccess } from '../model/files.js';
import type { LoadedData } from '../model/check/context.js';
import type { Column, CombineMode, Pool, WorkspaceModel } from '../model/types.js';
import { WorkspaceIndex } from '../model/workspace-index.js';
import { teamUser } from '../model/check/team-lookup.js';
import { Catalog } from '../engine/catalog/catalog.js';
import { resolveAnalysis, type ModelAnalysis, type PerspectiveAnalysis } from '../engine/analysis/analysis.js';
import { permissionsOfPrincipals, type Principal, type RuleSet } from '../engine/permissions/effective.js';
import { lockDown } from '../engine/duckdb/lockdown.js';
import { SqlSession, type DuckDbBindings } from '../engine/duckdb/session.js';

export interface SourceTable {
  pool: Pool;
  /** Connection name (own) or imported connection name (import). */
  connection: string;
  table: string;
  columns: Column[];
  /**
   * Own connection tables only, when read with rows: the rows, every cell as DuckDB's text or
   * null, read from the reader's DuckDB in batches as they are consumed (never all at once).
   */
  rows?: TableRows;
  error?: string;
  /** Imports only: the physical table it reads, and per locked column how it reads it. */
  importOf?: { pool: Pool; connection: string; table: string; sourceColumns: Column[] };
}

/** The rows of a physical table, read lazily from the export reader's catalog. */
export interface TableRows {
  /** How many rows. */
  count: number;
  /** True when some cell's text contains NUL (checked in DuckDB, without reading the rows out). */
  hasNul: boolean;
  /**
   * The rows in file order (`__sl_row` 0, 1, …), `size` at a time. Read from the reader's
   * catalog when iterated: iterate before the reader reads another workspace.
   */
  batches(size?: number): Generator<(string | null)[][]>;
}

/** Rows per batch read out of DuckDB (and written as one chunk of the script). */
export const ROW_BATCH = 50_000;

export interface PrincipalGrants {
  principal: Principal;
  /** lower-cased email for users, the name for groups */
  key: string;
  unlimited: boolean;
  rules: RuleSet;
}

export interface ExportModel {
  pool: Pool;
  analysis: ModelAnalysis;
  /** For each alias: the (connection, table) it reads in the pool. */
  sources: Map<string, { connection: string; table: string }>;
  switchOn: boolean;
  combine: CombineMode;
  principals: PrincipalGrants[];
}

/** A perspective, resolved and with its principals' grants as for a model (§P10). */
export interface ExportPerspective {
  pool: Pool;
  analysis: PerspectiveAnalysis;
  /** For each object type: the (connection, table) it reads in the pool. */
  sources: Map<string, { connection: string; table: string }>;
  switchOn: boolean;
  combine: CombineMode;
  principals: PrincipalGrants[];
  /** Set when the engine cannot show it (a model of the same pool has its name): why. */
  shadowed?: string;
}

export interface ExportTeam {
  name: string;
  /** lower-cased emails */
  users: string[];
  groups: { name: string; members: string[] }[];
}

export interface ExportInput {
  tables: SourceTable[];
  models: ExportModel[];
  perspectives: ExportPerspective[];
  teams: ExportTeam[];
}

/** A private, locked-down DuckDB with the engine's catalog (one per process is enough). */
export class ExportReader {
  private readonly catalog: Catalog;
  private constructor(private readonly session: SqlSession) {
    this.catalog = new Catalog(session);
  }

  static open(db: DuckDbBindings): ExportReader {
    const session = new SqlSession(db);
    lockDown(session);
    return new ExportReader(session);
  }

  /** The rows of a catalog table, read in batches of `__sl_row` ranges when iterated. */
  private tableRows(relation: string, columns: Column[], count: number): TableRows {
    const session = this.session;
    const texts = columns.map((c) => `CAST("${c.name.replaceAll('"', '""')}" AS VARCHAR)`);
    const hasNul =
      count > 0 && texts.length > 0 && session.scalarNumber(`SELECT count(*) FROM (SELECT 1 FROM ${relation} WHERE ${texts.map((t) => `contains(${t}, chr(0))`).join(' OR ')} LIMIT 1)`) > 0;
    return {
      count,
      hasNul,
      *batches(size = ROW_BATCH) {
        for (let from = 0; from < count; from += size) {
          // __sl_row is the row's 0-based ordinal in its file (engine/catalog), so a range of it
          // is a batch in file order; DuckDB skips the other row groups by their min/max.
          const result = session.query(`SELECT ${['__sl_row', ...texts].join(', ')} FROM ${relation} WHERE __sl_row >= ${from} AND __sl_row < ${from + size} ORDER BY __sl_row`);
          const vectors = columns.map((_, i) => result.getChildAt(i + 1)!);
          const rows: (string | null)[][] = new Array(result.numRows);
          for (let r = 0; r < result.numRows; r++) {
            const row: (string | null)[] = new Array(columns.length);
            for (let c = 0; c < columns.length; c++) {
              const v = vectors[c].get(r) as unknown;
              row[c] = v === null || v === undefined ? null : String(v);
            }
            rows[r] = row;
          }
          yield rows;
        }
      },
    };
  }

  async read(model: WorkspaceModel, data: LoadedData, files: FileAccess, withRows: boolean): Promise<ExportInput> {
    const index = new WorkspaceIndex(model, data.lock);
    await this.catalog.sync(model, index, files);
    const tables: SourceTable[] = [];
    const seen = new Set<string>();
    for (const pool of model.pools) {
      for (const connection of pool.connections) {
        for (const t of connection.tables) {
          const k = `${pool.id}\u0000${connection.name}\u0000${t.name}`;
          if (seen.has(k)) continue;
          seen.add(k);
          const found = this.catalog.lookup(pool.id, connection.name, t.name);
          if (!found) continue;
          const entry: SourceTable = { pool, connection: connection.name, table: t.name, columns: found.columns, error: found.error };
          if (withRows) entry.rows = this.tableRows(found.relation, found.columns, found.error ? 0 : found.total);
          tables.push(entry);
        }
      }
    }
    for (const pool of model.pools) {
      for (const imp of pool.imports) {
        for (const ref of imp.tables) {
          const k = `${pool.id}\u0000${imp.name}\u0000${ref.name}`;
          if (seen.has(k)) continue;
          const view = this.catalog.lookup(pool.id, imp.name, ref.name);
          const found = index.resolveTable(pool, imp.name, ref.name);
          if (!view || !found.ok) continue;
          seen.add(k);
          const r = found.resolved;
          const source = this.catalog.lookup(r.sourcePool.id, r.sourceConnection.name, r.table.name);
          tables.push({
            pool,
            connection: imp.name,
            table: ref.name,
            columns: view.columns,
            importOf: { pool: r.sourcePool, connection: r.sourceConnection.name, table: r.table.name, sourceColumns: source?.columns ?? [] },
          });
        }
      }
    }
    const teams: ExportTeam[] = [...index.teams.values()].map((team) => ({
      name: team.name,
      users: [...new Set(team.users.map((u) => u.email.toLowerCase()))],
      groups: team.groups.map((g) => ({ name: g.name, members: membersOf(index, team, g) })),
    }));
    const models: ExportModel[] = [];
    const perspectives: ExportInput['perspectives'] = [];
    for (const pool of model.pools) {
      const team = index.teams.get(pool.team.name);
      for (const m of pool.models) {
        if (models.some((x) => x.pool === pool && x.analysis.name === m.name)) continue;
        const analysis = resolveAnalysis(index, this.catalog, pool, m, 'model') as ModelAnalysis;
        const sources = new Map<string, { connection: string; table: string }>();
        for (const mt of m.tables) if (!sources.has(mt.alias)) sources.set(mt.alias, { connection: mt.connection.name, table: mt.table.name });
        const { switchOn, combine, principals } = grantsOf(index, analysis, data, team);
        models.push({ pool, analysis, sources, switchOn, combine, principals });
      }
      for (const p of pool.perspectives) {
        if (perspectives.some((x) => x.pool === pool && x.analysis.name === p.name)) continue;
        const analysis = resolveAnalysis(index, this.catalog, pool, p, 'perspective') as PerspectiveAnalysis;
        const sources = new Map<string, { connection: string; table: string }>();
        for (const o of p.objects) if (!sources.has(o.name)) sources.set(o.name, { connection: o.connection.name, table: o.table.name });
        const shadowed = pool.models.some((m) => m.name === p.name) ? `model ${p.name} of the same pool has its name, and the engine shows the model` : undefined;
        perspectives.push({ pool, analysis, sources, ...grantsOf(index, analysis, data, team), shadowed });
      }
    }
    return { tables, models, perspectives, teams };
  }
}

/**
 * A group's members as the export lists them: the team's declared users that the group lists
 * (lower-cased emails, no duplicates), in the order the team declares them. One pass over the
 * group's members with constant-time lookups (model/check/team-lookup.ts); asking
 * `index.groupsOf` for every group × user was cubic in a 10,000-user team.
 */
function membersOf(index: WorkspaceIndex, team: { name: string; users: { email: string }[] }, group: { members: { name: string }[] }): string[] {
  const listed = new Set<string>();
  for (const m of group.members) if (teamUser(index, team.name, m.name)) listed.add(m.name.toLowerCase());
  if (listed.size === 0) return [];
  const out: string[] = [];
  for (const u of team.users) {
    const key = u.email.toLowerCase();
    if (listed.delete(key)) out.push(key);
  }
  return out;
}

/** Switch, combine mode and, per principal of the team, what applies to it alone (§P1–§P8, §F1). */
function grantsOf(
  index: WorkspaceIndex,
  analysis: ModelAnalysis | PerspectiveAnalysis,
  data: LoadedData,
  team: { users: { email: string }[]; groups: { name: string }[] } | undefined,
): { switchOn: boolean; combine: CombineMode; principals: PrincipalGrants[] } {
  const principals: PrincipalGrants[] = [];
  const candidates: Principal[] = [...(team?.users ?? []).map((u) => ({ kind: 'user' as const, name: u.email })), ...(team?.groups ?? []).map((g) => ({ kind: 'group' as const, name: g.name }))];
  const none = permissionsOfPrincipals(index, analysis, data.permissionTables, []);
  const keys = new Set<string>();
  for (const p of candidates) {
    const key = p.kind === 'user' ? p.name.toLowerCase() : p.name;
    if (keys.has(`${p.kind}:${key}`)) continue;
    keys.add(`${p.kind}:${key}`);
    const eff = permissionsOfPrincipals(index, analysis, data.permissionTables, [p]);
    const rules: RuleSet = eff.principals[0]?.rules ?? new Map();
    if (eff.unlimited.length > 0 || rules.size > 0) principals.push({ principal: p, key, unlimited: eff.unlimited.length > 0, rules });
  }
  return { switchOn: none.switchOn, combine: none.combine, principals };
}
