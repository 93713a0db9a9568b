// What permissions a user holds on one analysis: the applying permission sets and the switch
// (§P1), the user's principals (§P2), unlimited paths (§P3), and the valid rules of each
// principal, manual (§P4) and from permission tables (§P8), invalid ones skipped (§F1).
import { referenceValue } from '../../model/check/permission-tables.js';
import type { CsvRecord } from '../../model/csv.js';
import type { PermissionCsvResult } from '../../model/schema/permission-csv.js';
import type { CombineMode, MappingRole, PermissionSet, PermissionTable, Rule } from '../../model/types.js';
import type { WorkspaceIndex } from '../../model/workspace-index.js';
import { hasColumn, type Analysis, type AnalysisTable } from './analysis.js';
import type { RuleSet } from './values.js';

// ------------------------------------------------------------------ §P1 the switch

export interface ApplyingPermissions {
  sets: PermissionSet[];
  /** §P1: on iff any applying set says `use data permissions`. */
  switchOn: boolean;
  /** §P5: the first valid `combine` of the applying sets; by-column by default. */
  combine: CombineMode;
}

/**
 * The permission sets for this analysis: same target name, and a written pool that resolves
 * to the analysis' pool, or no pool written and this pool the only one with an analysis of
 * that name. All of them merge.
 */
export function applyingPermissions(index: WorkspaceIndex, analysis: Analysis): ApplyingPermissions {
  const name = analysis.kind === 'model' ? analysis.model.name : analysis.perspective.name;
  const poolsWithName = new Set(index.analysesNamed(name).map((a) => a.pool));
  const sets = index.model.permissions.filter((set) => {
    if (set.target.name !== name) return false;
    if (set.pool) {
      const found = index.lookupPool(set.pool.name);
      return 'pool' in found && found.pool === analysis.pool;
    }
    return poolsWithName.size === 1 && poolsWithName.has(analysis.pool);
  });
  const combine = sets.map((s) => s.combine?.name).find((c): c is CombineMode => c === 'by-column' || c === 'by-principal') ?? 'by-column';
  return { sets, switchOn: sets.some((s) => s.switchRange !== undefined), combine };
}

// ------------------------------------------------------------------ §P2 principals

/** The principal a permission names, as the key of the user's principals. */
export type PrincipalKey = string;
const USER_KEY: PrincipalKey = 'user';
const groupKey = (name: string): PrincipalKey => `group:${name}`;

export interface Principals {
  email: string;
  /** The groups of the pool's team that list the email (case-insensitively). */
  groups: Set<string>;
}

export function principalsOf(index: WorkspaceIndex, analysis: Analysis, email: string): Principals {
  return { email, groups: new Set(index.groupsOf(analysis.pool.team.name, email).map((g) => g.name)) };
}

/** A manual block or permission-table row names one of the user's principals: which one. */
function principalMatch(p: Principals, kind: 'user' | 'group', name: string): PrincipalKey | undefined {
  if (kind === 'user') return name.toLowerCase() === p.email.toLowerCase() ? USER_KEY : undefined; // §O1 emails: case-insensitive
  return p.groups.has(name) ? groupKey(name) : undefined; // §O1 group names: exact
}

// ------------------------------------------------------------------ §P8 permission tables: which ones can be read

const NEEDED: Record<PermissionTable['kind'], MappingRole[]> = {
  values: ['user', 'table', 'column', 'value'],
  unlimited: ['user', 'unlimited'],
};

/**
 * The CSV rows of a permission table with the header index of each role, or undefined when
 * the whole table grants nothing (§F1): any read issue, no table, a role mapped twice, a
 * role the kind does not have, a needed role missing, or a mapped column not in the header.
 */
function readableTable(table: PermissionTable, read: PermissionCsvResult | undefined): { rows: CsvRecord[]; width: number; column: Map<MappingRole, number> } | undefined {
  if (!read || !read.table || read.issues.length > 0) return undefined;
  const column = new Map<MappingRole, number>();
  for (const m of table.mappings) {
    if (!NEEDED[table.kind].includes(m.role) || column.has(m.role)) return undefined;
    const i = read.table.header.findIndex((h) => h.text === m.column.name);
    if (i < 0) return undefined;
    column.set(m.role, i);
  }
  if (NEEDED[table.kind].some((r) => !column.has(r))) return undefined;
  return { rows: read.table.rows, width: read.table.header.length, column };
}

/** The principal a table row names, if it is one of the user's (§P8: one table holds users or groups). */
function rowPrincipal(table: PermissionTable, p: Principals, cell: string): PrincipalKey | undefined {
  return principalMatch(p, table.principals === 'users' ? 'user' : 'group', cell);
}

// ------------------------------------------------------------------ §P3 unlimited, §P4/§P8 rules

export interface UserPermissions {
  /** §P3: some principal of the user is unlimited. */
  unlimited: boolean;
  /** The valid rules of each of the user's principals that has any (§F1: invalid ones are skipped). */
  rules: Map<PrincipalKey, RuleSet>;
}

function addRule(rules: Map<PrincipalKey, RuleSet>, principal: PrincipalKey, table: string, column: string, values: string[]): void {
  let set = rules.get(principal);
  if (!set) rules.set(principal, (set = new Map()));
  let columns = set.get(table);
  if (!columns) set.set(table, (columns = new Map()));
  let allowed = columns.get(column);
  if (!allowed) columns.set(column, (allowed = new Set()));
  for (const v of values) allowed.add(v);
}

/** §F1: a manual rule is valid iff it names a table of the analysis and a column visible in it. */
function validManualRule(analysis: Analysis, rule: Rule): boolean {
  return hasColumn(analysis.tables.get(rule.table.name), rule.column.name);
}

export function userPermissions(
  permissions: ApplyingPermissions,
  analysis: Analysis,
  principals: Principals,
  permissionTables: Map<string, PermissionCsvResult>,
): UserPermissions {
  let unlimited = false;
  const rules = new Map<PrincipalKey, RuleSet>();

  for (const set of permissions.sets) {
    // Manual blocks: `user "x" { ... }`, `group "g" unlimited`.
    for (const block of set.principals) {
      const key = principalMatch(principals, block.kind, block.principal.name);
      if (!key) continue;
      if (block.unlimited) unlimited = true;
      for (const rule of block.rules) {
        if (validManualRule(analysis, rule)) addRule(rules, key, rule.table.name, rule.column.name, rule.values.map((v) => v.name));
      }
    }

    // Permission tables (§P8), row by row.
    for (const table of set.tables) {
      const readable = readableTable(table, permissionTables.get(table.file));
      if (!readable) continue;
      const cell = (row: CsvRecord, role: MappingRole) => referenceValue(row.cells[readable.column.get(role)!]);
      for (const row of readable.rows) {
        if (row.cells.length !== readable.width) continue;
        const principalCell = cell(row, 'user');
        if (principalCell === null) continue; // §P7: NULL grants nothing
        const key = rowPrincipal(table, principals, principalCell);
        if (!key) continue;

        if (table.kind === 'unlimited') {
          // §P3: TRUE (any case) grants everything; FALSE or anything else grants nothing.
          const flag = cell(row, 'unlimited');
          if (flag !== null && /^true$/i.test(flag)) unlimited = true;
          continue;
        }

        const tableName = cell(row, 'table');
        const columnName = cell(row, 'column');
        const value = cell(row, 'value');
        if (tableName === null || columnName === null || value === null) continue; // §P7, §F1
        for (const t of tablesNamedBy(table, analysis, tableName)) {
          if (hasColumn(t, columnName)) addRule(rules, key, t.name, columnName, [value]);
        }
      }
    }
  }
  return { unlimited, rules };
}

/** §P8: `by alias` names aliases (object types); `by name` (default, and anything else) real table names. */
function tablesNamedBy(table: PermissionTable, analysis: Analysis, written: string): AnalysisTable[] {
  const byAlias = table.by?.name === 'alias';
  return [...analysis.tables.values()].filter((t) => (byAlias ? t.name === written : t.realName === written));
}

// ------------------------------------------------------------------ §P5 combining principals

/** by-column: one rule set, the union of every principal's values per (table, column). */
export function unionOfRules(rules: Map<PrincipalKey, RuleSet>): RuleSet {
  const out: RuleSet = new Map();
  for (const set of rules.values()) {
    for (const [table, columns] of set) {
      let outColumns = out.get(table);
      if (!outColumns) out.set(table, (outColumns = new Map()));
      for (const [column, values] of columns) {
        let allowed = outColumns.get(column);
        if (!allowed) outColumns.set(column, (allowed = new Set()));
        for (const v of values) allowed.add(v);
      }
    }
  }
  return out;
}
