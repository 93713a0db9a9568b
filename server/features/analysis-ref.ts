// Which model or perspective a permissions block is for, resolved the way the checker does
// (a qualified "Team/Pool", or a pool name unique across teams).
import type { AnalysisRef } from '../../engine/index.js';
import type { PermissionSet } from '../../model/types.js';
import type { Snapshot } from './snapshot.js';

export function analysisOf(snapshot: Snapshot, set: PermissionSet): AnalysisRef | undefined {
  const name = set.target.name;
  if (set.pool) {
    const found = snapshot.index.lookupPool(set.pool.name);
    if (!('pool' in found)) return undefined;
    const pool = found.pool;
    const exists = pool.models.some((m) => m.name === name) || pool.perspectives.some((p) => p.name === name);
    return exists ? { pool: pool.id, name } : undefined;
  }
  const candidates = snapshot.index.analysesNamed(name);
  return candidates.length === 1 ? { pool: candidates[0].pool.id, name } : undefined;
}

/** The permission blocks declared in one file, with the analysis each is for. */
export function permissionSetsIn(snapshot: Snapshot, file: string): { set: PermissionSet; ref: AnalysisRef | undefined }[] {
  return snapshot.model.permissions.filter((s) => s.range.file === file).map((set) => ({ set, ref: analysisOf(snapshot, set) }));
}
