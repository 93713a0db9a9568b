// §F1 fails closed everywhere: for every way a permission cannot be evaluated — an unknown
// table, an unknown column (also by case), a permission table that is missing, ragged or
// mapped to a column it lacks, a NULL reference cell, values that cannot equal the column's
// text (a number or date in another spelling: §P6 compares text, so a "type error" matches
// nothing), an unlimited cell that is not TRUE, and a data file the engine cannot load — the
// user is granted nothing, the cause is reported, and this holds alike in the engine, in the
// preview (the real language server's sightline/page, summary and counts) and in the
// PostgreSQL export (rows under SET ROLE in a real PostgreSQL). One user (ok@x.com) has a
// valid rule, and one (mixed@x.com) the same valid rule beside invalid ones: an invalid rule
// restricts nothing either, so both see exactly the same rows.
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import type { Engine } from '../../engine/index.js';
import { startNodeEngine } from '../../engine/node.js';
import { openExportReader } from '../../export/node.js';
import { asText, exportPostgres } from '../../export/postgres.js';
import { checkWorkspace } from '../../language/check-workspace.js';
import { nodeFiles } from '../../model/node-files.js';
import type { Diagnostic } from '../../model/types.js';
import type { CountsResult, PageResult, SummaryResult } from '../../server/protocol.js';
import { LspClient } from '../support/lsp-client.js';
import { PostgresServer } from '../support/postgres.js';
import { failClosedWorkspace, USERS } from './fail-closed-workspace.js';

const REF = { pool: 'F/P', name: 'M' };
const TABLES = ['Vendors', 'Invoices', 'Broken'];
/** What each user may see, by LIFNR (Vendors) and BELNR (Invoices); Broken never loads. */
const SEES: Record<string, { Vendors: string[]; Invoices: string[] }> = Object.fromEntries(USERS.map((u) => [u, { Vendors: [], Invoices: [] }]));
SEES['ok@x.com'] = { Vendors: ['V1', 'V3'], Invoices: ['1', '3', '5'] };
SEES['mixed@x.com'] = SEES['ok@x.com'];
/** The checker's report of each cause: code and file (the .perm or the permission table). */
const REPORTED: [string, RegExp][] = [
  ['unknown-table', /f1\.perm$/],
  ['unknown-column', /f1\.perm$/],
  ['unknown-column', /values\.csv$/],
  ['unknown-table', /values\.csv$/],
  ['data-file-missing', /f1\.perm$/],
  ['csv-ragged', /ragged\.csv$/],
  ['permission-table-missing-column', /f1\.perm$/],
  ['permission-table-null-value', /values\.csv$/],
  ['permission-table-boolean', /unlimited\.csv$/],
];
const ident = (s: string) => '"' + s.replaceAll('"', '""') + '"';
const key = (table: string) => (table === 'Invoices' ? 'BELNR' : table === 'Vendors' ? 'LIFNR' : 'K');

describe('§F1 fails closed: the engine, the preview and the PostgreSQL export grant nothing for what cannot be evaluated', function () {
  this.timeout(600_000);
  let dir: string;
  let engine: Engine;
  let diagnostics: Diagnostic[];

  before(async () => {
    dir = failClosedWorkspace();
    const checked = await checkWorkspace(dir);
    diagnostics = checked.diagnostics;
    engine = await startNodeEngine();
    const report = await engine.load(checked.model, nodeFiles, checked.data);
    assert.equal(report.errors.length, 1);
    assert.match(report.errors[0].message, /broken\.csv could not be loaded/);
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('the checker reports every cause at its file', () => {
    for (const [code, file] of REPORTED) assert.ok(diagnostics.some((d) => d.code === code && file.test(d.range.file) && d.severity !== 'information'), `${code} in ${file}: ${diagnostics.map((d) => `${d.code} ${d.range.file}`).join('; ')}`);
  });

  it('the engine: each user sees exactly the expected rows; nothing that failed grants or restricts; the summary counts what was skipped', async () => {
    for (const user of USERS) {
      const ids = await engine.visibleRowIds(REF, user);
      const analysis = engine.analysis(REF);
      for (const t of analysis.tables) {
        const col = key(t.name);
        const all = t.source ? engine.session.query(`SELECT __sl_row, CAST(${ident(col)} AS VARCHAR) AS k FROM ${t.source.relation}`).toArray().map((r) => [Number(r.__sl_row), String(r.k)] as const) : [];
        const byId = new Map(all);
        const seen = (ids.get(t.name) ?? []).map((id) => byId.get(id)!).sort();
        const want = t.name === 'Broken' ? [] : SEES[user][t.name as 'Vendors' | 'Invoices'];
        assert.deepEqual(seen, want, `${user} on ${t.name}`);
      }
      const summary = await engine.summary(REF, { kind: 'user', name: user });
      assert.ok(summary.skipped > 0, `${user}: the skipped grants are counted`);
      if (SEES[user].Vendors.length === 0 && !['type-text@x.com', 'type-number@x.com', 'type-date@x.com', 'broken-data@x.com'].includes(user)) assert.equal(summary.applicable, false, `${user}: nothing valid applies`);
    }
    const counts = await engine.counts(REF, 'ok@x.com');
    assert.match(counts.find((c) => c.table === 'Broken')!.error ?? '', /could not be loaded/, 'the table that did not load says so');
  });

  it('the preview (the real language server): pages, summary and counts show the same rows and the same reports', async () => {
    const client = await LspClient.start(dir);
    try {
      for (const user of USERS) {
        const principal = { kind: 'user', name: user };
        const counts = await client.request<CountsResult>('sightline/counts', { ref: REF, principal });
        assert.match(counts.find((c) => c.table === 'Broken')!.error ?? '', /could not be loaded/);
        const summary = await client.request<SummaryResult>('sightline/summary', { ref: REF, principal });
        assert.deepEqual({ applicable: summary.applicable, skipped: summary.skipped }, await engine.summary(REF, { kind: 'user', name: user }).then((s) => ({ applicable: s.applicable, skipped: s.skipped })), user);
        for (const table of TABLES) {
          const page = await client.request<PageResult>('sightline/page', { ref: REF, principal, table, offset: 0, limit: 1000 });
          const at = page.columns.findIndex((c) => c.name === key(table));
          const seen = page.rows.map((r) => String(r[at])).sort();
          const want = table === 'Broken' ? [] : SEES[user][table as 'Vendors' | 'Invoices'];
          assert.deepEqual(seen, want, `${user} on ${table} in the preview`);
          assert.equal(page.visible, want.length);
          // With hidden rows shown, every row is marked hidden except the expected ones.
          const all = await client.request<PageResult>('sightline/page', { ref: REF, principal, table, offset: 0, limit: 1000, includeHidden: true });
          const shown = all.rows.filter((_, i) => !all.hidden![i]).map((r) => String(r[at])).sort();
          assert.deepEqual(shown, want, `${user} on ${table}, hidden rows shown`);
        }
      }
    } finally {
      await client.stop();
    }
  });

  it('the PostgreSQL export: under SET ROLE each user gets the same rows', async () => {
    const pg = await PostgresServer.start();
    const db = `sl_f1_${process.pid}`;
    try {
      const { model, data } = await checkWorkspace(dir);
      await engine.load(model, nodeFiles, data);
      const input = await (await openExportReader()).read(model, data, nodeFiles, true);
      const result = exportPostgres(input);
      assert.deepEqual(result.errors, []);
      pg.createDatabase(db);
      const load = pg.psql(db, result.sql);
      assert.equal(load.status, 0, load.stderr.slice(0, 2000));
      const analysis = engine.analysis(REF);
      const script: string[] = [];
      const labels: { user: string; table: string }[] = [];
      for (const user of USERS) {
        for (const t of analysis.tables) {
          script.push(`SET ROLE ${ident(user.toLowerCase())};`);
          script.push(`SELECT coalesce(json_agg(${asText(`t0.${ident(key(t.name))}`, t.columns.find((c) => c.name === key(t.name))?.type)} ORDER BY 1), '[]'::json) FROM ${ident('M')}.${ident(t.name)} t0;`);
          script.push('RESET ROLE;');
          labels.push({ user, table: t.name });
        }
      }
      const lines = pg.run(db, script.join('\n')).split('\n').filter((l) => l.length > 0);
      assert.equal(lines.length, labels.length);
      labels.forEach(({ user, table }, i) => {
        const got = (JSON.parse(lines[i]) as string[]).map(String).sort();
        const want = table === 'Broken' ? [] : SEES[user][table as 'Vendors' | 'Invoices'];
        assert.deepEqual(got, want, `${user} on ${table} in PostgreSQL`);
      });
    } finally {
      try {
        pg.dropDatabase(db);
      } catch {
        // the server goes anyway
      }
      pg.stop();
    }
  });
});
