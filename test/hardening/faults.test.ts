// Faults under the preview, through the real language server (dist/server.js) and its engine
// worker: a data file or permission table replaced while a preview pages, and an engine worker
// that runs out of memory. Every page and summary carries the engine's data generation
// (server/engine-host.ts); a page of one generation always holds exactly the rows the engine
// computes on that generation's files, so the panel (extension/webview/main.ts), which reloads
// when the generation changes, never mixes old and new rows. A worker out of memory answers
// with an error (never partial rows), is reported in the status, and comes back with a new
// generation.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startNodeEngine } from '../../engine/node.js';
import { checkWorkspace } from '../../language/check-workspace.js';
import { nodeFiles } from '../../model/node-files.js';
import type { EngineStatus } from '../../server/engine-api.js';
import type { PageResult, StatusParams, SummaryResult } from '../../server/protocol.js';
import { serverOnExampleCopy } from '../support/example-copy.js';
import { LspClient } from '../support/lsp-client.js';

const AP = { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' };
const LEAD = { kind: 'user' as const, name: 'l.meyer@acme.com' }; // unlimited (Procurement Leads)
const KOWALSKI = { kind: 'user' as const, name: 'a.kowalski@acme.com' }; // rows from perm/ap_values.csv

/** What the in-process engine answers on the files as they are now (the reference for one generation). */
async function expectedPage(dir: string, principal: typeof LEAD, table: string, offset: number, limit: number) {
  const { model, data } = await checkWorkspace(dir);
  const engine = await startNodeEngine();
  await engine.load(model, nodeFiles, data);
  const p = await engine.gridPage(AP, principal, table, { offset, limit });
  return { rows: p.rows, rowIds: p.rowIds, visible: p.visible, total: p.total };
}

const essence = (p: PageResult) => ({ rows: p.rows, rowIds: p.rowIds, visible: p.visible, total: p.total });

async function until<T>(what: string, ask: () => Promise<T>, done: (value: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await ask();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('faults: data replaced mid-preview, engine out of memory (real server)', function () {
  this.timeout(300_000);

  describe('a data file or permission table replaced while the preview pages', function () {
    const lsp = serverOnExampleCopy();

    it('every page and summary carries the data generation; a page of a generation holds that generation’s rows only', async () => {
      const { dir, client } = lsp;
      const page = (offset: number) => client.request<PageResult>('sightline/page', { ref: AP, principal: LEAD, table: 'Invoices', offset, limit: 100 });
      const first = await page(0);
      const summary = await client.request<SummaryResult>('sightline/summary', { ref: AP, principal: LEAD });
      assert.equal(typeof first.generation, 'number');
      assert.equal(summary.generation, first.generation, 'nothing changed: same generation');
      assert.deepEqual(essence(first), await expectedPage(dir, LEAD, 'Invoices', 0, 100));
      const before = await page(100);
      assert.equal(before.generation, first.generation);

      // Replace the invoice headers: every amount changes, the order reverses, 50 rows go.
      const bkpf = path.join(dir, 'data/ap/bkpf.csv');
      const [header, ...lines] = readFileSync(bkpf, 'utf8').trim().split('\n');
      const replaced = lines
        .slice(50)
        .reverse()
        .map((l) => l.replace(/^(\d+,\d+,\d+,\w*,[\d-]+,[\d-]+,\w+,[^,]*,\w+,)([\d.]+)/, (_, head, amount) => `${head}${(Number(amount) + 1).toFixed(2)}`));
      writeFileSync(bkpf, [header, ...replaced].join('\n') + '\n');
      await client.fileChanged('data/ap/bkpf.csv', 2);

      // The same request the grid would send next (its second page): it answers either for
      // the old generation with the old rows, or for a new one with the new rows; never a mix.
      const oldSecond = before;
      const after = await until('a page of the new data', () => page(100), (p) => p.generation !== first.generation);
      assert.ok(after.generation! > first.generation!, 'generations only grow');
      const expectedNew = await expectedPage(dir, LEAD, 'Invoices', 100, 100);
      assert.deepEqual(essence(after), expectedNew, 'the new generation’s page is the new files’ page');
      assert.notDeepEqual(after.rows, oldSecond.rows, 'the data did change (the test would see a mix)');
      assert.equal(after.total, 900);
      const summaryAfter = await client.request<SummaryResult>('sightline/summary', { ref: AP, principal: LEAD });
      assert.equal(summaryAfter.generation, after.generation, 'summary and page of the same data agree');

      // A permission table replaced: a.kowalski loses purchasing organisation 2000.
      const kFirst = await client.request<PageResult>('sightline/page', { ref: AP, principal: KOWALSKI, table: 'Vendors', offset: 0, limit: 200 });
      const values = path.join(dir, 'permissions/perm/ap_values.csv');
      const text = readFileSync(values, 'utf8');
      assert.ok(text.includes('a.kowalski@acme.com,Vendors,EKORG,2000'));
      writeFileSync(values, text.replace('a.kowalski@acme.com,Vendors,EKORG,2000\n', ''));
      await client.fileChanged('permissions/perm/ap_values.csv', 2);
      const kAfter = await until(
        'a page of the new permission table',
        () => client.request<PageResult>('sightline/page', { ref: AP, principal: KOWALSKI, table: 'Vendors', offset: 0, limit: 200 }),
        (p) => p.generation !== kFirst.generation,
      );
      assert.ok(kAfter.visible < kFirst.visible, `a.kowalski sees fewer vendors (${kFirst.visible} → ${kAfter.visible})`);
      assert.deepEqual(essence(kAfter), await expectedPage(dir, KOWALSKI, 'Vendors', 0, 200));
    });
  });

  describe('the engine worker runs out of memory', function () {
    const previous = process.env.SIGHTLINE_ENGINE_MAX_OLD_MB;
    const lsp = serverOnExampleCopy(async (dir) => {
      // Every invoice header gets a 100,000-character text: a 10,000-row page needs ~100 MB of
      // strings in the worker, whose heap is limited to 96 MB (loading needs far less).
      const bkpf = path.join(dir, 'data/ap/bkpf.csv');
      const [header, ...lines] = readFileSync(bkpf, 'utf8').trim().split('\n');
      const long = 'x'.repeat(100_000);
      writeFileSync(bkpf, [header, ...lines.map((l) => l.replace(/,("[^"]*"|[^,]*)$/, `,${long}`))].join('\n') + '\n');
      process.env.SIGHTLINE_ENGINE_MAX_OLD_MB = '96'; // the server (and its worker) inherit it
      try {
        return await LspClient.start(dir);
      } finally {
        if (previous === undefined) delete process.env.SIGHTLINE_ENGINE_MAX_OLD_MB;
        else process.env.SIGHTLINE_ENGINE_MAX_OLD_MB = previous;
      }
    });

    const statuses = () => lsp.client.notifications.filter((n) => n.method === 'sightline/status').map((n) => (n.params as StatusParams).engine);

    it('answers the request with an error (no partial rows), reports it, restarts, and answers for a new generation', async () => {
      const { client } = lsp;
      const small = await client.request<PageResult>('sightline/page', { ref: AP, principal: LEAD, table: 'Invoices', offset: 0, limit: 5 });
      assert.equal(small.rows.length, 5);
      assert.equal((small.rows[0].at(-1) as string).length, 100_000);
      await assert.rejects(
        client.request<PageResult>('sightline/page', { ref: AP, principal: LEAD, table: 'Invoices', offset: 0, limit: 10_000 }),
        (e: Error) => /out of memory/.test(e.message),
        'the page that exhausted the worker fails: the panel shows an error, not rows',
      );
      await client.waitFor('a failed status that says out of memory', () => statuses().some((s: EngineStatus) => s.state === 'failed' && /out of memory/.test(s.message)));
      // The next request restarts the worker, which loads the workspace again: a new generation.
      const again = await client.request<PageResult>('sightline/page', { ref: AP, principal: LEAD, table: 'Invoices', offset: 5, limit: 5 });
      assert.ok(again.generation! > small.generation!, 'a restarted engine answers for a new generation, so the panel reloads rather than appending');
      assert.deepEqual(again.rowIds, [5, 6, 7, 8, 9]);
      const summary = await client.request<SummaryResult>('sightline/summary', { ref: AP, principal: LEAD });
      assert.equal(summary.generation, again.generation);
      await client.waitFor('a ready status after the restart', () => statuses().at(-1)?.state === 'ready');
      const failed = statuses().find((s) => s.state === 'failed') as Extract<EngineStatus, { state: 'failed' }>;
      assert.match(failed.message, /restarts on the next request/);
    });
  });
});
