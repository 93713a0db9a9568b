// The Snowflake export (issue 6). There is no Snowflake here, so this checks the generated text:
// golden files (examples/acme schema only, and a workspace of hostile names and values with its
// data), its structure (one row access policy per model alias, CURRENT_USER() in every policy
// that decides anything, no unquoted identifier, escaped literals), that each policy's predicate
// is the PostgreSQL view's predicate for the same alias up to the dialects' atoms (the
// PostgreSQL one is proven against a real PostgreSQL in postgres.test.ts), and that dbl_text's
// JavaScript body gives DuckDB's text form of doubles.
//
//   SIGHTLINE_UPDATE_GOLDEN=1  rewrite the golden files from the current export
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkWorkspace } from '../../language/check-workspace.js';
import { nodeFiles } from '../../model/node-files.js';
import { startNodeEngine } from '../../engine/node.js';
import type { Engine } from '../../engine/index.js';
import { openExportReader } from '../../export/node.js';
import { exportPostgres } from '../../export/postgres.js';
import { DBL_TEXT_JS, exportSnowflake } from '../../export/snowflake.js';
import type { ExportInput } from '../../export/source.js';

const GOLDEN = path.resolve('test/export/golden');
const HOSTILE = path.join(GOLDEN, 'hostile');

async function read(dir: string, withRows: boolean): Promise<ExportInput> {
  const { model, data } = await checkWorkspace(dir);
  return (await openExportReader()).read(model, data, nodeFiles, withRows);
}

function golden(name: string, sql: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.SIGHTLINE_UPDATE_GOLDEN === '1') writeFileSync(file, sql);
  assert.ok(existsSync(file), `${name} is missing (SIGHTLINE_UPDATE_GOLDEN=1 to write it)`);
  assert.equal(sql, readFileSync(file, 'utf8'), `${name} differs from the golden file (SIGHTLINE_UPDATE_GOLDEN=1 to accept)`);
}

/** Splits Snowflake SQL into word tokens outside literals, quoted identifiers, comments and $$ bodies; collects the literals' raw text. */
function scan(sql: string): { words: string[]; literals: string[] } {
  const words: string[] = [];
  const literals: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'") {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new Error(`unterminated literal at ${i}`);
        if (sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      literals.push(sql.slice(i + 1, j));
      i = j + 1;
    } else if (ch === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new Error(`unterminated identifier at ${i}`);
        if (sql[j] === '"' && sql[j + 1] === '"') j += 2;
        else if (sql[j] === '"') break;
        else j++;
      }
      i = j + 1;
    } else if (sql.startsWith('--', i)) {
      const j = sql.indexOf('\n', i);
      i = j < 0 ? sql.length : j;
    } else if (sql.startsWith('$$', i)) {
      i = sql.indexOf('$$', i + 2) + 2;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i, i + 200))!;
      words.push(m[0]);
      i += m[0].length;
    } else i++;
  }
  return { words, literals };
}

// Every bare word the generator writes: keywords, functions, types, its own correlation names
// (g, pp, me, m, u, b, t0, a1…) and policy arguments (ARG1…). A workspace name outside quotes
// would show up as a word not in this list.
const KEYWORDS = new Set(
  `ADD ALL ALTER AND AS BOOLEAN BY CASE CAST CREATE CURRENT_USER DATE DATE_PART DISTINCT ELSE END EXISTS FALSE FLOAT FLOOR FROM FUNCTION GRANT IF IMMUTABLE IN INPUT INSERT INTEGER INTO IS JAVASCRIPT JOIN KEY LANGUAGE LPAD NANOSECOND NOT NULL NUMBER ON OR POLICY PRIMARY ROLE ROW RTRIM RETURNS SCHEMA SECURE SELECT SELECT TABLE THEN TIMESTAMP_NTZ TO TO_VARCHAR TRUE TRY_CAST UNION UNION USAGE USER VALUES VARCHAR VIEW VIEWS WHEN WHERE ACCESS ARG`.split(/\s+/),
);
const OWN_NAMES = /^(g|pp|q\d+|me|m|u|b|t0|a\d+|ARG\d+)$/;

/** The text between `start` (found after `after`) and `end`. */
function between(sql: string, after: string, start: string, end: string): string {
  const at = sql.indexOf(after);
  assert.ok(at >= 0, `missing ${after}`);
  const s = sql.indexOf(start, at) + start.length;
  return sql.slice(s, sql.indexOf(end, s));
}

const LIT = `'(?:[^'\\\\]|''|\\\\.)*'`;

/** A Snowflake policy body in the PostgreSQL export's words: maps the dialect atoms, nothing else. */
function asPostgres(body: string, args: string[]): string {
  let s = body.replace(new RegExp(LIT, 'g'), (lit) => lit.replace(/\\(.)/g, '$1'));
  s = s.replace(/\bARG(\d+)\b/g, (_, n: string) => `t0.${args[Number(n) - 1]}`);
  s = s.replace(
    new RegExp(`SELECT me\\."kind", me\\."principal" FROM "sightline\\$"\\."principals" me WHERE me\\."team" = (${LIT}) AND me\\."login" = CURRENT_USER\\(\\)`, 'g'),
    (_, team: string) => `SELECT me.kind, me.principal FROM "sightline$".me me WHERE me.team = ${team}`,
  );
  s = s.replace(/\b(g|pp|q\d+)\."(model|tbl|col|kind|principal|value)"/g, '$1.$2');
  s = s.replace(/"sightline\$"\."(grants|unlimited|dbl_text|ts_text)"/g, '"sightline$".$1');
  const col = '((?:t0|a\\d+)\\."(?:[^"]|"")*")';
  s = s.replace(new RegExp(`TO_VARCHAR\\(${col}, 'YYYY-MM-DD'\\)`, 'g'), "to_char($1, 'YYYY-MM-DD')");
  s = s.replace(new RegExp(`TO_VARCHAR\\(${col}\\)`, 'g'), '($1)::text');
  return s;
}

describe('Snowflake export', function () {
  this.timeout(120_000);
  let acme: ExportInput;
  let hostile: ExportInput;

  before(async () => {
    acme = await read(path.resolve('examples/acme'), false);
    hostile = await read(HOSTILE, true);
  });

  it('examples/acme --schema-only matches its golden file', () => {
    const result = exportSnowflake(acme, { schemaOnly: true });
    assert.deepEqual(result.errors, []);
    assert.equal(result.refused.length, 1);
    assert.match(result.refused[0], /^perspective OrderToCash of "Sales\/O2C Analytics": not exported to Snowflake: its §P10 decisions/);
    assert.doesNotMatch(result.sql, /INSERT INTO "(?!sightline\$)/, 'no data rows');
    golden('acme.schema-only.snowflake.sql', result.sql);
  });

  it('hostile names and values (with data) match their golden file', () => {
    const result = exportSnowflake(hostile);
    assert.deepEqual(result.errors, []);
    golden('hostile.snowflake.sql', result.sql);
    assert.match(result.sql, /INSERT INTO "Team\/Pöol ""日本""; --'x"\."S\.V"/);
  });

  for (const which of ['acme', 'hostile'] as const) {
    it(`${which}: one policy per alias, CURRENT_USER() in every deciding policy, nothing unquoted, literals escaped`, () => {
      const input = which === 'acme' ? acme : hostile;
      const sql = exportSnowflake(input).sql;
      const policies = [...sql.matchAll(/^ALTER VIEW ("(?:[^"]|"")*"\."(?:[^"]|"")*") ADD ROW ACCESS POLICY ("sightline\$"\."(?:[^"]|"")*") ON \(/gm)];
      const views = [...sql.matchAll(/^CREATE SECURE VIEW ("(?:[^"]|"")*"\."(?:[^"]|"")*")/gm)].map((m) => m[1]);
      const aliases = input.models.reduce((n, m) => n + m.analysis.tables.length, 0);
      assert.equal(views.length, aliases, 'one view per alias');
      assert.deepEqual(policies.map((p) => p[1]).sort(), [...views].sort(), 'each view has exactly one policy');
      assert.equal(new Set(policies.map((p) => p[2])).size, policies.length, 'policies are distinct');
      const bodies = [...sql.matchAll(/RETURNS BOOLEAN ->\n {2}([\s\S]*?);\nALTER VIEW/g)].map((m) => m[1]);
      assert.equal(bodies.length, aliases);
      for (const b of bodies) {
        if (b === 'FALSE' || b.endsWith('\n  TRUE')) continue; // unreachable table, or switch off (§P1)
        assert.match(b, /CURRENT_USER\(\)/);
      }
      const { words, literals } = scan(sql);
      const stray = [...new Set(words.filter((w) => !KEYWORDS.has(w) && !OWN_NAMES.test(w)))];
      assert.deepEqual(stray, [], 'every name is quoted');
      for (const l of literals) assert.doesNotMatch(l.replaceAll('\\\\', ''), /\\/, `a lone backslash in '${l}'`);
    });
  }

  it('escapes quotes and backslashes in literals and quotes in identifiers', () => {
    const sql = exportSnowflake(hostile).sql;
    assert.ok(sql.includes(`'back\\\\slash'`), 'a backslash is doubled');
    assert.ok(sql.includes(`'it''s'`), 'a quote is doubled');
    assert.ok(sql.includes(`'''\\\\'''''`), "the value '\\'' is written '''\\\\'''''");
    assert.ok(sql.includes(`'o''brien@x.com'`));
    assert.ok(sql.includes(`CREATE USER IF NOT EXISTS "ünï""q@x.com";`));
    assert.ok(sql.includes(`"G ""quoted""; --"`));
    assert.ok(sql.includes(`ALTER VIEW "M1"."Ve" ADD ROW ACCESS POLICY "sightline$"."M1.Ve" ON ("na""me", "land");`));
  });

  for (const which of ['acme', 'hostile'] as const) {
    it(`${which}: each policy's predicate is the PostgreSQL view's predicate, up to the dialects' atoms`, () => {
      const input = which === 'acme' ? acme : hostile;
      const pg = exportPostgres(input).sql;
      const sf = exportSnowflake(input).sql;
      let compared = 0;
      for (const m of input.models) {
        const schema = '"' + m.analysis.name.replaceAll('"', '""') + '"';
        for (const t of m.analysis.tables) {
          if (!t.source) continue;
          const view = `${schema}."${t.name.replaceAll('"', '""')}"`;
          const where = between(pg, `CREATE VIEW ${view} WITH (security_barrier) AS\n`, '\nWHERE ', ';\n');
          const body = between(sf, `CREATE ROW ACCESS POLICY "sightline$"."${m.analysis.name}.${t.name}" AS`, 'RETURNS BOOLEAN ->\n  ', ';\nALTER VIEW');
          const on = between(sf, `ALTER VIEW ${view} ADD ROW ACCESS POLICY`, 'ON (', ');\n');
          const args = on.split(', ');
          assert.equal(asPostgres(body, args), where, `${m.analysis.name}.${t.name}`);
          compared++;
        }
      }
      assert.ok(compared >= (which === 'acme' ? 4 : 2), `compared ${compared}`);
    });
  }

  it('a name Snowflake cannot hold (over 255 characters) is reported, not shortened', async () => {
    const long = 'p'.repeat(256);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-sf-long-'));
    mkdirSync(path.join(dir, 'data'));
    for (const f of ['org.pool', 'm.perm']) writeFileSync(path.join(dir, f), readFileSync(path.join(HOSTILE, f), 'utf8').replaceAll(`Pöol \\"日本\\"; --'x`, long));
    for (const f of ['v.csv', 'i.csv']) writeFileSync(path.join(dir, 'data', f), readFileSync(path.join(HOSTILE, 'data', f)));
    const result = exportSnowflake(await read(dir, false));
    assert.ok(result.errors.some((e) => e.includes(`Team/${long}`) && /at most 255/.test(e)), result.errors.join('\n'));
  });

  describe('dbl_text (the JavaScript UDF) against DuckDB', () => {
    let engine: Engine;
    before(async () => {
      engine = await startNodeEngine();
    });
    const dblText = new Function('ARG', DBL_TEXT_JS) as (v: number) => string;
    const duck = (vs: number[]) => {
      const list = vs.map((v) => (Number.isNaN(v) ? "'nan'::DOUBLE" : v === Infinity ? "'inf'::DOUBLE" : v === -Infinity ? "'-inf'::DOUBLE" : Object.is(v, -0) ? "'-0.0'::DOUBLE" : `${v.toExponential()}::DOUBLE`));
      return list.map((v) => String(([...engine.session.query(`SELECT CAST(${v} AS VARCHAR)`)][0].toArray() as unknown[])[0]));
    };

    it('formats the documented cases as DuckDB does', () => {
      const vs = [1000, 0.1, 1e20, 1e-5, 1e15, 1e16, 1e-4, 123.456, -2.5, 0, NaN, Infinity, -Infinity, 5e-324, 1.7976931348623157e308];
      assert.deepEqual(vs.map(dblText), duck(vs));
    });

    it('formats random doubles as DuckDB does', () => {
      const vs = fc.sample(fc.double({ noNaN: true }), { seed: 42, numRuns: 500 });
      assert.deepEqual(vs.map(dblText), duck(vs));
    });
  });
});
