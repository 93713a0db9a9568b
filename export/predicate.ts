// The row predicate of one model table alias (§P1–§P9, §F1), shared by every warehouse
// export: PostgreSQL writes it as the WHERE of a security-barrier view, Snowflake as the body
// of a row access policy. Both targets build it here, so the logic is the same by
// construction; a dialect supplies only the atoms (quoting, text casts, mapping tables, how
// the current user's principals are found, how the protected row's columns are named).
import type { ColumnType } from '../model/types.js';
import { treePath, type AnalysisTable, type ModelAnalysis, type Relation } from '../engine/analysis/analysis.js';
import type { ExportModel, ExportPerspective } from './source.js';

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
  /** A query of every principal (columns kind, principal) the current user acts as in the team (§P2). */
  myPrincipals(teamLiteral: string): string;
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
  const team = d.literal(m.pool.team.name, 'team');
  const mine = d.mine(team);
  const G = d.grants;

  // Principal rule sets (§P7): by-column merges all of the user's principals, so a grant row
  // counts when it is `mine`; by-principal evaluates each principal `pp` apart, so a grant row
  // counts when it is that principal's, and the propagation sets below carry the principal.
  const byPrincipal = m.combine === 'by-principal';
  const sets: RuleSets = byPrincipal
    ? {
        who: (x) => `(g.${c('kind')} = ${x}.${c('kind')} AND g.${c('principal')} = ${x}.${c('principal')})`,
        columns: (x) => [`${x}.${c('kind')}`, `${x}.${c('principal')}`],
        // The user's principals straight from the membership tables: a warehouse estimates one or
        // two rows here (not every principal with grants), so it hashes the propagation sets.
        from: (x) => `(${d.myPrincipals(team)}) ${x}`,
      }
    : { who: () => mine, columns: () => [], from: () => undefined };

  /** The predicate of one table for the rule set of principals alias `pp` (by-principal). */
  const predicate = (t: AnalysisTable): string | undefined => {
    const comp = a.component.get(t.name);
    const targets = a.tables.filter((r) => a.component.get(r.name) === comp && ruledColumns.has(r.name));
    if (targets.length === 0) return undefined;
    const where = (r: string, set: string, col?: string) => `g.${c('model')} = ${id} AND g.${c('tbl')} = ${d.literal(r, 'table')}${col === undefined ? '' : ` AND g.${c('col')} = ${d.literal(col, 'column')}`} AND ${sets.who(set)}`;
    const filter = (r: AnalysisTable, alias: string, set: string) =>
      [...ruledColumns.get(r.name)!]
        .map((col) => {
          const type = r.columns.find((x) => x.name === col)?.type;
          const colText = d.asText(d.column(alias, col), type);
          return `(NOT EXISTS (SELECT 1 FROM ${G} g WHERE ${where(r.name, set, col)}) OR ${colText} IN (SELECT g.${c('value')} FROM ${G} g WHERE ${where(r.name, set, col)} AND g.${c('value')} IS NOT NULL))`;
        })
        .join(' AND ');
    return targets.map((r) => `(NOT EXISTS (SELECT 1 FROM ${G} g WHERE ${where(r.name, 'pp')}) OR ${chain(a, t.name, r.name, filter, tables, relOf, d, sets)})`).join('\n    AND ');
  };

  const unlimited = `EXISTS (SELECT 1 FROM ${d.unlimited} g WHERE g.${c('model')} = ${id} AND ${mine})`;
  const applicable = `EXISTS (SELECT 1 FROM ${G} g WHERE g.${c('model')} = ${id} AND ${mine})`;
  let restricted: string;
  if (!byPrincipal) restricted = predicate(t) ?? 'TRUE';
  else {
    const p = predicate(t);
    // pp: the user's principals with grants in this model (one without rules must not pass).
    restricted = p === undefined ? 'TRUE' : `EXISTS (SELECT 1 FROM (SELECT DISTINCT g.${c('kind')}, g.${c('principal')} FROM ${G} g WHERE g.${c('model')} = ${id} AND ${mine}) pp\n    WHERE ${p})`;
  }
  return `${unlimited} -- §P3 unlimited\n  OR (${applicable} -- §P1 default deny, §F1\n  AND ${restricted})`;
}

/** How the rule sets of §P7 appear in SQL: the grant rows of set alias `x`, its key columns, its FROM item. */
interface RuleSets {
  who(x: string): string;
  columns(x: string): string[];
  from(x: string): string | undefined;
}

/**
 * §P9: row t0 of `from` has a chain of join partners along the tree path to a passing row of
 * `to`. Written from the end as nested `(keys) IN (SELECT DISTINCT …)` sets that never refer to
 * t0: a warehouse computes each set once and probes it per row (a correlated EXISTS would scan the
 * next table once per row — minutes for a rule propagating up to a parent without an index), and
 * Snowflake accepts an uncorrelated subquery under OR. NULL keys never match, as in the engine's
 * join equality; by-principal sets carry the principal, so each principal is judged apart (§P7).
 */
function chain(
  a: ModelAnalysis,
  from: string,
  to: string,
  filter: (r: AnalysisTable, alias: string, set: string) => string,
  tables: Map<string, AnalysisTable>,
  relOf: (t: AnalysisTable) => string | undefined,
  d: PredicateDialect,
  sets: RuleSets,
): string {
  const path = treePath(a, from, to)!;
  if (path.length === 0) return filter(tables.get(to)!, 't0', 'pp');
  /** The condition on row `alias` (of path[i].from) with rule set `set`. */
  const step = (i: number, alias: string, set: string): string => {
    if (i === path.length) return filter(tables.get(to)!, alias, set);
    const e = path[i];
    const next = `a${i + 1}`;
    const nextSet = `q${i + 1}`;
    const here = tables.get(e.from)!;
    const target = tables.get(e.to)!;
    const rel = relOf(target);
    if (!rel || e.pairs.some((p) => p.broken)) return 'FALSE'; // no partner can exist (§F1)
    const sides = e.pairs.map((p) => keySides(alias, here, p.left, next, target, p.right, d));
    const left = [...sets.columns(set), ...sides.map((s) => s.left)];
    const right = [...sets.columns(nextSet), ...sides.map((s) => s.right)];
    const fromSet = sets.from(nextSet);
    const notNull = sides.map((s) => `${s.right} IS NOT NULL`).join(' AND ');
    const tuple = (xs: string[]) => (xs.length === 1 ? xs[0] : `(${xs.join(', ')})`);
    return `${tuple(left)} IN (SELECT DISTINCT ${right.join(', ')} FROM ${fromSet ? `${fromSet}, ` : ''}${rel} ${next} WHERE ${notNull} AND ${step(i + 1, next, nextSet)})`;
  };
  return step(0, 't0', 'pp');
}

/** The two sides of a join equality, as the engine's `equal()`: same type as is, else both as text. */
function keySides(la: string, l: AnalysisTable, lc: string, ra: string, r: AnalysisTable, rc: string, d: PredicateDialect): { left: string; right: string } {
  const lt = l.columns.find((c) => c.name === lc)?.type;
  const rt = r.columns.find((c) => c.name === rc)?.type;
  const left = d.column(la, lc);
  const right = d.column(ra, rc);
  return lt === rt ? { left, right } : { left: d.asText(left, lt), right: d.asText(right, rt) };
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

// ---------------------------------------------------------------- perspectives (§P10)

/** What a perspective's object type needs: decision CTEs (name, body), then the WHERE on `t0`. */
export interface PerspectivePredicate {
  ctes: { name: string; body: string }[];
  where: string;
}

/**
 * The predicate of object type `t` of perspective `p` (number `id`), exactly as the engine's
 * `planPerspective` decides it. The engine knows the current rule sets when it plans; the export
 * does not, so everything the engine computes in TypeScript becomes data here:
 *
 * - `ps`: one row per rule set (by-principal: per principal of the current user with grants in
 *   `id`; by-column: one row, all of the user's principals merged), with the distance `dN` of
 *   each object type N from the nearest type that rule set rules: the least static graph
 *   distance (over every relationship, broken ones included, as `typeDistances`) to a ruled
 *   candidate type, NULL when its group holds none (the type is then not restricted).
 * - `dN_k`: the decision table of type N for the rule sets at which N is at distance k (one per
 *   distance N can take): per rule set and row, `v` = the engine's `__sl_v`. Distance 0 is the
 *   type's own filter; distance k > 0 reads only the decisions of related types at distance
 *   k − 1 (in a breadth-first distance, the only related types at a smaller distance), so types
 *   at the same distance never decide each other (pinned reading 8).
 * - the row is visible when one rule set leaves its type unrestricted, or decides it visible.
 */
export function perspectivePredicate(p: ExportPerspective, id: number, t: AnalysisTable, d: PredicateDialect, relOf: (t: AnalysisTable) => string | undefined): PerspectivePredicate {
  if (!p.switchOn) return { ctes: [], where: '-- §P1: the switch is off, every user sees every row\n  TRUE' };
  const a = p.analysis;
  const c = d.c.bind(d);
  const G = d.grants;
  const mine = d.mine(d.literal(p.pool.team.name, 'team'));
  const ruledColumns = new Map<string, Set<string>>();
  for (const pr of p.principals) for (const [table, columns] of pr.rules) for (const col of columns.keys()) ruledColumns.set(table, (ruledColumns.get(table) ?? new Set()).add(col));
  const index = new Map(a.tables.map((x, i) => [x.name, i]));
  const tables = new Map(a.tables.map((x) => [x.name, x]));
  const candidates = a.tables.filter((x) => ruledColumns.has(x.name));
  const byPrincipal = p.combine === 'by-principal';
  // A condition on `g` (a grants row): it belongs to the rule set `ps`.
  const who = byPrincipal ? `g.${c('kind')} = ps.k AND g.${c('principal')} = ps.p` : mine;
  const sameSet = (x: string) => (byPrincipal ? ` AND ${x}.k = ps.k AND ${x}.p = ps.p` : '');

  // Static graph distances between types (every relationship counts, as in typeDistances).
  const hops = (from: string): Map<string, number> => {
    const dist = new Map([[from, 0]]);
    const queue = [from];
    while (queue.length) {
      const at = queue.shift()!;
      for (const rel of a.relations) {
        const other = rel.a === at ? rel.b : rel.b === at ? rel.a : undefined;
        if (other !== undefined && !dist.has(other)) dist.set(other, dist.get(at)! + 1), queue.push(other);
      }
    }
    return dist;
  };
  const fromCandidate = new Map(candidates.map((r) => [r.name, hops(r.name)]));
  /** The distances type `n` can take, and the candidates that give them. */
  const reach = (n: string) => candidates.flatMap((r) => (fromCandidate.get(r.name)!.has(n) ? [{ r, k: fromCandidate.get(r.name)!.get(n)! }] : []));
  const distances = (n: string) => new Set(reach(n).map((x) => x.k));

  const restrictedTypes = a.tables.filter((x) => reach(x.name).length > 0);
  if (!restrictedTypes.some((x) => x.name === t.name)) {
    // §P10: rules never reach a group without a ruled type; still §P1 default deny and §P3.
    return { ctes: [], where: gate('TRUE') };
  }

  // ps: the rule sets and each restricted type's distance in them.
  const flag = (r: AnalysisTable) => `EXISTS (SELECT 1 FROM ${G} g WHERE g.${c('model')} = ${id} AND g.${c('tbl')} = ${d.literal(r.name, 'object type')} AND ${who})`;
  const distCols = restrictedTypes.map((x) => `LEAST(${reach(x.name).map(({ r, k }) => `CASE WHEN ${flag(r)} THEN ${k} END`).join(', ')}) AS d${index.get(x.name)}`);
  const sets = byPrincipal ? `(SELECT DISTINCT g.${c('kind')} AS k, g.${c('principal')} AS p FROM ${G} g WHERE g.${c('model')} = ${id} AND ${mine}) ps` : `(SELECT 1 AS one) ps`;
  const ctes: { name: string; body: string }[] = [{ name: 'ps', body: `SELECT ${byPrincipal ? 'ps.k, ps.p, ' : ''}${distCols.join(',\n    ')}\n  FROM ${sets}` }];

  const filter = (x: AnalysisTable) =>
    [...ruledColumns.get(x.name)!]
      .map((col) => {
        const where = `g.${c('model')} = ${id} AND g.${c('tbl')} = ${d.literal(x.name, 'object type')} AND g.${c('col')} = ${d.literal(col, 'column')} AND ${who}`;
        const colText = d.asText(d.column('t0', col), x.columns.find((y) => y.name === col)?.type);
        return `(NOT EXISTS (SELECT 1 FROM ${G} g WHERE ${where}) OR ${colText} IN (SELECT g.${c('value')} FROM ${G} g WHERE ${where} AND g.${c('value')} IS NOT NULL))`;
      })
      .join(' AND ');

  const made = new Set<string>();
  const decision = (n: AnalysisTable, k: number): string | undefined => {
    const rel = relOf(n);
    if (!rel) return undefined; // no rows, no decision table (as the engine)
    const name = `d${index.get(n.name)}_${k}`;
    if (made.has(name)) return name;
    let verdict: string;
    if (k === 0) verdict = ruledColumns.has(n.name) ? filter(n) : 'TRUE';
    else {
      const hidden: string[] = [];
      const visible: string[] = [];
      const neighbours = [...new Set(a.relations.flatMap((r) => (r.a === n.name ? [r.b] : r.b === n.name ? [r.a] : [])))];
      for (const yName of neighbours) {
        if (!distances(yName).has(k - 1)) continue; // never decided before n at distance k
        const Y = tables.get(yName)!;
        for (const rel of a.relations.filter((r) => (r.a === n.name && r.b === yName) || (r.a === yName && r.b === n.name))) {
          const on = relationOn(rel, n, 't0', Y, 'yt', d, relOf);
          if (on === undefined) {
            hidden.push(`ps.d${index.get(yName)} = ${k - 1}`); // a broken relationship: a hidden related object (§F1)
            continue;
          }
          const dy = decision(Y, k - 1);
          const yRel = relOf(Y);
          if (!dy || !yRel) continue; // unreachable: a type without data has only broken relationships
          const related = (v: string) => `EXISTS (SELECT 1 FROM ${dy} y JOIN ${yRel} yt ON yt.${d.ident('__sl_row', 'column')} = y.r WHERE ${v}${sameSet('y')} AND ${on})`;
          hidden.push(related('NOT y.v'));
          visible.push(related('y.v'));
        }
      }
      verdict = hidden.length === 0 ? 'TRUE' : `NOT (${hidden.join('\n      OR ')})` + (visible.length ? `\n      OR ${visible.join('\n      OR ')}` : '');
    }
    made.add(name);
    ctes.push({
      name,
      body: `SELECT ${byPrincipal ? 'ps.k, ps.p, ' : ''}t0.${d.ident('__sl_row', 'column')} AS r, COALESCE(${verdict}, FALSE) AS v\n  FROM ps, ${rel} t0 WHERE ps.d${index.get(n.name)} = ${k}`,
    });
    return name;
  };
  const mineDecisions = [...distances(t.name)].sort((x, y) => x - y).flatMap((k) => {
    const dn = decision(t, k);
    return dn ? [`EXISTS (SELECT 1 FROM ${dn} x WHERE x.r = t0.${d.ident('__sl_row', 'column')} AND x.v)`] : [];
  });
  const restricted = [`EXISTS (SELECT 1 FROM ps WHERE ps.d${index.get(t.name)} IS NULL)`, ...mineDecisions].join('\n    OR ');
  return { ctes, where: gate(restricted) };

  function gate(restricted: string): string {
    const unlimited = `EXISTS (SELECT 1 FROM ${d.unlimited} g WHERE g.${c('model')} = ${id} AND ${mine})`;
    const applicable = `EXISTS (SELECT 1 FROM ${G} g WHERE g.${c('model')} = ${id} AND ${mine})`;
    return `${unlimited} -- §P3 unlimited\n  OR (${applicable} -- §P1 default deny, §F1\n  AND (${restricted}))`;
  }
}

/** relationCondition of the engine: object `xa` of type X and `ya` of type Y are related by `rel`; undefined when broken. */
function relationOn(rel: Relation, X: AnalysisTable, xa: string, Y: AnalysisTable, ya: string, d: PredicateDialect, relOf: (t: AnalysisTable) => string | undefined): string | undefined {
  const xIsA = rel.a === X.name;
  if (rel.kind === 'column') {
    if (rel.pairs.some((p) => p.broken)) return undefined;
    return rel.pairs.map((p) => (xIsA ? equal(xa, X, p.left, ya, Y, p.right, d) : equal(xa, X, p.right, ya, Y, p.left, d))).join(' AND ');
  }
  const link = relOf(rel.link);
  if (!link) return 'FALSE';
  const onX = equal('l', rel.link, xIsA ? rel.aColumn : rel.bColumn, xa, X, X.key!, d);
  const onY = equal('l', rel.link, xIsA ? rel.bColumn : rel.aColumn, ya, Y, Y.key!, d);
  return `EXISTS (SELECT 1 FROM ${link} l WHERE ${onX} AND ${onY})`;
}
