// The preview panel's webview under hostile conditions, in real Chromium with the real bundle
// (dist/browser/preview-panel.js) and the extension's own HTML (panelHtml: CSP with a nonce):
// - the CSP blocks inline scripts, inline event handlers, eval and every load from another
//   origin (a second local server counts the requests it gets: none);
// - hostile messages posted from the page (wrong shapes and types, huge strings and arrays,
//   prototype-pollution keys, deep nesting) are refused by the extension's check
//   (parseWebviewMessage), logged (describeRejected), never relayed, and pollute nothing;
// - data replaced under an open preview: pages carry the engine's data generation (as the
//   server's do, server/engine-host.ts); a page of a newer generation makes the panel reload
//   instead of showing old and new rows together.
// The host shim answers from the REAL engine (engine/node.ts), as test/browser/preview-panel.test.ts does.
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { AnalysisRef, Engine } from '../../engine/engine.js';
import { startNodeEngine } from '../../engine/node.js';
import { checkWorkspace } from '../../language/check-workspace.js';
import { nodeFiles } from '../../model/node-files.js';
import { describeRejected, parseWebviewMessage, type HostMessage, type PanelState } from '../../extension/webview/messages.js';
import type { PrincipalRef } from '../../server/engine-api.js';
import { buildPanel, closeServer, openPanelPage, servePanel, settled as panelSettled } from '../support/panel-page.js';

const NONCE = 'hardeningNonce0123456789abcdefAB';
const ROWS = 5000;
const GEN: AnalysisRef = { pool: 'Gen/Notes', name: 'N' };
const ALL: PrincipalRef = { kind: 'user', name: 'all@x.com' };

/** 5,000 notes whose text names the data version ("v1-17"), so old and new rows are told apart on screen. */
function writeNotes(dir: string, version: string): void {
  const lines = ['ID,NOTE'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i},${version}-${i}`);
  writeFileSync(path.join(dir, 'gen', 'notes.csv'), lines.join('\n') + '\n');
}

function workspace(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-webview-hardening-'));
  cpSync('examples/acme', dir, { recursive: true });
  mkdirSync(path.join(dir, 'gen'));
  writeNotes(dir, 'v1');
  writeFileSync(
    path.join(dir, 'gen', 'notes.pool'),
    `team Gen {\n  user "all@x.com" role analyst\n}\npool "Notes" in Gen {\n  engine etl\n  connection C {\n    table NOTES from "notes.csv"\n  }\n  model N {\n    table C.NOTES as Notes\n  }\n}\n`,
  );
  return dir;
}

describe('webview hardening in Chromium: CSP, hostile messages, data replaced mid-preview', function () {
  this.timeout(300_000);
  let dir: string;
  let engine: Engine;
  let server: Server;
  let other: Server;
  let origin: string;
  let otherOrigin: string;
  let browser: Browser;
  let page: Page;
  /** The engine's data generation: +1 on every load, as EngineHost does. */
  let generation = 1;
  const otherRequests: string[] = [];
  const requests: { method: string; params: Record<string, unknown> }[] = [];
  /** What the extension would write to its output channel for refused messages. */
  const refusedLog: string[] = [];
  const log: string[] = [];

  async function load(): Promise<void> {
    const { model, data } = await checkWorkspace(dir);
    await engine.load(model, nodeFiles, data);
    generation++;
  }

  /** The extension's side (extension/preview-panel.ts): check, log what is refused, answer from the engine. */
  async function answer(raw: unknown): Promise<HostMessage | undefined> {
    const m = parseWebviewMessage(raw);
    if (!m) {
      refusedLog.push(describeRejected(raw));
      return undefined;
    }
    if (m.type === 'ready') return { type: 'show', state: { ref: GEN, principal: ALL, table: 'Notes' } satisfies PanelState };
    if (m.type === 'state') return undefined;
    requests.push({ method: m.method, params: m.params as unknown as Record<string, unknown> });
    try {
      const p = m.params as never as { ref: AnalysisRef; principal: PrincipalRef; table: string };
      switch (m.method) {
        case 'principals':
          return { type: 'response', id: m.id, result: [{ kind: 'user', name: ALL.name }] };
        case 'counts':
          return { type: 'response', id: m.id, result: await engine.countsFor(p.ref, p.principal) };
        case 'summary':
          return { type: 'response', id: m.id, result: { ...(await engine.summary(p.ref, p.principal)), generation } };
        case 'page': {
          const { ref, principal, table, ...options } = m.params;
          return { type: 'response', id: m.id, result: { ...(await engine.gridPage(ref, principal, table, options)), generation } };
        }
        case 'reasons':
          return { type: 'response', id: m.id, result: await engine.hiddenReasons(p.ref, p.principal, p.table, m.params.rowIds) };
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
    await load();
    ({ server, origin } = await servePanel(NONCE));
    // Another origin (another port): anything the page loads from it is a remote load.
    other = createServer((req, res) => {
      otherRequests.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': req.url?.endsWith('.js') ? 'text/javascript' : req.url?.endsWith('.css') ? 'text/css' : 'image/gif', 'access-control-allow-origin': '*' });
      res.end(req.url?.endsWith('.js') ? 'window.remoteRan = true' : '');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', () => resolve()));
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;

    ({ browser, page } = await openPanelPage(answer, { log, origin }));
    await settled();
  });

  after(async () => {
    await browser?.close();
    await closeServer(server);
    await closeServer(other);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`browser log:\n${log.join('\n')}`);
  });

  const settled = () => panelSettled(page, { rows: true });

  /** The NOTE texts of the rows on screen. */
  const notesOnScreen = () => page.$$eval('.body .row', (rows) => rows.map((r) => Array.from(r.querySelectorAll('.cell')).map((c) => c.textContent ?? '').find((t) => /^v\d-\d+$/.test(t)) ?? '').filter(Boolean));

  it('blocks inline scripts, inline handlers, eval and loads from another origin (the other server sees no request)', async () => {
    const result = await page.evaluate(
      async ({ other }) => {
        const w = window as unknown as Record<string, unknown>;
        const violations: { directive: string; blocked: string }[] = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
        const add = (html: string) => {
          const t = document.createElement('div');
          t.innerHTML = html;
          document.body.append(...Array.from(t.childNodes));
        };
        const inline = document.createElement('script');
        inline.textContent = 'window.inlineRan = true';
        document.body.append(inline);
        const remoteScript = document.createElement('script');
        remoteScript.src = `${other}/evil.js`;
        document.body.append(remoteScript);
        add(`<img src="${other}/pixel.gif" alt="">`);
        add(`<img src="data:," onerror="window.handlerRan = true" alt="">`);
        add(`<link rel="stylesheet" href="${other}/evil.css">`);
        add(`<iframe src="${other}/frame"></iframe>`);
        const img = new Image();
        img.src = `${other}/beacon.gif`;
        let fetched = 'refused';
        try {
          await fetch(`${other}/fetch`);
          fetched = 'sent';
        } catch {
          // refused by connect-src (default-src 'none')
        }
        // eval from the page's own event loop (DevTools' evaluation itself is exempt from the CSP).
        let evaluated = 'not tried';
        setTimeout(() => {
          try {
            evaluated = String(eval('1 + 1'));
          } catch {
            evaluated = 'refused'; // no 'unsafe-eval'
          }
        }, 0);
        await new Promise((r) => setTimeout(r, 500));
        return { inline: w.inlineRan === true, remote: w.remoteRan === true, handler: w.handlerRan === true, fetched, evaluated, violations };
      },
      { other: otherOrigin },
    );
    assert.equal(result.inline, false, 'inline script ran');
    assert.equal(result.remote, false, 'a script from another origin ran');
    assert.equal(result.handler, false, 'an inline event handler ran');
    assert.equal(result.fetched, 'refused');
    assert.equal(result.evaluated, 'refused');
    const directives = new Set(result.violations.map((v) => v.directive));
    for (const d of ['script-src-elem', 'script-src-attr', 'img-src', 'style-src-elem', 'frame-src', 'connect-src', 'script-src']) assert.ok(directives.has(d), `a ${d} violation: ${JSON.stringify(result.violations)}`);
    assert.ok(result.violations.some((v) => v.blocked.startsWith(otherOrigin)), 'the remote loads were blocked by the policy');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(otherRequests, [], 'no request reached the other origin');
  });

  it('refuses and logs hostile messages from the page; relays none; pollutes nothing; keeps working', async () => {
    const ref = GEN;
    const principal = ALL;
    const valid = { type: 'request', id: 900, method: 'page', params: { ref, principal, table: 'Notes', offset: 0, limit: 10 } };
    const huge = 'x'.repeat(5_000_000);
    // Built as JSON text, so __proto__ and constructor arrive as own keys, as a page could send them.
    const hostile: string[] = [
      JSON.stringify('ready'),
      'null',
      '[1,2,3]',
      '42',
      JSON.stringify({ ...valid, id: -1 }),
      JSON.stringify({ ...valid, id: 1e300 }),
      JSON.stringify({ ...valid, id: '900' }),
      JSON.stringify({ ...valid, method: 'toString' }),
      JSON.stringify({ ...valid, method: '__proto__' }),
      JSON.stringify({ ...valid, method: 'constructor' }),
      JSON.stringify({ ...valid, params: { ...valid.params, table: huge } }),
      JSON.stringify({ ...valid, params: { ...valid.params, principal: { kind: 'user', name: huge } } }),
      JSON.stringify({ ...valid, params: { ...valid.params, filters: Array.from({ length: 100_000 }, () => ({ column: 'NOTE', op: 'equals', value: 'x' })) } }),
      JSON.stringify({ type: 'request', id: 901, method: 'reasons', params: { ref, principal, table: 'Notes', rowIds: Array.from({ length: 1_000_000 }, (_, i) => i) } }),
      JSON.stringify({ ...valid, params: { ...valid.params, limit: 'all' } }),
      JSON.stringify({ ...valid, params: { ...valid.params, offset: null } }),
      JSON.stringify({ ...valid, params: { ...valid.params, sort: { column: 'ID' } } }),
      JSON.stringify({ ...valid, params: { ...valid.params, ref: ['P', 'M'] } }),
      JSON.stringify({ ...valid, params: 'offset=0' }),
      `{"type":"request","id":902,"method":"page","params":{"__proto__":{"ref":${JSON.stringify(ref)},"principal":${JSON.stringify(principal)},"table":"Notes","offset":0,"limit":10}}}`,
      `{"type":"request","id":903,"method":"page","params":{"ref":{"__proto__":${JSON.stringify(ref)}},"principal":${JSON.stringify(principal)},"table":"Notes","offset":0,"limit":10}}`,
      `{"__proto__":{"type":"ready"}}`,
      `{"type":"state","state":{"constructor":{"prototype":{"polluted":true}},"__proto__":{"polluted":true}}}`,
      JSON.stringify({ type: 'state', state: { ref, principal, scrollTop: -5 } }),
      JSON.stringify({ type: 'state', state: { ref, principal, compareWith: { kind: 'root', name: 'x' } } }),
      JSON.stringify({ ...valid, params: { ...valid.params, filters: [{ column: 'NOTE', op: 'is-null', value: { toString: 'x' } }, [[[[[[[[[[]]]]]]]]]]] } }),
      JSON.stringify({ type: 'request', id: 904, method: 'page', params: { ref: { pool: { a: { b: { c: { d: { e: { f: {} } } } } } }, name: 'N' } } }),
    ];
    const before = requests.length;
    const refusedBefore = refusedLog.length;
    const answers = await page.evaluate(async (messages) => {
      const host = (window as unknown as { sightlineHost(json: string): Promise<string | undefined> }).sightlineHost;
      const out: (string | undefined)[] = [];
      for (const m of messages) out.push(await host(m));
      return out;
    }, hostile);
    assert.deepEqual(answers, hostile.map(() => undefined), 'nothing answered: the host refused each');
    assert.equal(requests.length, before, 'none was relayed to the engine');
    assert.equal(refusedLog.length - refusedBefore, hostile.length, 'each refusal is logged');
    for (const line of refusedLog.slice(refusedBefore)) {
      assert.match(line, /^refused a malformed message from the preview webview \(type /);
      assert.ok(line.length < 200, 'the log line stays short (no message content)');
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'ref'), false);
    // The same channel still answers a well-formed request.
    const ok = await page.evaluate(async (m) => (window as unknown as { sightlineHost(json: string): Promise<string | undefined> }).sightlineHost(m), JSON.stringify(valid));
    const response = JSON.parse(ok!) as { result: { rows: unknown[] } };
    assert.equal(response.result.rows.length, 10);
  });

  it('data replaced under an open preview: a page of a newer generation reloads the panel; old and new rows never show together', async () => {
    // Show rows around the end of the first page (page size 1,000), so the next page is fetched.
    await page.evaluate(() => {
      const grid = document.querySelector('.grid') as HTMLElement;
      grid.scrollTop = 0;
    });
    await settled();
    assert.ok((await notesOnScreen()).every((n) => n.startsWith('v1-')));
    // Watch every state the grid's body goes through from now on.
    await page.evaluate(() => {
      const w = window as unknown as { mixed: string[]; seen: Set<string> };
      w.mixed = [];
      w.seen = new Set();
      const check = () => {
        const text = document.querySelector('.body')?.textContent ?? '';
        const versions = new Set(Array.from(text.matchAll(/v(\d)-\d+/g), (m) => m[1]));
        for (const v of versions) w.seen.add(v);
        if (versions.size > 1) w.mixed.push(text.slice(0, 200));
      };
      new MutationObserver(check).observe(document.querySelector('.body')!, { childList: true, subtree: true, characterData: true });
    });

    // The data file is replaced and the engine reloads (a new generation); the extension's
    // refresh (its file watcher, 700 ms later) has not come yet.
    writeNotes(dir, 'v2');
    await load();
    const summariesBefore = requests.filter((r) => r.method === 'summary').length;
    await page.evaluate(() => {
      const grid = document.querySelector('.grid') as HTMLElement;
      grid.scrollTop = 985 * 22; // rows 985…1015: the end of page 0 (cached, v1) and the start of page 1 (fetched now)
    });
    await page.waitForFunction(() => (window as unknown as { seen: Set<string> }).seen.has('2'), undefined, { timeout: 30_000 });
    await settled();
    const { mixed } = await page.evaluate(() => ({ mixed: (window as unknown as { mixed: string[] }).mixed }));
    assert.deepEqual(mixed, [], 'the grid never showed v1 and v2 rows together');
    const notes = await notesOnScreen();
    assert.ok(notes.length > 10 && notes.every((n) => n.startsWith('v2-')), `only new rows on screen: ${notes.slice(0, 5)}`);
    assert.ok(requests.filter((r) => r.method === 'summary').length > summariesBefore, 'the panel reloaded (asked the summary again) instead of appending');
    const pages = requests.filter((r) => r.method === 'page');
    assert.ok(pages.some((r) => r.params.offset === 1000), 'the page after the first was fetched (and dropped)');
  });
});
