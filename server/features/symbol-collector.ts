// Fills the occurrence index (symbols.ts) from a snapshot: walks teams, pools, permissions,
// CSV permission tables and the header lines of CSV data files. Names resolve exactly as the
// checks resolve them (WorkspaceIndex and the model/check helpers), so a reference the check
// reports as unknown is no occurrence here.
import { unquote } from '../../language/value-converter.js';
import type { CsvRecord } from '../../model/csv.js';
import { CheckContext } from '../../model/check/context.js';
import { modelTables, perspectiveTables, type AnalysisTable } from '../../model/check/models.js';
import { resolveTarget, type PermissionTarget } from '../../model/check/permissions.js';
import { referenceValue } from '../../model/schema/permission-csv.js';
import type { DataModel, PermissionSet, PermissionTable, Perspective, Pool, Ref, SourceRange, Table } from '../../model/types.js';
import { WorkspaceIndex, type ResolvedTable } from '../../model/workspace-index.js';
import { CsvOccurrences, type CellSymbol, type CsvRole } from './csv-occurrences.js';
import { readCsvHeader } from './data-headers.js';
import type { Snapshot } from './snapshot.js';
import { SEP, symbolKeys } from './symbol-keys.js';
import type { Spelling, SymbolIndex, SymbolInfo } from './symbols.js';
import type { TextFiles } from './text-files.js';

export function collectSymbols(snapshot: Snapshot, files: TextFiles, into: SymbolIndex): void {
  new Collector(snapshot, files, into).collect();
}

class Collector {
  private readonly ctx: CheckContext;
  private readonly index: WorkspaceIndex;
  private readonly lines = new Map<string, string[]>();

  constructor(
    private readonly snapshot: Snapshot,
    private readonly files: TextFiles,
    private readonly out: SymbolIndex,
  ) {
    this.ctx = new CheckContext(snapshot.model, snapshot.data);
    this.index = this.ctx.index;
  }

  collect(): void {
    const { model } = this.snapshot;
    for (const team of model.teams) {
      this.word(symbolKeys.team(team.name), { kind: 'team', name: team.name }, { name: team.name, range: team.nameRange }, true);
      for (const user of team.users) this.user({ name: user.email, range: user.nameRange }, true);
      for (const group of team.groups) {
        this.string(symbolKeys.group(team.name, group.name), { kind: 'group', name: group.name, team: team.name }, { name: group.name, range: group.nameRange }, true);
        for (const member of group.members) this.user(member, false);
      }
      for (const grant of team.serviceGrants) this.principal(grant.principal, team.name, 'either');
    }
    for (const pool of model.pools) this.pool(pool);
    for (const set of model.permissions) this.permissions(set);
    this.dataHeaders();
  }

  // ------------------------------------------------------------ occurrences by spelling

  /** The text at a one-line range of a definition file. */
  private rawText(range: SourceRange): string | undefined {
    let lines = this.lines.get(range.file);
    if (!lines) {
      const text = this.snapshot.texts.get(range.file);
      if (text === undefined) return undefined;
      lines = text.split(/\r\n|\r|\n/);
      this.lines.set(range.file, lines);
    }
    if (range.start.line !== range.end.line) return undefined;
    return lines[range.start.line]?.slice(range.start.column, range.end.column);
  }

  /**
   * Whether the text at a Ref's range is the name itself (a word, or a string that unquotes
   * to it). A parser that recovered from an error may give a missing name the range of its
   * whole statement: renaming there would overwrite the statement, so such a Ref is skipped.
   */
  private writtenAt(ref: Ref, raw: string | undefined, quoted: boolean): boolean {
    if (!this.snapshot.texts.has(ref.range.file)) return true;
    if (raw === undefined) return false;
    return quoted ? raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') && unquote(raw) === ref.name : raw === ref.name;
  }

  private word(key: string, info: SymbolInfo, ref: Ref, declaration: boolean, extra: { quotable?: boolean; keeps?: string; unqualified?: boolean } = {}): void {
    const raw = this.rawText(ref.range);
    if (raw !== undefined && raw.startsWith('"')) {
      // A column written as a string.
      this.string(key, info, ref, declaration);
      return;
    }
    if (!this.writtenAt(ref, raw, false)) return;
    const spelling: Spelling = { kind: 'word', quotable: extra.quotable ?? false, ...(extra.keeps !== undefined ? { keeps: extra.keeps } : {}) };
    this.out.add({ key, kind: info.kind, name: ref.name, range: ref.range, nameRange: ref.range, declaration, spelling, ...(extra.unqualified ? { unqualified: true } : {}) }, info);
  }

  private string(key: string, info: SymbolInfo, ref: Ref, declaration: boolean, prefix = '', suffix = '', unqualified = false): void {
    const name = ref.name.slice(prefix.length, ref.name.length - suffix.length);
    const raw = this.rawText(ref.range);
    if (!this.writtenAt(ref, raw, true)) return;
    // Only without escapes does the name sit at a known column inside the quotes.
    const plain = raw !== undefined && raw === `"${ref.name}"`;
    const start = ref.range.start.column + 1 + prefix.length;
    const nameRange = plain ? { file: ref.range.file, start: { line: ref.range.start.line, column: start }, end: { line: ref.range.start.line, column: start + name.length } } : ref.range;
    this.out.add({ key, kind: info.kind, name, range: ref.range, nameRange, declaration, spelling: { kind: 'string', prefix, suffix }, ...(unqualified ? { unqualified: true } : {}) }, info);
  }

  private implicit(key: string, info: SymbolInfo, range: SourceRange): void {
    if (!this.writtenAt({ name: info.name, range }, this.rawText(range), false)) return;
    this.out.add({ key, kind: info.kind, name: info.name, range, nameRange: range, declaration: true, spelling: { kind: 'implicit' } }, info);
  }

  private csv(key: string, info: SymbolInfo, range: SourceRange, name: string, quoted: boolean, delimiter: string, declaration: boolean): void {
    const inner = quoted && range.start.line === range.end.line && range.end.column - range.start.column === name.length + 2;
    const nameRange = inner ? { file: range.file, start: { line: range.start.line, column: range.start.column + 1 }, end: { line: range.end.line, column: range.end.column - 1 } } : range;
    this.out.add({ key, kind: info.kind, name, range, nameRange, declaration, spelling: { kind: 'csv', quoted, delimiter } }, info);
  }

  // ------------------------------------------------------------ principals

  private user(ref: Ref, declaration: boolean): void {
    this.string(symbolKeys.user(ref.name), { kind: 'user', name: ref.name }, ref, declaration);
  }

  /** The team of a group: `team` when it has one of that name, else a team that has; else `team` (an undeclared group). */
  private groupTeam(name: string, team: string | undefined): string | undefined {
    if (team !== undefined && this.index.teamGroup(team, name)) return team;
    const elsewhere = this.index.groupsNamed(name);
    return elsewhere.length > 0 ? elsewhere[0].team : team;
  }

  private isUser(name: string, team: string | undefined, expect: 'user' | 'group' | 'either'): boolean {
    if (expect !== 'either') return expect === 'user';
    if (this.index.usersNamed(name).length > 0) return true;
    if (this.index.groupsNamed(name).length > 0) return false;
    return name.includes('@');
  }

  private principal(ref: Ref, team: string | undefined, expect: 'user' | 'group' | 'either'): void {
    if (this.isUser(ref.name, team, expect)) {
      this.user(ref, false);
      return;
    }
    const owner = this.groupTeam(ref.name, team);
    if (owner !== undefined) this.string(symbolKeys.group(owner, ref.name), { kind: 'group', name: ref.name, team: owner }, ref, false);
  }

  // ------------------------------------------------------------ pools

  /** A pool reference ("Team/Pool" or "Pool"); for a FIX ME import, the original it names. */
  private poolRef(ref: Ref, fixMe = false): Pool | undefined {
    const written = fixMe ? WorkspaceIndex.fixMeOriginal(ref.name) : ref.name;
    if (!written) return undefined;
    const found = this.index.lookupPool(written);
    if (!('pool' in found)) return undefined;
    const pool = found.pool;
    const at = fixMe ? ref.name.lastIndexOf(written) : 0;
    const before = ref.name.slice(0, at);
    const after = ref.name.slice(at + written.length);
    if (written === pool.id) {
      this.string(symbolKeys.team(pool.team.name), { kind: 'team', name: pool.team.name }, ref, false, before, `/${pool.name}${after}`);
      this.string(symbolKeys.pool(pool.id), { kind: 'pool', name: pool.name, pool }, ref, false, `${before}${pool.team.name}/`, after);
    } else {
      this.string(symbolKeys.pool(pool.id), { kind: 'pool', name: pool.name, pool }, ref, false, before, after, true);
    }
    return pool;
  }

  private connectionRef(pool: Pool, ref: Ref, keeps?: string): void {
    if (!this.index.connection(pool, ref.name)) return;
    this.word(symbolKeys.connection(pool.id, ref.name), { kind: 'connection', name: ref.name, pool }, ref, false, { keeps });
  }

  private tableRef(resolved: ResolvedTable | undefined, ref: Ref, keeps?: string): void {
    if (!resolved) return;
    const { sourcePool, sourceConnection, table } = resolved;
    const info: SymbolInfo = { kind: 'table', name: table.name, pool: sourcePool, connection: sourceConnection };
    this.word(symbolKeys.table(sourcePool.id, sourceConnection.name, table.name), info, ref, false, { keeps });
  }

  private resolve(pool: Pool | undefined, connection: string, table: string): ResolvedTable | undefined {
    if (!pool) return undefined;
    const found = this.index.resolveTable(pool, connection, table);
    return found.ok ? found.resolved : undefined;
  }

  private columnRef(resolved: ResolvedTable | undefined, ref: Ref): void {
    if (!resolved?.columns?.some((c) => c.name === ref.name)) return;
    this.word(symbolKeys.column(resolved.table.file, ref.name), columnInfo(resolved.table, ref.name), ref, false, { quotable: true });
  }

  private pool(pool: Pool): void {
    const team = pool.team.name;
    this.string(symbolKeys.pool(pool.id), { kind: 'pool', name: pool.name, pool }, { name: pool.name, range: pool.nameRange }, true);
    this.word(symbolKeys.team(team), { kind: 'team', name: team }, pool.team, false);
    for (const grant of pool.grants) this.principal(grant.principal, team, 'either');
    for (const connection of pool.connections) {
      this.word(symbolKeys.connection(pool.id, connection.name), { kind: 'connection', name: connection.name, pool }, { name: connection.name, range: connection.nameRange }, true);
      for (const table of connection.tables) {
        this.word(symbolKeys.table(pool.id, connection.name, table.name), { kind: 'table', name: table.name, pool, connection }, { name: table.name, range: table.nameRange }, true);
      }
    }
    for (const imp of pool.imports) {
      const source = this.poolRef(imp.source, imp.fixMe);
      const implicit = imp.name === imp.connection.name && sameRange(imp.nameRange, imp.connection.range);
      const local: SymbolInfo = { kind: 'connection', name: imp.name, pool };
      if (source) this.connectionRef(source, imp.connection, implicit ? imp.name : undefined);
      if (implicit) this.implicit(symbolKeys.connection(pool.id, imp.name), local, imp.nameRange);
      else this.word(symbolKeys.connection(pool.id, imp.name), local, { name: imp.name, range: imp.nameRange }, true);
      for (const t of imp.tables) this.tableRef(this.resolve(source, imp.connection.name, t.name), t);
    }
    for (const share of pool.shares) {
      this.connectionRef(pool, share.connection);
      this.user(share.by, false);
      for (const target of share.targets) {
        this.poolRef(target.pool);
        for (const t of target.tables) this.tableRef(this.resolve(pool, share.connection.name, t.name), t);
      }
    }
    for (const model of pool.models) this.model(pool, model);
    for (const perspective of pool.perspectives) this.perspective(pool, perspective);
  }

  private model(pool: Pool, model: DataModel): void {
    this.word(symbolKeys.analysis(pool.id, model.name), { kind: 'model', name: model.name, pool }, { name: model.name, range: model.nameRange }, true);
    const tables = modelTables(this.ctx, pool, model, false);
    const aliasInfo = (name: string): SymbolInfo => ({ kind: 'alias', name, pool, model });
    for (const mt of model.tables) {
      const implicit = sameRange(mt.aliasRange, mt.table.range);
      this.connectionRef(pool, mt.connection);
      this.tableRef(this.resolve(pool, mt.connection.name, mt.table.name), mt.table, implicit ? mt.alias : undefined);
      const key = symbolKeys.alias(pool.id, model.name, mt.alias);
      if (implicit) this.implicit(key, aliasInfo(mt.alias), mt.aliasRange);
      else this.word(key, aliasInfo(mt.alias), { name: mt.alias, range: mt.aliasRange }, true);
    }
    for (const join of model.joins) {
      for (const side of [join.parent, join.child]) {
        const table = tables.get(side.table.name);
        if (!table) continue;
        this.word(symbolKeys.alias(pool.id, model.name, table.name), aliasInfo(table.name), side.table, false);
        this.columnRef(table.resolved, side.column);
      }
    }
    for (const u of model.usage) this.principal(u, pool.team.name, 'either');
  }

  private perspective(pool: Pool, perspective: Perspective): void {
    this.word(symbolKeys.analysis(pool.id, perspective.name), { kind: 'perspective', name: perspective.name, pool }, { name: perspective.name, range: perspective.nameRange }, true);
    const types = perspectiveTables(this.ctx, pool, perspective, false);
    const typeRef = (ref: Ref, declaration: boolean): AnalysisTable | undefined => {
      const type = types.get(ref.name);
      if (declaration || type) {
        this.word(symbolKeys.objectType(pool.id, perspective.name, ref.name), { kind: 'object-type', name: ref.name, pool, perspective }, ref, declaration);
      }
      return type;
    };
    for (const o of perspective.objects) {
      typeRef({ name: o.name, range: o.nameRange }, true);
      this.connectionRef(pool, o.connection);
      const resolved = this.resolve(pool, o.connection.name, o.table.name);
      this.tableRef(resolved, o.table);
      this.columnRef(resolved, o.key);
    }
    for (const r of perspective.relationships) {
      if (r.kind === 'column') {
        for (const side of [r.from, r.to]) this.columnRef(typeRef(side.table, false)?.resolved, side.column);
        continue;
      }
      typeRef(r.fromType, false);
      typeRef(r.toType, false);
      this.connectionRef(pool, r.connection);
      const link = this.resolve(pool, r.connection.name, r.table.name);
      this.tableRef(link, r.table);
      this.columnRef(link, r.fromColumn);
      this.columnRef(link, r.toColumn);
    }
    for (const u of perspective.usage) this.principal(u, pool.team.name, 'either');
  }

  // ------------------------------------------------------------ permissions

  /** The alias (model) or object type (perspective) a permission names. */
  private analysisTableSymbol(target: PermissionTarget, table: AnalysisTable): CellSymbol {
    const { pool, analysis } = target;
    return target.kind === 'model'
      ? { key: symbolKeys.alias(pool.id, analysis.name, table.name), info: { kind: 'alias', name: table.name, pool, model: analysis as DataModel }, name: table.name }
      : { key: symbolKeys.objectType(pool.id, analysis.name, table.name), info: { kind: 'object-type', name: table.name, pool, perspective: analysis as Perspective }, name: table.name };
  }

  private permissions(set: PermissionSet): void {
    const target = resolveTarget(this.ctx, set, false);
    if (set.pool) this.poolRef(set.pool);
    if (target) {
      const info: SymbolInfo = { kind: target.kind, name: target.analysis.name, pool: target.pool };
      this.word(symbolKeys.analysis(target.pool.id, target.analysis.name), info, set.target, false, { unqualified: !set.pool });
    }
    const team = target?.pool.team.name;
    for (const block of set.principals) {
      this.principal(block.principal, team, block.kind);
      if (!target) continue;
      for (const rule of block.rules) {
        const table = target.tables.get(rule.table.name);
        if (!table) continue;
        const symbol = this.analysisTableSymbol(target, table);
        this.word(symbol.key, symbol.info, rule.table, false);
        this.columnRef(table.resolved, rule.column);
      }
    }
    for (const table of set.tables) this.permissionTable(table, target);
  }

  /** The principal, table and column cells of a CSV permission table, classified as the check reads them. */
  private permissionTable(table: PermissionTable, target: PermissionTarget | undefined): void {
    const csv = this.snapshot.data.permissionTables.get(table.file)?.table;
    if (!csv) return;
    const columnOf = (role: string) => {
      const mapping = table.mappings.find((m) => m.role === role);
      return mapping ? csv.header.findIndex((h) => h.text === mapping.column.name) : -1;
    };
    const [userAt, tableAt, columnAt] = [columnOf('user'), columnOf('table'), columnOf('column')];
    const by = table.by?.name ?? 'name';
    const team = target?.pool.team.name;
    const value = (row: CsvRecord, i: number) => (i < 0 ? null : referenceValue(row.cells[i]));

    const principal = memo((name: string): CellSymbol | undefined => {
      const isUser = this.index.usersNamed(name).length > 0;
      const isGroup = this.index.groupsNamed(name).length > 0;
      // As the check classifies a row: by what the name is, else by what the table holds.
      if (table.principals === 'users' ? isUser || !isGroup : isUser && !isGroup) return { key: symbolKeys.user(name), info: { kind: 'user', name }, name };
      const owner = this.groupTeam(name, team);
      return owner === undefined ? undefined : { key: symbolKeys.group(owner, name), info: { kind: 'group', name, team: owner }, name };
    });
    const matches = memo((name: string) => (target ? [...target.tables.values()].filter((t) => (by === 'alias' ? t.name === name : t.realName === name)) : []));
    const tableSymbol = memo((name: string): CellSymbol | undefined => {
      const [first] = matches(name);
      if (!target || !first) return undefined;
      if (by === 'alias') return { ...this.analysisTableSymbol(target, first), name };
      const resolved = matches(name).find((t) => t.resolved)?.resolved;
      if (!resolved) return undefined;
      const { sourcePool, sourceConnection, table: physical } = resolved;
      return { key: symbolKeys.table(sourcePool.id, sourceConnection.name, physical.name), info: { kind: 'table', name: physical.name, pool: sourcePool, connection: sourceConnection }, name };
    });
    const columnSymbol = memo((pair: string): CellSymbol | undefined => {
      const [tableName, columnName] = pair.split(SEP);
      const physical = matches(tableName).find((t) => t.resolved?.columns?.some((c) => c.name === columnName))?.resolved?.table;
      return physical ? { key: symbolKeys.column(physical.file, columnName), info: columnInfo(physical, columnName), name: columnName } : undefined;
    });

    const roles: CsvRole[] = [{ column: userAt, classify: (row) => ifName(value(row, userAt), principal) }];
    if (target && table.kind === 'values') {
      roles.push({ column: tableAt, classify: (row) => ifName(value(row, tableAt), tableSymbol) });
      roles.push({
        column: columnAt,
        classify: (row) => {
          const t = value(row, tableAt);
          const c = value(row, columnAt);
          return t && c ? columnSymbol(t + SEP + c) : undefined;
        },
      });
    }
    this.out.addCsv(new CsvOccurrences(table.file, csv, roles, (key, info) => this.out.declare(key, info)));
  }

  // ------------------------------------------------------------ column declarations

  private dataHeaders(): void {
    const done = new Set<string>();
    for (const pool of this.snapshot.model.pools) {
      for (const connection of pool.connections) {
        for (const table of connection.tables) {
          if (done.has(table.file)) continue;
          done.add(table.file);
          const header = readCsvHeader(this.files, table);
          for (const cell of header?.cells ?? []) {
            if (cell.text === '') continue;
            const range = { file: table.file, start: { line: cell.line, column: cell.column }, end: { line: cell.endLine, column: cell.endColumn } };
            this.csv(symbolKeys.column(table.file, cell.text), columnInfo(table, cell.text), range, cell.text, cell.quoted, header!.delimiter, true);
          }
        }
      }
    }
  }
}

/** A one-argument function that computes each argument's result once. */
function memo<T>(f: (arg: string) => T): (arg: string) => T {
  const cache = new Map<string, T>();
  return (arg) => {
    if (!cache.has(arg)) cache.set(arg, f(arg));
    return cache.get(arg)!;
  };
}

function ifName<T>(name: string | null, f: (name: string) => T): T | undefined {
  return name ? f(name) : undefined;
}

function columnInfo(table: Table, name: string): SymbolInfo {
  return { kind: 'column', name, file: table.file, format: table.schema?.format, columns: table.schema?.columns };
}

function sameRange(a: SourceRange, b: SourceRange): boolean {
  return a.file === b.file && a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column;
}
