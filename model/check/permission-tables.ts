// CSV permission tables (§P7, §P8, §P11): the mapping, the header, and every row, reported
// at the CSV cell so the editor can underline it in the permission table itself.
import * as path from 'node:path';
import type { CsvCell } from '../csv.js';
import { referenceValue } from '../schema/permission-csv.js';
import type { MappingRole, PermissionSet, PermissionTable, SourceRange } from '../types.js';
import type { CheckContext } from './context.js';
import type { GrantCollector, PrincipalKind } from './grants.js';
import { checkPrincipal, type PermissionTarget } from './permissions.js';

export { referenceValue };

export const PERMISSION_TABLE_ROW_LIMIT = 100_000;

const NEEDED: Record<PermissionTable['kind'], MappingRole[]> = {
  values: ['user', 'table', 'column', 'value'],
  unlimited: ['user', 'unlimited'],
};

export function checkPermissionTable(ctx: CheckContext, set: PermissionSet, target: PermissionTarget, table: PermissionTable, grants: GrantCollector): void {
  const team = target.pool.team.name;
  const by = table.by?.name ?? 'name';
  if (table.by && by !== 'alias' && by !== 'name') {
    ctx.unknown('unknown-reference-mode', table.by.range, `\`by ${by}\` is not a reference mode; use \`by alias\` (the reference table names aliases) or \`by name\` (real table names, the default)`, by, ['alias', 'name']);
  }

  // The mapping: which CSV column plays which role.
  const mapped = new Map<MappingRole, { column: string; range: SourceRange }>();
  let mappingOk = true;
  for (const m of table.mappings) {
    if (!NEEDED[table.kind].includes(m.role)) {
      ctx.report('permission-table-mapping', m.range, `${table.kind === 'values' ? 'a value-assignment' : 'an unlimited-assignment'} table has no \`${m.role}\` column; it maps ${NEEDED[table.kind].join(', ')}`);
      mappingOk = false;
    } else if (mapped.has(m.role)) {
      ctx.report('permission-table-mapping', m.range, `\`${m.role}\` is mapped twice; map each role to one column`);
      mappingOk = false;
    } else mapped.set(m.role, { column: m.column.name, range: m.column.range });
  }
  const missing = NEEDED[table.kind].filter((r) => !mapped.has(r));
  if (missing.length > 0) {
    ctx.report('permission-table-mapping', table.path.range, `the column mapping lacks ${missing.map((r) => `\`${r} <Column>\``).join(', ')}; ${table.kind === 'values' ? 'a value-assignment' : 'an unlimited-assignment'} table maps ${NEEDED[table.kind].join(', ')}`);
    mappingOk = false;
  }

  // The file itself.
  const read = ctx.data.permissionTables.get(table.file);
  if (!read) return;
  for (const issue of read.issues) {
    const start = { line: issue.line ?? 0, column: issue.column ?? 0 };
    const end = issue.endLine !== undefined ? { line: issue.endLine, column: issue.endColumn ?? start.column } : { line: start.line, column: start.column + 1 };
    const at: SourceRange = issue.line !== undefined ? { file: table.file, start, end } : table.path.range;
    ctx.report(issue.code, at, issue.message);
  }
  const csv = read.table;
  // §F1: a permission table that cannot be read (or has a broken header) grants nothing.
  if (!csv || read.issues.some((i) => i.code !== 'csv-ragged') || !mappingOk) return;
  // A ragged table is still checked row by row, but grants nothing until it is repaired.
  const grantsNothing = read.issues.length > 0;

  const columnIndex = new Map<MappingRole, number>();
  for (const [role, m] of mapped) {
    const i = csv.header.findIndex((h) => h.text === m.column);
    if (i < 0) {
      ctx.unknown('permission-table-missing-column', m.range, `${path.basename(table.file)} has no column ${m.column}; its header is ${csv.header.map((h) => h.text).join(', ')}`, m.column, csv.header.map((h) => h.text));
    } else columnIndex.set(role, i);
  }
  if (columnIndex.size !== mapped.size) return;

  if (csv.rows.length > PERMISSION_TABLE_ROW_LIMIT) {
    ctx.report('permission-table-too-large', table.path.range, `${path.basename(table.file)} has ${csv.rows.length.toLocaleString('en-US')} rows, above the 100,000 the platform advises; give permissions to groups instead of single users`);
  }

  const cellRange = (cell: CsvCell | undefined, rowLine: number): SourceRange =>
    cell ? { file: table.file, start: { line: cell.line, column: cell.column }, end: { line: cell.endLine, column: cell.endColumn } } : { file: table.file, start: { line: rowLine, column: 0 }, end: { line: rowLine, column: 0 } };
  const expected: PrincipalKind = table.principals === 'users' ? 'user' : 'group';
  const where = `${path.relative(path.dirname(set.range.file), table.file)}`;

  for (const row of csv.rows) {
    // A ragged row is reported once as csv-ragged; its cells may not sit under their header.
    if (row.cells.length !== csv.header.length) continue;
    const cellOf = (role: MappingRole) => row.cells[columnIndex.get(role)!];
    const principalCell = cellOf('user');
    const principal = referenceValue(principalCell);
    if (principal === null) {
      ctx.report('permission-table-null-value', cellRange(principalCell, row.line), `empty user/group reference: this row grants nothing`, { role: 'user' });
      continue;
    }
    const isUser = ctx.index.usersNamed(principal).length > 0;
    const isGroup = ctx.index.groupsNamed(principal).length > 0;
    const kind: PrincipalKind | undefined = isUser && !isGroup ? 'user' : isGroup && !isUser ? 'group' : isUser ? expected : undefined;
    if (kind && kind !== expected) {
      ctx.report('permission-table-mixed-principals', cellRange(principalCell, row.line), `${principal} is a ${kind}, but this table is declared \`${table.principals}\`; one permission table holds users or groups, never both: move ${kind} rows to a separate table`);
      continue;
    }
    const applies = checkPrincipal(ctx, expected, { name: principal, range: cellRange(principalCell, row.line) }, team);

    if (table.kind === 'unlimited') {
      const cell = cellOf('unlimited');
      const value = referenceValue(cell);
      if (value === null) {
        ctx.report('permission-table-null-value', cellRange(cell, row.line), `empty unlimited value: this row grants nothing; write TRUE or FALSE`, { role: 'unlimited' });
      } else if (!/^(true|false)$/i.test(value)) {
        ctx.report('permission-table-boolean', cellRange(cell, row.line), `${value} is not TRUE or FALSE; an unlimited column holds only TRUE or FALSE`);
      } else if (/^true$/i.test(value) && applies && !grantsNothing) {
        grants.addUnlimited({ kind: expected, name: principal, range: cellRange(cell, row.line), where: `${where}:${row.line + 1}` });
      }
      continue;
    }

    const tableCell = cellOf('table');
    const columnCell = cellOf('column');
    const valueCell = cellOf('value');
    const tableName = referenceValue(tableCell);
    const columnName = referenceValue(columnCell);
    const value = referenceValue(valueCell);
    if (tableName === null || columnName === null) {
      ctx.report('permission-table-null-value', cellRange(tableName === null ? tableCell : columnCell, row.line), `empty table or column reference: this row grants nothing`, {
        role: tableName === null ? 'table' : 'column',
      });
      continue;
    }
    const matches = [...target.tables.values()].filter((t) => (by === 'alias' ? t.name === tableName : t.realName === tableName));
    if (matches.length === 0) {
      const other = [...target.tables.values()].filter((t) => (by === 'alias' ? t.realName === tableName : t.name === tableName));
      if (other.length > 0) {
        const fix = by === 'alias' ? `write the alias ${other.map((t) => t.name).join(' or ')}, or declare the table \`by name\`` : `write the real name ${other.map((t) => t.realName).join(' or ')}, or declare the table \`by alias\``;
        ctx.report('permission-table-reference-mode', cellRange(tableCell, row.line), `${tableName} is ${by === 'alias' ? 'a real table name' : 'an alias'}, but this table is \`by ${by}\`, so the row grants nothing; ${fix}`, {
          replacement: by === 'alias' ? other[0].name : other[0].realName,
        });
      } else {
        const names = [...target.tables.values()].map((t) => (by === 'alias' ? t.name : t.realName));
        ctx.unknown('unknown-table', cellRange(tableCell, row.line), `${target.analysis.name} has no table ${tableName} (by ${by}); the row grants nothing`, tableName, names);
      }
      continue;
    }
    const withColumn = matches.filter((t) => t.resolved?.columns?.some((c) => c.name === columnName));
    if (withColumn.length === 0) {
      const known = matches.flatMap((t) => t.resolved?.columns?.map((c) => c.name) ?? []);
      if (matches.some((t) => t.resolved?.columns)) ctx.unknown('unknown-column', cellRange(columnCell, row.line), `${tableName} has no column ${columnName}; the row grants nothing`, columnName, known);
      continue;
    }
    if (value === null) {
      ctx.report('permission-table-null-value', cellRange(valueCell, row.line), `empty reference value: NULL grants nothing (§P7); write '' for the empty string`, { role: 'value' });
      continue;
    }
    if (applies && !grantsNothing) for (const t of withColumn) grants.addRule(expected, principal, { table: t.name, range: cellRange(tableCell, row.line) });
  }
}
