// Drives a real VS Code (code-server 1.100, scripts/install-vscode-web.sh) in Debian's
// Chromium through playwright-core, with the packaged extension (dist/sightline.vsix)
// installed: the only way to run the extension in an editor here, where VS Code itself
// cannot be downloaded. code-server.ts starts a hermetic server; close() ends it and the
// browser, whatever happened.
//
// The helpers work the way a user does (Ctrl+P, F1, Ctrl+Space, Ctrl+.) and read what the
// workbench shows (Problems panel, suggest widget, CodeLenses, status bar), so scenarios in
// workbench.test.ts read like the steps of a manual test.
//
// Functions passed to page/locator evaluate() run in the browser: they must not name inner
// functions (`const f = () => …`), which tsx compiles to a call of its own __name helper.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from './code-server.js';

export const CHROMIUM = '/usr/bin/chromium';

export interface WorkbenchOptions {
  /** DIR/code-server, as scripts/install-vscode-web.sh installs it. */
  codeServerDir: string;
  vsix: string;
  /** A folder to copy and open (the copy is at `workbench.workspace`). */
  workspace: string;
  /** Edits the copy before the editor opens it (introduce an error, say). */
  prepare?: (dir: string) => void;
  /** User settings beside the defaults below. */
  settings?: Record<string, unknown>;
  /** Timeout for each UI wait (ms). */
  timeout?: number;
  /** Extra environment for code-server, which its extension host inherits. */
  env?: Record<string, string>;
}

/** An item of the suggest widget. */
export interface Suggestion {
  label: string;
  /** The item's detail ("39 rows"); empty without one. */
  detail: string;
}

/** A table tab of the preview panel: the table and the counts it shows. */
export interface PanelTab {
  table: string;
  visible: number;
  total: number;
  selected: boolean;
}

/** One row of the Problems panel. */
export interface Problem {
  severity: 'error' | 'warning' | 'info';
  /** The file, relative to the workspace copy, with forward slashes (as `sightline check` prints it). */
  file: string;
  line: number;
  column: number;
  message: string;
  source?: string;
  code?: string;
}

const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  // Screenshots that do not change from run to run: no blinking cursor, no animations.
  'editor.cursorBlinking': 'solid',
  'workbench.reduceMotion': 'on',
};

export class Workbench {
  /** Every console message of the webviews (the preview panel's page and VS Code's host frame), with its frame: evidence when the panel misbehaves. */
  readonly webviewConsole: string[] = [];

  private constructor(
    readonly page: Page,
    private readonly server: CodeServer,
    private readonly browser: Browser,
    readonly timeout: number,
  ) {}

  /** The workspace copy the editor has open. */
  get workspace(): string {
    return this.server.workspace;
  }

  /** Installs the vsix, starts code-server and Chromium, and waits for the extension's status bar item. */
  static async start(options: WorkbenchOptions): Promise<Workbench> {
    const timeout = options.timeout ?? 30_000;
    const server = await startCodeServer({ ...options, settings: { ...DEFAULT_SETTINGS, ...options.settings }, timeout });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        // Without the background-networking flags Chromium keeps calling hosts this closed
        // network refuses; root (CI) cannot use the sandbox.
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
      });
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const wb = new Workbench(page, server, browser, timeout);
      page.on('console', (m) => {
        const url = m.location().url;
        // The webview's frames (contrib/webview/browser/pre/) and the scripts they load (vscode-resource).
        if (/\/webview\/|vscode-resource|vscode-cdn|preview-panel/.test(url)) wb.webviewConsole.push(`[${m.type()}] ${url.replace(/\?.*/, '')}: ${m.text()}`);
        if (m.type() === 'error') server.log.push(`[browser ${m.type()}] ${m.text()}`);
      });
      page.on('pageerror', (e) => {
        server.log.push(`[pageerror] ${e.message}`);
        if (/preview-panel|webview/.test(e.stack ?? '')) wb.webviewConsole.push(`[pageerror] ${e.stack}`);
      });
      await page.goto(`${server.origin}/?folder=${encodeURIComponent(server.workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout });
      await wb.statusBarItem('Sightline').waitFor({ timeout: timeout * 2 });
      return wb;
    } catch (e) {
      const log = server.log.slice(-40).join('\n');
      await browser?.close().catch(() => undefined);
      server.stop();
      throw new Error(`${e instanceof Error ? e.message : String(e)}\ncode-server log:\n${log}`);
    }
  }

  /** code-server's output and browser errors so far, for failure messages. */
  get output(): string {
    return this.server.log.slice(-60).join('\n');
  }

  /**
   * The output channels whose name contains `name` ("Sightline": the language client's log,
   * with the server's stderr), as VS Code wrote them under the user data folder.
   */
  outputChannel(name: string): string {
    const logs = path.join(this.server.temp, 'user-data', 'logs');
    if (!existsSync(logs)) return '';
    return readdirSync(logs, { recursive: true, encoding: 'utf8' })
      .filter((f) => path.basename(f).includes(name) && f.endsWith('.log'))
      .map((f) => `--- ${f}\n${readFileSync(path.join(logs, f), 'utf8')}`)
      .join('\n');
  }

  /** The workspace copy's file, as on disk. */
  readFile(relative: string): string {
    return readFileSync(path.join(this.workspace, relative), 'utf8');
  }

  /** Quick Open (Ctrl+P): opens the first file matching `name` and waits for its tab. */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: this.timeout });
    await input.fill(name);
    await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: path.basename(name) }).first().waitFor({ timeout: this.timeout });
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.editor-group-container.active .tabs-container .tab.active[data-resource-name="${path.basename(name)}"]`).waitFor({ timeout: this.timeout });
    await this.activeEditor().locator('.view-lines').waitFor({ timeout: this.timeout });
  }

  /** The focused text editor. */
  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The command palette (F1): runs the command whose label (as the palette shows it) best matches `label` ("Sightline: Preview as User…"). */
  async runCommand(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.pick('>' + label, label);
  }

  /** The rows of the quick pick currently open (their accessible labels), once it has one. Only rendered rows: a long list is virtualized. */
  async quickPickItems(): Promise<string[]> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: this.timeout });
    return rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
  }

  /**
   * Types into the open quick pick (or input box) and presses Enter once the focused row,
   * the one Enter accepts, shows `expect` (default: the text typed).
   */
  async pick(text: string, expect = text): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: this.timeout });
    await input.fill(text);
    if (await this.page.locator('.quick-input-widget .quick-input-list').isVisible()) {
      await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: expect }).waitFor({ timeout: this.timeout });
    }
    await this.page.keyboard.press('Enter');
  }

  /**
   * Opens the Problems panel and returns its entries once it shows at least `until` entries
   * (or satisfies `until`, a test) and the list has stopped changing. The tree is virtualized
   * (only visible rows exist in the page), so it is read while scrolling through it.
   */
  async problems(until: number | ((problems: Problem[]) => boolean) = 1): Promise<Problem[]> {
    const done = typeof until === 'number' ? (p: Problem[]) => p.length >= until : until;
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const deadline = Date.now() + this.timeout * 2;
    let previous = '';
    for (;;) {
      const now = await this.readProblems();
      const key = JSON.stringify(now);
      if (key === previous && done(now)) return now;
      if (Date.now() > deadline) throw new Error(`the Problems panel shows ${now.length} entries, ${typeof until === 'number' ? `expected at least ${until}` : 'not the ones expected'}:\n${now.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`).join('\n')}`);
      previous = key;
      await this.page.waitForTimeout(500);
    }
  }

  private async readProblems(): Promise<Problem[]> {
    const panel = this.page.locator('.markers-panel .monaco-list').first();
    if (!(await panel.isVisible())) return [];
    const rows = new Map<number, { severity: string; resource?: string; position: string; message?: string; source?: string; code?: string }>();
    const box = (await panel.boundingBox())!;
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let scrolls = 0; scrolls < 200; scrolls++) {
      const visible = await panel.evaluate((list) =>
        Array.from(list.querySelectorAll('.monaco-list-row[data-index]')).map((row) => ({
          index: Number(row.getAttribute('data-index')),
          resource: row.querySelector('.resource-label-container .monaco-icon-label[aria-label]')?.getAttribute('aria-label') ?? undefined,
          severity: row.querySelector('.marker-icon')?.className.replace('marker-icon', '').trim() ?? '',
          position: row.querySelector('.marker-line')?.textContent?.trim() ?? '',
          message: row.querySelector('.marker-message')?.textContent?.trim(),
          source: row.querySelector('.marker-source')?.textContent?.trim(),
          code: row.querySelector('.marker-code')?.textContent?.trim(),
        })),
      );
      const before = rows.size;
      for (const r of visible) rows.set(r.index, r);
      if (scrolls > 0 && rows.size === before) break;
      await this.page.mouse.wheel(0, box.height * 0.8);
      await this.page.waitForTimeout(50);
    }
    await this.page.mouse.wheel(0, -1e6);
    const out: Problem[] = [];
    let file = '';
    for (const [, r] of [...rows].sort((a, b) => a[0] - b[0])) {
      if (r.resource) file = path.relative(this.workspace, r.resource).split(path.sep).join('/');
      if (r.message === undefined) continue;
      const position = /\[Ln (\d+), Col (\d+)\]/.exec(r.position);
      out.push({
        severity: r.severity === 'error' || r.severity === 'warning' ? r.severity : 'info',
        file,
        line: Number(position?.[1] ?? 0),
        column: Number(position?.[2] ?? 0),
        message: r.message,
        ...(r.source ? { source: r.source } : {}),
        ...(r.code ? { code: r.code } : {}),
      });
    }
    return out;
  }

  /** The status bar item whose text contains `text`. */
  statusBarItem(text: string): Locator {
    return this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: text }).first();
  }

  /** Waits until the Sightline status bar item's accessible label matches, and returns it ("Sightline: 12 tables loaded; 1 error, 0 warnings"). */
  async sightlineStatus(pattern: RegExp): Promise<string> {
    const item = this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item[aria-label^="Sightline"]').first();
    const deadline = Date.now() + this.timeout * 2;
    let label = '';
    while (Date.now() < deadline) {
      label = (await item.getAttribute('aria-label').catch(() => null)) ?? '';
      if (pattern.test(label)) return label;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`the Sightline status says "${label}", not ${pattern}`);
  }

  /** Puts the cursor at a 1-based line and column of the active editor (Go to Line, Ctrl+G). */
  async goTo(line: number, column: number): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: this.timeout });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.waitForTimeout(100);
  }

  /** Closes any widget and gives the active editor the keyboard (without a click, which a widget could catch). */
  async focusEditor(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.activeEditor().locator('textarea.inputarea, .native-edit-context').first().focus();
  }

  /** Types `text` at the cursor key by key, as a user does: the editor asks the server for completions as trigger characters come. */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: 40 });
  }

  /** Types `text` at a position (or the cursor), triggers completion (Ctrl+Space) and returns the suggestions' labels. */
  async completions(at?: { line: number; column: number }, text = ''): Promise<string[]> {
    if (at) await this.goTo(at.line, at.column);
    if (text) await this.type(text);
    return (await this.suggestions({ trigger: true })).map((s) => s.label);
  }

  /**
   * The items of the suggest widget (label, and the detail the widget shows beside the
   * focused row), best first, once the widget is open and its list has stopped changing
   * and satisfies `until`. `trigger` presses Ctrl+Space first (otherwise the widget must
   * open by itself, from a trigger character). The list is virtualized: it is read while
   * paging through it, then the first row is focused again.
   */
  async suggestions(options: { trigger?: boolean; until?: (items: Suggestion[]) => boolean } = {}): Promise<Suggestion[]> {
    if (options.trigger) await this.page.keyboard.press('Control+Space');
    const widget = this.page.locator('.editor-widget.suggest-widget.visible');
    const until = options.until ?? ((items: Suggestion[]) => items.length > 0);
    const deadline = Date.now() + this.timeout;
    let previous = '';
    let items: Suggestion[] = [];
    for (;;) {
      items = await this.readSuggestions();
      const key = JSON.stringify(items);
      if (key === previous && until(items)) return items;
      if (Date.now() > deadline) throw new Error(`the suggest widget ${(await widget.isVisible()) ? `shows ${items.map((i) => i.label).join(', ') || 'nothing'}` : 'is not open'}`);
      previous = key;
      await this.page.waitForTimeout(300);
    }
  }

  private async readSuggestions(): Promise<Suggestion[]> {
    const list = this.page.locator('.editor-widget.suggest-widget.visible .monaco-list');
    if (!(await list.isVisible())) return [];
    const read = () =>
      list.evaluate((el) => {
        const rows = Array.from(el.querySelectorAll('.monaco-list-row[data-index]'));
        return {
          size: Number(rows[0]?.getAttribute('aria-setsize') ?? 0),
          rows: rows.map((r) => ({
            index: Number(r.getAttribute('data-index')),
            label: r.querySelector('.label-name')?.textContent ?? '',
            // Rendered for every row; the widget shows it beside the focused one.
            detail: r.querySelector('.details-label')?.textContent ?? '',
          })),
        };
      });
    const seen = new Map<number, Suggestion>();
    let page = await read();
    let pages = 0;
    for (; pages < 50; pages++) {
      for (const r of page.rows) seen.set(r.index, { label: r.label, detail: r.detail });
      if (seen.size >= page.size) break;
      await this.page.keyboard.press('PageDown');
      await this.page.waitForTimeout(50);
      page = await read();
    }
    for (let i = 0; i < pages; i++) await this.page.keyboard.press('PageUp');
    return [...seen].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  }

  /** The CodeLens texts of the active editor, once there is at least one and they satisfy `until` (lenses are resolved one by one, after they are drawn). */
  async codeLenses(until: (lenses: string[]) => boolean = () => true): Promise<string[]> {
    const lenses = this.activeEditor().locator('.codelens-decoration');
    await lenses.first().waitFor({ timeout: this.timeout * 2 });
    const deadline = Date.now() + this.timeout * 2;
    for (;;) {
      const texts = await lenses.evaluateAll((els) => els.map((e) => e.textContent?.replace(/\u00a0/g, ' ').trim() ?? '').filter(Boolean));
      if (texts.length > 0 && until(texts)) return texts;
      if (Date.now() > deadline) throw new Error(`the CodeLenses say:\n${texts.join('\n')}`);
      await this.page.waitForTimeout(250);
    }
  }

  /** Clicks the CodeLens whose text contains `text`. */
  async clickCodeLens(text: string): Promise<void> {
    await this.activeEditor().locator('.codelens-decoration a', { hasText: text }).first().click({ timeout: this.timeout });
  }

  /**
   * The preview panel's page: a webview is an iframe (VS Code's host page, iframe.webview)
   * holding the extension's page in iframe#active-frame. The first ready webview: the
   * scenarios keep one open at a time.
   */
  previewPanel(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready >> nth=0').frameLocator('iframe#active-frame');
  }

  /** Waits for the editor tab of a preview panel whose title starts with `title` ("AccountsPayable as p.buyer@acme.com") and for its grid's first rendered row (or its message, when there is no row). */
  async waitForPanel(title: string): Promise<void> {
    await this.page.locator('.tabs-container .tab', { hasText: title }).first().waitFor({ timeout: this.timeout * 2 });
    const panel = this.previewPanel();
    await panel.locator('[role=grid] .body .row[data-row-id], [role=grid] .message:not([hidden])').first().waitFor({ timeout: this.timeout * 2 });
  }

  /** The panel's table tabs, with the counts their badges show (read from the badges' labels, "84 of 160 rows visible"). */
  async panelTabs(): Promise<PanelTab[]> {
    return this.previewPanel()
      .locator('[role=tablist] [role=tab]')
      .evaluateAll((els) =>
        els.map((e) => {
          const m = /^(\d+) of (\d+) rows visible$/.exec(e.querySelector('.count')?.getAttribute('aria-label') ?? '');
          return { table: e.getAttribute('data-table') ?? '', visible: Number(m?.[1] ?? NaN), total: Number(m?.[2] ?? NaN), selected: e.getAttribute('aria-selected') === 'true' };
        }),
      );
  }

  /**
   * The rendered rows of the panel's grid, in row order: the text of `column`'s cell (and of the
   * "Why hidden" cell, when shown), the row id and whether the row is hidden. The grid is
   * virtualized: only rows near the viewport exist.
   */
  async panelRows(column: string): Promise<{ index: number; rowId: number; value: string; hidden: boolean; reason: string }[]> {
    return this.previewPanel()
      .locator('[role=grid]')
      .evaluate((grid, column) => {
        const heads = Array.from(grid.querySelectorAll('.header-row [role=columnheader]'));
        const at = heads.find((h) => h.querySelector('.col-name')?.textContent === column)?.getAttribute('aria-colindex');
        const why = heads.find((h) => h.classList.contains('reason-head'))?.getAttribute('aria-colindex');
        if (!at) throw new Error(`the grid has no column ${column}: ${heads.map((h) => h.textContent).join(', ')}`);
        return Array.from(grid.querySelectorAll('.body .row[data-row-id]'))
          .map((r) => ({
            index: Number(r.getAttribute('data-index')),
            rowId: Number(r.getAttribute('data-row-id')),
            value: r.querySelector(`[role=gridcell][aria-colindex="${at}"]`)?.textContent ?? '',
            hidden: r.classList.contains('hidden-row'),
            reason: why ? (r.querySelector(`[role=gridcell][aria-colindex="${why}"]`)?.textContent ?? '') : '',
          }))
          .sort((a, b) => a.index - b.index);
      }, column);
  }

  /** Ctrl+. at a position: opens the code action menu and returns every title offered, once it has stopped changing. */
  async openQuickFixes(at: { line: number; column: number }): Promise<string[]> {
    await this.goTo(at.line, at.column);
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor({ timeout: this.timeout });
    let previous = '';
    for (let i = 0; i < 20; i++) {
      const titles = await this.quickFixTitles();
      const key = JSON.stringify(titles);
      if (key === previous) return titles;
      previous = key;
      await this.page.waitForTimeout(150);
    }
    return JSON.parse(previous) as string[];
  }

  private quickFixTitles(): Promise<string[]> {
    return this.page.locator('.action-widget .monaco-list-row.action').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent?.trim() ?? ''));
  }

  /** In the open code action menu, applies the action whose title contains `title`. */
  async applyQuickFix(title: string): Promise<void> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    const titles = await this.quickFixTitles();
    const target = titles.findIndex((t) => t.includes(title));
    if (target < 0) throw new Error(`no quick fix "${title}"; offered: ${titles.join(' | ')}`);
    // By keyboard: the widget's rows sit under overlays that swallow a click.
    const focused = await rows.evaluateAll((els) => els.findIndex((e) => e.classList.contains('focused')));
    for (let i = Math.max(focused, 0); i < target; i++) await this.page.keyboard.press('ArrowDown');
    for (let i = focused; i > target; i--) await this.page.keyboard.press('ArrowUp');
    await this.page.locator('.action-widget .monaco-list-row.action.focused', { hasText: titles[target] }).waitFor({ timeout: this.timeout });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.action-widget').waitFor({ state: 'hidden', timeout: this.timeout });
  }

  /** Ctrl+. at a position; applies the code action whose title contains `title`. Returns every title offered. */
  async quickFix(at: { line: number; column: number }, title: string): Promise<string[]> {
    const titles = await this.openQuickFixes(at);
    await this.applyQuickFix(title);
    return titles;
  }

  /** Closes every editor and group (none may have unsaved changes): a scenario starts with the whole window for one editor. */
  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editor Groups');
    await this.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: this.timeout });
  }

  /** Hides the panel (Problems, Output …) when it is open, for a picture with more of the editor. */
  async hidePanel(): Promise<void> {
    const panel = this.page.locator('#workbench\\.parts\\.panel');
    if (!(await panel.isVisible())) return;
    await this.runCommand('View: Hide Panel');
    await panel.waitFor({ state: 'hidden', timeout: this.timeout });
  }

  /** Shows or hides the primary side bar (the Explorer): hidden, a picture gives the editors the whole width. */
  async sideBar(visible: boolean): Promise<void> {
    const bar = this.page.locator('#workbench\\.parts\\.sidebar');
    if ((await bar.isVisible()) === visible) return;
    await this.runCommand('View: Toggle Primary Side Bar Visibility');
    await bar.waitFor({ state: visible ? 'visible' : 'hidden', timeout: this.timeout });
  }

  /** Clears every notification toast (a picture without them). */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: this.timeout }).catch(() => undefined);
  }

  /** Whether the editor tab of `name` (a file name) shows unsaved changes. */
  async isDirty(name: string): Promise<boolean> {
    return this.page.locator(`.editor-group-container.active .tabs-container .tab[data-resource-name="${name}"]`).first().evaluate((tab) => tab.classList.contains('dirty'));
  }

  /** Saves the active editor (Ctrl+S). */
  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.waitForTimeout(300);
  }

  /** The text of the active editor's visible lines (a virtual document, say), with the inlay hints the editor draws in them. */
  async editorText(): Promise<string> {
    return this.activeEditor().locator('.view-lines').evaluate((el) => Array.from(el.querySelectorAll('.view-line')).sort((a, b) => parseFloat((a as HTMLElement).style.top) - parseFloat((b as HTMLElement).style.top)).map((l) => l.textContent?.replace(/\u00a0/g, ' ') ?? '').join('\n'));
  }

  /**
   * Reloads the window in extension-test mode, as @vscode/test-electron starts desktop VS
   * Code: the extension from `developmentPath` (a folder with package.json and dist/) and
   * `testsPath`, a CommonJS module whose run() the extension host awaits. The web workbench
   * reports no exit code, so the module writes its outcome to `resultFile`; returns its text.
   */
  async runExtensionTests(developmentPath: string, testsPath: string, resultFile: string, timeoutMs = 120_000): Promise<string> {
    const url = new URL(this.page.url());
    const remote = (p: string) => `vscode-remote://${url.host}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(developmentPath)],
      ['extensionTestsPath', remote(testsPath)],
    ]);
    await this.page.goto(`${url.origin}/?folder=${encodeURIComponent(this.workspace)}&payload=${encodeURIComponent(payload)}`);
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(resultFile)) {
      if (Date.now() > deadline) throw new Error(`the extension tests wrote no result in ${timeoutMs} ms\n${this.output}`);
      await this.page.waitForTimeout(250);
    }
    return readFileSync(resultFile, 'utf8');
  }

  /** A picture of the whole window (docs/images/NAME.png), once two in a row are the same: lenses and hints settle late. */
  async screenshot(file: string): Promise<void> {
    mkdirSync(path.dirname(file), { recursive: true });
    await this.page.mouse.move(0, 0);
    let shot = await this.page.screenshot();
    for (let i = 0; i < 20; i++) {
      await this.page.waitForTimeout(500);
      const next = await this.page.screenshot();
      if (next.equals(shot)) break;
      shot = next;
    }
    writeFileSync(file, shot);
  }

  /** Kills code-server (with its extension host and language server) and the browser; removes the temp folder. */
  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    this.server.stop();
  }
}
