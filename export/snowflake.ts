// The Snowflake export (issue 6): one script that, run in an empty database by a role that may
// create users, roles, schemas and row access policies (e.g. ACCOUNTADMIN, or SYSADMIN plus
// USERADMIN), recreates the workspace's pools, tables, import views, users, group roles and
// permissions, and, per model, one secure view per table alias protected by one row access
// policy whose body is the same predicate as the PostgreSQL export's view (export/predicate.ts):
// §P1–§P9, §F1. The mapping of each § to SQL, and what was and was not verified (no Snowflake
// here), is in docs/export.md.
//
// Names reach SQL only through `ident` (double quotes doubled; a name Snowflake cannot hold is
// an error, never shortened) and values only through `literal` (single quotes doubled and
// backslashes doubled: a backslash starts an escape sequence in Snowflake's single-quoted
// strings). Dollar-quoted function bodies are constant text.
import type { ColumnType } from '../model/types.js';
import type { AnalysisTable } from '../engine/analysis/analysis.js';
import { comment, exportNames, importViews, mappingRows } from './names.js';
import { aliasPredicate, type PredicateDialect } from './predicate.js';
import type { ExportInput, ExportModel } from './source.js';

export interface SnowflakeExportOptions {
  /** Omit the INSERT batches: schema, users, roles, mapping tables, views and policies only. */
  schemaOnly?: boolean;
}

export interface SnowflakeExport {
  sql: string;
  /** Names or values Snowflake cannot hold: the script must not be used. */
  errors: string[];
  /** Analyses not exported, with why (perspectives, §P10). */
  refused: string[];
}

export const SNOWFLAKE_INTERNAL_SCHEMA = 'sightline$';
const S = `"${SNOWFLAKE_INTERNAL_SCHEMA}"`;
/** Snowflake identifiers hold at most 255 characters. */
const MAX_IDENT_CHARS = 255;
const INSERT_BATCH = 1000;

export const SF_TYPE: Record<ColumnType, string> = {
  VARCHAR: 'VARCHAR',
  BIGINT: 'NUMBER(38,0)',
  DOUBLE: 'FLOAT',
  BOOLEAN: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP_NTZ',
};

export class SnowflakeQuoter {
  readonly errors: string[] = [];
  private readonly reported = new Set<string>();

  report(message: string): void {
    if (!this.reported.has(message)) this.errors.push(message);
    this.reported.add(message);
  }

  /** A quoted identifier (case kept, `"` doubled); `what` says where the name comes from, for the error. */
  ident(name: string, what: string): string {
    const chars = [...name].length;
    if (name.includes('\u0000')) this.report(`${what} ${JSON.stringify(name)}: Snowflake identifiers cannot contain NUL`);
    else if (chars > MAX_IDENT_CHARS) this.report(`${what} ${JSON.stringify(name)}: ${chars} characters, Snowflake identifiers hold at most ${MAX_IDENT_CHARS}`);
    else if (name.length === 0) this.report(`${what}: an empty name is not a Snowflake identifier`);
    return '"' + name.replaceAll('"', '""') + '"';
  }

  /** A single-quoted string literal: `'` doubled, `\` doubled (Snowflake reads backslash escapes in string constants). */
  literal(value: string, what: string): string {
    if (value.includes('\u0000')) this.report(`${what} ${JSON.stringify(value)}: a value contains NUL, which this export does not write to Snowflake`);
    return "'" + value.replaceAll('\\', '\\\\').replaceAll("'", "''") + "'";
  }
}

/** The SQL of a column compared as text (§P6): DuckDB's CAST(… AS VARCHAR), in Snowflake. */
export function snowflakeAsText(expr: string, type: ColumnType | undefined): string {
  switch (type) {
    case 'VARCHAR':
      return expr;
    case 'DOUBLE':
      return `${S}."dbl_text"(${expr})`;
    case 'DATE':
      return `TO_VARCHAR(${expr}, 'YYYY-MM-DD')`;
    case 'TIMESTAMP':
      return `${S}."ts_text"(${expr})`;
    default:
      return `TO_VARCHAR(${expr})`;
  }
}

/**
 * The body of the JavaScript UDF dbl_text: DuckDB's text form of a DOUBLE (§P6 pinned reading:
 * 1000 is '1000.0', 1e20 is '1e+20'): the shortest round-trip digits (JavaScript's
 * toExponential() without digits), fixed notation for exponents -4..15, else d.ddde±XX.
 * Exported so that the tests run it against DuckDB.
 */
export const DBL_TEXT_JS = `
  var v = ARG;
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return 1 / v < 0 ? '-0.0' : '0.0';
  var zeros = function (n) { return new Array(n + 1).join('0'); };
  var parts = Math.abs(v).toExponential().split('e');
  var digits = parts[0].replace('.', '');
  var x = parseInt(parts[1], 10);
  var out;
  if (x < -4 || x >= 16) {
    out = digits.charAt(0) + (digits.length > 1 ? '.' + digits.slice(1) : '') + 'e' + (x < 0 ? '-' : '+') + (Math.abs(x) < 10 ? '0' : '') + Math.abs(x);
  } else if (x >= 0) {
    out = digits.length <= x + 1 ? digits + zeros(x + 1 - digits.length) + '.0' : digits.slice(0, x + 1) + '.' + digits.slice(x + 1);
  } else {
    out = '0.' + zeros(-x - 1) + digits;
  }
  return (v < 0 ? '-' : '') + out;
`;

// Constant SQL: no workspace text inside.
const FUNCTIONS = `-- DuckDB's text form of a DOUBLE (§P6), for comparisons with permission values.
CREATE FUNCTION ${S}."dbl_text"(ARG FLOAT) RETURNS VARCHAR LANGUAGE JAVASCRIPT RETURNS NULL ON NULL INPUT IMMUTABLE AS
$$${DBL_TEXT_JS}$$;

-- DuckDB's text form of a TIMESTAMP: 2024-09-10 08:00:00, fractions without trailing zeros.
CREATE FUNCTION ${S}."ts_text"(ARG TIMESTAMP_NTZ) RETURNS VARCHAR IMMUTABLE AS
$$
  TO_VARCHAR(ARG, 'YYYY-MM-DD HH24:MI:SS')
  || CASE WHEN DATE_PART(NANOSECOND, ARG) < 1000 THEN ''
          ELSE RTRIM('.' || LPAD(TO_VARCHAR(CAST(FLOOR(DATE_PART(NANOSECOND, ARG) / 1000) AS INTEGER)), 6, '0'), '0') END
$$;
`;

const MAPPING_TABLES = `-- Who is who: the Snowflake user name CURRENT_USER() returns, per workspace user (lower-cased
-- email). The script creates each user with the quoted, case-kept email as its name, so
-- CURRENT_USER() returns the email itself; to use existing Snowflake users instead, change
-- "login" here (the only table meant to be edited after the export).
CREATE TABLE ${S}."user_map" ("login" VARCHAR NOT NULL, "email" VARCHAR NOT NULL, PRIMARY KEY ("login"));
-- §O1, §P2: the teams' users and group memberships. The policies read these tables, not the
-- role hierarchy, so a group counts only in its own team, as in the engine.
CREATE TABLE ${S}."team_users" ("team" VARCHAR NOT NULL, "email" VARCHAR NOT NULL, PRIMARY KEY ("team", "email"));
CREATE TABLE ${S}."members" ("team" VARCHAR NOT NULL, "grp" VARCHAR NOT NULL, "email" VARCHAR NOT NULL, PRIMARY KEY ("team", "grp", "email"));
-- §P3, §P8: principals with an unlimited path into a model (manual or a TRUE table row).
CREATE TABLE ${S}."unlimited" ("model" INTEGER NOT NULL, "kind" VARCHAR NOT NULL, "principal" VARCHAR NOT NULL);
-- §P4, §P8: one row per allowed value of a principal's valid rule, from .perm files and
-- value-assignment tables alike; "value" NULL marks a rule with an empty value list (it rules
-- the column and allows nothing). Rules and rows that cannot be evaluated are not here (§F1).
CREATE TABLE ${S}."grants" ("model" INTEGER NOT NULL, "kind" VARCHAR NOT NULL, "principal" VARCHAR NOT NULL, "tbl" VARCHAR NOT NULL, "col" VARCHAR NOT NULL, "value" VARCHAR);
-- §P2: every (login, team, kind, principal) a Snowflake user acts as: the user and the groups of
-- the team it belongs to. The policies select the rows of CURRENT_USER().
CREATE VIEW ${S}."principals" AS
  SELECT m."login", u."team", 'user' AS "kind", u."email" AS "principal"
    FROM ${S}."user_map" m JOIN ${S}."team_users" u ON u."email" = m."email"
  UNION ALL
  SELECT m."login", b."team", 'group', b."grp"
    FROM ${S}."user_map" m JOIN ${S}."members" b ON b."email" = m."email";
`;

const myPrincipals = (team: string) => `SELECT me."kind", me."principal" FROM ${S}."principals" me WHERE me."team" = ${team} AND me."login" = CURRENT_USER()`;

/** Snowflake's atoms of the shared predicate; `column` of t0 names the policy's arguments, recorded in `args`. */
export function snowflakeDialect(q: SnowflakeQuoter, args: { column: string; arg: string }[]): PredicateDialect {
  return {
    ident: (name, what) => q.ident(name, what),
    literal: (value, what) => q.literal(value, what),
    asText: snowflakeAsText,
    c: (name) => `"${name}"`,
    grants: `${S}."grants"`,
    unlimited: `${S}."unlimited"`,
    mine: (team) => `(g."kind", g."principal") IN (${myPrincipals(team)})`,
    myPrincipals,
    column: (alias, name) => {
      if (alias !== 't0') return `${alias}.${q.ident(name, 'column')}`;
      let a = args.find((x) => x.column === name);
      if (!a) args.push((a = { column: name, arg: `ARG${args.length + 1}` }));
      return a.arg;
    },
  };
}

export function exportSnowflake(input: ExportInput, options: SnowflakeExportOptions = {}): SnowflakeExport {
  const q = new SnowflakeQuoter();
  const refused: string[] = [];
  const out: string[] = [];
  const emit = (s: string) => out.push(s);

  // ------------------------------------------------------------ names (export/names.ts, as in the PostgreSQL export)
  // Roles are account-wide: one per user (its email) and one per group (its name).
  const { pools, rel: relName, modelSchema, roleKinds } = exportNames(input, SNOWFLAKE_INTERNAL_SCHEMA, q, (m) => q.report(m));

  // ------------------------------------------------------------ header
  emit(`-- Sightline export for Snowflake. Run in an empty database (its schemas are created here)
-- by a role that may create users, roles, schemas, functions and row access policies:
--   snowsql -d DB -o exit_on_error=true -f FILE
-- Generated; see docs/export.md for how each section of the semantics maps to this SQL.
-- Not run against a Snowflake account by its tests (golden files and structure only).
CREATE SCHEMA ${S};
`);
  emit(FUNCTIONS);
  emit(MAPPING_TABLES);

  // ------------------------------------------------------------ users, roles (§O1, §P2)
  emit('-- Users and roles: one user and one role per workspace user (email, lower case, quoted), one role per group.');
  for (const [name, kind] of [...roleKinds].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
    const r = q.ident(name, kind);
    if (kind === 'user') emit(`CREATE USER IF NOT EXISTS ${r};\nCREATE ROLE IF NOT EXISTS ${r};\nGRANT ROLE ${r} TO USER ${r};`);
    else emit(`CREATE ROLE IF NOT EXISTS ${r};`);
  }
  const users = [...roleKinds].filter(([, k]) => k === 'user').map(([n]) => n).sort();
  if (users.length) emit(`INSERT INTO ${S}."user_map" ("login", "email") VALUES\n${users.map((u) => `  (${q.literal(u, 'user')}, ${q.literal(u, 'user')})`).join(',\n')};`);
  for (const team of input.teams) {
    const lt = q.literal(team.name, 'team');
    if (team.users.length) emit(`INSERT INTO ${S}."team_users" ("team", "email") VALUES\n${team.users.map((u) => `  (${lt}, ${q.literal(u, 'user')})`).join(',\n')};`);
    for (const g of team.groups) {
      if (g.members.length === 0) continue;
      emit(`INSERT INTO ${S}."members" ("team", "grp", "email") VALUES\n${g.members.map((u) => `  (${lt}, ${q.literal(g.name, 'group')}, ${q.literal(u, 'user')})`).join(',\n')};`);
      // For administration and auditing only: the policies read "members", not the role hierarchy.
      for (const u of g.members) emit(`GRANT ROLE ${q.ident(g.name, 'group')} TO ROLE ${q.ident(u, 'user')};`);
    }
  }
  emit('');

  // ------------------------------------------------------------ pools and tables (§S2, §S4, §S5)
  for (const p of pools) emit(`CREATE SCHEMA ${q.ident(p.id, 'pool')};`);
  for (const t of input.tables) {
    if (t.importOf) continue;
    const rel = relName(t.pool.id, t.connection, t.table)!;
    const cols = t.columns.map((c) => `${q.ident(c.name, `column of ${t.connection}.${t.table}`)} ${SF_TYPE[c.type]}`);
    emit(`\n-- "${comment(t.pool.id)}" ${comment(t.connection)}.${comment(t.table)}${t.error ? `: could not be loaded (${comment(t.error)}); empty, as in the engine (§F1)` : ''}`);
    emit(`CREATE TABLE ${rel} ("__sl_row" NUMBER(38,0) NOT NULL${cols.map((c) => `, ${c}`).join('')});`);
    if (!options.schemaOnly && t.rows && t.rows.count > 0) {
      const what = `a value of "${t.pool.id}" ${t.connection}.${t.table}`;
      const target = `${rel} ("__sl_row"${t.columns.map((c) => `, ${q.ident(c.name, 'column')}`).join('')})`;
      const select = ['$1', ...t.columns.map((c, i) => (c.type === 'VARCHAR' ? `$${i + 2}` : `CAST($${i + 2} AS ${SF_TYPE[c.type]})`))].join(', ');
      let n = 0; // row ordinal; the reader's batches are a multiple of INSERT_BATCH
      for (const batch of t.rows.batches(INSERT_BATCH * 50)) {
        for (let i = 0; i < batch.length; i += INSERT_BATCH) {
          const rows = batch.slice(i, i + INSERT_BATCH).map((row) => `  (${[String(n++), ...row.map((v) => (v === null ? 'NULL' : q.literal(v, what)))].join(', ')})`);
          emit(`INSERT INTO ${target}\nSELECT ${select} FROM VALUES\n${rows.join(',\n')};`);
        }
      }
    }
  }
  for (const s of importViews(input, { rel: relName }, { ident: (n, w) => q.ident(n, w), type: SF_TYPE, asText: snowflakeAsText, tryCast: (text, type) => `TRY_CAST(${text} AS ${SF_TYPE[type]})` })) emit(s);

  // ------------------------------------------------------------ permissions, views, policies
  input.models.forEach((m, i) => emitModel(m, i + 1));
  for (const p of input.perspectives) {
    refused.push(
      p.shadowed
        ? `perspective ${p.analysis.name} of "${p.pool.id}": not exported: ${p.shadowed}`
        : `perspective ${p.analysis.name} of "${p.pool.id}": not exported to Snowflake: its §P10 decisions by distance need whole-table steps that a row access policy (one expression per row) cannot hold exactly, so nothing is emitted and no role can read it; --target postgres exports it (docs/export.md)`,
    );
  }
  return { sql: out.join('\n') + '\n', errors: q.errors, refused };

  function emitModel(m: ExportModel, id: number): void {
    const a = m.analysis;
    const team = input.teams.find((t) => t.name === m.pool.team.name);
    const schemaName = modelSchema(m);
    const schema = q.ident(schemaName, 'model schema');
    emit(`\n-- Model ${comment(a.name)} of "${comment(m.pool.id)}" (model id ${id}): switch ${m.switchOn ? 'on' : 'off'}, combine ${m.combine}`);
    emit(`CREATE SCHEMA ${schema};`);
    const { unlimited, grants: grantRows } = mappingRows(m, id, (v, w) => q.literal(v, w));
    if (unlimited.length) emit(`INSERT INTO ${S}."unlimited" ("model", "kind", "principal") VALUES\n${unlimited.join(',\n')};`);
    for (let i = 0; i < grantRows.length; i += INSERT_BATCH) emit(`INSERT INTO ${S}."grants" ("model", "kind", "principal", "tbl", "col", "value") VALUES\n${grantRows.slice(i, i + INSERT_BATCH).join(',\n')};`);

    const relOf = (t: AnalysisTable) => {
      const s = m.sources.get(t.name);
      return s && t.source ? relName(m.pool.id, s.connection, s.table) : undefined;
    };
    for (const t of a.tables) {
      const view = `${schema}.${q.ident(t.name, `alias of ${a.name}`)}`;
      const policy = `${S}.${q.ident(`${schemaName}.${t.name}`, `row access policy of ${a.name}.${t.name}`)}`;
      const rel = relOf(t);
      const args: { column: string; arg: string }[] = [];
      let body: string;
      if (!rel) {
        emit(`-- ${comment(t.name)}: its table cannot be reached; it shows no rows (§F1)`);
        const cols = t.columns.length ? t.columns.map((c) => `CAST(NULL AS ${SF_TYPE[c.type]}) AS ${q.ident(c.name, 'column')}`) : [`CAST(NULL AS VARCHAR) AS "__sl_none"`];
        emit(`CREATE SECURE VIEW ${view} AS SELECT ${cols.join(', ')} FROM (SELECT 1) WHERE FALSE;`);
        body = 'FALSE';
      } else {
        const cols = t.columns.map((c) => `t0.${q.ident(c.name, 'column')}`).join(', ');
        emit(`CREATE SECURE VIEW ${view} AS\nSELECT ${cols || 'NULL AS "__sl_none"'} FROM ${rel} t0;`);
        body = aliasPredicate(m, id, t, snowflakeDialect(q, args), relOf);
      }
      // A policy needs at least one argument: the first column when the body reads none.
      if (args.length === 0) args.push({ column: t.columns[0]?.name ?? '__sl_none', arg: 'ARG1' });
      const signature = args.map((x) => `${x.arg} ${x.column === '__sl_none' ? 'VARCHAR' : SF_TYPE[t.columns.find((c) => c.name === x.column)!.type]}`).join(', ');
      emit(`CREATE ROW ACCESS POLICY ${policy} AS (${signature}) RETURNS BOOLEAN ->\n  ${body};`);
      emit(`ALTER VIEW ${view} ADD ROW ACCESS POLICY ${policy} ON (${args.map((x) => q.ident(x.column, 'column')).join(', ')});`);
    }
    for (const u of team?.users ?? []) {
      emit(`GRANT USAGE ON SCHEMA ${schema} TO ROLE ${q.ident(u, 'user')};`);
      emit(`GRANT SELECT ON ALL VIEWS IN SCHEMA ${schema} TO ROLE ${q.ident(u, 'user')};`);
    }
  }
}
