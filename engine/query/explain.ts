// Why a user sees a row or not: the verdict and every reason — the switch, unlimited access
// and through what, default deny and the permissions that granted nothing, each rule's
// column value against its allowed values and who granted them, each propagated filter's
// join path with the step where it broke, and for perspectives the related objects that
// decided an unruled object (§P1–§P10, §F1).
import { ROW_ID } from '../catalog/row-id.js';
import { ident } from '../duckdb/quote.js';
import type { SqlParam, SqlSession } from '../duckdb/session.js';
import { treePath, type AnalysisTable, type ModelAnalysis, type PerspectiveAnalysis } from '../analysis/analysis.js';
import type { UserVisibility } from '../engine.js';
import type { ColumnRule, GrantSource, Principal, RuleSet } from '../permissions/effective.js';
import { asText, equal } from '../permissions/sql-parts.js';
import { ValuesTable } from '../permissions/values-table.js';
import { mergeRules, planPerspective, relationCondition, relationsBetween, ruleFilter, typeDistances } from '../permissions/visibility.js';
import { WorkArea } from '../permissions/work-area.js';
import { checkColumn, findTable } from './page.js';

export type ReasonKind = 'switch-off' | 'unlimited' | 'default-deny' | 'granted-nothing' | 'unrestricted' | 'rule' | 'path' | 'related';

export interface Reason {
  kind: ReasonKind;
  /** Did this reason let the row through? */
  passed: boolean;
  /** by-principal: the principal whose rules this reason belongs to. */
  principal?: string;
  text: string;
  /** Where the permissions involved were written ("accounts-payable.perm:14"). */
  sources: string[];
}

export interface Explanation {
  table: string;
  rowId: number;
  /** The row's cells as DuckDB renders them as text (NULL stays null). */
  row: Record<string, string | null>;
  visible: boolean;
  reasons: Reason[];
}

export interface Condition {
  column: string;
  /** Compared with the column cast to VARCHAR (§P6). */
  value: string;
}

const principalLabel = (p: Principal) => `${p.kind} ${p.kind === 'group' ? `"${p.name}"` : p.name}`;
const quoted = (v: string) => JSON.stringify(v);
const where = (sources: GrantSource[]) => [...new Set(sources.map((s) => s.where))];

export function explainRows(session: SqlSession, v: UserVisibility, tableName: string, conditions: Condition[], limit = 10): Explanation[] {
  const t = findTable(v, tableName);
  for (const c of conditions) checkColumn(t, c.column);
  if (!t.source) return [];
  const filter = conditions.map((c) => `${asText('t0', c.column, t.columns.find((x) => x.name === c.column)?.type)} = ?`);
  const rows = session.query(
    `SELECT ${[...t.columns.map((c) => `${asText('t0', c.name, c.type)} AS ${ident(c.name)}`), `t0.${ROW_ID}`].join(', ')} FROM ${t.source.relation} t0 WHERE ${filter.length ? filter.join(' AND ') : 'TRUE'} ORDER BY t0.${ROW_ID} LIMIT CAST(? AS BIGINT)`,
    [...conditions.map((c) => c.value), limit],
  );
  const out: Explanation[] = [];
  const work = new WorkArea(session);
  try {
    const visibleIds = visibleSet(session, v, t);
    const prepared = prepare(session, work, v);
    for (const r of rows.toArray()) {
      const { [ROW_ID]: id, ...row } = (r as { toJSON(): Record<string, string | null> }).toJSON();
      const rowId = Number(id);
      out.push({ table: t.name, rowId, row, visible: visibleIds(rowId), reasons: reasonsFor(session, work, v, t, rowId, prepared) });
    }
  } finally {
    work.dispose();
  }
  return out;
}

/**
 * The full explanation of the given row ids of a table (at most `max`): explainRows reads the
 * table through its relation, so it gets a copy of the analysis whose table is narrowed to
 * these row ids (whole numbers checked here, so they may be SQL literals) and explains them in
 * one call. Unknown ids are left out. Shared by the grid's short reasons and its details pane.
 */
export function explainRowIds(session: SqlSession, v: UserVisibility, tableName: string, rowIds: number[], max = 200): Explanation[] {
  const t = findTable(v, tableName);
  const ids = [...new Set(rowIds.filter((id) => Number.isSafeInteger(id) && id >= 0))].slice(0, max);
  if (ids.length === 0 || !t.source) return [];
  const narrowed = { ...t, source: { ...t.source, relation: `(SELECT * FROM ${t.source.relation} WHERE ${ROW_ID} IN (${ids.map((id) => String(Math.trunc(id))).join(', ')}))` } };
  const analysis = { ...v.analysis, tables: v.analysis.tables.map((x) => (x === t ? narrowed : x)) } as typeof v.analysis;
  return explainRows(session, { ...v, analysis }, t.name, [], ids.length);
}

function visibleSet(session: SqlSession, v: UserVisibility, t: AnalysisTable): (rowId: number) => boolean {
  const set = v.tables.get(t.name)!;
  if (set.kind === 'all') return () => true;
  if (set.kind === 'none') return () => false;
  return (rowId) => session.scalarNumber(`SELECT count(*) FROM ${set.relation} WHERE ${ROW_ID} = CAST(? AS BIGINT)`, [rowId]) > 0;
}

interface Prepared {
  values: ValuesTable;
  sets: { principal?: string; rules: RuleSet; decisions?: Map<string, string> }[];
}

/** The rule sets to explain against, their values inserted once for all rows explained. */
function prepare(session: SqlSession, work: WorkArea, v: UserVisibility): Prepared | undefined {
  const p = v.permissions;
  if (!p.switchOn || p.unlimited.length > 0 || !p.applicable) return undefined;
  const values = new ValuesTable(work);
  const sets: Prepared['sets'] =
    p.combine === 'by-column' ? [{ rules: mergeRules(p.principals.map((x) => x.rules)) }] : p.principals.map((x) => ({ principal: principalLabel(x.principal), rules: x.rules }));
  for (const s of sets) for (const cols of s.rules.values()) for (const rule of cols.values()) values.idOf(rule);
  values.insert(session);
  return { values, sets };
}

function reasonsFor(session: SqlSession, work: WorkArea, v: UserVisibility, t: AnalysisTable, rowId: number, prepared: Prepared | undefined): Reason[] {
  const p = v.permissions;
  const a = v.analysis;
  if (!p.switchOn) {
    return [{ kind: 'switch-off', passed: true, text: `data permissions are off for ${a.name} (no \`use data permissions\`): every user sees every row (§P1)`, sources: [] }];
  }
  if (p.unlimited.length > 0) {
    return p.unlimited.map((u) => ({ kind: 'unlimited', passed: true, text: `unlimited access through ${principalLabel(u.principal)} (§P3)`, sources: [u.source.where] }));
  }
  const nothing: Reason[] = p.skipped.map((s) => ({
    kind: 'granted-nothing',
    passed: false,
    ...(s.principal ? { principal: principalLabel(s.principal) } : {}),
    text: `grants nothing: ${s.reason} (§F1)`,
    sources: [s.source.where],
  }));
  if (!p.applicable) {
    return [{ kind: 'default-deny', passed: false, text: `no permission applies to this user, so they see no rows (default deny, §P1)`, sources: [] }, ...nothing];
  }
  const { values, sets } = prepared!;
  const reasons: Reason[] = [];
  for (const s of sets) {
    const own = a.kind === 'model' ? modelReasons(session, a, s.rules, values, t, rowId) : perspectiveReasons(session, work, a, s, values, t, rowId);
    reasons.push(...own.map((r) => (s.principal ? { ...r, principal: s.principal } : r)));
  }
  return [...reasons, ...nothing];
}

function ruleReasons(session: SqlSession, table: AnalysisTable, rules: RuleSet, rowId: number): Reason[] {
  const columns = [...(rules.get(table.name)?.values() ?? [])];
  if (columns.length === 0) return [];
  const select = columns.map((r) => asText('t0', r.column, table.columns.find((c) => c.name === r.column)?.type)).join(', ');
  const row = session.query(`SELECT ${select} FROM ${table.source!.relation} t0 WHERE t0.${ROW_ID} = CAST(? AS BIGINT)`, [rowId]).toArray()[0] as { toArray(): unknown[] };
  const cells = row.toArray() as (string | null)[];
  return columns.map((rule, i) => valueReason(table.name, rule, cells[i]));
}

function valueReason(table: string, rule: ColumnRule, value: string | null): Reason {
  const allowed = [...rule.values.keys()];
  const list = allowed.slice(0, 8).map(quoted).join(', ') + (allowed.length > 8 ? `, … (${allowed.length} values)` : '');
  if (value === null) return { kind: 'rule', passed: false, text: `${table}.${rule.column} is NULL, which never matches (§P7); allowed: ${list}`, sources: where([...rule.values.values()].flat()) };
  const granted = rule.values.get(value);
  if (granted) return { kind: 'rule', passed: true, text: `${table}.${rule.column} is ${quoted(value)}, allowed (§P4)`, sources: where(granted) };
  return { kind: 'rule', passed: false, text: `${table}.${rule.column} is ${quoted(value)}, not among ${list} (§P4, §P6)`, sources: where([...rule.values.values()].flat()) };
}

function modelReasons(session: SqlSession, a: ModelAnalysis, rules: RuleSet, values: ValuesTable, t: AnalysisTable, rowId: number): Reason[] {
  const comp = a.component.get(t.name);
  const ruled = a.tables.filter((r) => (rules.get(r.name)?.size ?? 0) > 0 && a.component.get(r.name) === comp);
  if (ruled.length === 0) return [{ kind: 'unrestricted', passed: true, text: `no rule restricts ${t.name} or any table joined to it (§P9)`, sources: [] }];
  const out: Reason[] = [];
  for (const r of ruled) {
    if (r === t) {
      out.push(...ruleReasons(session, t, rules, rowId));
      continue;
    }
    out.push(pathReason(session, a, t, r, rules, values, rowId));
  }
  return out;
}

/** Follows the join path from the row to the rule table step by step, counting partners. */
function pathReason(session: SqlSession, a: ModelAnalysis, t: AnalysisTable, r: AnalysisTable, rules: RuleSet, values: ValuesTable, rowId: number): Reason {
  const path = treePath(a, t.name, r.name)!;
  const tables = new Map(a.tables.map((x) => [x.name, x]));
  const params: SqlParam[] = [rowId];
  let current = `SELECT * FROM ${t.source!.relation} WHERE ${ROW_ID} = CAST(? AS BIGINT)`;
  const route: string[] = [t.name];
  const sources = where([...(rules.get(r.name)?.values() ?? [])].flatMap((c) => [...c.values.values()].flat()));
  for (const e of path) {
    const from = tables.get(e.from)!;
    const to = tables.get(e.to)!;
    const on = e.pairs.map((p) => equal('s', from, p.left, 'n', to, p.right, p.broken)).join(' AND ');
    current = `SELECT * FROM ${to.source!.relation} n WHERE EXISTS (SELECT 1 FROM (${current}) s WHERE ${on})`;
    route.push(to.name);
    const partners = session.scalarNumber(`SELECT count(*) FROM (${current})`, params);
    if (partners === 0) {
      const joined = e.pairs.map((p) => `${e.from}.${p.left} = ${e.to}.${p.right}`).join(' AND ');
      return { kind: 'path', passed: false, text: `the filter on ${r.name} propagates along ${route.join(' → ')}, but no ${e.to} row joins (${joined}): a row without a join partner on the path is dropped (§P9)`, sources };
    }
  }
  const reached = session.scalarNumber(`SELECT count(*) FROM (${current})`, params);
  const passing = session.scalarNumber(`SELECT count(*) FROM (${current}) q WHERE ${ruleFilter(r, rules, values, 'q')}`, params);
  const filterText = [...(rules.get(r.name)?.values() ?? [])].map((c) => `${r.name}.${c.column} in ${[...c.values.keys()].slice(0, 5).map(quoted).join(', ')}${c.values.size > 5 ? ', …' : ''}`).join(' AND ');
  const via = route.join(' → ');
  return passing > 0
    ? { kind: 'path', passed: true, text: `joined along ${via} to ${reached} ${r.name} row(s), ${passing} of which pass ${filterText} (§P9)`, sources }
    : { kind: 'path', passed: false, text: `joined along ${via} to ${reached} ${r.name} row(s), none of which passes ${filterText} (§P9)`, sources };
}

function perspectiveReasons(session: SqlSession, work: WorkArea, a: PerspectiveAnalysis, set: Prepared['sets'][number], values: ValuesTable, t: AnalysisTable, rowId: number): Reason[] {
  const rules = set.rules;
  const ruled = new Set(a.tables.filter((x) => (rules.get(x.name)?.size ?? 0) > 0).map((x) => x.name));
  if (ruled.has(t.name)) return ruleReasons(session, t, rules, rowId);
  const dist = typeDistances(a, ruled);
  const d = dist.get(t.name);
  if (d === undefined) return [{ kind: 'unrestricted', passed: true, text: `no rule sits on ${t.name} or on any object type related to it (§P10)`, sources: [] }];
  set.decisions ??= planPerspective(a, rules, values)(work).decisions;
  const decisions = set.decisions;
  const out: Reason[] = [];
  let hidden = 0;
  let visible = 0;
  for (const y of a.tables) {
    const dy = dist.get(y.name);
    const decided = decisions?.get(y.name);
    const related = relationsBetween(a, t.name, y.name).length > 0;
    if (dy === undefined || dy >= d || !decided || !related) continue;
    const v = relatedCount(session, a, t, y, decided, rowId, 'y.__sl_v');
    const h = relatedCount(session, a, t, y, decided, rowId, 'NOT y.__sl_v');
    visible += v;
    hidden += h;
    out.push({ kind: 'related', passed: !(h > 0 && v === 0), text: `related to ${v} visible and ${h} hidden ${y.name} object(s), decided before ${t.name} (distance ${dy} < ${d})`, sources: [] });
  }
  const passed = !(hidden > 0 && visible === 0);
  out.push({
    kind: 'related',
    passed,
    text: passed
      ? hidden === 0
        ? `${t.name} has no rule; no related object already decided is hidden, so it is visible (§P10)`
        : `${t.name} has no rule; at least one related object already decided is visible, so it is visible (§P10)`
      : `${t.name} has no rule; every related object already decided is hidden, so it is hidden (§P10)`,
    sources: [],
  });
  return out;
}

/** How many objects of decided type `y` relate to the row and have the given verdict. */
function relatedCount(session: SqlSession, a: PerspectiveAnalysis, t: AnalysisTable, y: AnalysisTable, decided: string, rowId: number, verdict: string): number {
  let total = 0;
  for (const rel of relationsBetween(a, t.name, y.name)) {
    const on = relationCondition(rel, t, 't0', y, 'y');
    if (on === undefined) continue; // a broken relationship relates no object
    total += session.scalarNumber(`SELECT count(*) FROM ${decided} y, ${t.source!.relation} t0 WHERE t0.${ROW_ID} = CAST(? AS BIGINT) AND ${on} AND ${verdict}`, [rowId]);
  }
  return total;
}
