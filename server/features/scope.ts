// Resolves names as the cursor context gives them (a pool as written, a model's name, an
// alias) against the snapshot's workspace, for completion and hover. Lookups only, through
// WorkspaceIndex; a name that resolves to nothing gives undefined, never an error, because
// the text being typed is usually ahead of the last check.
import type { AnalysisRef } from '../../engine/index.js';
import type { Column, DataModel, Perspective, Pool, Team } from '../../model/types.js';
import type { TableLookup } from '../../model/workspace-index.js';
import type { AnalysisScope } from './expectations.js';
import type { Snapshot } from './snapshot.js';

export interface ResolvedAnalysis {
  pool: Pool;
  /** Absent while a new model or perspective is being written. */
  target?: DataModel | Perspective;
  kind?: 'model' | 'perspective';
  ref?: AnalysisRef;
}

/** A table of an analysis: an alias of a model or an object type of a perspective. */
export interface AnalysisTableInfo {
  name: string;
  connection: string;
  table: string;
  lookup: TableLookup;
}

export function poolNamed(snapshot: Snapshot, written: string | undefined): Pool | undefined {
  if (written === undefined) return undefined;
  const found = snapshot.index.lookupPool(written);
  return 'pool' in found ? found.pool : undefined;
}

export function resolveAnalysis(snapshot: Snapshot, scope: AnalysisScope | undefined): ResolvedAnalysis | undefined {
  if (!scope) return undefined;
  if (scope.pool === undefined) {
    const found = snapshot.index.analysesNamed(scope.name);
    if (found.length !== 1) return undefined;
    const { pool, target, kind } = found[0];
    return { pool, target, kind, ref: { pool: pool.id, name: target.name } };
  }
  const pool = poolNamed(snapshot, scope.pool);
  if (!pool) return undefined;
  const model = pool.models.find((m) => m.name === scope.name);
  const perspective = pool.perspectives.find((p) => p.name === scope.name);
  const target = model ?? perspective;
  if (!target) return { pool };
  return { pool, target, kind: model ? 'model' : 'perspective', ref: { pool: pool.id, name: target.name } };
}

/** The aliases (model) or object types (perspective) of an analysis, with their tables. */
export function analysisTables(snapshot: Snapshot, scope: AnalysisScope | undefined): AnalysisTableInfo[] {
  const a = resolveAnalysis(snapshot, scope);
  if (!a) return [];
  const out: AnalysisTableInfo[] = [];
  const add = (name: string, connection: string, table: string) => {
    if (!out.some((t) => t.name === name)) out.push({ name, connection, table, lookup: snapshot.index.resolveTable(a.pool, connection, table) });
  };
  if (a.target && a.kind === 'model') for (const t of (a.target as DataModel).tables) add(t.alias, t.connection.name, t.table.name);
  if (a.target && a.kind === 'perspective') for (const o of (a.target as Perspective).objects) add(o.name, o.connection.name, o.table.name);
  for (const d of scope?.declared ?? []) add(d.name, d.connection, d.table);
  return out;
}

export function analysisTable(snapshot: Snapshot, scope: AnalysisScope | undefined, name: string): AnalysisTableInfo | undefined {
  return analysisTables(snapshot, scope).find((t) => t.name === name);
}

/** The columns of `connection.table` as seen from a pool (for imports: those of the last sync). */
export function tableColumns(snapshot: Snapshot, poolId: string, connection: string, table: string): Column[] | undefined {
  const pool = snapshot.index.pools.get(poolId);
  if (!pool) return undefined;
  const found = snapshot.index.resolveTable(pool, connection, table);
  return found.ok ? found.resolved.columns : undefined;
}

export function columnsOf(info: AnalysisTableInfo | undefined): Column[] {
  return info?.lookup.ok ? (info.lookup.resolved.columns ?? []) : [];
}

/** The team that owns the analysis (or pool) a scope names. */
export function teamOf(snapshot: Snapshot, team: string | undefined, scope?: AnalysisScope): Team | undefined {
  if (team !== undefined) return snapshot.index.teams.get(team);
  const a = resolveAnalysis(snapshot, scope);
  return a ? snapshot.index.teams.get(a.pool.team.name) : undefined;
}
