// The PostgreSQL export (issue 6): one script that, run by a superuser with psql on an empty
// database (PostgreSQL 15+), recreates the workspace's pools, tables, import views, roles and
// permissions, and one security-barrier view per model table alias that shows the current
// role exactly the rows the engine's preview shows that user (§P1–§P9, §F1). The mapping of
// each § to SQL is in docs/export.md.
//
// Names reach SQL only through `ident` (double quotes doubled; a name PostgreSQL cannot hold is
// an error, never shortened) and values only through `literal` (single quotes doubled, under
// standard_conforming_strings) or COPY text escaping. Dollar-quoted function bodies are
// constant text: no name or value is ever pasted into them.
import type { ColumnType } from '../model/types.js';
import type { AnalysisTable } from '../engine/analysis/analysis.js';
import { comment, exportNames, importViews, mappingRows } from './names.js';
import { aliasPredicate, perspectivePredicate, type PredicateDialect } from './predicate.js';
import type { ExportInput, ExportModel, ExportPerspective, SourceTable } from './source.js';
import { ROW_BATCH } from './source.js';

export interface PostgresExportOptions {
  /** Omit the COPY blocks: schema, roles, mapping tables and views only. */
  schemaOnly?: boolean;
}

export interface PostgresExport {
  sql: string;
  /** Names or values PostgreSQL cannot hold: the script must not be used. */
  errors: string[];
  /** Analyses not exported, with why (a perspective the engine cannot show). */
  refused: string[];
}

/**
 * The script as a sequence of chunks, for workspaces whose data does not fit in one string:
 * everything but the table rows is built (and every name and value checked, NUL in the data
 * included) before `chunks` is called, so `errors` is complete before anything is written. The
 * rows are read from the export reader in batches of `ROW_BATCH` as `chunks` is iterated.
 */
export interface PostgresScript {
  chunks(): Generator<string>;
  /** Names or values PostgreSQL cannot hold: the script must not be used. */
  errors: string[];
  /** Analyses not exported, with why (a perspective the engine cannot show). */
  refused: string[];
}

/** The schema of the export's own mapping tables and functions. */
export const INTERNAL_SCHEMA = 'sightline$';
const MAX_IDENT_BYTES = 63;

/**
 * The NOLOGIN role that a team's model and perspective schemas are granted to; its members are
 * the team's user roles. `$` and `:` keep it out of the way of the users' roles (emails) and
 * of groups (a group of this name is reported as a clash).
 */
export const teamRole = (team: string) => `${INTERNAL_SCHEMA}team:${team}`;

const PG_TYPE: Record<ColumnType, string> = {
  VARCHAR: 'text',
  BIGINT: 'bigint',
  DOUBLE: 'double precision',
  BOOLEAN: 'boolean',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
};

class Quoter {
  readonly errors: string[] = [];
  private readonly reported = new Set<string>();

  private report(message: string): void {
    if (!this.reported.has(message)) this.errors.push(message);
    this.reported.add(message);
  }

  /** A quoted identifier; `what` says where the name comes from, for the error. */
  ident(name: string, what: string): string {
    if (name.includes('\u0000')) this.report(`${what} ${JSON.stringify(name)}: PostgreSQL identifiers cannot contain NUL`);
    else if (Buffer.byteLength(name, 'utf8') > MAX_IDENT_BYTES) this.report(`${what} ${JSON.stringify(name)}: ${Buffer.byteLength(name, 'utf8')} bytes, PostgreSQL identifiers hold at most ${MAX_IDENT_BYTES}`);
    else if (name.length === 0) this.report(`${what}: an empty name is not a PostgreSQL identifier`);
    return '"' + name.replaceAll('"', '""') + '"';
  }

  /** A string literal (standard_conforming_strings is on: backslashes are plain characters). */
  literal(value: string, what: string): string {
    if (value.includes('\u0000')) this.report(`${what} ${JSON.stringify(value)}: PostgreSQL text cannot contain NUL`);
    return "'" + value.replaceAll("'", "''") + "'";
  }

  /** One COPY text-format field. */
  copyField(value: string | null, what: string): string {
    if (value === null) return '\\N';
    if (value.includes('\u0000')) this.report(`${what}: a value contains NUL, which PostgreSQL text cannot hold`);
    return value.replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
  }
}

// Constant SQL: no workspace text inside.
const FUNCTIONS = `-- DuckDB's text form of a DOUBLE (§P6 pinned reading: 1000 is '1000.0', 1e20 is '1e+20'):
-- the shortest round-trip digits, fixed notation for exponents -4..15, else d.ddde±XX.
CREATE FUNCTION "${INTERNAL_SCHEMA}".dbl_text(v double precision) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT SET extra_float_digits = 1 AS $fn$
DECLARE s text; neg boolean; mant text; e int := 0; digits text; point int; x int; out text;
BEGIN
  IF v = 'NaN'::float8 THEN RETURN 'nan'; END IF;
  IF v = 'Infinity'::float8 THEN RETURN 'inf'; END IF;
  IF v = '-Infinity'::float8 THEN RETURN '-inf'; END IF;
  s := v::text;
  neg := left(s, 1) = '-';
  IF neg THEN s := substr(s, 2); END IF;
  IF position('e' IN s) > 0 THEN
    mant := split_part(s, 'e', 1);
    e := split_part(s, 'e', 2)::int;
  ELSE
    mant := s;
  END IF;
  point := position('.' IN mant);
  IF point = 0 THEN point := length(mant) + 1; END IF;
  digits := replace(mant, '.', '');
  -- value = 0.<digits> * 10^(point - 1 + e)
  x := point - 1 + e;
  WHILE length(digits) > 1 AND left(digits, 1) = '0' LOOP digits := substr(digits, 2); x := x - 1; END LOOP;
  digits := rtrim(digits, '0');
  IF digits = '' THEN RETURN CASE WHEN neg THEN '-0.0' ELSE '0.0' END; END IF;
  x := x - 1; -- scientific exponent: value = d.ddd * 10^x
  IF x < -4 OR x >= 16 THEN
    out := left(digits, 1) || CASE WHEN length(digits) > 1 THEN '.' || substr(digits, 2) ELSE '' END
        || 'e' || CASE WHEN x < 0 THEN '-' ELSE '+' END || lpad(abs(x)::text, 2, '0');
  ELSIF x >= 0 THEN
    IF length(digits) <= x + 1 THEN out := digits || repeat('0', x + 1 - length(digits)) || '.0';
    ELSE out := left(digits, x + 1) || '.' || substr(digits, x + 2); END IF;
  ELSE
    out := '0.' || repeat('0', -x - 1) || digits;
  END IF;
  RETURN CASE WHEN neg THEN '-' ELSE '' END || out;
END $fn$;

-- DuckDB's text form of a TIMESTAMP: 2024-09-10 08:00:00, fractions without trailing zeros.
CREATE FUNCTION "${INTERNAL_SCHEMA}".ts_text(v timestamp) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT to_char(v, 'YYYY-MM-DD HH24:MI:SS')
      || CASE WHEN extract(microseconds FROM v)::bigint % 1000000 = 0 THEN ''
              ELSE rtrim('.' || lpad((extract(microseconds FROM v)::bigint % 1000000)::text, 6, '0'), '0') END
$fn$;

-- TRY_CAST of an import's column whose type changed at the source (§S5): NULL when it does not fit.
CREATE FUNCTION "${INTERNAL_SCHEMA}".try_bigint(v text) RETURNS bigint LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
BEGIN RETURN v::bigint; EXCEPTION WHEN others THEN RETURN NULL; END $fn$;
CREATE FUNCTION "${INTERNAL_SCHEMA}".try_double(v text) RETURNS double precision LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
BEGIN RETURN v::double precision; EXCEPTION WHEN others THEN RETURN NULL; END $fn$;
CREATE FUNCTION "${INTERNAL_SCHEMA}".try_boolean(v text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
BEGIN RETURN v::boolean; EXCEPTION WHEN others THEN RETURN NULL; END $fn$;
CREATE FUNCTION "${INTERNAL_SCHEMA}".try_date(v text) RETURNS date LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
BEGIN RETURN v::date; EXCEPTION WHEN others THEN RETURN NULL; END $fn$;
CREATE FUNCTION "${INTERNAL_SCHEMA}".try_timestamp(v text) RETURNS timestamp LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
BEGIN RETURN v::timestamp; EXCEPTION WHEN others THEN RETURN NULL; END $fn$;
`;

const MAPPING_TABLES = `-- §O1, §P2: the teams' users (lower-cased emails) and group memberships. The views read these
-- tables (not pg_auth_members), so a principal counts only in its own team, as in the engine,
-- and roles shared by other databases of the cluster change nothing here.
CREATE TABLE "${INTERNAL_SCHEMA}".team_users (team text NOT NULL, email text NOT NULL, PRIMARY KEY (team, email));
CREATE TABLE "${INTERNAL_SCHEMA}".members (team text NOT NULL, grp text NOT NULL, email text NOT NULL, PRIMARY KEY (team, grp, email));
-- Every role the script needs (created below if the cluster lacks it).
CREATE TABLE "${INTERNAL_SCHEMA}".roles (name text PRIMARY KEY);
-- §P3, §P8: principals with an unlimited path into a model (manual or a TRUE table row).
CREATE TABLE "${INTERNAL_SCHEMA}".unlimited (model int NOT NULL, kind text NOT NULL, principal text NOT NULL);
-- §P4, §P8: one row per allowed value of a principal's valid rule, from .perm files and
-- value-assignment tables alike; value NULL marks a rule with an empty value list (it rules
-- the column and allows nothing). Rules and rows that cannot be evaluated are not here (§F1).
CREATE TABLE "${INTERNAL_SCHEMA}".grants (model int NOT NULL, kind text NOT NULL, principal text NOT NULL, tbl text NOT NULL, col text NOT NULL, value text);
CREATE INDEX ON "${INTERNAL_SCHEMA}".grants (model, tbl, col, kind, principal);
-- The principals the current role acts as, per team (§P2).
CREATE VIEW "${INTERNAL_SCHEMA}".me AS
  SELECT u.team, 'user'::text AS kind, u.email AS principal FROM "${INTERNAL_SCHEMA}".team_users u WHERE u.email = current_user::text
  UNION ALL
  SELECT m.team, 'group'::text, m.grp FROM "${INTERNAL_SCHEMA}".members m WHERE m.email = current_user::text;
`;

const CREATE_ROLES = `DO $do$
DECLARE r record;
BEGIN
  FOR r IN SELECT name FROM "${INTERNAL_SCHEMA}".roles ORDER BY name LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.name) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r.name);
    END IF;
  END LOOP;
END $do$;
`;

/** The SQL of a column compared as text (§P6): DuckDB's CAST(… AS VARCHAR), in PostgreSQL. */
export function asText(expr: string, type: ColumnType | undefined): string {
  switch (type) {
    case 'VARCHAR':
      return expr;
    case 'DOUBLE':
      return `"${INTERNAL_SCHEMA}".dbl_text(${expr})`;
    case 'DATE':
      return `to_char(${expr}, 'YYYY-MM-DD')`;
    case 'TIMESTAMP':
      return `"${INTERNAL_SCHEMA}".ts_text(${expr})`;
    default:
      return `(${expr})::text`;
  }
}

/** The whole script as one string (tests, small workspaces); `postgresScript` streams it. */
export function exportPostgres(input: ExportInput, options: PostgresExportOptions = {}): PostgresExport {
  const script = postgresScript(input, options);
  const sql = [...script.chunks()].join('');
  return { sql, errors: script.errors, refused: script.refused };
}

export function postgresScript(input: ExportInput, options: PostgresExportOptions = {}): PostgresScript {
  const q = new Quoter();
  const refused: string[] = [];
  // Statements, and in place of each table's rows a function that yields them batch by batch.
  const out: (string | (() => Generator<string>))[] = [];
  const emit = (s: string) => out.push(s);

  // ------------------------------------------------------------ names (export/names.ts)
  const { pools, rel: relName, modelSchema, roleKinds } = exportNames(input, INTERNAL_SCHEMA, q, (m) => q.errors.push(m));
  // One role per team with a schema to grant (see grantToTeam), claimed like the others.
  const granted = new Set([...input.models, ...input.perspectives.filter((p) => !p.shadowed)].map((m) => m.pool.team.name));
  const teamRoles = new Map<string, string>(); // team -> quoted role
  for (const team of input.teams) {
    if (!granted.has(team.name) || team.users.length === 0) continue;
    const name = teamRole(team.name);
    const other = roleKinds.get(name);
    if (other !== undefined) q.errors.push(`role ${JSON.stringify(name)} would be both a ${other} and the role of team "${team.name}"`);
    roleKinds.set(name, 'team');
    teamRoles.set(team.name, q.ident(name, `the role of team "${team.name}"`));
  }

  // ------------------------------------------------------------ header
  emit(`-- Sightline export for PostgreSQL 15+. Run as a superuser on an empty database:
--   psql -v ON_ERROR_STOP=1 -d DB -f FILE
-- Generated; see docs/export.md for how each section of the semantics maps to this SQL.
\\set ON_ERROR_STOP on
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET check_function_bodies = on;
SET client_min_messages = warning;
BEGIN;
CREATE SCHEMA ${q.ident(INTERNAL_SCHEMA, 'schema')};
-- Functions (text forms) may be called by anyone; the mapping tables stay unreadable to users.
GRANT USAGE ON SCHEMA ${q.ident(INTERNAL_SCHEMA, 'schema')} TO PUBLIC;
`);
  emit(FUNCTIONS);
  emit(MAPPING_TABLES);

  // ------------------------------------------------------------ roles (§O1, §P2)
  emit('-- Roles: one NOLOGIN role per user (email, lower case), per group (name), and per team with a model\n-- or perspective ("sightline$team:<team>", its members the team\'s users; the schemas are granted to it).');
  const roleRows = [...roleKinds.keys()].sort();
  if (roleRows.length) emit(`INSERT INTO "${INTERNAL_SCHEMA}".roles (name) VALUES\n${roleRows.map((r) => `  (${q.literal(r, 'role')})`).join(',\n')};`);
  emit(CREATE_ROLES);
  for (const team of input.teams) {
    const lt = q.literal(team.name, 'team');
    if (team.users.length) emit(`INSERT INTO "${INTERNAL_SCHEMA}".team_users (team, email) VALUES\n${team.users.map((u) => `  (${lt}, ${q.literal(u, 'user')})`).join(',\n')};`);
    for (const g of team.groups) {
      if (g.members.length === 0) continue;
      emit(`INSERT INTO "${INTERNAL_SCHEMA}".members (team, grp, email) VALUES\n${g.members.map((u) => `  (${lt}, ${q.literal(g.name, 'group')}, ${q.literal(u, 'user')})`).join(',\n')};`);
      emit(`GRANT ${q.ident(g.name, 'group')} TO ${g.members.map((u) => q.ident(u, 'user')).join(', ')};`);
    }
    const role = teamRoles.get(team.name);
    if (role) emit(`GRANT ${role} TO ${team.users.map((u) => q.ident(u, 'user')).join(', ')};`);
  }
  emit('');

  // ------------------------------------------------------------ pools and tables (§S2, §S4, §S5)
  for (const p of pools) emit(`CREATE SCHEMA ${q.ident(p.id, 'pool')};`);
  const physical = input.tables.filter((t) => !t.importOf);
  for (const t of physical) {
    const rel = relName(t.pool.id, t.connection, t.table)!;
    const cols = t.columns.map((c) => `${q.ident(c.name, `column of ${t.connection}.${t.table}`)} ${PG_TYPE[c.type]}`);
    emit(`\n-- "${comment(t.pool.id)}" ${comment(t.connection)}.${comment(t.table)}${t.error ? `: could not be loaded (${comment(t.error)}); empty, as in the engine (§F1)` : ''}`);
    emit(`CREATE TABLE ${rel} ("__sl_row" bigint NOT NULL${cols.map((c) => `, ${c}`).join('')});`);
    const rows = t.rows;
    if (!options.schemaOnly && rows && rows.count > 0) {
      emit(`COPY ${rel} ("__sl_row"${t.columns.map((c) => `, ${q.ident(c.name, 'column')}`).join('')}) FROM STDIN;`);
      const what = `a value of "${t.pool.id}" ${t.connection}.${t.table}`;
      if (rows.hasNul) q.copyField('\u0000', what); // reported now, before anything is written
      out.push(function* () {
        let i = 0;
        for (const batch of rows.batches(ROW_BATCH)) {
          const lines = batch.map((row) => [String(i++), ...row.map((v) => q.copyField(v, what))].join('\t'));
          yield lines.join('\n') + '\n';
        }
        yield '\\.\n';
      });
    }
  }
  for (const s of importViews(input, { rel: relName }, { ident: (n, w) => q.ident(n, w), type: PG_TYPE, asText, tryCast: (text, type) => `"${INTERNAL_SCHEMA}".try_${PG_TYPE[type] === 'double precision' ? 'double' : PG_TYPE[type]}(${text})` })) emit(s);

  // ------------------------------------------------------------ permissions and model views
  input.models.forEach((m, i) => emitModel(m, i + 1));
  input.perspectives.forEach((p, i) => {
    if (p.shadowed) refused.push(`perspective ${p.analysis.name} of "${p.pool.id}": not exported: ${p.shadowed}`);
    else emitPerspective(p, input.models.length + i + 1);
  });
  emit('\nCOMMIT;');
  emit('ANALYZE;');
  const errors = q.errors;
  return {
    errors,
    refused,
    *chunks() {
      const known = errors.length;
      let text: string[] = [];
      for (const part of out) {
        if (typeof part === 'string') {
          text.push(part + '\n');
          continue;
        }
        if (text.length) yield text.join('');
        text = [];
        yield* part();
        // Every value was checked before (NUL in DuckDB); a new error here means the data changed.
        if (errors.length > known) throw new Error(`export: ${errors.slice(known).join('; ')}`);
      }
      if (text.length) yield text.join('');
    },
  };

  /**
   * One security-barrier view over a table with its predicate (and the CTEs it reads); a table
   * that cannot be reached becomes a view of no rows (§F1).
   */
  function emitView(target: ExportModel | ExportPerspective, schema: string, t: AnalysisTable, what: string, rel: string | undefined, predicate: () => { ctes: { name: string; body: string }[]; where: string }): void {
    const view = `${schema}.${q.ident(t.name, what)}`;
    if (!rel) {
      emit(`-- ${comment(t.name)}: its table cannot be reached; it shows no rows (§F1)`);
      emit(`CREATE VIEW ${view} WITH (security_barrier) AS SELECT WHERE FALSE;`);
      return;
    }
    const cols = t.columns.map((c) => `t0.${q.ident(c.name, 'column')}`).join(', ');
    const { ctes, where } = target.switchOn ? predicate() : { ctes: [], where: switchOff(target) };
    const w = ctes.length ? `WITH ${ctes.map((c) => `${c.name} AS MATERIALIZED (\n  ${c.body})`).join(',\n')}\n` : '';
    emit(`CREATE VIEW ${view} WITH (security_barrier) AS\n${w}SELECT ${cols} FROM ${rel} t0\nWHERE ${where};`);
  }

  /** A model's or perspective's schema, with its grants and unlimited rows in the mapping tables. */
  function openSchema(target: ExportModel | ExportPerspective, kind: 'Model' | 'Perspective', what: string, id: number): string {
    const schema = q.ident(modelSchema(target), what);
    emit(`\n-- ${kind} ${comment(target.analysis.name)} of "${comment(target.pool.id)}" (model id ${id}): switch ${target.switchOn ? 'on' : 'off'}, combine ${target.combine}`);
    emit(`CREATE SCHEMA ${schema};`);
    const { unlimited, grants: grantRows } = mappingRows(target, id, (v, w) => q.literal(v, w));
    if (unlimited.length) emit(`INSERT INTO "${INTERNAL_SCHEMA}".unlimited (model, kind, principal) VALUES\n${unlimited.join(',\n')};`);
    for (let i = 0; i < grantRows.length; i += 1000) emit(`INSERT INTO "${INTERNAL_SCHEMA}".grants (model, kind, principal, tbl, col, value) VALUES\n${grantRows.slice(i, i + 1000).join(',\n')};`);
    return schema;
  }

  /**
   * §P1 switch off: every user of the team sees every row. Read from team_users, not from the
   * grant alone: the team role is cluster-wide, so another database's export may have made
   * someone else its member, and that must not let them read here (docs/export.md).
   */
  function switchOff(target: ExportModel | ExportPerspective): string {
    return `-- §P1: the switch is off, every user of the team sees every row\n  EXISTS (SELECT 1 FROM "${INTERNAL_SCHEMA}".team_users u WHERE u.team = ${q.literal(target.pool.team.name, 'team')} AND u.email = current_user::text)`;
  }

  /**
   * Only the team's users may read the schema's views: USAGE and SELECT go to the team's role,
   * whose members are the team's users (one ACL entry: a schema's ACL granted to each user by
   * name outgrew pg_namespace's row, which has no TOAST table, at about 650 users). Each view
   * still decides from current_user and the mapping tables, never from role membership.
   */
  function grantToTeam(schema: string, team: string): void {
    emit(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM PUBLIC;`);
    const role = teamRoles.get(team);
    if (!role) return;
    emit(`GRANT USAGE ON SCHEMA ${schema} TO ${role};`);
    emit(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${role};`);
  }

  function emitModel(m: ExportModel, id: number): void {
    const a = m.analysis;
    const team = input.teams.find((t) => t.name === m.pool.team.name);
    const schema = openSchema(m, 'Model', 'model schema', id);

    const relOf = (t: AnalysisTable) => {
      const s = m.sources.get(t.name);
      return s && t.source ? relName(m.pool.id, s.connection, s.table) : undefined;
    };
    const dialect = postgresDialect(q);

    for (const t of a.tables) emitView(m, schema, t, `alias of ${a.name}`, relOf(t), () => ({ ctes: [], where: aliasPredicate(m, id, t, dialect, relOf) }));
    grantToTeam(schema, team?.name ?? '');
  }

  /** §P10: one security-barrier view per object type; its decisions by distance are CTEs (export/predicate.ts). */
  function emitPerspective(p: ExportPerspective, id: number): void {
    const a = p.analysis;
    const team = input.teams.find((t) => t.name === p.pool.team.name);
    const schema = openSchema(p, 'Perspective', 'perspective schema', id);
    const relOf = (t: AnalysisTable): string | undefined => {
      if (!t.source) return undefined;
      if (a.tables.includes(t)) {
        const s = p.sources.get(t.name);
        return s ? relName(p.pool.id, s.connection, s.table) : undefined;
      }
      // A link table of a relationship: named `connection.table`, read unfiltered.
      return relName(p.pool.id, t.name.slice(0, t.name.length - t.realName.length - 1), t.realName);
    };
    const dialect = postgresDialect(q);
    for (const t of a.tables) emitView(p, schema, t, `object type of ${a.name}`, relOf(t), () => perspectivePredicate(p, id, t, dialect, relOf));
    grantToTeam(schema, team?.name ?? '');
  }
}

const myPrincipals = (team: string) => `SELECT me.kind, me.principal FROM "${INTERNAL_SCHEMA}".me me WHERE me.team = ${team}`;

/** PostgreSQL's atoms of the shared predicate (export/predicate.ts). */
export function postgresDialect(q: { ident(name: string, what: string): string; literal(value: string, what: string): string }): PredicateDialect {
  return {
    ident: (name, what) => q.ident(name, what),
    literal: (value, what) => q.literal(value, what),
    asText,
    c: (name) => name,
    grants: `"${INTERNAL_SCHEMA}".grants`,
    unlimited: `"${INTERNAL_SCHEMA}".unlimited`,
    mine: (team) => `(g.kind, g.principal) IN (${myPrincipals(team)})`,
    myPrincipals,
    column: (alias, name) => `${alias}.${q.ident(name, 'column')}`,
  };
}

export type { SourceTable };
