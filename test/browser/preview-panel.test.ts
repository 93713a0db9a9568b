// The preview panel's webview bundle (dist/browser/preview-panel.js) in real Chromium, with a
// small host shim in place of VS Code: acquireVsCodeApi's postMessage goes to this process,
// which checks each message as the extension does (parseWebviewMessage) and answers from the
// REAL engine (engine/node.ts) — examples/acme plus a generated 200,000-row model. The page is
// the extension's own HTML (panelHtml) with its CSP and nonce. Screenshots in light, dark and
// VS Code's two high-contrast themes (their real --vscode-* values and body classes) go to
// docs/images/preview-panel-{light,dark,hc-dark,hc-light}.png; the high-contrast ones are also
// checked for text contrast, borders and focus outlines.
import { strict as assert } from 'node:assert';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { AnalysisRef, Engine } from '../../engine/engine.js';
import { startNodeEngine } from '../../engine/node.js';
import { checkWorkspace } from '../../language/check-workspace.js';
import { nodeFiles } from '../../model/node-files.js';
import { parseWebviewMessage, type HostMessage, type PanelState } from '../../extension/webview/messages.js';
import { streamCsv } from '../../extension/webview/csv-export.js';
import { textRows, toCsv } from '../../cli/format-rows.js';
import type { PrincipalRef } from '../../server/engine-api.js';
import { buildPanel, closeServer, openPanelPage, servePanel, settled as panelSettled } from '../support/panel-page.js';

const ROOT = process.cwd();
const NONCE = 'testNonce0123456789abcdefABCDEF';
const BIG_ROWS = 200_000;

/** Pictures that are looked at but not kept (focus rings in high contrast). */
const tmpdirImages = mkdtempSync(path.join(os.tmpdir(), 'sightline-panel-shots-'));

const AP: AnalysisRef = { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' };
const BIG: AnalysisRef = { pool: 'Gen/Big', name: 'M' };
const OPEN: AnalysisRef = { pool: 'Gen/Open', name: 'O' };

/** examples/acme plus a generated team and pool: Vendors → Invoices, 200,000 invoices, NULL and '' notes. */
function workspace(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-panel-'));
  cpSync('examples/acme', dir, { recursive: true });
  let seed = 20261122;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const vendors = ['LIFNR,LAND1'];
  const lands = ['DE', 'FR', 'IT', 'AT'];
  for (let i = 0; i < 2000; i++) vendors.push(`V${i},${lands[i % lands.length]}`);
  const invoices = ['BELNR,LIFNR,BUKRS,WRBTR,NOTE'];
  for (let i = 0; i < BIG_ROWS; i++) {
    // NOTE: NULL (empty field), '' (quoted empty) or text, so the grid shows both kinds.
    const note = i % 7 === 0 ? '' : i % 7 === 1 ? '""' : `n${i % 13}`;
    invoices.push(`${5_000_000_000 + i},V${Math.floor(rand() * 2000)},${1000 * (1 + (i % 3))},${(rand() * 10000).toFixed(2)},${note}`);
  }
  mkdirSync(path.join(dir, 'gen'));
  writeFileSync(path.join(dir, 'gen', 'vendors.csv'), vendors.join('\n') + '\n');
  writeFileSync(path.join(dir, 'gen', 'invoices.csv'), invoices.join('\n') + '\n');
  writeFileSync(
    path.join(dir, 'gen', 'big.pool'),
    `team Gen {\n  user "all@x.com" role analyst\n  user "de@x.com" role analyst\n  user "nobody@x.com" role analyst\n}\npool "Big" in Gen {\n  engine etl\n  connection C {\n    table LFA1 from "vendors.csv"\n    table BKPF from "invoices.csv"\n  }\n  model M {\n    table C.LFA1 as Vendors\n    table C.BKPF as Invoices\n    join Vendors.LIFNR -> Invoices.LIFNR\n  }\n}\n`,
  );
  // A pool without permissions (everyone sees everything) whose second table's file is missing.
  writeFileSync(
    path.join(dir, 'gen', 'open.pool'),
    `pool "Open" in Gen {\n  engine etl\n  connection D {\n    table LFA1 from "vendors.csv"\n    table GONE from "missing.csv"\n  }\n  model O {\n    table D.LFA1 as Vendors\n    table D.GONE as Gone\n  }\n}\n`,
  );
  writeFileSync(
    path.join(dir, 'gen', 'big.perm'),
    `permissions for "Gen/Big".M {\n  use data permissions\n  user "all@x.com" {\n    Invoices.BUKRS in "1000", "2000", "3000"\n  }\n  user "de@x.com" {\n    Vendors.LAND1 in "DE"\n  }\n}\n`,
  );
  return dir;
}

const FONTS: Record<string, string> = {
  '--vscode-font-family': 'system-ui, "Segoe UI", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"DejaVu Sans Mono", monospace',
  '--vscode-editor-font-size': '12px',
};
const LIGHT: Record<string, string> = {
  ...FONTS,
  '--vscode-foreground': '#3b3b3b',
  '--vscode-descriptionForeground': '#717171',
  '--vscode-disabledForeground': '#8e8e8e',
  '--vscode-errorForeground': '#c72e0f',
  '--vscode-editor-background': '#ffffff',
  '--vscode-focusBorder': '#005fb8',
  '--vscode-button-secondaryBackground': '#e5e5e5',
  '--vscode-button-secondaryForeground': '#3b3b3b',
  '--vscode-button-secondaryHoverBackground': '#cccccc',
  '--vscode-dropdown-border': '#cecece',
  '--vscode-input-background': '#ffffff',
  '--vscode-input-foreground': '#3b3b3b',
  '--vscode-input-border': '#cecece',
  '--vscode-input-placeholderForeground': '#767676',
  '--vscode-quickInput-background': '#f8f8f8',
  '--vscode-widget-border': '#e5e5e5',
  '--vscode-widget-shadow': 'rgba(0,0,0,0.16)',
  '--vscode-list-hoverBackground': '#f2f2f2',
  '--vscode-list-activeSelectionBackground': '#e8e8e8',
  '--vscode-list-activeSelectionForeground': '#000000',
  '--vscode-list-inactiveSelectionBackground': '#f7f7f7',
  '--vscode-list-focusBackground': '#dde9f7',
  '--vscode-badge-background': '#cccccc',
  '--vscode-badge-foreground': '#3b3b3b',
  '--vscode-panel-border': '#e5e5e5',
  '--vscode-panelTitle-activeForeground': '#3b3b3b',
  '--vscode-panelTitle-inactiveForeground': '#3b3b3b99',
  '--vscode-panelTitle-activeBorder': '#005fb8',
  '--vscode-editorGroup-border': '#eeeeee',
  '--vscode-diffEditor-removedLineBackground': '#ffeef0',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-purple': '#652d90',
};
const DARK: Record<string, string> = {
  ...LIGHT,
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-disabledForeground': '#8b8b8b',
  '--vscode-errorForeground': '#f88070',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-button-secondaryHoverBackground': '#3c3c3c',
  '--vscode-dropdown-border': '#3c3c3c',
  '--vscode-input-background': '#313131',
  '--vscode-input-foreground': '#cccccc',
  '--vscode-input-border': '#3c3c3c',
  '--vscode-input-placeholderForeground': '#989898',
  '--vscode-quickInput-background': '#222222',
  '--vscode-widget-border': '#313131',
  '--vscode-widget-shadow': 'rgba(0,0,0,0.36)',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-list-activeSelectionBackground': '#04395e',
  '--vscode-list-activeSelectionForeground': '#ffffff',
  '--vscode-list-inactiveSelectionBackground': '#252526',
  '--vscode-list-focusBackground': '#062f4a',
  '--vscode-badge-background': '#616161',
  '--vscode-badge-foreground': '#f8f8f8',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-panelTitle-activeForeground': '#e7e7e7',
  '--vscode-panelTitle-inactiveForeground': '#9d9d9d',
  '--vscode-panelTitle-activeBorder': '#0078d4',
  '--vscode-editorGroup-border': '#2b2b2b',
  '--vscode-diffEditor-removedLineBackground': '#4b1818',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-purple': '#b180d7',
};

/** VS Code 1.100's Default High Contrast (hc-black), as its webviews get it, for every variable preview-panel.css reads; the others (selection and hover backgrounds, diff line tints, shadows) are undefined there, so the CSS must not need them. */
const HC_DARK: Record<string, string> = {
  ...FONTS,
  '--vscode-badge-background': '#000000',
  '--vscode-badge-foreground': '#ffffff',
  '--vscode-button-secondaryForeground': '#ffffff',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-contrastActiveBorder': '#f38518',
  '--vscode-contrastBorder': '#6fc3df',
  '--vscode-descriptionForeground': 'rgba(255, 255, 255, 0.7)',
  '--vscode-diffEditor-insertedTextBorder': '#33ff2e',
  '--vscode-diffEditor-removedTextBorder': '#ff008f',
  '--vscode-disabledForeground': '#a5a5a5',
  '--vscode-dropdown-background': '#000000',
  '--vscode-dropdown-border': '#6fc3df',
  '--vscode-dropdown-foreground': '#ffffff',
  '--vscode-editor-background': '#000000',
  '--vscode-editorError-foreground': '#f48771',
  '--vscode-editorGroup-border': '#6fc3df',
  '--vscode-editorInfo-foreground': '#3794ff',
  '--vscode-editorWarning-foreground': '#ffd370',
  '--vscode-editorWidget-background': '#0c141f',
  '--vscode-errorForeground': '#f48771',
  '--vscode-focusBorder': '#f38518',
  '--vscode-foreground': '#ffffff',
  '--vscode-gitDecoration-addedResourceForeground': '#a1e3ad',
  '--vscode-gitDecoration-deletedResourceForeground': '#c74e39',
  '--vscode-icon-foreground': '#ffffff',
  '--vscode-input-background': '#000000',
  '--vscode-input-border': '#6fc3df',
  '--vscode-input-foreground': '#ffffff',
  '--vscode-input-placeholderForeground': 'rgba(255, 255, 255, 0.7)',
  '--vscode-inputOption-activeBorder': '#6fc3df',
  '--vscode-inputValidation-errorBackground': '#000000',
  '--vscode-list-focusOutline': '#f38518',
  '--vscode-list-hoverBackground': 'rgba(255, 255, 255, 0.1)',
  '--vscode-menu-background': '#000000',
  '--vscode-menu-border': '#6fc3df',
  '--vscode-menu-foreground': '#ffffff',
  '--vscode-menu-selectionBorder': '#f38518',
  '--vscode-panel-border': '#6fc3df',
  '--vscode-panelTitle-activeBorder': '#6fc3df',
  '--vscode-panelTitle-activeForeground': '#ffffff',
  '--vscode-panelTitle-inactiveForeground': '#ffffff',
  '--vscode-progressBar-background': '#6fc3df',
  '--vscode-quickInput-background': '#0c141f',
  '--vscode-quickInput-foreground': '#ffffff',
  '--vscode-widget-border': '#6fc3df',
};
/** VS Code 1.100's Default High Contrast Light (hc-light), the same way. */
const HC_LIGHT: Record<string, string> = {
  ...FONTS,
  '--vscode-badge-background': '#0f4a85',
  '--vscode-badge-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#ffffff',
  '--vscode-button-secondaryForeground': '#292929',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-green': '#374e06',
  '--vscode-charts-purple': '#652d90',
  '--vscode-contrastActiveBorder': '#006bbd',
  '--vscode-contrastBorder': '#0f4a85',
  '--vscode-descriptionForeground': 'rgba(41, 41, 41, 0.7)',
  '--vscode-diffEditor-insertedTextBorder': '#374e06',
  '--vscode-diffEditor-removedTextBorder': '#ad0707',
  '--vscode-disabledForeground': '#7f7f7f',
  '--vscode-dropdown-background': '#ffffff',
  '--vscode-dropdown-border': '#0f4a85',
  '--vscode-dropdown-foreground': '#292929',
  '--vscode-editor-background': '#ffffff',
  '--vscode-editorError-foreground': '#b5200d',
  '--vscode-editorGroup-border': '#0f4a85',
  '--vscode-editorInfo-foreground': '#1a85ff',
  '--vscode-editorWarning-foreground': '#895503',
  '--vscode-editorWidget-background': '#ffffff',
  '--vscode-errorForeground': '#b5200d',
  '--vscode-focusBorder': '#006bbd',
  '--vscode-foreground': '#292929',
  '--vscode-gitDecoration-addedResourceForeground': '#374e06',
  '--vscode-gitDecoration-deletedResourceForeground': '#ad0707',
  '--vscode-icon-foreground': '#292929',
  '--vscode-input-background': '#ffffff',
  '--vscode-input-border': '#0f4a85',
  '--vscode-input-foreground': '#292929',
  '--vscode-input-placeholderForeground': 'rgba(41, 41, 41, 0.7)',
  '--vscode-inputOption-activeBorder': '#0f4a85',
  '--vscode-inputValidation-errorBackground': '#ffffff',
  '--vscode-list-activeSelectionBackground': 'rgba(15, 74, 133, 0.1)',
  '--vscode-list-focusOutline': '#006bbd',
  '--vscode-list-hoverBackground': 'rgba(15, 74, 133, 0.1)',
  '--vscode-list-inactiveSelectionBackground': 'rgba(15, 74, 133, 0.1)',
  '--vscode-menu-background': '#ffffff',
  '--vscode-menu-border': '#0f4a85',
  '--vscode-menu-foreground': '#292929',
  '--vscode-menu-selectionBackground': 'rgba(15, 74, 133, 0.1)',
  '--vscode-menu-selectionBorder': '#006bbd',
  '--vscode-panel-border': '#0f4a85',
  '--vscode-panelTitle-activeBorder': '#b5200d',
  '--vscode-panelTitle-activeForeground': '#292929',
  '--vscode-panelTitle-inactiveForeground': '#292929',
  '--vscode-progressBar-background': '#0f4a85',
  '--vscode-quickInput-background': '#ffffff',
  '--vscode-quickInput-foreground': '#292929',
  '--vscode-textBlockQuote-background': '#f2f2f2',
  '--vscode-widget-border': '#0f4a85',
};
/** The class VS Code's webview host puts on <body> for each kind of theme (contrib/webview/browser/pre/index.html). */
const BODY_CLASS = new Map<Record<string, string>, string>([
  [LIGHT, 'vscode-light'],
  [DARK, 'vscode-dark'],
  [HC_DARK, 'vscode-high-contrast'],
  [HC_LIGHT, 'vscode-high-contrast-light vscode-high-contrast'],
]);

describe('preview panel webview in Chromium (real engine behind a host shim)', function () {
  this.timeout(120_000);

  let engine: Engine;
  let dir: string;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let initial: PanelState;
  const log: string[] = [];
  /** Delays the answers to page requests (an engine still loading). */
  let pageDelayMs = 0;
  /** Every request the page sent, checked and answered. */
  const requests: { method: string; params: Record<string, unknown> }[] = [];
  const rejected: unknown[] = [];

  async function answer(raw: unknown): Promise<HostMessage | undefined> {
    const m = parseWebviewMessage(raw);
    if (!m) {
      rejected.push(raw);
      return undefined;
    }
    if (m.type === 'ready') return { type: 'show', state: initial };
    if (m.type === 'state') return undefined;
    requests.push({ method: m.method, params: m.params as unknown as Record<string, unknown> });
    try {
      const p = m.params as never as { ref: AnalysisRef; principal: PrincipalRef; table: string };
      switch (m.method) {
        case 'principals': {
          const { index } = engine.workspace;
          const team = index.teams.get(engine.analysis(m.params.ref).pool.team.name)!;
          const result = [
            ...team.users.map((u) => {
              const groups = index.groupsOf(team.name, u.email).map((g) => g.name);
              return { kind: 'user' as const, name: u.email, role: u.role?.name, groups, detail: [u.role?.name, ...groups].filter(Boolean).join(' · ') };
            }),
            ...team.groups.map((g) => ({ kind: 'group' as const, name: g.name, detail: `group of ${g.members.length}` })),
          ];
          return { type: 'response', id: m.id, result };
        }
        case 'counts':
          return { type: 'response', id: m.id, result: await engine.countsFor(p.ref, p.principal) };
        case 'summary':
          return { type: 'response', id: m.id, result: await engine.summary(p.ref, p.principal) };
        case 'page': {
          if (pageDelayMs) await new Promise((r) => setTimeout(r, pageDelayMs));
          const { ref, principal, table, ...options } = m.params;
          return { type: 'response', id: m.id, result: await engine.gridPage(ref, principal, table, options) };
        }
        case 'reasons':
          return { type: 'response', id: m.id, result: await engine.hiddenReasons(p.ref, p.principal, p.table, m.params.rowIds) };
        case 'exportCsv': {
          // What the extension does after its save dialog: pages from the engine, appended to a file.
          const file = path.join(dir, `export-${m.id}.csv`);
          writeFileSync(file, '');
          const { ref, principal, table, sort, filters } = m.params;
          const r = await streamCsv((offset, limit) => engine.gridPage(ref, principal, table, { offset, limit, sort, filters }), async (text) => appendFileSync(file, text), { pageRows: 10_000 });
          return { type: 'response', id: m.id, result: { file, ...r } };
        }
        case 'openPermissions': {
          // What the extension does: finds the `permissions for "Pool".Model` block (and opens it).
          for (const f of ['gen/big.perm', 'permissions/accounts-payable.perm']) {
            const text = readFileSync(path.join(dir, f), 'utf8');
            const at = text.indexOf(`permissions for "${m.params.ref.pool}".${m.params.ref.name}`);
            if (at >= 0) return { type: 'response', id: m.id, result: { file: f, line: text.slice(0, at).split('\n').length - 1 } };
          }
          return { type: 'response', id: m.id, result: null };
        }
        case 'diffCounts':
          return { type: 'response', id: m.id, result: await engine.diffFor(m.params.ref, m.params.a, m.params.b) };
        case 'explainRow':
          return { type: 'response', id: m.id, result: await engine.explainRow(p.ref, p.principal, p.table, m.params.rowId) };
      }
    } catch (e) {
      return { type: 'response', id: m.id, error: (e as Error).message };
    }
  }

  async function open(state: PanelState, theme = LIGHT): Promise<void> {
    initial = state;
    requests.length = 0;
    await page.goto(origin + '/');
    await page.evaluate(
      ([vars, kind]) => {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.body.className = kind;
      },
      [theme, BODY_CLASS.get(theme) ?? ''] as const,
    );
    await page.waitForSelector('.tab');
    await settled();
  }

  /** Waits until no page or reason request is outstanding and the grid shows no loading row. */
  const settled = () => panelSettled(page, { notText: 'explaining…' });

  const tabCounts = () => page.$$eval('.tab', (tabs) => tabs.map((t) => ({ table: (t as HTMLElement).dataset.table!, text: t.querySelector('.count')!.textContent! })));
  const fmt = (n: number) => n.toLocaleString('en-US');

  /** The rendered rows from data-index `from` on, as text cells (NULL as null). */
  function domRows(from: number, count: number) {
    return page.$$eval(
      '.body .row',
      (rows, [from, count]) =>
        rows
          .map((r) => r as HTMLElement)
          .filter((r) => Number(r.dataset.index) >= from && Number(r.dataset.index) < from + count)
          .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
          .map((r) => ({
            index: Number(r.dataset.index),
            rowId: Number(r.dataset.rowId),
            hidden: r.classList.contains('hidden-row'),
            cells: Array.from(r.querySelectorAll('.cell')).map((c) => (c.querySelector('.null') && c.textContent === 'NULL' ? null : c.textContent)),
          })),
      [from, count] as const,
    );
  }

  /** The engine's page as the grid renders it (DOUBLE 12.0 with .0, NULL as null). */
  async function engineRows(ref: AnalysisRef, principal: PrincipalRef, table: string, options: Parameters<Engine['gridPage']>[3]) {
    const p = await engine.gridPage(ref, principal, table, options);
    return p.rows.map((r, i) => ({
      rowId: p.rowIds[i],
      cells: r.map((v, j) => (v === null ? null : typeof v === 'number' && p.columns[j].type === 'DOUBLE' && Number.isInteger(v) ? `${v}.0` : String(v))),
    }));
  }

  before(async function () {
    this.timeout(600_000);
    await buildPanel();
    dir = workspace();
    const { model, data } = await checkWorkspace(dir);
    engine = await startNodeEngine();
    const report = await engine.load(model, nodeFiles, data);
    assert.equal(report.errors.length, 1, 'only the deliberately missing file');
    assert.match(report.errors[0].message, /missing\.csv/);

    ({ server, origin } = await servePanel(NONCE, { font: true }));
    ({ browser, page } = await openPanelPage(answer, { log }));
  });

  after(async () => {
    await browser?.close();
    await closeServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
    rmSync(tmpdirImages, { recursive: true, force: true });
    if (log.some((l) => l.startsWith('[pageerror]'))) console.log(log.join('\n'));
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`browser log:\n${log.join('\n')}`);
  });

  it('shows the engine’s counts per table, and switching user through the picker changes them', async () => {
    const users = engine.usersOf(AP);
    const [a, b] = ['p.buyer@acme.com', 's.dubois@acme.com'];
    assert.ok(users.includes(a) && users.includes(b));
    await open({ ref: AP, principal: { kind: 'user', name: a } });
    const expectA = (await engine.countsFor(AP, { kind: 'user', name: a })).map((c) => ({ table: c.table, text: `${fmt(c.visible)} / ${fmt(c.total)}` }));
    assert.deepEqual(await tabCounts(), expectA);
    assert.match((await page.textContent('.summary'))!, /AccountsPayable \(model\) as p\.buyer@acme\.com · data permissions on · combine/);

    await page.click('.who');
    await page.fill('.search', 'dubois');
    const options = await page.$$eval('.option', (o) => o.map((x) => x.textContent));
    assert.equal(options.length, 1, `one match: ${options}`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((name) => document.querySelector('.who')?.textContent?.includes(name), b);
    assert.equal(await page.$eval('.who', (w) => w.getAttribute('aria-expanded')), 'false', 'the picker closed');
    await settled();
    const expectB = (await engine.countsFor(AP, { kind: 'user', name: b })).map((c) => ({ table: c.table, text: `${fmt(c.visible)} / ${fmt(c.total)}` }));
    await page.waitForFunction((want) => JSON.stringify(Array.from(document.querySelectorAll('.tab .count')).map((c) => c.textContent)) === JSON.stringify(want), expectB.map((e) => e.text));
    assert.deepEqual(await tabCounts(), expectB);
    assert.notDeepEqual(expectA, expectB, 'the two users see different counts');

    // A group ("view as group") from the same picker.
    const group = engine.groupsOf(AP)[0];
    await page.click('.who');
    await page.fill('.search', group);
    await page.click(`.option.group >> text=${group}`);
    await page.waitForFunction((name) => document.querySelector('.who')?.textContent?.includes(`group "${name}"`), group);
    await settled();
    const expectG = (await engine.countsFor(AP, { kind: 'group', name: group })).map((c) => `${fmt(c.visible)} / ${fmt(c.total)}`);
    assert.deepEqual((await tabCounts()).map((t) => t.text), expectG);
    assert.deepEqual(rejected, [], 'every message the page sent passes the extension’s checks');
  });

  it('pages through 200,000 rows: scrolling fetches further pages whose rows match the engine', async () => {
    const who: PrincipalRef = { kind: 'user', name: 'all@x.com' };
    await open({ ref: BIG, principal: who, table: 'Invoices' });
    assert.match((await page.textContent('.status'))!, /200,000 of 200,000 rows visible/);
    const first = await domRows(0, 5);
    assert.deepEqual(first.map(({ rowId, cells }) => ({ rowId, cells })), await engineRows(BIG, who, 'Invoices', { offset: 0, limit: 5 }));
    assert.deepEqual(requests.filter((r) => r.method === 'page').map((r) => r.params.offset), [0], 'one page at first');

    const target = 150_321;
    await page.$eval('.grid', (g, px) => (g.scrollTop = px), target * 22);
    await page.waitForFunction((i) => !!document.querySelector(`.body .row[data-index="${i}"][data-row-id]`), target);
    await settled();
    const there = await domRows(target, 5);
    assert.deepEqual(there.map(({ rowId, cells }) => ({ rowId, cells })), await engineRows(BIG, who, 'Invoices', { offset: target, limit: 5 }));
    const offsets = requests.filter((r) => r.method === 'page').map((r) => r.params.offset as number);
    assert.ok(offsets.includes(150_000), `fetched the page at 150,000: ${offsets}`);
    assert.ok(offsets.every((o) => o % 1000 === 0) && requests.filter((r) => r.method === 'page').every((r) => r.params.limit === 1000), 'pages of 1,000 rows');
    // Only the pages near the viewport are asked for, not everything in between.
    assert.ok(offsets.length <= 4, `asked for ${offsets.length} pages`);
    const rendered = await page.$$eval('.body .row', (r) => r.length);
    assert.ok(rendered < 120, `${rendered} rows in the DOM (virtualized)`);

    // NULL and '' render differently: NULL as a greyed italic word, '' as an empty cell.
    const notes = await page.$$eval('.body .row', (rows) => rows.map((r) => r.querySelectorAll('.cell').item(4)).map((c) => ({ html: c.innerHTML, text: c.textContent, style: c.firstElementChild ? getComputedStyle(c.firstElementChild).fontStyle : '' })));
    const nul = notes.find((n) => n.text === 'NULL');
    const empty = notes.find((n) => n.html.includes('class="empty"'));
    assert.ok(nul && empty, 'the window shows a NULL and an empty note');
    assert.equal(nul.style, 'italic');
    assert.equal(empty.text, '');
  });

  it('sorts by a clicked column header and filters per column, as the engine does', async () => {
    const who: PrincipalRef = { kind: 'user', name: 'de@x.com' };
    await open({ ref: BIG, principal: who, table: 'Invoices' });
    const wrbtr = page.locator('.header-row .cell', { hasText: 'WRBTR' }).locator('button');
    await wrbtr.click();
    await page.waitForFunction(() => document.querySelector('.header-row [aria-sort="ascending"]'));
    await settled();
    assert.deepEqual((await domRows(0, 8)).map(({ rowId, cells }) => ({ rowId, cells })), await engineRows(BIG, who, 'Invoices', { offset: 0, limit: 8, sort: [{ column: 'WRBTR', descending: false }] }));
    await wrbtr.click();
    await page.waitForFunction(() => document.querySelector('.header-row [aria-sort="descending"]'));
    await settled();
    const desc = await engineRows(BIG, who, 'Invoices', { offset: 0, limit: 8, sort: [{ column: 'WRBTR', descending: true }] });
    assert.deepEqual((await domRows(0, 8)).map(({ rowId, cells }) => ({ rowId, cells })), desc);

    // Filter: LIFNR contains "v12" (any case), NOTE is NULL; still sorted by WRBTR descending.
    await page.fill('.filter[aria-label^="Filter LIFNR"]', 'v12');
    await page.fill('.filter[aria-label^="Filter NOTE"]', ':null');
    await page.press('.filter[aria-label^="Filter NOTE"]', 'Enter');
    const filters = [
      { column: 'LIFNR', op: 'contains' as const, value: 'v12' },
      { column: 'NOTE', op: 'is-null' as const },
    ];
    const want = await engine.gridPage(BIG, who, 'Invoices', { offset: 0, limit: 10, sort: [{ column: 'WRBTR', descending: true }], filters });
    await page.waitForFunction((n) => document.querySelector('.status')?.textContent?.includes(`${n} match the filters`), fmt(want.filtered));
    await settled();
    assert.ok(want.filtered > 0 && want.filtered < want.visible);
    assert.deepEqual((await domRows(0, 10)).map(({ rowId, cells }) => ({ rowId, cells })), await engineRows(BIG, who, 'Invoices', { offset: 0, limit: 10, sort: [{ column: 'WRBTR', descending: true }], filters }));
    const sent = requests.filter((r) => r.method === 'page').at(-1)!.params;
    assert.deepEqual(sent.filters, filters, 'filters go to the engine as data, not SQL');
  });

  it('shows hidden rows greyed with the reason from explain when toggled', async () => {
    const who: PrincipalRef = { kind: 'user', name: 's.dubois@acme.com' };
    await open({ ref: AP, principal: who, table: 'Vendors' });
    assert.equal(await page.$$eval('.body .row.hidden-row', (r) => r.length), 0);
    await page.check('#show-hidden');
    await page.waitForSelector('.body .row.hidden-row');
    await settled();
    const rows = await domRows(0, 20);
    const want = await engine.gridPage(AP, who, 'Vendors', { offset: 0, limit: 20, includeHidden: true });
    assert.deepEqual(rows.map((r) => r.hidden), want.hidden);
    const hiddenIds = rows.filter((r) => r.hidden).map((r) => r.rowId);
    const reasons = new Map((await engine.hiddenReasons(AP, who, 'Vendors', hiddenIds)).map((r) => [r.rowId, r.reason]));
    for (const r of rows) {
      const reason = r.cells[0];
      if (r.hidden) assert.equal(reason, reasons.get(r.rowId));
      else assert.equal(reason, '');
    }
    assert.match(reasons.get(hiddenIds[0])!, /Vendors\.LAND1 is "\w+", not among/);
    const color = await page.$eval('.body .row.hidden-row .cell:not(.reason)', (c) => getComputedStyle(c).color);
    assert.equal(color, 'rgb(142, 142, 142)', 'hidden rows use --vscode-disabledForeground');
    assert.match((await page.textContent('.status'))!, /160 rows, 127 hidden/);
  });

  /** The details pane as text: title, verdict, reasons (mark, text, sources) and cells. */
  const detailsText = () =>
    page.$eval('.details', (d) => ({
      title: d.querySelector('.details-title')?.textContent,
      verdict: d.querySelector('.verdict')?.textContent,
      reasons: Array.from(d.querySelectorAll('.reason-item')).map((r) => ({ passed: r.classList.contains('passed'), kind: (r as HTMLElement).dataset.kind, text: r.querySelector('.reason-text')?.textContent, sources: r.querySelector('.sources')?.textContent ?? '' })),
      cells: Array.from(d.querySelectorAll('.row-cells dd')).map((c) => (c.querySelector('.null') ? null : c.textContent)),
    }));

  it('opens the engine’s full explanation of a clicked row in a details pane, and of the active row on Enter', async () => {
    const who: PrincipalRef = { kind: 'user', name: 's.dubois@acme.com' };
    await open({ ref: AP, principal: who, table: 'Vendors', includeHidden: true });
    assert.ok(await page.$eval('.details', (d) => (d as HTMLElement).hidden), 'closed at first');
    const rows = await domRows(0, 20);
    const hiddenRow = rows.find((r) => r.hidden)!;
    await page.click(`.body .row[data-index="${hiddenRow.index}"] .cell[aria-colindex="2"]`);
    await page.waitForSelector('.details[aria-busy="false"] .reason-item');
    const want = (await engine.explainRow(AP, who, 'Vendors', hiddenRow.rowId))!;
    assert.equal(want.visible, false);
    const shown = await detailsText();
    assert.equal(shown.title, `Vendors row ${hiddenRow.rowId + 1} as s.dubois@acme.com`);
    assert.equal(shown.verdict, 's.dubois@acme.com does not see this row.');
    assert.deepEqual(
      shown.reasons,
      want.reasons.map((r) => ({ passed: r.passed, kind: r.kind, text: (r.principal ? `${r.principal}: ` : '') + r.text, sources: r.sources.join(', ') })),
    );
    assert.deepEqual(shown.cells, Object.values(want.row));
    assert.match(shown.reasons.map((r) => r.text).join('\n'), /Vendors\.LAND1 is "\w+", not among/);
    const request = requests.filter((r) => r.method === 'explainRow').at(-1)!.params;
    assert.deepEqual({ table: request.table, rowId: request.rowId }, { table: 'Vendors', rowId: hiddenRow.rowId }, 'asked by row id');

    // Escape closes; Enter on the active row opens it again: a filter propagated along a join
    // (Invoices under a rule on Vendors) explains the path.
    await page.focus('.grid');
    await page.keyboard.press('Escape');
    assert.ok(await page.$eval('.details', (d) => (d as HTMLElement).hidden), 'Escape closes the pane');

    const de: PrincipalRef = { kind: 'user', name: 'de@x.com' };
    await open({ ref: BIG, principal: de, table: 'Invoices', includeHidden: true });
    await page.focus('.grid');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.details[aria-busy="false"] .reason-item');
    const second = (await domRows(1, 1))[0];
    const wantPath = (await engine.explainRow(BIG, de, 'Invoices', second.rowId))!;
    const shownPath = await detailsText();
    assert.deepEqual(shownPath.reasons.map((r) => r.text), wantPath.reasons.map((r) => r.text));
    assert.ok(wantPath.reasons.some((r) => r.kind === 'path'), 'a join-path reason');
    assert.match(shownPath.reasons.map((r) => r.text).join('\n'), /Invoices → Vendors/);
    assert.equal(shownPath.verdict, `de@x.com ${wantPath.visible ? 'sees' : 'does not see'} this row.`);

    // A live refresh (an edited .perm) asks for the open explanation again.
    const before = requests.filter((r) => r.method === 'explainRow').length;
    await page.evaluate(() => window.dispatchEvent(new MessageEvent('message', { data: { type: 'refresh' } })));
    for (let i = 0; i < 200 && requests.filter((r) => r.method === 'explainRow').length === before; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(requests.filter((r) => r.method === 'explainRow').at(-1)?.params.rowId, second.rowId);
    await page.waitForSelector('.details[aria-busy="false"] .reason-item');
    assert.deepEqual((await detailsText()).reasons, shownPath.reasons);
    assert.deepEqual(rejected, []);
  });

  it('compares two users: tabs count rows only A / only B sees, and the grid marks them as the engine does', async () => {
    const a: PrincipalRef = { kind: 'user', name: 'all@x.com' };
    const b: PrincipalRef = { kind: 'user', name: 'de@x.com' };
    await open({ ref: BIG, principal: a, table: 'Invoices' });
    await page.selectOption('#compare-with', { label: 'de@x.com' });
    await page.waitForSelector('.tab .count.diff');
    await settled();
    const diffs = await engine.diffFor(BIG, a, b);
    assert.deepEqual(await tabCounts(), diffs.map((d) => ({ table: d.table, text: `+${fmt(d.onlyA)} / −${fmt(d.onlyB)}` })));
    const inv = diffs.find((d) => d.table === 'Invoices')!;
    assert.ok(inv.onlyA > 0, 'all@x.com sees invoices de@x.com does not');
    // The same diff from the engine's rowsOnlyFor (emails): the counts agree.
    assert.equal((await engine.rowsOnlyFor(BIG, a.name, b.name, 'Invoices', 1_000_000)).numRows, inv.onlyA);

    const sides = () => page.$$eval('.body .row[data-row-id]', (rows) => rows.map((r) => r as HTMLElement).sort((x, y) => Number(x.dataset.index) - Number(y.dataset.index)).slice(0, 15).map((r) => ({ rowId: Number(r.dataset.rowId), side: r.dataset.side, lead: r.querySelector('.cell')!.textContent })));
    const want = await engine.gridPage(BIG, a, 'Invoices', { offset: 0, limit: 15, compareWith: b });
    const lead = (s: string) => (s === 'a' ? '+ only all@x.com' : s === 'b' ? '− only de@x.com' : 'both');
    assert.deepEqual(await sides(), want.rowIds.map((rowId, i) => ({ rowId, side: want.side![i], lead: lead(want.side![i]) })));
    assert.match((await page.textContent('.status'))!, new RegExp(`all@x\\.com: ${fmt(inv.onlyA)} rows only they see`));

    // Only differences: every row shown is seen by exactly one of them.
    assert.equal(await page.isVisible('#differences-only'), true);
    await page.check('#differences-only');
    await page.waitForFunction(() => !document.querySelector('.body .row[data-side="both"]'));
    await settled();
    const onlyDiff = await engine.gridPage(BIG, a, 'Invoices', { offset: 0, limit: 15, compareWith: b, differencesOnly: true });
    assert.equal(onlyDiff.filtered, inv.onlyA + inv.onlyB);
    assert.deepEqual(await sides(), onlyDiff.rowIds.map((rowId, i) => ({ rowId, side: onlyDiff.side![i], lead: lead(onlyDiff.side![i]) })));
    const sent = requests.filter((r) => r.method === 'page').at(-1)!.params;
    assert.deepEqual({ compareWith: sent.compareWith, differencesOnly: sent.differencesOnly }, { compareWith: b, differencesOnly: true }, 'the other principal goes as data');
    await page.screenshot({ path: path.join(ROOT, 'docs', 'images', 'preview-panel-diff.png') });
    assert.deepEqual(rejected, []);

    // Back to no diff: the plain counts return.
    await page.selectOption('#compare-with', { value: '' });
    await page.waitForFunction(() => !document.querySelector('.tab .count.diff'));
    await settled();
    const plain = (await engine.countsFor(BIG, a)).map((c) => ({ table: c.table, text: `${fmt(c.visible)} / ${fmt(c.total)}` }));
    assert.deepEqual(await tabCounts(), plain);
  });

  it('exports the visible rows of the current table, filtered and sorted as shown, to CSV', async () => {
    const who: PrincipalRef = { kind: 'user', name: 'de@x.com' };
    await open({ ref: BIG, principal: who, table: 'Invoices', sort: [{ column: 'WRBTR', descending: true }], filters: [{ column: 'LIFNR', op: 'contains', value: 'v1' }] });
    await page.click('#export-csv');
    await page.waitForFunction(() => /exported [\d,]+ rows of Invoices to /.test(document.querySelector('.status')?.textContent ?? ''));
    const text = (await page.textContent('.status'))!;
    const file = /to (\S+\.csv)/.exec(text)![1];
    const sent = requests.filter((r) => r.method === 'exportCsv').at(-1)!.params;
    assert.deepEqual({ table: sent.table, sort: sent.sort, filters: sent.filters }, { table: 'Invoices', sort: [{ column: 'WRBTR', descending: true }], filters: [{ column: 'LIFNR', op: 'contains', value: 'v1' }] });
    const all = await engine.page(BIG, who.name, 'Invoices', { offset: 0, limit: 10_000_000, sort: [{ column: 'WRBTR', descending: true }], filters: [{ column: 'LIFNR', op: 'contains', value: 'v1' }] });
    assert.ok(all.filtered > 10_000, `more than one chunk: ${all.filtered}`);
    assert.match(text, new RegExp(`exported ${fmt(all.filtered)} rows`));
    const csv = readFileSync(file, 'utf8');
    assert.equal(csv, toCsv(all.columns, textRows(all.rows, all.columns)), 'the CLI’s CSV of the same rows');
    assert.match(csv, /\n\d+,V\d+,\d+,[\d.]+,\n/, 'NULL notes: empty and unquoted');
    assert.match(csv, /,""\n/, "'' notes: \"\"");
  });

  it('copies the active cell with Ctrl+C and the row as CSV with Ctrl+Shift+C or the context menu', async () => {
    const who: PrincipalRef = { kind: 'user', name: 'all@x.com' };
    await open({ ref: BIG, principal: who, table: 'Invoices' });
    await page.evaluate(() => {
      const w = window as unknown as { copied: string[] };
      w.copied = [];
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void w.copied.push(t) } });
    });
    const copied = () => page.evaluate(() => (window as unknown as { copied: string[] }).copied);
    const want = await engine.page(BIG, who.name, 'Invoices', { offset: 0, limit: 3 });
    const rows = textRows(want.rows, want.columns);
    // Row 0 has NOTE NULL (an empty field), row 1 '' (a quoted empty field), row 2 text.
    assert.deepEqual(rows.map((r) => r[4]), [null, '', 'n2']);
    await page.focus('.grid');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Control+c');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+c'); // NOTE of row 1: '' copies as nothing
    await page.keyboard.press('Control+Shift+C');
    await page.waitForFunction(() => (window as unknown as { copied: string[] }).copied.length === 3);
    assert.deepEqual(await copied(), [rows[0][1], '', toCsv(want.columns, [rows[1]])]);
    assert.match((await copied())[2], /^BELNR,LIFNR,BUKRS,WRBTR,NOTE\n\d+,V\d+,\d+,[\d.]+,""\n$/, "'': \"\"");

    // The context menu on row 0: "Copy row as CSV" (NULL as an empty unquoted cell).
    await page.click('.body .row[data-index="0"] .cell[aria-colindex="2"]', { button: 'right' });
    await page.waitForSelector('.context-menu:not([hidden])');
    assert.deepEqual(await page.$$eval('.context-menu [role="menuitem"] > span:first-child', (x) => x.map((e) => e.textContent)), ['Copy cell', 'Copy row as CSV', 'Explain this row']);
    await page.click('.context-menu >> text=Copy row as CSV');
    await page.waitForFunction(() => (window as unknown as { copied: string[] }).copied.length === 4);
    assert.equal((await copied())[3], toCsv(want.columns, [rows[0]]));
    assert.match((await copied())[3], /\d,\n$/);
    assert.ok(await page.$eval('.context-menu', (m) => (m as HTMLElement).hidden), 'the menu closes');
  });

  it('says what to do: permissions off, no permission applies, a data file not loaded', async () => {
    // No `use data permissions`: everyone sees everything, and the banner says so.
    await open({ ref: OPEN, principal: { kind: 'user', name: 'de@x.com' }, table: 'Vendors' });
    assert.match((await page.textContent('.banner'))!, /Data permissions are off for O: there is no `use data permissions`, so everyone sees every row/);
    assert.match((await page.textContent('.status'))!, /2,000 of 2,000 rows visible/);
    // The missing file: its tab says "not loaded" with the reason, and so does the grid.
    const gone = (await engine.countsFor(OPEN, { kind: 'user', name: 'de@x.com' })).find((c) => c.table === 'Gone')!;
    assert.ok(gone.error, 'the engine reports the missing file');
    assert.equal(await page.$eval('.tab[data-table="Gone"] .count', (c) => c.textContent), 'not loaded');
    assert.equal(await page.$eval('.tab[data-table="Gone"]', (t) => t.getAttribute('title')), `not loaded: ${gone.error}`);
    await page.click('.tab[data-table="Gone"]');
    await page.waitForFunction(() => /is not loaded/.test(document.querySelector('.message')?.textContent ?? ''));
    assert.equal(await page.textContent('.message'), `Gone is not loaded: ${gone.error}. Fix the data file (or its connection) and save: the panel refreshes.`);
    assert.equal(await page.isVisible('.banner'), true);
    // Open permissions: O has none yet, so the panel says how to start.
    await page.click('.banner button');
    await page.waitForFunction(() => /has no permissions block yet/.test(document.querySelector('.status')?.textContent ?? ''));

    // No permission applies to nobody@x.com: which principal, what to add, and a link to the rules.
    const nobody: PrincipalRef = { kind: 'user', name: 'nobody@x.com' };
    const s = await engine.summary(BIG, nobody);
    assert.deepEqual([s.switchOn, s.applicable], [true, false]);
    await open({ ref: BIG, principal: nobody, table: 'Invoices' });
    assert.match((await page.textContent('.banner'))!, /No permission applies to nobody@x\.com in M, so they see no rows \(default deny\)\. Add a rule for user "nobody@x\.com"/);
    assert.match((await page.textContent('.message'))!, /nobody@x\.com sees no rows: no permission applies to them \(default deny\)/);
    await page.click('.banner button');
    for (let i = 0; i < 100 && !requests.some((r) => r.method === 'openPermissions'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(requests.filter((r) => r.method === 'openPermissions').map((r) => r.params), [{ ref: BIG }], 'the link asks the extension to open M’s permissions');

    // A user with rules: no banner.
    await open({ ref: BIG, principal: { kind: 'user', name: 'de@x.com' }, table: 'Invoices' });
    assert.equal(await page.isVisible('.banner'), false);
    assert.equal(await page.isVisible('#differences-only'), false, '"Only differences" only in diff mode');
    assert.deepEqual(rejected, []);
  });

  it('shows a progress bar until the first page arrives (the engine still loading)', async () => {
    pageDelayMs = 1500;
    try {
      initial = { ref: BIG, principal: { kind: 'user', name: 'all@x.com' }, table: 'Invoices' };
      await page.goto(origin + '/');
      await page.waitForSelector('.tab');
      assert.equal(await page.$eval('.progress', (p) => (p as HTMLElement).hidden), false, 'the bar shows while the page is on its way');
      assert.equal(await page.$eval('.progress', (p) => p.getAttribute('role')), 'progressbar');
      await page.waitForSelector('.body .row[data-row-id]');
      assert.equal(await page.$eval('.progress', (p) => (p as HTMLElement).hidden), true, 'gone once rows arrive');
    } finally {
      pageDelayMs = 0;
    }
  });

  it('keeps the look of VS Code in light, dark and both high-contrast themes, with codicons (screenshots, looked at)', async () => {
    mkdirSync(path.join(ROOT, 'docs', 'images'), { recursive: true });
    for (const [name, theme, background] of [
      ['light', LIGHT, 'rgb(255, 255, 255)'],
      ['dark', DARK, 'rgb(31, 31, 31)'],
      ['hc-dark', HC_DARK, 'rgb(0, 0, 0)'],
      ['hc-light', HC_LIGHT, 'rgb(255, 255, 255)'],
    ] as const) {
      log.length = 0;
      await open({ ref: AP, principal: { kind: 'user', name: 's.dubois@acme.com' }, table: 'Vendors', includeHidden: true, sort: [{ column: 'LAND1', descending: true }], filters: [{ column: 'LIFNR', op: 'contains', value: 'V' }] }, theme);
      await page.click('.body .row[data-index="2"] .cell[aria-colindex="3"]');
      await page.waitForSelector('.details[aria-busy="false"] .reason-item');
      // The codicon font, from the webview's own origin under the CSP (font-src), draws the icons.
      await page.evaluate(() => document.fonts.ready);
      assert.deepEqual(
        await page.evaluate(() => {
          const status: string[] = [];
          document.fonts.forEach((f) => f.family.replace(/"/g, '') === 'codicon' && status.push(f.status));
          return status;
        }),
        ['loaded'],
        `${name}: the codicon font loads`,
      );
      assert.deepEqual(log.filter((l) => /Content Security Policy|Refused to/i.test(l)), [], `${name}: no CSP violation`);
      const glyphs = await page.$$eval('.toolbar .codicon, .head .codicon, .details .codicon', (icons) =>
        icons.filter((i) => (i as HTMLElement).offsetParent).map((i) => ({ name: i.className.match(/codicon-[\w-]+/)![0], glyph: getComputedStyle(i, '::before').content, font: getComputedStyle(i).fontFamily, hidden: i.getAttribute('aria-hidden') })),
      );
      for (const want of ['codicon-person', 'codicon-chevron-down', 'codicon-eye', 'codicon-diff', 'codicon-refresh', 'codicon-copy', 'codicon-export', 'codicon-arrow-down', 'codicon-filter', 'codicon-filter-filled', 'codicon-close', 'codicon-error']) {
        const g = glyphs.find((x) => x.name === want);
        assert.ok(g, `${name}: no ${want} among ${glyphs.map((x) => x.name).join(' ')}`);
        assert.ok(g.glyph.length === 3 && g.font === 'codicon' && g.hidden === 'true', `${name}: ${JSON.stringify(g)}`);
      }
      await page.screenshot({ path: path.join(ROOT, 'docs', 'images', `preview-panel-${name}.png`) });
      assert.equal(await page.$eval('body', (b) => getComputedStyle(b).backgroundColor), background);
      if (name.startsWith('hc-')) await checkHighContrast(name, theme);
    }
  });

  /**
   * What VS Code's high-contrast themes need: text at least 4.5:1 against what is behind it
   * (WCAG AA; the hc themes are built for it), borders in contrastBorder where the other themes
   * use backgrounds, the focused cell and a focused control outlined (focusBorder /
   * list.focusOutline), and no state shown by a background alone (selection and hover
   * backgrounds are undefined in hc-black).
   */
  async function checkHighContrast(name: string, theme: Record<string, string>): Promise<void> {
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    const low = await page.evaluate(() => {
      const parse = (c: string) => (c.match(/[\d.]+/g) ?? ['0', '0', '0', '0']).map(Number).concat([1]).slice(0, 4);
      const over = (top: number[], under: number[]) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
      const lum = (c: number[]) => {
        const [r, g, b] = c.slice(0, 3).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const out: string[] = [];
      for (const e of Array.from(document.querySelectorAll('.app *'))) {
        const text = Array.from(e.childNodes).filter((n) => n.nodeType === 3 && n.textContent!.trim()).map((n) => n.textContent!.trim()).join(' ');
        if (!text || !(e as HTMLElement).getClientRects().length || getComputedStyle(e).visibility === 'hidden' || (e as HTMLButtonElement).disabled) continue;
        const chain: Element[] = [];
        for (let a: Element | null = e; a; a = a.parentElement) chain.unshift(a);
        let bg = [255, 255, 255, 1];
        for (const a of chain) bg = over(parse(getComputedStyle(a).backgroundColor), bg);
        const fg = over(parse(getComputedStyle(e).color), bg);
        const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
        const ratio = (hi + 0.05) / (lo + 0.05);
        if (ratio < 4.5) out.push(`${ratio.toFixed(2)} ${e.tagName.toLowerCase()}.${e.className} "${text.slice(0, 40)}" ${getComputedStyle(e).color} on rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`);
      }
      return out;
    });
    assert.deepEqual(low, [], `${name}: text under 4.5:1`);
    const style = (selector: string, props: string[]) => page.$eval(selector, (e, ps) => ps.map((p) => getComputedStyle(e).getPropertyValue(p)), props);
    const contrast = rgb(theme['--vscode-contrastBorder']);
    assert.deepEqual(await style('.tab .count', ['border-top-color']), [contrast], 'badges keep their contrast border');
    assert.deepEqual(await style('.who', ['border-top-color']), [contrast]);
    assert.deepEqual(await style('.filter', ['border-top-color']), [contrast]);
    assert.deepEqual(await style('.tabs', ['border-bottom-color']), [contrast]);
    assert.deepEqual(await style('.body .row', ['border-bottom-color']), [contrast], 'grid lines');
    // The selected tab: a border, not a background.
    assert.deepEqual(await style('.tab[aria-selected="true"]', ['border-bottom-color', 'border-bottom-width']), [rgb(theme['--vscode-panelTitle-activeBorder']), '2px']);
    // Hidden rows: the removed-text border on the left, no tint.
    assert.deepEqual(await style('.body .row.hidden-row', ['box-shadow', 'background-color']), [`${rgb(theme['--vscode-diffEditor-removedTextBorder'])} 3px 0px 0px 0px inset`, 'rgba(0, 0, 0, 0)']);
    // The focused grid's active cell: list.focusOutline; a focused button: focusBorder.
    assert.deepEqual(await style('.cell.active', ['outline-color', 'outline-style']), [rgb(theme['--vscode-list-focusOutline']), 'solid']);
    await page.focus('#refresh');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    assert.deepEqual(await style('#refresh', ['outline-color', 'outline-style']), [rgb(theme['--vscode-focusBorder']), 'solid'], 'the focus ring');
    await page.screenshot({ path: path.join(tmpdirImages, `preview-panel-${name}-focus.png`) });
    // Hover: dashed contrastActiveBorder.
    await page.hover('#export-csv');
    assert.deepEqual(await style('#export-csv', ['outline-color', 'outline-style']), [rgb(theme['--vscode-contrastActiveBorder']), 'dashed']);
    // The picker's selected option and the context menu's focused item: outlined.
    await page.click('.who');
    await page.waitForSelector('.option[aria-selected="true"]');
    assert.deepEqual(await style('.option[aria-selected="true"]', ['outline-color', 'outline-style']), [rgb(theme['--vscode-contrastActiveBorder']), 'solid']);
    await page.keyboard.press('Escape');
    await page.click('.body .row[data-index="1"] .cell[aria-colindex="2"]', { button: 'right' });
    await page.waitForSelector('.context-menu:not([hidden])');
    assert.deepEqual(await style('.menu-item:focus', ['outline-color', 'outline-style']), [rgb(theme['--vscode-menu-selectionBorder']), 'solid']);
    await page.keyboard.press('Escape');
  }

  it('moves through cells with the keyboard and labels the grid for screen readers', async () => {
    await open({ ref: BIG, principal: { kind: 'user', name: 'all@x.com' }, table: 'Invoices' });
    await page.focus('.grid');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.$eval('.grid', (g) => g.getAttribute('aria-activedescendant')), 'cell-1-1');
    await page.keyboard.press('Control+End');
    await settled();
    assert.equal(await page.$eval('.grid', (g) => g.getAttribute('aria-activedescendant')), `cell-${BIG_ROWS - 1}-1`);
    assert.ok(await page.$(`.body .row[data-index="${BIG_ROWS - 1}"][data-row-id]`), 'the last row is rendered and loaded');
    assert.equal(await page.$eval('.grid', (g) => g.getAttribute('aria-rowcount')), String(BIG_ROWS + 2));
    assert.equal(await page.$eval('.header-row .cell', (c) => c.getAttribute('role')), 'columnheader');
  });

  it('names every control, reaches each with Tab, and works the tabs, the grid, the filters and the toolbar from the keyboard', async () => {
    await open({ ref: BIG, principal: { kind: 'user', name: 'all@x.com' }, table: 'Invoices' });
    // Every control has an accessible name (its aria-label, its <label>, its text or its title); icons are hidden from screen readers.
    const unnamed = await page.$$eval('button, input, select, [role=tab], [role=grid], [tabindex="0"]', (els) =>
      els
        .filter((e) => (e as HTMLElement).getClientRects().length > 0)
        .filter((e) => !(e.getAttribute('aria-label') || Array.from((e as HTMLInputElement).labels ?? []).map((l) => l.textContent ?? '').join('').trim() || e.textContent?.trim() || e.getAttribute('title')))
        .map((e) => e.outerHTML.slice(0, 120)),
    );
    assert.deepEqual(unnamed, []);
    assert.equal(await page.$$eval('.codicon:not([aria-hidden="true"])', (x) => x.length), 0, 'codicons are decorative');
    assert.deepEqual(await page.$$eval('#refresh, #copy-row, #export-csv', (b) => b.map((x) => [x.getAttribute('aria-label'), !!x.getAttribute('title')])), [
      ['Refresh', true],
      ['Copy the active row as CSV', true],
      ['Export visible rows to CSV', true],
    ]);

    // Tab order: the picker, the toggles, the toolbar buttons, the selected tab only (arrows move between tabs), the grid, then its headers and filters.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const order: string[] = [];
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        return e.getAttribute('role') === 'tab' ? `tab ${e.dataset.table}` : e.id || e.getAttribute('aria-label') || e.className;
      }));
    }
    assert.deepEqual(order.slice(0, 9), ['Viewing as all@x.com; change user or group', 'show-hidden', 'compare-with', 'refresh', 'copy-row', 'export-csv', 'tab Invoices', 'grid', 'BELNR, BIGINT, sorted none; activate to sort']);

    // The tab strip: arrows select and focus the neighbouring table (a roving tab stop).
    await page.focus('.tab[aria-selected="true"]');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-table') === 'Vendors' && document.activeElement.getAttribute('aria-selected') === 'true');
    await settled();
    assert.deepEqual(await page.$$eval('[role=tab]', (t) => t.map((x) => [x.getAttribute('tabindex'), x.getAttribute('aria-controls')])), [
      ['0', 'grid'],
      ['-1', 'grid'],
    ]);
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-table') === 'Invoices');
    await settled();

    // The grid: the active cell is the active descendant, selected; Enter explains its row, Escape closes and keeps the focus.
    await page.focus('.grid');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const activeId = await page.$eval('.grid', (g) => g.getAttribute('aria-activedescendant'));
    assert.equal(activeId, 'cell-2-1');
    assert.deepEqual(await page.$eval(`#${activeId}`, (c) => [c.getAttribute('role'), c.getAttribute('aria-selected'), c.parentElement!.getAttribute('aria-rowindex')]), ['gridcell', 'true', '5']);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.details[aria-busy="false"] .reason-item');
    const rowId = await page.$eval('.body .row[data-index="2"]', (r) => Number((r as HTMLElement).dataset.rowId));
    assert.equal(await page.textContent('.details-title'), `Invoices row ${rowId + 1} as all@x.com`);
    await page.keyboard.press('Escape');
    assert.ok(await page.$eval('.details', (d) => (d as HTMLElement).hidden));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'grid');

    // The copy button copies the active row as CSV; the refresh button asks for the counts again.
    await page.evaluate(() => {
      const w = window as unknown as { copied: string[] };
      w.copied = [];
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void w.copied.push(t) } });
    });
    await page.focus('#copy-row');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window as unknown as { copied: string[] }).copied.length === 1);
    const want = await engine.page(BIG, 'all@x.com', 'Invoices', { offset: 2, limit: 1 });
    assert.equal((await page.evaluate(() => (window as unknown as { copied: string[] }).copied))[0], toCsv(want.columns, textRows(want.rows, want.columns)));
    const before = requests.filter((r) => r.method === 'counts').length;
    await page.focus('#refresh');
    await page.keyboard.press('Space');
    for (let i = 0; i < 100 && requests.filter((r) => r.method === 'counts').length === before; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(requests.filter((r) => r.method === 'counts').length, before + 1, 'refresh asks again');
    await settled();

    // A filter: its icon fills while it filters; Escape in it clears it (the engine gets no filter).
    await page.fill('.filter[aria-label^="Filter LIFNR"]', 'v12');
    await page.press('.filter[aria-label^="Filter LIFNR"]', 'Enter');
    await page.waitForFunction(() => /match the filters/.test(document.querySelector('.status')?.textContent ?? ''));
    await settled();
    assert.equal(await page.$$eval('.filter-cell .codicon-filter-filled', (x) => x.length), 1);
    await page.focus('.filter[aria-label^="Filter LIFNR"]');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !/match the filters/.test(document.querySelector('.status')?.textContent ?? ''));
    await settled();
    assert.deepEqual(requests.filter((r) => r.method === 'page').at(-1)!.params.filters, []);
    assert.equal(await page.$$eval('.filter-cell .codicon-filter-filled', (x) => x.length), 0);
    assert.deepEqual(rejected, []);
  });

  it('runs only the script with the nonce: the CSP blocks inline scripts and inline styles', async () => {
    await open({ ref: AP, principal: { kind: 'user', name: 'p.buyer@acme.com' } });
    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.getAttribute('content'));
    assert.equal(csp, `default-src 'none'; script-src 'nonce-${NONCE}'; style-src ${origin}; font-src ${origin}; img-src ${origin} data:`);
    const result = await page.evaluate(async (nonce) => {
      const w = window as unknown as Record<string, unknown>;
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const bad = document.createElement('script');
      bad.textContent = 'window.inlineRan = true';
      document.body.append(bad);
      const good = document.createElement('script');
      good.nonce = nonce;
      good.textContent = 'window.nonceRan = true';
      document.body.append(good);
      const styled = document.createElement('div');
      styled.setAttribute('style', 'color: rgb(1, 2, 3)');
      document.body.append(styled);
      await new Promise((r) => setTimeout(r, 100));
      return { inline: w.inlineRan === true, nonce: w.nonceRan === true, color: getComputedStyle(styled).color, violations };
    }, NONCE);
    assert.equal(result.inline, false, 'an inline script without the nonce must not run');
    assert.equal(result.nonce, true, 'the nonce lets a script run (the panel’s own)');
    assert.notEqual(result.color, 'rgb(1, 2, 3)', 'inline style attributes are blocked');
    assert.ok(result.violations.some((v) => v.startsWith('script-src')), `violations: ${result.violations}`);
  });

  it('ignores malformed messages instead of relaying them (the extension’s checks)', () => {
    const ref = { pool: 'P', name: 'M' };
    const principal = { kind: 'user', name: 'a@x.com' };
    const base = { type: 'request', id: 1, method: 'page', params: { ref, principal, table: 'T', offset: 0, limit: 1000 } };
    assert.ok(parseWebviewMessage(base));
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: 3, method: 'explainRow', params: { ref, principal, table: 'T', rowId: 7, extra: 'dropped' } }), { type: 'request', id: 3, method: 'explainRow', params: { ref, principal, table: 'T', rowId: 7 } });
    for (const bad of [
      { ...base, params: { ...base.params, limit: 2001 } },
      { ...base, params: { ...base.params, offset: -1 } },
      { ...base, params: { ...base.params, offset: 1.5 } },
      { ...base, params: { ...base.params, filters: [{ column: 'x', op: 'like', value: '%' }] } },
      { ...base, params: { ...base.params, sort: [{ column: 'x', descending: 'yes' }] } },
      { ...base, params: { ...base.params, principal: { kind: 'admin', name: 'x' } } },
      { ...base, method: 'eval' },
      { ...base, id: 'x' },
      { type: 'request', id: 2, method: 'reasons', params: { ref, principal, table: 'T', rowIds: Array.from({ length: 201 }, (_, i) => i) } },
      { type: 'request', id: 3, method: 'explainRow', params: { ref, principal, table: 'T', rowId: -1 } },
      { type: 'request', id: 3, method: 'explainRow', params: { ref, principal, table: 'T', rowId: '3' } },
      { type: 'request', id: 3, method: 'explainRow', params: { ref, principal, table: 'T' } },
      'ready',
      null,
    ])
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad).slice(0, 120));
  });
});
