// The row predicate of one model table alias (§P1–§P9, §F1), shared by every warehouse
// export: PostgreSQL writes it as the WHERE of a security-barrier view, Snowflake as the body
// of a row access policy. Both targets build it here, so the logic is the same by
// construction; a dialect supplies only the atoms (quoting, text casts, mapping tables, how
// the current user's principals are found, how the protected row's columns are named).
import type { ColumnType } from '../model/types.js';
import { treePath, type AnalysisTable, type ModelAnalysis } from '../engine/analysis/analysis.js';
import type { ExportModel } from './source.js';

export interface PredicateDialect {
  /** A quoted identifier (reports names the target cannot hold). */
  ident(name: string, what: string): string;
  /** A string literal. */
  literal(value: string, what: string): string;
  /** The column as text, as DuckDB's CAST(… AS VARCHAR) (§P6). */
  asText(expr: string, type: ColumnType | undefined): string;
  /** A column of the export's mapping tables (grants, unlimited, the principals view). */
  c(name: string): string;
  /** The qualified mapping tables. */
  grants: string;
  unlimited: string;
  /** A condition on `g` (a grants or unlimited row): its principal is one the current user acts as in the team (§P2). */
  mine(teamLiteral: string): string;
  /** A column of the relation under `alias`; `t0` is the protected row. */
  column(alias: string, name: string): string;
}

/** For each alias of model `m` (number `id`): its predicate, given how each alias's table is named. */
export function aliasPredicate(m: ExportModel, id: number, t: AnalysisTable, d: PredicateDialect, relOf: (t: AnalysisTable) => string | undefined): string {
  if (!m.switchOn) return '-- §P1: the switch is off, every user sees every row\n  TRUE';
  const a = m.analysis;
  const c = d.c.bind(d);
  // Which tables and columns any principal rules: only these need SQL.
  const ruledColumns = new Map<string, Set<string>>();
  for (const p of m.principals) for (const [table, columns] of p.rules) for (const col of columns.keys()) ruledColumns.set(table, (ruledColumns.get(table) ?? new Set()).add(col));
  const tables = new Map(a.tables.map((x) => [x.name, x]));
  const mine = d.mine(d.literal(m.pool.team.name, 'team'));
  const G = d.grants;

  /** The predicate of one table for the principals `who` selects (a condition on g). */
  const predicate = (t: AnalysisTable, who: string): string | undefined => {
    const comp = a.component.get(t.name);
    const targets = a.tables.filter((r) => a.component.get(r.name) === comp && ruledColumns.has(r.name));
    if (targets.length === 0) return undefined;
    const where = (r: string, col?: string) => `g.${c('model')} = ${id} AND g.${c('tbl')} = ${d.literal(r, 'table')}${col === undefined ? '' : ` AND g.${c('col')} = ${d.literal(col, 'column')}`} AND ${who}`;
    const filter = (r: AnalysisTable, alias: string) =>
      [...ruledColumns.get(r.name)!]
        .map((col) => {
          const type = r.columns.find((x) => x.name === col)?.type;
          const colText = d.asText(d.column(alias, col), type);
          return `(NOT EXISTS (SELECT 1 FROM ${G} g WHERE ${where(r.name, col)}) OR ${colText} IN (SELECT g.${c('value')} FROM ${G} g WHERE ${where(r.name, col)} AND g.${c('value')} IS NOT NULL))`;
        })
        .join(' AND ');
    return targets.map((r) => `(NOT EXISTS (SELECT 1 FROM ${G} g WHERE ${where(r.name)}) OR ${chain(a, t.name, r.name, filter, tables, relOf, d)})`).join('\n    AND ');
  };

  const unlimited = `EXISTS (SELECT 1 FROM ${d.unlimited} g WHERE g.${c('model')} = ${id} AND ${mine})`;
  const applicable = `EXISTS (SELECT 1 FROM ${G} g WHERE g.${c('model')} = ${id} AND ${mine})`;
  let restricted: string;
  if (m.combine === 'by-column') restricted = predicate(t, mine) ?? 'TRUE';
  else {
    const p = predicate(t, `(g.${c('kind')} = pp.${c('kind')} AND g.${c('principal')} = pp.${c('principal')})`);
    restricted = p === undefined ? 'TRUE' : `EXISTS (SELECT 1 FROM (SELECT DISTINCT g.${c('kind')}, g.${c('principal')} FROM ${G} g WHERE g.${c('model')} = ${id} AND ${mine}) pp\n    WHERE ${p})`;
  }
  return `${unlimited} -- §P3 unlimited\n  OR (${applicable} -- §P1 default deny, §F1\n  AND ${restricted})`;
}

/** §P9: the EXISTS chain from a row t0 of `from` along the tree path to a passing row of `to`. */
function chain(
  a: ModelAnalysis,
  from: string,
  to: string,
  filter: (r: AnalysisTable, alias: string) => string,
  tables: Map<string, AnalysisTable>,
  relOf: (t: AnalysisTable) => string | undefined,
  d: PredicateDialect,
): string {
  const path = treePath(a, from, to)!;
  const step = (i: number, alias: string): string => {
    if (i === path.length) return filter(tables.get(to)!, alias);
    const e = path[i];
    const next = `a${i + 1}`;
    const target = tables.get(e.to)!;
    const rel = relOf(target);
    if (!rel) return 'FALSE'; // a table without data has no partner (§F1)
    const on = e.pairs.map((p) => equal(alias, tables.get(e.from)!, p.left, next, target, p.right, d, p.broken)).join(' AND ');
    return `EXISTS (SELECT 1 FROM ${rel} ${next} WHERE ${on} AND ${step(i + 1, next)})`;
  };
  return step(0, 't0');
}

/** Join equality as the engine's `equal()`: same type as is, else as text; broken never matches. */
function equal(la: string, l: AnalysisTable, lc: string, ra: string, r: AnalysisTable, rc: string, d: PredicateDialect, broken?: boolean): string {
  if (broken) return 'FALSE';
  const lt = l.columns.find((c) => c.name === lc)?.type;
  const rt = r.columns.find((c) => c.name === rc)?.type;
  const left = d.column(la, lc);
  const right = d.column(ra, rc);
  if (lt === rt) return `${left} = ${right}`;
  return `${d.asText(left, lt)} = ${d.asText(right, rt)}`;
}
