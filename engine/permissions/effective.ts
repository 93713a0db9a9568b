// What applies to one user in one model or perspective, before any row is read (§P1–§P5,
// §P7, §P8, §F1): the switch, the combine mode, every path to unlimited access, and each of
// the user's principals with its valid rules. A rule or permission-table row that cannot be
// evaluated is skipped — it grants nothing and restricts nothing — and is listed in
// `skipped` so explain can say why it did not count.
import * as path from 'node:path';
import type { CsvRecord } from '../../model/csv.js';
import { groupsOf, teamUser } from '../../model/check/team-lookup.js';
import { referenceValue, type PermissionCsvResult } from '../../model/schema/permission-csv.js';
import type { CombineMode, MappingRole, PermissionSet, PermissionTable, SourceRange } from '../../model/types.js';
import type { WorkspaceIndex } from '../../model/workspace-index.js';
import type { Analysis, AnalysisTable } from '../analysis/analysis.js';

export type PrincipalKind = 'user' | 'group';

export interface Principal {
  kind: PrincipalKind;
  /** The email as declared (users) or the group name. */
  name: string;
}

/** Where a grant was written: a line of a .perm file or a row of a permission table. */
export interface GrantSource {
  file: string;
  /** 0-based line. */
  line: number;
  /** "accounts-payable.perm:14" or "perm/ap_values.csv:3". */
  where: string;
  range?: SourceRange;
}

export interface UnlimitedPath {
  principal: Principal;
  source: GrantSource;
}

/** Allowed values of one (table, column), with where each value was granted. */
export interface ColumnRule {
  table: string;
  column: string;
  values: Map<string, GrantSource[]>;
}

/** table → column → rule. */
export type RuleSet = Map<string, Map<string, ColumnRule>>;

export interface PrincipalRules {
  principal: Principal;
  rules: RuleSet;
}

export interface SkippedGrant {
  principal?: Principal;
  source: GrantSource;
  reason: string;
}

export interface EffectivePermissions {
  switchOn: boolean;
  combine: CombineMode;
  unlimited: UnlimitedPath[];
  /** Principals of the user with at least one valid rule. */
  principals: PrincipalRules[];
  skipped: SkippedGrant[];
  /** §P1, §F1: the user has an unlimited path or at least one valid rule. */
  applicable: boolean;
}

/** The permission blocks that govern this model or perspective. */
export function permissionSetsFor(index: WorkspaceIndex, analysis: Analysis): PermissionSet[] {
  return index.model.permissions.filter((set) => {
    if (set.target.name !== analysis.name) return false;
    if (set.pool) {
      const found = index.lookupPool(set.pool.name);
      return 'pool' in found && found.pool === analysis.pool;
    }
    const named = index.analysesNamed(analysis.name);
    const pools = new Set(named.map((n) => n.pool));
    return pools.size === 1 && named[0].pool === analysis.pool;
  });
}

/** The principals a user acts as in a pool's team (§P2). */
export function principalsOf(index: WorkspaceIndex, analysis: Analysis, email: string): Principal[] {
  const user = teamUser(index, analysis.pool.team.name, email);
  const groups = groupsOf(index, analysis.pool.team.name, email);
  return [{ kind: 'user', name: user?.email ?? email }, ...groups.map((g) => ({ kind: 'group' as const, name: g.name }))];
}

/** What applies to a user: their own permissions and their groups' (§P2). */
export function effectivePermissions(
  index: WorkspaceIndex,
  analysis: Analysis,
  permissionTables: Map<string, PermissionCsvResult>,
  email: string,
): EffectivePermissions {
  return permissionsOfPrincipals(index, analysis, permissionTables, principalsOf(index, analysis, email));
}

/**
 * What applies to exactly these principals, under the analysis's switch and combine mode.
 * A user's list comes from principalsOf; "view as group" passes the group alone, so only
 * the group's own rules, unlimited flags and permission-table rows count.
 */
export function permissionsOfPrincipals(
  index: WorkspaceIndex,
  analysis: Analysis,
  permissionTables: Map<string, PermissionCsvResult>,
  mine: Principal[],
): EffectivePermissions {
  const sets = permissionSetsFor(index, analysis);
  const switchOn = sets.some((s) => s.switchRange !== undefined);
  const mode = sets.map((s) => s.combine?.name).find((m) => m === 'by-column' || m === 'by-principal');
  const combine: CombineMode = (mode as CombineMode | undefined) ?? 'by-column';
  const matches = (kind: PrincipalKind, name: string): Principal | undefined =>
    mine.find((p) => p.kind === kind && (kind === 'user' ? p.name.toLowerCase() === name.toLowerCase() : p.name === name));

  const unlimited: UnlimitedPath[] = [];
  const skipped: SkippedGrant[] = [];
  const byPrincipal = new Map<string, PrincipalRules>();
  const addRule = (principal: Principal, table: AnalysisTable, column: string, value: string | undefined, source: GrantSource) => {
    const k = `${principal.kind}:${principal.name}`;
    const entry = byPrincipal.get(k) ?? { principal, rules: new Map() };
    byPrincipal.set(k, entry);
    const columns = entry.rules.get(table.name) ?? new Map<string, ColumnRule>();
    entry.rules.set(table.name, columns);
    const rule = columns.get(column) ?? { table: table.name, column, values: new Map() };
    columns.set(column, rule);
    if (value !== undefined) rule.values.set(value, [...(rule.values.get(value) ?? []), source]);
  };
  const tableNamed = (name: string) => analysis.tables.find((t) => t.name === name);
  const hasColumn = (t: AnalysisTable, c: string) => t.columns.some((x) => x.name === c);

  for (const set of sets) {
    const permFile = path.basename(set.range.file);
    for (const block of set.principals) {
      const principal = matches(block.kind, block.principal.name);
      if (!principal) continue;
      const source = (range: SourceRange): GrantSource => ({ file: range.file, line: range.start.line, where: `${permFile}:${range.start.line + 1}`, range });
      if (block.unlimited) unlimited.push({ principal, source: source(block.principal.range) });
      for (const rule of block.rules) {
        const table = tableNamed(rule.table.name);
        const why = !table ? `${analysis.name} has no ${analysis.kind === 'model' ? 'table' : 'object type'} ${rule.table.name}` : !hasColumn(table, rule.column.name) ? `${rule.table.name} has no column ${rule.column.name}` : undefined;
        if (why || !table) {
          skipped.push({ principal, source: source(rule.range), reason: why ?? '' });
          continue;
        }
        // §P4: an empty value list allows nothing in that column (an IN list of no values).
        if (rule.values.length === 0) addRule(principal, table, rule.column.name, undefined, source(rule.range));
        for (const v of rule.values) addRule(principal, table, rule.column.name, v.name, source(v.range));
      }
    }
    for (const table of set.tables) {
      readPermissionTable(set, table, permissionTables.get(table.file), analysis, mine, unlimited, skipped, addRule);
    }
  }
  const principals = [...byPrincipal.values()];
  return { switchOn, combine, unlimited, principals, skipped, applicable: unlimited.length > 0 || principals.length > 0 };
}

const NEEDED: Record<PermissionTable['kind'], MappingRole[]> = { values: ['user', 'table', 'column', 'value'], unlimited: ['user', 'unlimited'] };

/** One row of a permission table, read for every principal (effective permissions and lint filter it). */
export type TableEntry =
  | { kind: 'unlimited'; principal: string; granted: boolean; source: GrantSource }
  | { kind: 'rule'; principal: string; targets: AnalysisTable[]; column: string; value: string; source: GrantSource }
  | { kind: 'skipped'; principal?: string; source: GrantSource; reason: string };

/** A permission table ready to read: its mapped columns, or the problem that makes it grant nothing (§F1). */
type PreparedTable =
  | { ok: false; problem: string; source: GrantSource }
  | { ok: true; source: GrantSource; rel: string; rows: CsvRecord[]; width: number; col: Map<MappingRole, number> };

function prepareTable(set: PermissionSet, table: PermissionTable, read: PermissionCsvResult | undefined): PreparedTable {
  const rel = path.relative(path.dirname(set.range.file), table.file);
  const whole: GrantSource = { file: table.file, line: 0, where: rel };
  const roles = new Map<MappingRole, string>();
  let mappingOk = true;
  for (const m of table.mappings) {
    if (!NEEDED[table.kind].includes(m.role) || roles.has(m.role)) mappingOk = false;
    roles.set(m.role, m.column.name);
  }
  if (NEEDED[table.kind].some((r) => !roles.has(r))) mappingOk = false;
  if (!read?.table || read.issues.length > 0) return { ok: false, problem: `${rel} cannot be read without errors`, source: whole };
  if (!mappingOk) return { ok: false, problem: `${rel} has an invalid column mapping`, source: whole };
  const csv = read.table;
  const col = new Map<MappingRole, number>();
  for (const [role, name] of roles) col.set(role, csv.header.findIndex((h) => h.text === name));
  if ([...col.values()].some((i) => i < 0)) return { ok: false, problem: `${rel} lacks a mapped column`, source: whole };
  return { ok: true, source: whole, rel, rows: csv.rows, width: csv.header.length, col };
}

/** The grant of one row (undefined for a ragged row or an empty user reference, which grant nothing silently). */
function entryOf(table: PermissionTable, analysis: Analysis, p: Extract<PreparedTable, { ok: true }>, row: CsvRecord): TableEntry | undefined {
  if (row.cells.length !== p.width) return undefined;
  const cellOf = (role: MappingRole) => row.cells[p.col.get(role)!];
  const cell = (role: MappingRole) => referenceValue(cellOf(role));
  const principal = cell('user');
  if (principal === null) return undefined;
  const valueCell = cellOf(table.kind === 'values' ? 'value' : 'unlimited');
  const range: SourceRange = { file: table.file, start: { line: valueCell.line, column: valueCell.column }, end: { line: valueCell.endLine, column: valueCell.endColumn } };
  const source: GrantSource = { file: table.file, line: row.line, where: `${p.rel}:${row.line + 1}`, range };
  if (table.kind === 'unlimited') {
    const v = cell('unlimited');
    return { kind: 'unlimited', principal, granted: v !== null && /^true$/i.test(v), source };
  }
  const tableName = cell('table');
  const column = cell('column');
  const value = cell('value');
  if (tableName === null || column === null || value === null) {
    return { kind: 'skipped', principal, source, reason: `an empty ${tableName === null ? 'table' : column === null ? 'column' : 'value'} reference is NULL and grants nothing (§P7)` };
  }
  const byAlias = table.by?.name === 'alias';
  const targets = analysis.tables.filter((t) => (byAlias ? t.name === tableName : t.realName === tableName));
  const withColumn = targets.filter((t) => t.columns.some((c) => c.name === column));
  if (withColumn.length === 0) {
    return { kind: 'skipped', principal, source, reason: targets.length === 0 ? `no table is ${byAlias ? 'aliased' : 'named'} ${tableName}` : `${tableName} has no column ${column}` };
  }
  return { kind: 'rule', principal, targets: withColumn, column, value, source };
}

/** The rows of a permission table as grants (§P7, §P8); `problem` when the whole table grants nothing (§F1). */
export function permissionTableEntries(set: PermissionSet, table: PermissionTable, read: PermissionCsvResult | undefined, analysis: Analysis): { entries: TableEntry[]; problem?: string; source: GrantSource } {
  const p = prepareTable(set, table, read);
  if (!p.ok) return { entries: [], problem: p.problem, source: p.source };
  const entries: TableEntry[] = [];
  for (const row of p.rows) {
    const e = entryOf(table, analysis, p, row);
    if (e) entries.push(e);
  }
  return { entries, source: p.source };
}

/** How a permission table's principal references compare (§O1): emails case-insensitively, group names exactly. */
const principalKey = (kind: PrincipalKind, name: string) => (kind === 'user' ? name.toLowerCase() : name);

/**
 * Positions in `rows` of each principal's rows, built once per read of a permission table (the
 * read is replaced when the file changes) and per principal column, so a user's evaluation
 * reads only that user's rows, not the whole table (issue 7: a 1 M-row table per user).
 */
const rowIndexes = new WeakMap<PermissionCsvResult, Map<string, Map<string, number[]>>>();

/** Each principal reference (as `kind` compares it) → the positions of its rows, in file order. A read is never changed in place: a changed file is a new read. */
export function rowsOfPrincipal(read: PermissionCsvResult, rows: CsvRecord[], width: number, userColumn: number, kind: PrincipalKind): Map<string, number[]> {
  let perRead = rowIndexes.get(read);
  if (!perRead) rowIndexes.set(read, (perRead = new Map()));
  const k = `${userColumn}\u0000${width}\u0000${kind}`;
  let index = perRead.get(k);
  if (!index) {
    index = new Map();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (row.cells.length !== width) continue;
      const principal = referenceValue(row.cells[userColumn]);
      if (principal === null) continue;
      const key = principalKey(kind, principal);
      const list = index.get(key);
      if (list) list.push(i);
      else index.set(key, [i]);
    }
    perRead.set(k, index);
  }
  return index;
}

function readPermissionTable(
  set: PermissionSet,
  table: PermissionTable,
  read: PermissionCsvResult | undefined,
  analysis: Analysis,
  mine: Principal[],
  unlimited: UnlimitedPath[],
  skipped: SkippedGrant[],
  addRule: (principal: Principal, table: AnalysisTable, column: string, value: string | undefined, source: GrantSource) => void,
): void {
  const p = prepareTable(set, table, read);
  // §F1: a table that cannot be read, or whose mapping is wrong, grants nothing at all.
  if (!p.ok) {
    skipped.push({ source: p.source, reason: p.problem });
    return;
  }
  const kind: PrincipalKind = table.principals === 'users' ? 'user' : 'group';
  // Each distinct reference key of the principals, with the first principal it names (as `matches` finds it).
  const wanted = new Map<string, Principal>();
  for (const q of mine) if (q.kind === kind && !wanted.has(principalKey(kind, q.name))) wanted.set(principalKey(kind, q.name), q);
  if (wanted.size === 0) return;
  const index = rowsOfPrincipal(read!, p.rows, p.width, p.col.get('user')!, kind);
  const hits: { at: number; principal: Principal }[] = [];
  for (const [key, principal] of wanted) for (const at of index.get(key) ?? []) hits.push({ at, principal });
  // In file order, as a scan of the whole table would meet them.
  if (wanted.size > 1) hits.sort((x, y) => x.at - y.at);
  for (const { at, principal } of hits) {
    const e = entryOf(table, analysis, p, p.rows[at])!;
    if (e.kind === 'unlimited') {
      if (e.granted) unlimited.push({ principal, source: e.source });
      else skipped.push({ principal, source: e.source, reason: 'a FALSE (or non-TRUE) unlimited value grants nothing (§P3)' });
    } else if (e.kind === 'skipped') skipped.push({ principal, source: e.source, reason: e.reason });
    else for (const t of e.targets) addRule(principal, t, e.column, e.value, e.source);
  }
}
