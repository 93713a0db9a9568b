// Diagnostics only the data can tell (same codes registry as the checker): rule values that
// match no row (with the nearest existing values), NULLs in filtered columns (§P7), parents
// hidden by a child-only rule (§P9), and users whose rows differ between the two combine
// modes (§P5). Every query reads the catalog; values travel as parameters.
import { closest, didYouMean, editDistance } from '../../model/suggest.js';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../model/diagnostic-codes.js';
import type { Diagnostic, SourceRange } from '../../model/types.js';
import type { AnalysisTable, ModelAnalysis } from '../analysis/analysis.js';
import { ident } from '../duckdb/quote.js';
import type { Engine, AnalysisRef } from '../engine.js';
import { effectivePermissions, permissionSetsFor, permissionTableEntries } from '../permissions/effective.js';
import { computeVisibility } from '../permissions/visibility.js';
import { asText, equal } from '../permissions/sql-parts.js';
import { WorkArea } from '../permissions/work-area.js';
import { diffCounts } from '../query/diff.js';

interface ValueSite {
  table: AnalysisTable;
  column: string;
  value: string;
  range: SourceRange;
}

/** Distinct values read per column to suggest near matches. */
const SUGGESTION_POOL = 5000;

export function dataDiagnostics(engine: Engine): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (code: DiagnosticCode, range: SourceRange, message: string, data?: Record<string, unknown>) => {
    const info = DIAGNOSTIC_CODES[code];
    out.push({ range, severity: info.severity, code, message, ...('spec' in info ? { spec: info.spec } : {}), ...(data ? { data } : {}) });
  };
  for (const ref of engine.listAnalyses()) {
    const analysis = engine.analysis(ref);
    const { index, data } = engine.workspace;
    const sets = permissionSetsFor(index, analysis);
    if (!sets.some((s) => s.switchRange)) continue;
    const sites: ValueSite[] = [];
    const columnSites = new Map<string, SourceRange>();
    const tableOf = (name: string) => analysis.tables.find((t) => t.name === name);
    for (const set of sets) {
      for (const block of set.principals) {
        for (const rule of block.rules) {
          const t = tableOf(rule.table.name);
          if (!t?.source || !t.columns.some((c) => c.name === rule.column.name)) continue;
          columnSites.set(`${t.name}\u0000${rule.column.name}`, columnSites.get(`${t.name}\u0000${rule.column.name}`) ?? rule.column.range);
          for (const v of rule.values) sites.push({ table: t, column: rule.column.name, value: v.name, range: v.range });
        }
      }
      for (const table of set.tables) {
        if (table.kind !== 'values') continue;
        for (const e of permissionTableEntries(set, table, data.permissionTables.get(table.file), analysis).entries) {
          if (e.kind !== 'rule' || !e.source.range) continue;
          for (const t of e.targets) {
            if (!t.source) continue;
            sites.push({ table: t, column: e.column, value: e.value, range: e.source.range });
            columnSites.set(`${t.name}\u0000${e.column}`, columnSites.get(`${t.name}\u0000${e.column}`) ?? e.source.range);
          }
        }
      }
    }
    valuesMatchingNoRow(engine, sites, report);
    nullsInFilteredColumns(engine, analysis.tables, columnSites, report);
    if (analysis.kind === 'model') parentsWithoutChild(engine, analysis, columnSites, report);
    combineModesDiffer(engine, ref, sets[0].combine?.range ?? sets[0].target.range, report);
  }
  return out;
}

type Report = (code: DiagnosticCode, range: SourceRange, message: string, data?: Record<string, unknown>) => void;

function valuesMatchingNoRow(engine: Engine, sites: ValueSite[], report: Report): void {
  const byColumn = new Map<string, ValueSite[]>();
  for (const s of sites) {
    const k = `${s.table.source!.relation}\u0000${s.column}`;
    byColumn.set(k, [...(byColumn.get(k) ?? []), s]);
  }
  for (const list of byColumn.values()) {
    const { table, column } = list[0];
    const type = table.columns.find((c) => c.name === column)?.type;
    const text = asText('t0', column, type);
    const exists = (value: string) => engine.session.scalarNumber(`SELECT count(*) FROM (SELECT 1 FROM ${table.source!.relation} t0 WHERE ${text} = ? LIMIT 1)`, [value]) > 0;
    let pool: string[] | undefined;
    const seen = new Map<string, boolean>();
    for (const site of list) {
      const found = seen.get(site.value) ?? exists(site.value);
      seen.set(site.value, found);
      if (found) continue;
      pool ??= [...engine.session.query(`SELECT DISTINCT ${text} AS v FROM ${table.source!.relation} t0 WHERE ${text} IS NOT NULL LIMIT ${SUGGESTION_POOL}`).getChild('v')!].map(String);
      // Short codes are all close to each other: keep only near misses (one typo per three characters).
      const near = closest(site.value, pool).filter((c) => editDistance(c, site.value) <= Math.max(1, Math.floor(site.value.length / 3)));
      const form = formHint(site.value, type);
      report('value-matches-no-row', site.range, `no row of ${table.name} has ${column} = ${JSON.stringify(site.value)}${form}${didYouMean(near)}`, near.length ? { suggestions: near } : undefined);
    }
  }
}

/** §P6: a value written in another form than the column's text (0500 for 500, 1000 for 1000.0). */
function formHint(value: string, type: string | undefined): string {
  if (type === 'BIGINT' && /^[+-]?0\d+$/.test(value)) return ` (${column(type)}: write ${JSON.stringify(String(BigInt(value)))})`;
  if (type === 'BIGINT' && /^[+-]?\d+\.0*$/.test(value)) return ` (${column(type)}: write ${JSON.stringify(value.replace(/\.0*$/, ''))})`;
  if (type === 'DOUBLE' && /^[+-]?\d+$/.test(value)) return ` (${column(type)}: write ${JSON.stringify(value + '.0')})`;
  return '';
}

const column = (type: string) => `the column is ${type} and compares as its text`;

function nullsInFilteredColumns(engine: Engine, tables: AnalysisTable[], columnSites: Map<string, SourceRange>, report: Report): void {
  for (const [k, range] of columnSites) {
    const [name, col] = k.split('\u0000');
    const t = tables.find((x) => x.name === name);
    if (!t?.source) continue;
    const nulls = engine.session.scalarNumber(`SELECT count(*) FROM ${t.source.relation} WHERE ${ident(col)} IS NULL`);
    if (nulls > 0) {
      report('null-in-filtered-column', range, `${nulls} of ${t.source.total} rows of ${t.name} have NULL in ${col}; NULL never matches (§P7), so no restricted user sees them: fill in a value, or '' if there is none`);
    }
  }
}

function parentsWithoutChild(engine: Engine, analysis: ModelAnalysis, columnSites: Map<string, SourceRange>, report: Report): void {
  const ruled = new Set([...columnSites.keys()].map((k) => k.split('\u0000')[0]));
  const done = new Set<string>();
  const model = analysis.pool.models.find((m) => m.name === analysis.name);
  for (const [k, range] of columnSites) {
    const child = k.split('\u0000')[0];
    if (done.has(child)) continue;
    done.add(child);
    for (const j of model?.joins ?? []) {
      if (j.child.table.name !== child || ruled.has(j.parent.table.name)) continue;
      const parent = analysis.tables.find((t) => t.name === j.parent.table.name);
      const c = analysis.tables.find((t) => t.name === child);
      if (!parent?.source || !c?.source) continue;
      if (!parent.columns.some((x) => x.name === j.parent.column.name) || !c.columns.some((x) => x.name === j.child.column.name)) continue;
      // The same join equality the permission compiler uses (sql-parts.ts).
      const orphans = engine.session.scalarNumber(
        `SELECT count(*) FROM ${parent.source.relation} p WHERE NOT EXISTS (SELECT 1 FROM ${c.source.relation} c WHERE ${equal('c', c, j.child.column.name, 'p', parent, j.parent.column.name)})`,
      );
      if (orphans > 0) {
        report('parents-without-child', range, `${orphans} of ${parent.source.total} ${parent.name} rows have no ${child} row at all, so a rule on ${child} hides them from every user it restricts (§P9); put the rule on ${parent.name} to keep them`);
      }
    }
  }
}

function combineModesDiffer(engine: Engine, ref: AnalysisRef, range: SourceRange, report: Report): void {
  const { index, data } = engine.workspace;
  const analysis = engine.analysis(ref);
  for (const email of engine.usersOf(ref)) {
    const perms = effectivePermissions(index, analysis, data.permissionTables, email);
    if (!perms.switchOn || perms.unlimited.length > 0 || perms.principals.length < 2) continue;
    const other = perms.combine === 'by-column' ? 'by-principal' : 'by-column';
    const work = new WorkArea(engine.session);
    try {
      // Compare the row sets, not only their sizes: two readings may show as many rows but other ones.
      const visibility = (combine: typeof perms.combine) => ({ analysis, permissions: { ...perms, combine }, tables: computeVisibility(work, analysis, { ...perms, combine }), work });
      const diffs = diffCounts(engine.session, visibility(perms.combine), visibility(other), analysis.tables.map((t) => t.name));
      const changes = diffs.filter((d) => d.onlyA > 0 || d.onlyB > 0).map((d) => `${d.table}: ${d.onlyA} rows only ${perms.combine}, ${d.onlyB} only ${other}`);
      if (changes.length > 0) {
        report('combine-modes-differ', range, `${email} gets rules from ${perms.principals.length} principals and would see other rows under combine ${other} (${changes.join('; ')}) (§P5)`, { user: email });
      }
    } finally {
      work.dispose();
    }
  }
}
