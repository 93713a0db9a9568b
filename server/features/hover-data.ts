// Hover texts for the data side of the workspace: pools, connections and imports, tables
// (physical, imported, or as an alias / object type), columns, models and perspectives,
// rules and permission tables. Static facts come from the model and the schemas read at the
// last check; row counts and frequent values come from the engine when it answers in time.
import * as path from 'node:path';
import type { AnalysisRef } from '../../engine/index.js';
import type { DataModel, PermissionSet, PermissionTable, Perspective, Pool, Rule } from '../../model/types.js';
import { WorkspaceIndex } from '../../model/workspace-index.js';
import type { EditorEngine } from '../engine-api.js';
import { ask } from './engine-call.js';
import { analysisTable, columnsOf, poolNamed, resolveAnalysis, tableColumns, type ResolvedAnalysis } from './scope.js';
import type { Snapshot } from './snapshot.js';

export interface HoverEnv {
  snapshot: Snapshot;
  engine?: EditorEngine;
  timeoutMs: number;
}

const MAX_COLUMNS = 30;

/** How a value of each non-text type reads as text (§P6), for the hint on a column. */
const TEXT_FORM: Record<string, string> = {
  BIGINT: 'plain digits, e.g. `"1000"` (not `"01000"` or `"1000.0"`)',
  DOUBLE: 'DuckDB prints them, e.g. `"12.5"`',
  BOOLEAN: '`"true"` or `"false"`',
  DATE: '`"YYYY-MM-DD"`',
  TIMESTAMP: '`"YYYY-MM-DD hh:mm:ss"`',
};

export const rel = (snapshot: Snapshot, file: string) => path.relative(snapshot.root, file).replace(/\\/g, '/');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';

// ---------------------------------------------------------------- pools and connections

export function poolHover(env: HoverEnv, pool: Pool | undefined, written: string, fixMe?: boolean): string {
  const { snapshot } = env;
  if (!pool) {
    if (fixMe) {
      const original = WorkspaceIndex.fixMeOriginal(written);
      const exists = poolNamed(snapshot, original);
      return (
        `**FIX ME import**: a team-to-team copy left this import without its source (§S7); it names the original source "${original}"${exists ? '' : ', which does not exist here'}. ` +
        'It stays broken until that source shares the connection with this pool and the import names it again.'
      );
    }
    return `**"${written}"**: no such pool. Name pools as \`"Team/Pool"\`, or \`"Pool"\` where only one team has a pool of that name.`;
  }
  const index = snapshot.index;
  const lines = [`**"${pool.id}"** · pool of team ${pool.team.name} · engine ${index.engineOf(pool)}`];
  const own = pool.connections.map((c) => `${c.name} (${plural(c.tables.length, 'table')})`);
  if (own.length) lines.push(`Connections: ${own.join(', ')}`);
  for (const imp of pool.imports) lines.push(`Imports ${imp.name} from "${imp.source.name}"${imp.fixMe ? ' — broken (FIX ME, §S7)' : ''}: ${imp.tables.map((t) => t.name).join(', ')}`);
  for (const s of pool.shares) lines.push(`Shares ${s.connection.name} with ${s.targets.map((t) => `"${t.pool.name}" (${t.tables.map((x) => x.name).join(', ')})`).join(', ')}`);
  const into = snapshot.model.pools.flatMap((p) => p.shares.filter((s) => s.targets.some((t) => poolNamed(snapshot, t.pool.name) === pool)).map((s) => `"${p.id}" (${s.connection.name})`));
  if (into.length) lines.push(`Shared with it: ${into.join(', ')}`);
  const analyses = [...pool.models.map((m) => `model ${m.name}`), ...pool.perspectives.map((p) => `perspective ${p.name}`)];
  if (analyses.length) lines.push(`Analyses: ${analyses.join(', ')}`);
  if (pool.grants.length) lines.push(`Grants: ${pool.grants.map((g) => `${g.level.name} to "${g.principal.name}"`).join(', ')}`);
  return lines.join('  \n');
}

export function connectionHover(env: HoverEnv, pool: Pool, name: string): string {
  const { snapshot } = env;
  const entry = snapshot.index.connection(pool, name);
  if (!entry) return `**${name}**: pool "${pool.id}" has no connection ${name}.`;
  if (entry.kind === 'own') {
    const c = entry.connection;
    const lines = [`**${c.name}** · connection of "${pool.id}" (§S2)`];
    for (const t of c.tables) lines.push(`- ${t.name}: ${code(t.path.name)}${t.schema ? ` · ${plural(t.schema.columns.length, 'column')}` : ' · not readable'}`);
    const shares = pool.shares.filter((s) => s.connection.name === c.name);
    if (shares.length) lines.push(`Shared with ${shares.flatMap((s) => s.targets.map((t) => `"${t.pool.name}"`)).join(', ')} (§S3)`);
    return lines.join('  \n');
  }
  const imp = entry.import;
  const lines = [`**${imp.name}** · imported connection of "${pool.id}" (§S4)`];
  if (imp.fixMe) {
    lines.push(`A team-to-team copy left it without a source (§S7): it names "${imp.source.name}". Share the connection with this pool and point the import at its source again.`);
    return lines.join('  \n');
  }
  lines.push(`From ${imp.connection.name} of "${imp.source.name}": ${imp.tables.map((t) => t.name).join(', ')}`);
  lines.push('Its tables are views over the source: new rows show at once; new or changed columns only after synchronizing (§S5).');
  const locked = imp.tables.filter((t) => snapshot.index.lockedColumns(pool.id, imp.name, t.name)).length;
  lines.push(locked === imp.tables.length ? 'Synchronized: every table is recorded in sightline.lock.' : `${imp.tables.length - locked} of ${imp.tables.length} tables not recorded in sightline.lock: synchronize.`);
  return lines.join('  \n');
}

// ---------------------------------------------------------------- tables and columns

/** The analysis and alias that show a physical file, to ask the engine for its row count. */
function analysisShowing(snapshot: Snapshot, file: string): { ref: AnalysisRef; alias: string } | undefined {
  for (const pool of snapshot.model.pools) {
    const tables = [...pool.models.flatMap((m) => m.tables.map((t) => ({ m: m.name, alias: t.alias, c: t.connection.name, t: t.table.name }))), ...pool.perspectives.flatMap((p) => p.objects.map((o) => ({ m: p.name, alias: o.name, c: o.connection.name, t: o.table.name })))];
    for (const x of tables) {
      const found = snapshot.index.resolveTable(pool, x.c, x.t);
      if (found.ok && found.resolved.table.file === file) return { ref: { pool: pool.id, name: x.m }, alias: x.alias };
    }
  }
  return undefined;
}

async function totalRows(env: HoverEnv, ref: AnalysisRef | undefined, alias: string | undefined, file: string, parquetRows: number | undefined): Promise<number | undefined> {
  if (parquetRows !== undefined) return parquetRows;
  const { engine, snapshot } = env;
  if (!engine) return undefined;
  const at = ref && alias ? { ref, alias } : analysisShowing(snapshot, file);
  if (!at) return undefined;
  const column = columnsOf(analysisTable(snapshot, { pool: at.ref.pool, name: at.ref.name }, at.alias))[0]?.name;
  if (!column) return undefined;
  // a rule with no values keeps nothing: its answer is just the table's row count
  const answer = await ask(() => engine.ruleKeeps(at.ref, at.alias, column, []), env.timeoutMs);
  return answer?.total;
}

export async function tableHover(env: HoverEnv, pool: Pool, connection: string, table: string, analysis?: ResolvedAnalysis, alias?: string): Promise<string> {
  const { snapshot } = env;
  const found = snapshot.index.resolveTable(pool, connection, table);
  const heading = alias && analysis?.target ? `**${alias}** · ${analysis.kind === 'perspective' ? 'object type' : 'table'} ${code(`${connection}.${table}`)} of ${analysis.target.name}` : `**${connection}.${table}** · table of "${pool.id}"`;
  if (!found.ok) return `${heading}  \n${found.message}.`;
  const r = found.resolved;
  const lines = [heading];
  const where = `${code(rel(snapshot, r.table.file))}${r.table.schema ? ` (${r.table.schema.format === 'csv' ? 'CSV' : 'Parquet'})` : ''}`;
  lines.push(`Data: ${where}, table ${r.table.name} of ${r.sourceConnection.name} in "${r.sourcePool.id}"${r.via.length ? ` — through ${r.via.map((v) => `the import ${v.import.name} of "${v.pool.id}"`).join(', ')} (a view, §S4)` : ''}`);
  const rows = await totalRows(env, analysis?.ref, alias, r.table.file, r.table.schema?.rowCount);
  if (rows !== undefined) lines.push(`Rows: ${rows}`);
  const columns = r.columns ?? [];
  if (!r.columns) lines.push('Columns: unknown (the file could not be read)');
  else {
    const shown = columns.slice(0, MAX_COLUMNS).map((c) => `${c.name} ${c.type}`);
    lines.push(`Columns: ${shown.join(', ')}${columns.length > MAX_COLUMNS ? `, … (${columns.length} in all)` : ''}`);
  }
  return lines.join('  \n');
}

export async function aliasHover(env: HoverEnv, analysis: ResolvedAnalysis, name: string): Promise<string> {
  const info = analysisTable(env.snapshot, { pool: analysis.pool.id, name: analysis.target?.name ?? '' }, name);
  if (!info) return `**${name}**: ${analysis.target?.name ?? 'this analysis'} has no ${analysis.kind === 'perspective' ? 'object type' : 'table'} ${name}.`;
  return tableHover(env, analysis.pool, info.connection, info.table, analysis, name);
}

export async function columnHover(env: HoverEnv, pool: Pool, column: string, analysis?: ResolvedAnalysis, alias?: string, connection?: string, table?: string): Promise<string> {
  const { snapshot, engine } = env;
  const scope = analysis?.target ? { pool: analysis.pool.id, name: analysis.target.name } : undefined;
  const info = alias && scope ? analysisTable(snapshot, scope, alias) : undefined;
  const columns = info ? columnsOf(info) : connection && table ? (tableColumns(snapshot, pool.id, connection, table) ?? []) : [];
  const owner = alias ?? (connection && table ? `${connection}.${table}` : '?');
  const col = columns.find((c) => c.name === column);
  if (!col) return `**${column}**: ${owner} has no column ${column}${columns.length ? '' : ' (its columns are unknown)'}.`;
  const lines = [`**${column}** · ${col.type} · column of ${owner}${info ? ` (${code(`${info.connection}.${info.table}`)})` : ''}`];
  if (engine && analysis?.ref && alias) {
    const ref = analysis.ref;
    const top = await ask(() => engine.columnValues(ref, alias, column, { limit: 5 }), env.timeoutMs);
    if (top?.length) lines.push(`Top values: ${top.map((v) => `${v.value === null ? 'NULL' : code(v.value)} (${v.count})`).join(' · ')}`);
  }
  if (col.type !== 'VARCHAR') lines.push(`Rules compare it as text (§P6): write values as ${TEXT_FORM[col.type]}.`);
  return lines.join('  \n');
}

// ---------------------------------------------------------------- models and perspectives

export function analysisHover(env: HoverEnv, pool: Pool, target: DataModel | Perspective, kind: 'model' | 'perspective'): string {
  const { snapshot } = env;
  const lines: string[] = [];
  if (kind === 'model') {
    const m = target as DataModel;
    lines.push(`**${m.name}** · model of "${pool.id}" (§M1)`);
    lines.push(`Tables: ${m.tables.map((t) => (t.alias === t.table.name ? `${t.connection.name}.${t.table.name}` : `${t.alias} = ${t.connection.name}.${t.table.name}`)).join(', ') || 'none'}`);
    lines.push(`Joins: ${m.joins.length}`);
  } else {
    const p = target as Perspective;
    lines.push(`**${p.name}** · perspective of "${pool.id}" (§M2)`);
    lines.push(`Object types: ${p.objects.map((o) => `${o.name} = ${o.connection.name}.${o.table.name}`).join(', ') || 'none'}`);
    lines.push(`Relationships: ${p.relationships.length}`);
  }
  if (target.usage.length) lines.push(`Usage (§O3): ${target.usage.map((u) => `"${u.name}"`).join(', ')}`);
  const sets = setsFor(snapshot, pool, target.name);
  if (sets.length === 0) lines.push('No data permissions: every user who can open it sees every row (§P1).');
  else {
    const on = sets.some((s) => s.switchRange);
    const combine = sets.map((s) => s.combine?.name).find((x) => x) ?? 'by-column';
    const principals = sets.flatMap((s) => s.principals);
    lines.push(
      `Data permissions: ${on ? 'on' : '**off** — every row for everyone (§P1)'} · combine ${combine} · ${plural(principals.filter((p) => !p.unlimited).length, 'limited principal')}, ${principals.filter((p) => p.unlimited).length} unlimited · ${plural(sets.flatMap((s) => s.tables).length, 'permission table')}`,
    );
  }
  return lines.join('  \n');
}

/** The permission blocks of one model or perspective. */
export function setsFor(snapshot: Snapshot, pool: Pool, name: string): PermissionSet[] {
  return snapshot.model.permissions.filter((s) => s.target.name === name && resolveAnalysis(snapshot, { pool: s.pool?.name, name })?.pool === pool);
}

// ---------------------------------------------------------------- rules and permission tables

export async function ruleHover(env: HoverEnv, set: PermissionSet, rule: Rule, analysis: ResolvedAnalysis | undefined, value?: string): Promise<string> {
  const { engine } = env;
  const owner = set.principals.find((p) => p.rules.includes(rule));
  const values = rule.values.map((v) => v.name);
  const written = `${rule.table.name}.${rule.column.name} in ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  const lines = [`**Rule** ${code(written)}${owner ? ` · ${owner.kind} "${owner.principal.name}"` : ''}`];
  const ref = analysis?.ref;
  if (engine && ref) {
    const [keeps, one] = await Promise.all([
      ask(() => engine.ruleKeeps(ref, rule.table.name, rule.column.name, values), env.timeoutMs),
      value === undefined ? Promise.resolve(undefined) : ask(() => engine.ruleKeeps(ref, rule.table.name, rule.column.name, [value]), env.timeoutMs),
    ]);
    if (keeps) lines.push(`Keeps **${keeps.kept} of ${keeps.total}** ${rule.table.name} rows (this rule alone; the filter then propagates along ${analysis?.kind === 'perspective' ? 'relationships, §P10' : 'joins, §P9'}).`);
    if (one && value !== undefined) lines.push(`${code(JSON.stringify(value))} alone: ${plural(one.kept, 'row')}.`);
  }
  if (values.length === 0) lines.push('An empty value list allows nothing in this column (§P4).');
  else lines.push('Values compare with the column as text (§P6); values of one column are an IN list, different columns AND (§P4).');
  return lines.join('  \n');
}

export function permissionTableHover(env: HoverEnv, set: PermissionSet, table: PermissionTable): string {
  const { snapshot } = env;
  const read = snapshot.data.permissionTables.get(table.file);
  const kind = table.kind === 'values' ? 'value-assignment' : 'unlimited-assignment';
  const lines = [`**${table.path.name}** · ${kind} table of ${table.principals} (§P8)`];
  if (table.kind === 'values') lines.push(`Tables named ${table.by?.name === 'alias' ? 'by alias' : 'by name (real table names)'}`);
  if (!read?.table) lines.push(`Cannot be read: ${read?.issues.map((i) => i.message).join('; ') || 'not found'}. It grants nothing (§F1).`);
  else {
    const userColumn = table.mappings.find((m) => m.role === 'user')?.column.name;
    const at = read.table.header.findIndex((h) => h.text === userColumn);
    const principals = at < 0 ? undefined : new Set(read.table.rows.map((r) => r.cells[at]?.text).filter((x) => x));
    lines.push(`${plural(read.table.rows.length, 'row')}${principals ? ` · ${plural(principals.size, table.principals === 'users' ? 'user' : 'group')}` : ''} · columns ${read.table.header.map((h) => h.text).join(', ')}`);
    if (read.issues.length) lines.push(`Problems: ${read.issues.map((i) => i.message).join('; ')}`);
  }
  return lines.join('  \n');
}
