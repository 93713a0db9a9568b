// A fast-check arbitrary for small, syntactically valid workspaces, held in memory: one team,
// one or two pools (the second importing the first's connection, with a sightline.lock),
// CSV tables with small value domains (so joins and rules hit), NULLs, empty strings and
// hostile strings, a model and/or a perspective per pool, and a .perm file per analysis with
// manual rules and permission tables of every kind. Meant for the differential test of the
// engine against the reference evaluator (test/engine/differential.test.ts).
import * as path from 'node:path';
import fc from 'fast-check';
import { inferColumnType } from '../../model/schema/sniff.js';
import type { ColumnType } from '../../model/types.js';
import type { Cell, TableRows } from '../reference/index.js';

export interface RandomWorkspace {
  /** Relative path → content. */
  files: Map<string, string | Uint8Array>;
  /** Relative data file path → its rows, typed as the schema sniffer types them. */
  rows: Map<string, TableRows>;
  /** Every model and perspective. */
  analyses: { pool: string; name: string; kind: 'model' | 'perspective' }[];
  /** The team's users, as declared. */
  emails: string[];
}

/** The absolute paths of the definition files, for checkWorkspace's `definitionFiles`. */
export function definitionFilesOf(root: string, ws: RandomWorkspace): string[] {
  return [...ws.files.keys()].filter((f) => /\.(pool|perm)$/.test(f)).map((f) => path.resolve(root, f));
}

/** All files of a workspace as text, for a failure message. */
export function describeWorkspace(ws: RandomWorkspace): string {
  return [...ws.files]
    .map(([file, content]) => `----- ${file}\n${typeof content === 'string' ? content : `<${content.length} bytes>`}`)
    .join('\n');
}

// ------------------------------------------------------------------ randomness

/** Uniform (fast-check otherwise favours small values, which would skew every `chance`). */
const uniformInt = (min: number, max: number): fc.Arbitrary<number> => fc.noBias(fc.integer({ min, max }));

/** Thin helpers over fast-check's `gen`, so every choice below shrinks. */
class Rand {
  constructor(private readonly g: fc.GeneratorValue) {}
  int(min: number, max: number): number {
    return this.g(uniformInt, min, max);
  }
  chance(percent: number): boolean {
    return this.int(0, 99) < percent;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }
  /** `n` distinct elements, in random order. */
  take<T>(xs: readonly T[], n: number): T[] {
    const rest = [...xs];
    const out: T[] = [];
    while (out.length < n && rest.length > 0) out.push(rest.splice(this.int(0, rest.length - 1), 1)[0]);
    return out;
  }
  /** The email as written somewhere else: usually as declared, sometimes in another case. */
  emailCase(email: string): string {
    return this.chance(20) ? (this.chance(50) ? email.toUpperCase() : email[0].toUpperCase() + email.slice(1)) : email;
  }
}

// ------------------------------------------------------------------ values

const VARCHAR_DOMAIN = ['a', 'b', 'c', '1', '2', '05'];
const BIGINT_DOMAIN = ['0', '1', '2', '5', '500', '-1'];
const HOSTILE = ['a"b', 'x,y', 'p;q', '--', "it's", 'ü', '日本', '😀', ' lead', 'trail ', 'NULL', "''", 'back\\slash', "x'; DROP TABLE t; --", 'a|b', 'tab\there', '"'];
/** Values that look like matches but are not (§P6), for rules and permission tables. */
const NEAR_MISSES = ['05', '0500', '1.0', 'A', 'a ', '', 'true', '500'];

const COLUMN_NAMES = ['k', 'a', 'b', 'c', 'd'];
const EXOTIC_COLUMN_NAMES = ['key', 'value', 'x y', 'table', 'Ñu', 'data'];
const GROUP_NAMES = ['G0', 'Sales Team', 'Équipe, Nord', 'g"q', 'G4'];
const RESERVED = new Set('team user group grant pool in connection table from share with tables by import as model join perspective relate permissions for use unlimited'.split(' '));

/** A string literal of the definition language: only `\"` and `\\` are escapes. */
function str(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A column name as written: bare when it is an identifier that is not reserved, else quoted. */
function col(name: string, r?: Rand): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name) && !(r && r.chance(10)) ? name : str(name);
}

/**
 * One CSV cell: null is an unquoted empty cell (NULL); '' a quoted "" (or, in permission
 * tables, sometimes `''`); text is quoted when it holds a quote, a delimiter candidate, a line
 * break, surrounding spaces, or is `''` (which unquoted would mean the empty string in a
 * permission table).
 */
function csvCell(value: string | null, r: Rand, permissionTable: boolean): string {
  if (value === null) return '';
  if (value === '') return permissionTable && r.chance(50) ? "''" : '""';
  const needsQuotes = /["\r\n,;\t|]/.test(value) || /^\s|\s$/.test(value) || value === "''";
  return needsQuotes || r.chance(5) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvText(lines: string[][], r: Rand, delimiter = ','): string {
  const eol = r.chance(15) ? '\r\n' : '\n';
  return lines.map((cells) => cells.join(delimiter)).join(eol) + eol;
}

// ------------------------------------------------------------------ tables

interface GenColumn {
  name: string;
  /** As the schema sniffer types it (and so the engine and the reference). */
  type: ColumnType;
}

interface GenTable {
  name: string;
  /** Relative path of the data file. */
  file: string;
  columns: GenColumn[];
  /** Cell texts: null = NULL, '' = the empty string. */
  cells: (string | null)[][];
}

function genTable(r: Rand, index: number): GenTable {
  const names = r.take(COLUMN_NAMES, r.int(2, 4));
  if (r.chance(15)) names[r.int(0, names.length - 1)] = r.pick(EXOTIC_COLUMN_NAMES.filter((n) => !names.includes(n)));
  const intended = names.map(() => (r.chance(40) ? 'BIGINT' : 'VARCHAR'));
  const rowCount = r.chance(10) ? 0 : r.int(1, 12);
  const cells = Array.from({ length: rowCount }, () =>
    intended.map((type): string | null => {
      if (type === 'BIGINT') return r.chance(12) ? null : r.pick(BIGINT_DOMAIN);
      if (r.chance(10)) return null;
      if (r.chance(8)) return '';
      if (r.chance(10)) return r.pick(HOSTILE);
      return r.pick(VARCHAR_DOMAIN);
    }),
  );
  // Make the sniffer see the intended types: a VARCHAR column needs a value that is not a
  // number (or boolean), a BIGINT column at least one integer.
  const columns = names.map((name, c): GenColumn => {
    const values = () => cells.map((row) => row[c]);
    if (rowCount > 0 && intended[c] === 'VARCHAR' && inferColumnType(values()) !== 'VARCHAR') cells[r.int(0, rowCount - 1)][c] = r.pick(['a', 'b', 'c']);
    if (rowCount > 0 && intended[c] === 'BIGINT' && values().every((v) => v === null)) cells[r.int(0, rowCount - 1)][c] = r.pick(BIGINT_DOMAIN);
    return { name, type: inferColumnType(values()) };
  });
  return { name: `T${index}`, file: `data/t${index}.csv`, columns, cells };
}

function tableRows(t: GenTable): TableRows {
  const convert = (text: string | null, type: ColumnType): Cell => {
    if (text === null) return null;
    if (type === 'BIGINT') return BigInt(text);
    if (type === 'VARCHAR') return text;
    throw new Error(`random workspace: unexpected sniffed type ${type}`);
  };
  return { columns: t.columns.map((c) => ({ ...c })), rows: t.cells.map((row) => row.map((v, i) => convert(v, t.columns[i].type))) };
}

/** The string forms (§P6) of a column's non-NULL cells. */
function stringForms(t: GenTable, column: string): string[] {
  const i = t.columns.findIndex((c) => c.name === column);
  if (i < 0) return [];
  return t.cells.map((row) => row[i]).filter((v): v is string => v !== null).map((v) => (t.columns[i].type === 'BIGINT' ? String(BigInt(v)) : v));
}

// ------------------------------------------------------------------ pools, models, perspectives

/** A table as one pool sees it. */
interface PoolTable {
  connection: string;
  table: GenTable;
  /** The columns visible in this pool (an import's come from the lock). */
  visible: string[];
}

interface GenPool {
  id: string;
  name: string;
  tables: PoolTable[];
  text: string[];
}

/** A table of an analysis: a model alias or a perspective object type. */
interface AnalysisTable {
  name: string;
  source: PoolTable;
}

interface GenAnalysis {
  pool: GenPool;
  kind: 'model' | 'perspective';
  name: string;
  tables: AnalysisTable[];
}

/**
 * A column for a join, relationship or rule: usually a visible one; sometimes one the lock
 * hides, an unknown one, or a visible one in the wrong case (names compare exactly).
 */
function someColumn(r: Rand, t: PoolTable, validPercent = 92): string {
  if (t.visible.length > 0 && r.chance(validPercent)) return r.pick(t.visible);
  const hidden = t.table.columns.map((c) => c.name).filter((c) => !t.visible.includes(c));
  if (hidden.length > 0 && r.chance(50)) return r.pick(hidden);
  return r.chance(50) || t.table.columns.length === 0 ? 'zz' : t.table.columns[0].name.toUpperCase();
}

function genModel(r: Rand, pool: GenPool, name: string): GenAnalysis {
  const tables: AnalysisTable[] = [];
  const lines: string[] = [];
  const count = r.int(1, 4);
  for (let i = 0; i < count; i++) {
    const source = r.pick(pool.tables);
    const bare = !tables.some((t) => t.name === source.table.name) && r.chance(25);
    const alias = bare ? source.table.name : r.chance(5) && !tables.some((t) => t.name === 'data') ? 'data' : `A${i}`;
    tables.push({ name: alias, source });
    lines.push(`    table ${source.connection}.${source.table.name}${bare ? '' : ` as ${alias}`}`);
  }
  const join = (a: AnalysisTable, b: AnalysisTable) => {
    const [parent, child] = r.chance(50) ? [a, b] : [b, a];
    lines.push(`    join ${parent.name}.${col(someColumn(r, parent.source), r)} -> ${child.name}.${col(someColumn(r, child.source), r)}`);
  };
  for (let i = 1; i < count; i++) {
    if (!r.chance(80)) continue; // several components
    const other = tables[r.int(0, i - 1)];
    join(other, tables[i]);
    if (r.chance(15)) join(other, tables[i]); // a composite join (or the same pair twice)
  }
  if (count >= 3 && r.chance(10)) join(tables[r.int(0, count - 1)], tables[r.int(0, count - 1)]); // a cycle (or a self-join)
  if (r.chance(3)) lines.push(`    join Nope.k -> ${tables[0].name}.${col(someColumn(r, tables[0].source))}`);
  if (r.chance(3)) {
    // A table that cannot be resolved: no columns, no rows.
    tables.push({ name: 'Lost', source: { connection: 'Nope', table: { name: 'T9', file: '', columns: [], cells: [] }, visible: [] } });
    lines.push('    table Nope.T9 as Lost');
  }
  pool.text.push(`  model ${name} {`, ...lines, '  }');
  return { pool, kind: 'model', name, tables };
}

function genPerspective(r: Rand, pool: GenPool, name: string): GenAnalysis {
  const types: AnalysisTable[] = [];
  const lines: string[] = [];
  const count = r.int(1, 4);
  for (let i = 0; i < count; i++) {
    const source = r.pick(pool.tables);
    types.push({ name: `O${i}`, source });
    lines.push(`    object O${i} from ${source.connection}.${source.table.name} key ${col(someColumn(r, source, 96), r)}`);
  }
  const relate = (a: AnalysisTable, b: AnalysisTable) => {
    if (r.chance(55)) {
      lines.push(`    relate ${a.name}.${col(someColumn(r, a.source), r)} -> ${b.name}.${col(someColumn(r, b.source), r)}`);
    } else {
      const link = r.pick(pool.tables);
      lines.push(`    relate ${a.name} <-> ${b.name} via ${link.connection}.${link.table.name} (${col(someColumn(r, link), r)}, ${col(someColumn(r, link), r)})`);
    }
  };
  for (let i = 1; i < count; i++) {
    if (r.chance(80)) relate(r.chance(50) ? types[r.int(0, i - 1)] : types[i], r.chance(50) ? types[i] : types[r.int(0, i - 1)]);
  }
  if (count >= 2 && r.chance(20)) relate(types[r.int(0, count - 1)], types[r.int(0, count - 1)]); // a cycle, a parallel or a self relationship
  pool.text.push(`  perspective ${name} {`, ...lines, '  }');
  return { pool, kind: 'perspective', name, tables: types };
}

// ------------------------------------------------------------------ permissions

interface Org {
  emails: string[];
  groups: string[];
}

/** A value for a rule or permission-table row: usually one of the column's, sometimes not. */
function someValue(r: Rand, t: AnalysisTable | undefined, column: string): string {
  const forms = t ? stringForms(t.source.table, column) : [];
  if (forms.length > 0 && r.chance(70)) return r.pick(forms);
  return r.pick(r.chance(70) ? [...VARCHAR_DOMAIN, ...BIGINT_DOMAIN] : [...NEAR_MISSES, ...HOSTILE]);
}

function somePrincipal(r: Rand, org: Org, kind: 'user' | 'group'): string {
  if (r.chance(5)) return kind === 'user' ? 'stranger@x.com' : 'Nobody';
  return kind === 'user' ? r.emailCase(r.pick(org.emails)) : r.pick(org.groups);
}

/** A table name of the analysis as a rule or row names it; sometimes a wrong one. */
function someTable(r: Rand, a: GenAnalysis, mode: 'alias' | 'name'): { written: string; table?: AnalysisTable } {
  const t = r.pick(a.tables);
  if (r.chance(88)) return { written: mode === 'alias' ? t.name : t.source.table.name, table: t };
  return { written: r.chance(50) ? 'Unknown' : mode === 'alias' ? t.source.table.name : t.name, table: undefined };
}

function genRuleLines(r: Rand, a: GenAnalysis): string[] {
  const out: string[] = [];
  for (let n = r.int(0, 3); n > 0; n--) {
    const { written, table } = someTable(r, a, 'alias');
    const column = table ? someColumn(r, table.source, 88) : 'k';
    const values = Array.from({ length: r.chance(6) ? 0 : r.int(1, 3) }, () => str(someValue(r, table, column)));
    out.push(`    ${written}.${col(column, r)} in ${values.join(', ')}`);
  }
  return out;
}

function genValuesTable(r: Rand, a: GenAnalysis, org: Org, file: string, files: Map<string, string>): string[] {
  const principals = org.groups.length > 0 && r.chance(40) ? 'groups' : 'users';
  const byChoice = r.int(0, 19);
  const mode: 'alias' | 'name' = byChoice < 9 ? 'alias' : 'name';
  const by = byChoice < 9 ? ' by alias' : byChoice < 15 ? ' by name' : byChoice < 19 ? '' : ' by label';
  const names = r.pick([
    { user: 'Reference_User', table: 'Reference_Table', column: 'Reference_Column', value: 'Reference_Value' },
    { user: 'Who', table: 'Tab', column: 'Col', value: 'Val' },
    { user: 'user', table: 'table', column: 'Column Name', value: 'value' },
  ]);
  const { user, table, column, value } = names;
  const all = [user, table, column, value, ...(r.chance(30) ? ['Note'] : [])];
  const header = r.chance(50) ? all : r.take(all, all.length);
  const rows: string[][] = [header];
  for (let n = r.int(0, 6); n > 0; n--) {
    const target = someTable(r, a, mode);
    const columnName = target.table ? someColumn(r, target.table.source, 85) : 'k';
    const cells: Record<string, string | null> = {
      [user]: r.chance(5) ? null : somePrincipal(r, org, principals === 'users' ? 'user' : 'group'),
      [table]: r.chance(5) ? null : target.written,
      [column]: r.chance(5) ? null : columnName,
      [value]: r.chance(8) ? null : r.chance(8) ? '' : someValue(r, target.table, columnName),
      Note: r.chance(30) ? null : 'note, with comma',
    };
    const line = header.map((h) => csvCell(cells[h], r, true));
    if (r.chance(3)) line.push('extra'); // a ragged row: the whole table grants nothing
    rows.push(line);
  }
  files.set(file, csvText(rows, r));
  const mapping = [`user ${col(user)}`, `table ${col(table)}`, `column ${col(column)}`, `value ${col(value)}`];
  if (r.chance(4)) mapping[r.int(0, 3)] = r.pick(['value Missing', 'unlimited Val', '']); // a broken mapping
  return [`  table ${str(`tables/${path.basename(file)}`)} values ${principals}${by} {`, ...mapping.filter((m) => m !== '').map((m) => `    ${m}`), '  }'];
}

function genUnlimitedTable(r: Rand, org: Org, file: string, files: Map<string, string>): string[] {
  const principals = org.groups.length > 0 && r.chance(50) ? 'groups' : 'users';
  const rows: string[][] = [['Principal', 'Unlimited']];
  for (let n = r.int(0, 4); n > 0; n--) {
    const who = r.chance(5) ? null : somePrincipal(r, org, principals === 'users' ? 'user' : 'group');
    const flag = r.pick<string | null>(['TRUE', 'FALSE', 'FALSE', 'true', 'False', 'yes', '', null]);
    rows.push([csvCell(who, r, true), csvCell(flag, r, true)]);
  }
  files.set(file, csvText(rows, r));
  return [`  table ${str(`tables/${path.basename(file)}`)} unlimited ${principals} {`, '    user Principal', '    unlimited Unlimited', '  }'];
}

function genPermissions(r: Rand, a: GenAnalysis, org: Org, target: string, files: Map<string, string>, suffix = ''): string {
  const lines = [`permissions for ${target} {`];
  if (r.chance(90)) lines.push('  use data permissions');
  if (r.chance(70)) lines.push(`  combine ${r.chance(4) ? 'by-row' : r.pick(['by-column', 'by-principal'])}`);
  for (let n = r.int(0, 5); n > 0; n--) {
    const kind = org.groups.length > 0 && r.chance(45) ? 'group' : 'user';
    const head = `  ${kind} ${str(somePrincipal(r, org, kind))}`;
    if (r.chance(8)) lines.push(`${head} unlimited`);
    else lines.push(`${head} {`, ...genRuleLines(r, a), '  }');
  }
  const stem = `permissions/tables/${a.pool.name.toLowerCase()}_${a.name.toLowerCase()}${suffix}`;
  for (let n = r.int(0, 2); n > 0; n--) lines.push(...genValuesTable(r, a, org, `${stem}_values${n}.csv`, files));
  if (r.chance(30)) lines.push(...genUnlimitedTable(r, org, `${stem}_unlimited.csv`, files));
  lines.push('}');
  return lines.join('\n') + '\n';
}

// ------------------------------------------------------------------ the workspace

function genWorkspace(r: Rand): RandomWorkspace {
  const files = new Map<string, string | Uint8Array>();
  const rows = new Map<string, TableRows>();

  // The team (§O1).
  const emails = Array.from({ length: r.int(3, 6) }, (_, i) => `u${i}@x.com`);
  const groups = r.take(GROUP_NAMES, r.int(0, 3));
  const org: Org = { emails, groups };
  const team = ['team Org {', ...emails.map((e, i) => `  user ${str(e)} role ${i === 0 ? 'admin' : r.pick(['analyst', 'member', 'viewer'])}`)];
  for (const g of groups) {
    const members = emails.filter(() => r.chance(45)).map((e) => str(r.emailCase(e)));
    team.push(`  group ${str(g)}${members.length > 0 ? ` members ${members.join(', ')}` : ''}`);
  }
  team.push(`  grant ${str(emails[0])} manage-all-pools`, '}');
  files.set('org.pool', team.join('\n') + '\n');

  // The source pool and its tables (§S2).
  const tables = Array.from({ length: r.int(2, 5) }, (_, i) => genTable(r, i));
  for (const t of tables) {
    const delimiter = r.chance(10) ? ';' : ',';
    files.set(t.file, csvText([t.columns.map((c) => csvCell(c.name, r, false)), ...t.cells.map((row) => row.map((v) => csvCell(v, r, false)))], r, delimiter));
    rows.set(t.file, tableRows(t));
  }
  const p1: GenPool = { id: 'Org/P1', name: 'P1', tables: tables.map((table) => ({ connection: 'C', table, visible: table.columns.map((c) => c.name) })), text: [] };
  p1.text.push('pool "P1" in Org {', '  engine etl', '  connection C {', ...tables.map((t) => `    table ${t.name} from ${str(t.file)}`), '  }');
  const pools = [p1];

  // Sometimes a second pool importing the connection (§S4), with a lock that may lack a column (§S5).
  if (r.chance(40)) {
    const imported = r.take(tables, r.int(1, tables.length));
    const alias = r.chance(40) ? 'D' : 'C';
    p1.text.push(`  share C with "Org/P2" tables ${tables.map((t) => t.name).join(', ')} by ${str(emails[0])}`);
    const p2: GenPool = { id: 'Org/P2', name: 'P2', tables: [], text: ['pool "P2" in Org {', '  engine etl', `  import C${alias === 'C' ? '' : ` as ${alias}`} from "Org/P1" tables ${imported.map((t) => t.name).join(', ')}`] };
    const locked: { name: string; columns: GenColumn[] }[] = [];
    const withLock = r.chance(80);
    for (const table of imported) {
      let columns = table.columns;
      if (withLock && r.chance(90)) {
        if (columns.length > 1 && r.chance(30)) {
          const dropped = r.int(0, columns.length - 1);
          columns = columns.filter((_, i) => i !== dropped);
        }
        locked.push({ name: table.name, columns });
      }
      p2.tables.push({ connection: alias, table, visible: columns.map((c) => c.name) });
    }
    if (withLock) {
      const lock = { version: 1, imports: [{ pool: 'Org/P2', connection: alias, source: { pool: 'Org/P1', connection: 'C' }, tables: locked }] };
      files.set('sightline.lock', JSON.stringify(lock, null, 2) + '\n');
    }
    pools.push(p2);
  }

  // Models and perspectives (§M1, §M2); a name sometimes repeats in the other pool.
  const analyses: GenAnalysis[] = [];
  for (const pool of pools) {
    const same = pool !== p1 && r.chance(20);
    if (r.chance(70)) analyses.push(genModel(r, pool, same && analyses.some((a) => a.name === 'M1') ? 'M1' : `M${pools.indexOf(pool) + 1}`));
    if (r.chance(40)) analyses.push(genPerspective(r, pool, `V${pools.indexOf(pool) + 1}`));
  }
  if (analyses.length === 0) analyses.push(genModel(r, p1, 'M1'));
  for (const pool of pools) pool.text.push('}');
  files.set('pools.pool', pools.map((p) => p.text.join('\n')).join('\n\n') + '\n');

  // A .perm file per analysis (usually).
  for (const a of analyses) {
    if (!r.chance(92)) continue;
    const unique = analyses.filter((b) => b.name === a.name).length === 1;
    // The target: without a pool while the name is unique, else "Team/Pool" or "Pool"; rarely a wrong pool.
    const written = () => (r.chance(3) ? `"Org/P9".${a.name}` : unique && r.chance(40) ? a.name : r.chance(70) ? `${str(a.pool.id)}.${a.name}` : `${str(a.pool.name)}.${a.name}`);
    const perm = new Map<string, string>();
    const stem = `permissions/${a.pool.name.toLowerCase()}_${a.name.toLowerCase()}`;
    files.set(`${stem}.perm`, genPermissions(r, a, org, written(), perm));
    // Rarely a second block for the same analysis: all applying blocks merge.
    if (r.chance(6)) files.set(`${stem}_more.perm`, genPermissions(r, a, org, written(), perm, 'more'));
    for (const [f, text] of perm) files.set(f, text);
  }

  return { files, rows, analyses: analyses.map((a) => ({ pool: a.pool.id, name: a.name, kind: a.kind })), emails };
}

/** A small random workspace (see the file comment). */
export function randomWorkspace(): fc.Arbitrary<RandomWorkspace> {
  return fc.gen().map((g) => genWorkspace(new Rand(g)));
}
