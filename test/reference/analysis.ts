// The target of an evaluation: a model (§M1) or perspective (§M2) of one pool, with its
// tables named as rules name them (alias or object type), each followed through imports to
// its physical data file (§S4) and the columns visible in the pool (the lock, §S5).
import type { Column, DataModel, Perspective, Pool } from '../../model/types.js';
import type { WorkspaceIndex } from '../../model/workspace-index.js';
import type { TableRows } from './values.js';

/** A table of the analysis: a model alias or a perspective object type. */
export interface AnalysisTable {
  /** The alias (model) or object type name (perspective): what rules name. */
  name: string;
  /** The table's name in its connection: what `by name` permission tables name. */
  realName: string;
  /** The columns visible in the pool (§S5); undefined when the table cannot be resolved. */
  columns: Column[] | undefined;
  /** The physical file's rows (all of them: §S4 imports are views); undefined = zero rows. */
  data: TableRows | undefined;
}

export type Analysis =
  | { kind: 'model'; pool: Pool; model: DataModel; tables: Map<string, AnalysisTable> }
  | { kind: 'perspective'; pool: Pool; perspective: Perspective; tables: Map<string, AnalysisTable> };

/** Resolves `connection.table` in the pool (following imports) to columns and rows. */
export function resolveTableRows(
  index: WorkspaceIndex,
  data: (file: string) => TableRows | undefined,
  pool: Pool,
  connection: string,
  table: string,
): { columns: Column[] | undefined; data: TableRows | undefined } {
  const found = index.resolveTable(pool, connection, table);
  if (!found.ok) return { columns: undefined, data: undefined };
  return { columns: found.resolved.columns, data: data(found.resolved.table.file) };
}

export function hasColumn(table: { columns: Column[] | undefined } | undefined, column: string): boolean {
  return table?.columns?.some((c) => c.name === column) ?? false;
}

/**
 * The model or perspective `name` of pool `poolId` (a model wins over a perspective of the
 * same name). Aliases and object types: the first declaration of a name counts.
 */
export function resolveAnalysis(index: WorkspaceIndex, data: (file: string) => TableRows | undefined, target: { pool: string; name: string }): Analysis {
  const pool = index.pools.get(target.pool);
  if (!pool) throw new Error(`reference: no pool "${target.pool}"`);
  const model = pool.models.find((m) => m.name === target.name);
  if (model) {
    const tables = new Map<string, AnalysisTable>();
    for (const mt of model.tables) {
      if (tables.has(mt.alias)) continue;
      tables.set(mt.alias, { name: mt.alias, realName: mt.table.name, ...resolveTableRows(index, data, pool, mt.connection.name, mt.table.name) });
    }
    return { kind: 'model', pool, model, tables };
  }
  const perspective = pool.perspectives.find((p) => p.name === target.name);
  if (perspective) {
    const tables = new Map<string, AnalysisTable>();
    for (const o of perspective.objects) {
      if (tables.has(o.name)) continue;
      tables.set(o.name, { name: o.name, realName: o.table.name, ...resolveTableRows(index, data, pool, o.connection.name, o.table.name) });
    }
    return { kind: 'perspective', pool, perspective, tables };
  }
  throw new Error(`reference: pool "${target.pool}" has no model or perspective ${target.name}`);
}
