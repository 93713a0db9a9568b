// The preview panel's webview when the data changes under it, in real Chromium with the real
// bundle (dist/browser/preview-panel.js) and the extension's own HTML: counts (the tabs), reasons
// (why a hidden row is hidden), a row's explanation (the details pane) and diff counts carry the
// engine's data generation as pages do (server/engine-host.ts). An answer of another generation
// than the rows on screen is never shown next to them: the panel reloads, and the header and
// tabs of a newer generation wait for its first page. The host shim answers from the REAL engine
// (engine/node.ts) and tags answers as the server does; to reproduce a load landing between the
// panel's requests it can answer one counts request from the previous generation.
// A MutationObserver records every state of the panel; a state with rows of one data version
// and tab counts, reasons or an explanation of another fails the test.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { AnalysisRef, Engine } from '../../engine/engine.js';
import { startNodeEngine } from '../../engine/node.js';
import { checkWorkspace } from '../../language/check-workspace.js';
import { nodeFiles } from '../../model/node-files.js';
import { parseWebviewMessage, type HostMessage, type PanelState } from '../../extension/webview/messages.js';
import type { PrincipalRef } from '../../server/engine-api.js';
import { buildPanel, closeServer, openPanelPage, servePanel, settled as panelSettled } from '../support/panel-page.js';

const NONCE = 'generationNonce0123456789abcdefA';
const REF: AnalysisRef = { pool: 'Gen/Notes', name: 'N' };
const WHO: PrincipalRef = { kind: 'user', name: 'all@x.com' };
const NOTES = 2000;
/** Version n: odd notes have KIND KINDS[n] (hidden: the rule keeps "a"), and Tags has 500 + 300·(n−1) rows. */
const KINDS = ['', 'b', 'c', 'd', 'e'];
const tagRows = (n: number) => 500 + 300 * (n - 1);

/**
 * Data version n: the notes' texts name it ("v2-17"); Notes stays 1,000 of 2,000 visible in every
 * version (so the current tab's counts cannot tell versions apart), the Tags tab's counts change.
 */
function writeData(dir: string, n: number): void {
  const notes = ['ID,NOTE,KIND'];
  for (let i = 0; i < NOTES; i++) notes.push(`${i},v${n}-${i},${i % 2 === 0 ? 'a' : KINDS[n]}`);
  writeFileSync(path.join(dir, 'notes.csv'), notes.join('\n') + '\n');
  const tags = ['ID,TAG'];
  for (let i = 0; i < tagRows(n); i++) tags.push(`${i},t${n}-${i}`);
  writeFileSync(path.join(dir, 'tags.csv'), tags.join('\n') + '\n');
}

function workspace(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-webview-generation-'));
  writeData(dir, 1);
  writeFileSync(
    path.join(dir, 'notes.pool'),
    `team Gen {\n  user "all@x.com" role analyst\n}\npool "Notes" in Gen {\n  engine etl\n  connection C {\n    table NOTES from "notes.csv"\n    table TAGS from "tags.csv"\n  }\n  model N {\n    table C.NOTES as Notes\n    table C.TAGS as Tags\n    join Notes.ID -> Tags.ID\n    usage "all@x.com"\n  }\n}\n`,
  );
  writeFileSync(path.join(dir, 'notes.perm'), `permissions for "Gen/Notes".N {\n  use data permissions\n  user "all@x.com" {\n    Notes.KIND in "a"\n  }\n}\n`);
  return dir;
}

describe('webview in Chromium: counts, reasons and explanations of another data generation are never shown beside the rows', function () {
  this.timeout(300_000);
  let dir: string;
  let engine: Engine;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  /** The generation of the data loaded in the engine (+1 per load, as EngineHost's). */
  let generation = 0;
  /** The counts answered per generation: a lagging answer repeats the previous generation's. */
  const countsOf = new Map<number, unknown[]>();
  /** When set, the next counts request answers from the previous generation (a load landed between the panel's requests). */
  let lagCounts = false;
  /** Delay of page answers (ms): widens the moment between a refresh's counts and its first page. */
  let pageDelay = 0;
  const requests: { method: string; generation: number }[] = [];
  const log: string[] = [];

  async function load(n: number): Promise<void> {
    writeData(dir, n);
    const { model, data, diagnostics } = await checkWorkspace(dir);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    await engine.load(model, nodeFiles, data);
    generation++;
  }

  /** The extension and server's side: check, answer from the engine, tag with the generation. */
  async function answer(raw: unknown): Promise<HostMessage | undefined> {
    const m = parseWebviewMessage(raw);
    if (!m) return undefined;
    if (m.type === 'ready') return { type: 'show', state: { ref: REF, principal: WHO, table: 'Notes', includeHidden: true } satisfies PanelState };
    if (m.type === 'state') return undefined;
    const g = generation;
    requests.push({ method: m.method, generation: g });
    const each = (list: object[], at = g) => list.map((x) => ({ ...x, generation: at }));
    try {
      const p = m.params as never as { ref: AnalysisRef; principal: PrincipalRef; table: string };
      switch (m.method) {
        case 'principals':
          return { type: 'response', id: m.id, result: [{ kind: 'user', name: WHO.name }] };
        case 'counts': {
          const fresh = await engine.countsFor(p.ref, p.principal);
          countsOf.set(g, fresh);
          if (lagCounts && countsOf.has(g - 1)) {
            lagCounts = false;
            return { type: 'response', id: m.id, result: each(countsOf.get(g - 1) as object[], g - 1) };
          }
          return { type: 'response', id: m.id, result: each(fresh) };
        }
        case 'summary':
          return { type: 'response', id: m.id, result: { ...(await engine.summary(p.ref, p.principal)), generation: g } };
        case 'page': {
          const { ref, principal, table, ...options } = m.params;
          const result = { ...(await engine.gridPage(ref, principal, table, options)), generation: g };
          if (pageDelay) await new Promise((r) => setTimeout(r, pageDelay));
          return { type: 'response', id: m.id, result };
        }
        case 'reasons':
          return { type: 'response', id: m.id, result: each(await engine.hiddenReasons(p.ref, p.principal, p.table, m.params.rowIds)) };
        case 'explainRow': {
          const e = await engine.explainRow(p.ref, p.principal, p.table, m.params.rowId);
          return { type: 'response', id: m.id, result: e && { ...e, generation: g } };
        }
        default:
          return { type: 'response', id: m.id, error: `not in this test: ${m.method}` };
      }
    } catch (e) {
      return { type: 'response', id: m.id, error: (e as Error).message };
    }
  }

  before(async function () {
    this.timeout(600_000);
    await buildPanel();
    dir = workspace();
    engine = await startNodeEngine();
    await load(1);
    ({ server, origin } = await servePanel(NONCE));
    ({ browser, page } = await openPanelPage(answer, { log, origin }));
    await settled();
    await watch();
  });

  after(async () => {
    await browser?.close();
    await closeServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`browser log:\n${log.join('\n')}`);
  });

  const settled = () => panelSettled(page, { app: true, rows: true, notText: 'explaining' });

  /**
   * Records, on every change of the panel, each state that mixes data versions: rows of one
   * version with the Tags tab's counts, a hidden row's reason or the details pane of another.
   */
  async function watch(): Promise<void> {
    await page.evaluate(
      ({ kinds, base, step }) => {
        const w = window as unknown as { mixed: string[]; states: number };
        w.mixed = [];
        w.states = 0;
        // The data versions named by the cells (or terms) under an element: "v2-17" is version 2.
        const versionsIn = (e: Element | null) => new Set(Array.from(e?.querySelectorAll('.cell, dd') ?? [], (c) => /^v(\d)-\d+$/.exec(c.textContent ?? '')?.[1]).filter((v) => v !== undefined).map(Number));
        const check = () => {
          w.states++;
          const rows = Array.from(document.querySelectorAll('.body .row'));
          const shown = new Set(rows.flatMap((r) => [...versionsIn(r)]));
          if (shown.size === 0) return;
          const problems: string[] = [];
          if (shown.size > 1) problems.push(`rows of versions ${[...shown].join(', ')}`);
          const tags = document.querySelector('.tab[data-table="Tags"] .count')?.textContent?.replace(/,/g, '') ?? '';
          const m = /^(\d+) \/ (\d+)$/.exec(tags.trim());
          if (m) {
            const v = (Number(m[2]) - base) / step + 1;
            if (!shown.has(v)) problems.push(`Tags counts of version ${v} (${tags}) beside rows of version ${[...shown].join(', ')}`);
          }
          for (const r of rows) {
            const row = versionsIn(r);
            const reason = r.querySelector('.cell.reason')?.textContent ?? '';
            for (const [v, kind] of kinds.entries()) if (kind && reason.includes(`"${kind}"`) && !row.has(v)) problems.push(`a reason of version ${v} (${reason}) beside a row of version ${[...row].join(', ')}`);
          }
          const details = document.querySelector('.details');
          if (details && !(details as HTMLElement).hidden) {
            for (const v of versionsIn(details.querySelector('.row-cells'))) if (!shown.has(v)) problems.push(`an explanation of version ${v} beside rows of version ${[...shown].join(', ')}`);
          }
          if (problems.length) w.mixed.push(problems.join('; '));
        };
        new MutationObserver(check).observe(document.getElementById('app')!, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['hidden'] });
      },
      { kinds: KINDS, base: 500, step: 300 },
    );
  }

  const mixed = () => page.evaluate(() => (window as unknown as { mixed: string[] }).mixed.splice(0));
  const rowVersions = () => page.$$eval('.body .row .cell', (cells) => [...new Set(cells.map((c) => /^v(\d)-\d+$/.exec(c.textContent ?? '')?.[1]).filter((v) => v !== undefined))]);
  const reloads = (since: number) => requests.slice(since).filter((r) => r.method === 'summary').length;

  it('reasons of a newer generation than the rows on screen are not shown: the panel reloads', async () => {
    assert.deepEqual(await rowVersions(), ['1']);
    assert.match((await page.$eval('.body', (b) => b.textContent)) ?? '', /"b"/, 'the hidden rows show their reasons');
    // The data changes and the engine reloads; the extension's refresh has not come yet. Rows
    // further down the cached first page need reasons: they come from the new generation.
    await load(2);
    const since = requests.length;
    await page.evaluate(() => ((document.querySelector('.grid') as HTMLElement).scrollTop = 400 * 22));
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.body .cell')).some((c) => /^v2-/.test(c.textContent ?? '')), undefined, { timeout: 30_000 });
    await settled();
    assert.ok(requests.slice(since).some((r) => r.method === 'reasons' && r.generation === 2), 'reasons were asked of the new generation');
    assert.ok(reloads(since) > 0, 'the panel reloaded (asked the summary again)');
    assert.deepEqual(await mixed(), [], 'no reason of the new data beside an old row');
    assert.deepEqual(await rowVersions(), ['2']);
    assert.match((await page.$eval('.body', (b) => b.textContent)) ?? '', /"c"/, 'the new rows show the new reasons');
  });

  it('tab counts of an older generation than the rows (a load between the panel’s requests) are not shown: the panel reloads; new tabs wait for their rows', async () => {
    assert.deepEqual(await rowVersions(), ['2']);
    await load(3);
    lagCounts = true; // the refresh's counts answer for generation 2, its summary and page for 3
    pageDelay = 300; // the refresh's new tabs would sit beside the old rows for this long
    const since = requests.length;
    await page.evaluate(() => window.dispatchEvent(new MessageEvent('message', { data: { type: 'refresh' } })));
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.body .cell')).some((c) => /^v3-/.test(c.textContent ?? '')), undefined, { timeout: 30_000 });
    await settled();
    pageDelay = 0;
    assert.equal(lagCounts, false, 'a counts answer of the older generation was sent');
    assert.deepEqual(await mixed(), [], 'no tab counts of other data beside the rows');
    assert.ok(reloads(since) >= 2, 'the panel reloaded once more after the refresh');
    const tags = await page.$eval('.tab[data-table="Tags"] .count', (c) => c.textContent);
    assert.equal(tags, `${(tagRows(3) / 2).toLocaleString('en-US')} / ${tagRows(3).toLocaleString('en-US')}`, 'the Tags tab counts the rows’ data');
  });

  it('an explanation of a newer generation than the rows on screen is not shown: the panel reloads and explains again', async () => {
    assert.deepEqual(await rowVersions(), ['3']);
    await load(4);
    const since = requests.length;
    const target = await page.$eval('.body .row:nth-child(5)', (r) => ({ index: (r as HTMLElement).dataset.index!, rowId: (r as HTMLElement).dataset.rowId! }));
    await page.click(`.body .row[data-index="${target.index}"] .cell[aria-colindex="2"]`);
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.body .cell')).some((c) => /^v4-/.test(c.textContent ?? '')) && document.querySelector('.details')?.getAttribute('aria-busy') === 'false' && !!document.querySelector('.details .row-cells'), undefined, { timeout: 30_000 });
    await settled();
    assert.ok(requests.slice(since).some((r) => r.method === 'explainRow' && r.generation === 4), 'the explanation was asked of the new generation');
    assert.ok(reloads(since) > 0, 'the panel reloaded');
    assert.deepEqual(await mixed(), [], 'no explanation of the new data beside the old rows');
    assert.match((await page.$eval('.details .row-cells', (d) => d.textContent)) ?? '', new RegExp(`v4-${target.rowId}(?!\\d)`), 'the row explained again on the new data');
    assert.ok(await page.evaluate(() => (window as unknown as { states: number }).states > 0));
  });
});
