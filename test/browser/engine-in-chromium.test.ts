// One API, two hosts: the engine in a Web Worker in real Chromium answers with exactly the
// rows the Node host computes, for every analysis and every user of the example workspace.
// Chromium is Debian's (scripts/install-chromium.sh installs it when missing; CI runs it as
// root on a fresh machine), driven by playwright-core. The worker bundle is built by
// scripts/build-browser.mjs and served with a test page from a local HTTP server.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AnalysisRef, Engine } from '../../engine/engine.js';
import { startNodeEngine } from '../../engine/node.js';
import { checkWorkspace } from '../../language/check-workspace.js';
import type { LoadedData } from '../../model/check/context.js';
import { LOCK_FILE_NAME } from '../../model/lock.js';
import { nodeFiles } from '../../model/node-files.js';
import type { WorkspaceModel } from '../../model/types.js';

const ROOT = process.cwd();
const DIST = path.join(ROOT, 'dist', 'browser');
const PAGE = path.join(ROOT, 'test', 'browser', 'page.html');
const CHROMIUM = '/usr/bin/chromium';
const WORKSPACE = 'examples/acme';

type Rows = Record<string, number[]>;
type Ref = AnalysisRef & { kind: string };

/** Runs a command; rejects with everything it printed when it fails. */
function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: ROOT, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed (${error.message.split('\n')[0]}):\n${stdout}${stderr}`));
      else resolve(stdout + stderr);
    });
  });
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/** Maps as {"$map": entries}, which the page revives. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_, v) => (v instanceof Map ? { $map: [...v.entries()] } : v));
}

interface Served {
  server: Server;
  origin: string;
  /** Requests for /secret.csv: the lockdown must keep DuckDB from ever sending one. */
  secretHits: number;
}

function serve(workspaceJson: string, files: Set<string>): Promise<Served> {
  const served = { secretHits: 0 } as Served;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    try {
      if (url.pathname === '/' || url.pathname === '/index.html') return send(200, readFileSync(PAGE), CONTENT_TYPES['.html']);
      if (url.pathname === '/workspace.json') return send(200, workspaceJson, 'application/json');
      if (url.pathname === '/secret.csv') {
        served.secretHits++;
        return send(200, 'secret\nleaked\n', 'text/csv');
      }
      if (url.pathname === '/file') {
        const p = url.searchParams.get('path') ?? '';
        // Only the workspace's own files, never an arbitrary path.
        return files.has(p) ? send(200, readFileSync(p), 'application/octet-stream') : send(404, 'not a workspace file');
      }
      const name = url.pathname.slice(1);
      if (/^[\w.-]+$/.test(name) && CONTENT_TYPES[path.extname(name)]) return send(200, readFileSync(path.join(DIST, name)), CONTENT_TYPES[path.extname(name)]);
      return send(404, 'not found');
    } catch (e) {
      return send(500, String(e));
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      served.server = server;
      served.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve(served);
    }),
  );
}

describe('engine in Chromium (Web Worker host)', function () {
  this.timeout(120_000);

  let model: WorkspaceModel;
  let data: LoadedData;
  let node: Engine;
  let served: Served | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const browserLog: string[] = [];
  const timings: Record<string, number> = {};

  const inPage = async <T>(expression: string): Promise<T> => {
    try {
      return (await page.evaluate(expression)) as T;
    } catch (e) {
      throw new Error(`${e instanceof Error ? e.message : String(e)}\nbrowser log:\n${browserLog.join('\n')}`);
    }
  };
  const js = (v: unknown) => JSON.stringify(v);

  before(async function () {
    // A fresh CI machine installs Chromium from Debian here: give apt time.
    this.timeout(600_000);
    let t = Date.now();
    await run('sh', ['scripts/install-chromium.sh'], 540_000);
    timings.installChromium = Date.now() - t;

    t = Date.now();
    await run(process.execPath, ['scripts/build-browser.mjs'], 120_000);
    timings.build = Date.now() - t;

    t = Date.now();
    ({ model, data } = await checkWorkspace(WORKSPACE));
    node = await startNodeEngine();
    await node.load(model, nodeFiles, data);
    timings.nodeLoad = Date.now() - t;

    // What a browser host receives: every data file, every permission CSV, the lock file.
    const files = new Set([
      ...model.pools.flatMap((p) => p.connections.flatMap((c) => c.tables.map((t) => t.file))),
      ...model.permissions.flatMap((s) => s.tables.map((t) => t.file)),
    ]);
    const lock = path.join(model.root, LOCK_FILE_NAME);
    if (await nodeFiles.stat(lock)) files.add(lock);
    served = await serve(toJson({ model, data, files: [...files] }), files);

    t = Date.now();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Root (CI) cannot use Chromium's sandbox; containers often have a tiny /dev/shm.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-dev-shm-usage'],
    });
    page = await browser.newPage();
    page.on('console', (m) => browserLog.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => browserLog.push(`[pageerror] ${e.message}`));
    page.on('worker', (w) => w.on('close', () => browserLog.push(`[worker closed] ${w.url()}`)));
    await page.goto(served.origin + '/');
    await page.waitForFunction('window.engineTestReady === true', undefined, { timeout: 30_000 });
    timings.launch = Date.now() - t;

    t = Date.now();
    timings.workerStartInPage = await inPage<number>('window.engineTest.start()');
    timings.workerStart = Date.now() - t;
  });

  after(async () => {
    await browser?.close();
    if (served) await new Promise<void>((resolve) => served!.server.close(() => resolve()));
    if (process.env.SIGHTLINE_TIMINGS) console.log('browser test timings (ms):', timings);
  });

  it('bundles exactly one apache-arrow and no Node built-in into the worker', () => {
    const meta = JSON.parse(readFileSync(path.join(DIST, 'engine-worker.meta.json'), 'utf8')) as {
      inputs: Record<string, { imports: { path: string; original?: string; external?: boolean }[] }>;
    };
    const imports = Object.values(meta.inputs).flatMap((i) => i.imports);
    const arrow = new Set(imports.filter((i) => i.original === 'apache-arrow').map((i) => i.path));
    assert.deepEqual([...arrow], ['node_modules/apache-arrow/Arrow.dom.mjs']);
    assert.ok(Object.keys(meta.inputs).some((p) => p.endsWith('@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs')));
    assert.deepEqual(imports.filter((i) => i.path !== '<runtime>' && (i.external || i.path.startsWith('node:'))), []);
    assert.ok(!Object.keys(meta.inputs).some((p) => p.includes('node-files') || p.endsWith('engine/node.ts')), 'a Node-only module is in the bundle');
  });

  describe('with the LoadedData Node computed (structured clone of its Maps)', () => {
    before(async () => {
      const t = Date.now();
      const report = await inPage<{ loaded: string[]; errors: unknown[] }>('window.engineTest.load(true)');
      timings.browserLoadWithData = Date.now() - t;
      assert.deepEqual(report.errors, []);
      assert.equal(report.loaded.length, new Set(model.pools.flatMap((p) => p.connections.flatMap((c) => c.tables.map((t) => t.file)))).size);
    });

    it('returns the same rows as Node for every analysis and every user', async () => {
      const t = Date.now();
      await sameRowsAsNode();
      timings.compareAll = Date.now() - t;
    });

    it('reports engine errors with their suggestions across the worker boundary', async () => {
      const [ref] = node.listAnalyses();
      const error = await inPage<{ name: string; message: string; suggestions: string[] } | undefined>(
        `window.engineTest.error(${js({ pool: ref.pool, name: ref.name })}, 'nobody@example.com')`,
      );
      assert.ok(error, 'an unknown user was accepted');
      assert.equal(error.name, 'EngineError');
      assert.match(error.message, /nobody@example\.com is not a user of team/);
      assert.deepEqual(error.suggestions, node.usersOf(ref));
    });

    it('keeps the lockdown in the browser: no local file, no write, no URL, no setting changed back', async () => {
      const result = await inPage<{
        attempts: { name: string; sql: string; refused: boolean; detail: string }[];
        control: { refused: boolean; detail: string };
      }>(`window.engineTest.probe(${js(served!.origin + '/secret.csv')})`);
      assert.equal(result.control.refused, false, `the probe cannot read its own file inside the engine folder: ${result.control.detail}`);
      assert.ok(result.attempts.some((a) => a.sql.includes("read_csv('/etc/passwd')")));
      assert.ok(result.attempts.some((a) => a.sql.includes('/secret.csv')));
      // Refused by the lockdown itself, not by a missing file: without it (measured), the
      // browser build writes files, reads registered files anywhere, fetches URLs and lets
      // the settings change.
      for (const a of result.attempts) {
        assert.ok(a.refused, `not refused in the browser: ${a.name} (${a.sql}) → ${a.detail}`);
        assert.match(a.detail, /Permission Error|configuration has been locked/, `${a.name}: refused for another reason`);
      }
      assert.equal(served!.secretHits, 0, 'DuckDB sent an HTTP request despite enable_external_access = false');
    });
  });

  describe('without LoadedData (the worker reads schemas, permission tables and the lock itself)', () => {
    before(async () => {
      const report = await inPage<{ errors: unknown[] }>('window.engineTest.load(false)');
      assert.deepEqual(report.errors, []);
    });

    it('returns the same rows as Node for every analysis and every user', () => sameRowsAsNode());
  });

  async function sameRowsAsNode(): Promise<void> {
    const analyses = node.listAnalyses();
    assert.deepEqual(await inPage<Ref[]>('window.engineTest.analyses()'), analyses);
    assert.ok(analyses.length > 0, 'the example workspace has no analyses');
    let compared = 0;
    let partial = 0;
    for (const a of analyses) {
      const ref = { pool: a.pool, name: a.name };
      const users = node.usersOf(ref);
      assert.deepEqual(await inPage<string[]>(`window.engineTest.users(${js(ref)})`), users);
      const totals = new Map(node.analysis(ref).tables.map((t) => [t.name, t.source?.total ?? 0]));
      for (const email of users) {
        const expected = Object.fromEntries(await node.visibleRowIds(ref, email));
        const actual = await inPage<Rows>(`window.engineTest.rows(${js(ref)}, ${js(email)})`);
        assert.deepEqual(actual, expected, `${a.pool} / ${a.name} as ${email}`);
        compared++;
        for (const [table, ids] of Object.entries(expected)) if (ids.length > 0 && ids.length < totals.get(table)!) partial++;
      }
    }
    assert.ok(compared > 0, 'no user was compared');
    // Some user sees some but not all rows of a table: the comparison cannot pass vacuously.
    assert.ok(partial > 0, 'every comparison was all-or-nothing');
  }
});
