// The preview panel's webview in real Chromium (playwright-core, Debian's chromium), for the
// browser tests: the extension's own HTML (panelHtml, with its CSP and nonce) and the real bundle
// (dist/browser/preview-panel.js) served from a local origin, and a page whose acquireVsCodeApi
// sends every message to this process (an answer function, the host shim) and dispatches its
// answers back as message events, as VS Code's webview host does.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../extension/webview/html.js';
import type { HostMessage } from '../../extension/webview/messages.js';

const ROOT = process.cwd();
const DIST = path.join(ROOT, 'dist', 'browser');
const CHROMIUM = '/usr/bin/chromium';

export function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: ROOT, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed (${error.message.split('\n')[0]}):\n${stdout}${stderr}`));
      else resolve(stdout + stderr);
    });
  });
}

/** Installs Chromium when missing and builds the webview bundle (dist/browser/). */
export async function buildPanel(): Promise<void> {
  await run('sh', ['scripts/install-chromium.sh'], 540_000);
  await run(process.execPath, ['scripts/build-browser.mjs'], 120_000);
}

/**
 * Serves the panel's HTML at `/` and the bundle's script and style (and, with `font`, the codicon
 * font) on 127.0.0.1, a free port; anything else is a 404.
 */
export async function servePanel(nonce: string, options: { font?: boolean } = {}): Promise<{ server: Server; origin: string }> {
  let origin = '';
  const files: Record<string, string> = { '/preview-panel.js': 'text/javascript', '/preview-panel.css': 'text/css', ...(options.font ? { '/codicon.ttf': 'font/ttf' } : {}) };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: string | Buffer, type: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/') return send(200, panelHtml({ cspSource: origin, nonce, scriptUri: `${origin}/preview-panel.js`, styleUri: `${origin}/preview-panel.css` }), 'text/html; charset=utf-8');
    const type = Object.hasOwn(files, url.pathname) ? files[url.pathname] : undefined;
    if (type) return send(200, readFileSync(path.join(DIST, url.pathname.slice(1))), type);
    return send(404, 'not found', 'text/plain');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin };
}

/** Closes a server (if it was started). */
export function closeServer(server: Server | undefined): Promise<void> {
  return new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

/** The extension's side of the webview's messages: an answer to post back, or none. */
export type PanelHost = (message: unknown) => Promise<HostMessage | undefined>;

/**
 * Launches Chromium and opens a page whose acquireVsCodeApi talks to `answer`; the page's console
 * and errors are appended to `log`. With `origin`, the page goes there and waits for the tabs.
 */
export async function openPanelPage(answer: PanelHost, options: { log?: string[]; origin?: string } = {}): Promise<{ browser: Browser; page: Page; log: string[] }> {
  const log = options.log ?? [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
  await page.exposeFunction('sightlineHost', (json: string) => answer(JSON.parse(json)).then((r) => (r ? JSON.stringify(r) : undefined)));
  // VS Code's acquireVsCodeApi: messages go to this process; answers come back as message events.
  // A string, not a function: tsx's transform would add calls to its __name helper, which the
  // page lacks; the page gets a no-op __name for the functions the tests evaluate there.
  await page.addInitScript(`
    window.__name = (f) => f;
    let saved;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => void window.sightlineHost(JSON.stringify(m)).then((r) => {
        if (r) window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(r) }));
      }),
      getState: () => saved,
      setState: (s) => { saved = s; },
    });
  `);
  if (options.origin) {
    await page.goto(options.origin + '/');
    await page.waitForSelector('.tab');
  }
  return { browser, page, log };
}

/** What else `settled` waits for, besides a grid not busy and no loading row. */
export interface SettledWait {
  /** The panel (#app) not busy either. */
  app?: boolean;
  /** At least one row in the grid's body. */
  rows?: boolean;
  /** This text ("explaining…") no longer in the grid's body. */
  notText?: string;
}

/** Waits (up to 60 s) until no page or reason request is outstanding and the grid shows no loading row. */
export async function settled(page: Page, wait: SettledWait = {}): Promise<void> {
  await page.waitForFunction(
    ({ app, rows, notText }) =>
      document.querySelector('.grid')?.getAttribute('aria-busy') !== 'true' &&
      (!app || document.getElementById('app')?.getAttribute('aria-busy') !== 'true') &&
      !document.querySelector('.row.loading') &&
      (!rows || document.querySelectorAll('.body .row').length > 0) &&
      (notText === undefined || !(document.querySelector('.body')?.textContent ?? '').includes(notText)),
    { app: wait.app ?? false, rows: wait.rows ?? false, notText: wait.notText },
    { timeout: 60_000 },
  );
}
