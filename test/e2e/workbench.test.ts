// The extension in a real VS Code: the packaged dist/sightline.vsix installed into
// code-server 1.100 and driven in Chromium (workbench.ts). A fresh CI machine installs
// code-server and Chromium in the before hook (scripts/install-vscode-web.sh, idempotent).
// `npm test` packages the vsix before mocha runs; run alone, this test packages it when it
// is missing or older than the bundles (test/extension/vsix.ts).
//
// Scenario: a copy of examples/acme with one deliberate error (acme-with-error.ts). The
// Problems panel lists exactly what `sightline check` reports for the same copy; the status
// bar shows the Sightline item with the error count and opens, through the pickers, the
// preview panel (a webview), whose table tabs show the counts `sightline preview --count`
// prints. In accounts-payable.perm, typed with the keyboard: completion offers the data's
// values, most frequent first with their row counts, and the model's aliases; the CodeLens of
// each user or group block shows the counts the engine computes (the test's own, in-process,
// on the same copy) and opens the panel for that user: its picker, its tabs' counts and the
// first rows of its grid are the engine's; "Show hidden rows" adds the hidden rows, each with
// the reason the engine gives. Typing in the .perm file beside the open panel refreshes it within
// a second or two (and reverting does again), keeping its user, table and sort, with the counts
// the engine gives for the edited text; for a user no permission applies to, the panel's "Open
// permissions" button opens the model's permissions block in the editor. The did-you-mean quick fix repairs the deliberate error, which
// leaves the Problems panel (then undo puts it back); the README's picture of the panel is
// taken beside the repaired file. Last, the VS Code API suite that @vscode/test-electron runs
// on desktop (test/electron/suite.ts) runs in code-server's extension host. Screenshots in
// docs/images/: editor-problems.png, editor-completion-values.png, editor-codelens.png,
// editor-quick-fix.png, preview-panel-vscode.png.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundleSuite } from '../electron/bundle.js';
import { ensureVsix } from '../extension/vsix.js';
import type { Engine } from '../../engine/index.js';
import { loadFolder } from '../support/engine-workspace.js';
import { ACME, checkDiagnostics, checkReport, diagnosticKey, ERROR_AT, ERROR_FILE, ERROR_MESSAGE, introduceError, ROOT } from './acme-with-error.js';
import { run } from './run.js';
import { Workbench, type PanelTab } from './workbench.js';

/** Where code-server is installed; the same default as scripts/install-vscode-web.sh. */
const CODE_SERVER_DIR = process.env.SIGHTLINE_VSCODE_WEB ?? path.join(homedir(), '.cache', 'sightline-vscode-web');
const IMAGES = path.join(ROOT, 'docs', 'images');
const timings: Record<string, number> = {};
/** A buyer in group Buyers France: the deliberate error is in another user's rule. */
const PREVIEW_USER = 't.nguyen@acme.com';
/** The first user block of accounts-payable.perm: the first CodeLens. */
const LENS_USER = 'p.buyer@acme.com';
const REF = { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' };
/** The did-you-mean quick fix for `Vendor` (server/features/fixes/did-you-mean.ts). */
const FIX_TITLE = 'Change to "Vendors"';

describe('the extension in VS Code (code-server + Chromium)', function () {
  this.timeout(120_000);
  let wb: Workbench | undefined;
  /** The workspace copy, as it starts (with the error), in the test's own engine: what the editor's counts and values must equal. */
  let engine: Promise<Engine> | undefined;
  const dataEngine = () => (engine ??= loadFolder(wb!.workspace).then((l) => l.engine));
  /** The API suite's expectations and outcome (test/electron/suite.ts), outside the repository. */
  const suiteDir = mkdtempSync(path.join(tmpdir(), 'sightline-suite-'));
  const suiteEnv = { SIGHTLINE_EXPECTED_FILE: path.join(suiteDir, 'expected.json'), SIGHTLINE_SUITE_RESULT: path.join(suiteDir, 'result.txt') };

  before(async function () {
    // A fresh machine installs Debian packages and code-server here (about a minute).
    this.timeout(900_000);
    let t = Date.now();
    await run('bash', [path.join(ROOT, 'scripts', 'install-vscode-web.sh'), CODE_SERVER_DIR], { timeoutMs: 840_000 });
    timings.install = Date.now() - t;
    t = Date.now();
    const vsix = await ensureVsix();
    timings.package = Date.now() - t;
    t = Date.now();
    wb = await Workbench.start({ codeServerDir: CODE_SERVER_DIR, vsix, workspace: ACME, prepare: introduceError, env: suiteEnv });
    timings.start = Date.now() - t;
  });

  afterEach(async function () {
    // A failed scenario leaves a picture of the window beside the logs.
    if (this.currentTest?.state === 'failed' && wb) {
      const file = path.join(tmpdir(), `sightline-e2e-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`);
      await wb.page.screenshot({ path: file }).catch(() => undefined);
      console.log(`  screenshot of the failure: ${file}`);
    }
  });

  after(async () => {
    await wb?.close();
    rmSync(suiteDir, { recursive: true, force: true });
    if (process.env.SIGHTLINE_TIMINGS) console.log('e2e timings (ms):', timings);
  });

  it('lists in the Problems panel exactly what `sightline check` reports', async () => {
    const expected = (await checkDiagnostics(wb!.workspace)).map(diagnosticKey).sort();
    const t = Date.now();
    const problems = await wb!.problems(expected.length);
    timings.problems = Date.now() - t;
    const shown = problems.map(diagnosticKey).sort();
    assert.deepEqual(shown, expected, `Problems panel:\n${shown.join('\n')}\n${wb!.output}\n${wb!.outputChannel('Sightline')}`);
    const error = problems.find((p) => p.severity === 'error')!;
    assert.deepEqual([error.file, error.line, error.column, error.message, error.source, error.code], [ERROR_FILE, ERROR_AT.line, ERROR_AT.column, ERROR_MESSAGE, 'sightline', 'unknown-table']);
    await wb!.openFile(path.basename(ERROR_FILE));
    await wb!.goTo(ERROR_AT.line, ERROR_AT.column);
    // The engine has loaded the data (the picture shows the settled status bar).
    await wb!.sightlineStatus(/tables loaded; 1 error, 0 warnings$/);
    await wb!.screenshot(path.join(IMAGES, 'editor-problems.png'));
  });

  it('shows the Sightline status bar item, which opens the preview panel: the counts `sightline preview` prints', async () => {
    // The server's sightline/status: the engine's data and the deliberate error.
    assert.match(await wb!.sightlineStatus(/; 1 error, 0 warnings$/), /^Sightline: \d+ tables loaded; /);
    await wb!.statusBarItem('Sightline').click();
    // sightline.preview: the models and perspectives (sightline/analyses), then the users
    // and groups (sightline/principals), then the panel (sightline/counts, summary, page).
    const models = await wb!.quickPickItems();
    for (const name of ['AccountsPayable', 'OrderToCash']) assert.ok(models.some((i) => i.includes(name)), `no ${name} among ${models.join(' | ')}`);
    await wb!.pick('AccountsPayable');
    const principals = await wb!.quickPickItems();
    assert.ok(principals.some((i) => i.includes('t.nguyen@acme.com') && i.includes('Buyers France')), `users without their groups: ${principals.join(' | ')}`);
    await wb!.pick(PREVIEW_USER);
    await wb!.waitForPanel(`AccountsPayable as ${PREVIEW_USER}`);
    const expected = (await previewCounts(wb!.workspace)).map(([table, visible, total]) => ({ table, visible: Number(visible), total: Number(total) }));
    const tabs = await waitFor('the table tabs of the panel', () => wb!.panelTabs(), (t) => t.length === expected.length);
    assert.deepEqual(tabs.map(({ table, visible, total }) => ({ table, visible, total })), expected, panelEvidence(wb!));
    await checkPanelHeader(wb!, PREVIEW_USER, firstVisible(tabs));
  });

  it('completes the values of the data, most frequent first with their counts, and the aliases at a rule start', async () => {
    const original = wb!.readFile(ERROR_FILE);
    const engine = await dataEngine();
    // Every LAND1 value of Vendors (fewer than 20), most frequent first, as the in-process engine counts them.
    const land = (await engine.columnValues(REF, 'Vendors', 'LAND1', { limit: 20 })).filter((v) => v.value !== null);
    assert.ok(land.length > 3 && land.length < 20, `LAND1 values: ${JSON.stringify(land)}`);
    await wb!.sightlineStatus(/tables loaded; /);
    await wb!.closeAllEditors();
    await wb!.hidePanel();
    await wb!.openFile(path.basename(ERROR_FILE));
    // A new rule in the "Buyers France" block, typed key by key: `"` asks the server by itself.
    await wb!.goTo(lineOf(original, 'Vendors.EKORG in "2000"'), 1);
    await wb!.page.keyboard.press('End');
    await wb!.page.keyboard.press('Enter');
    await wb!.type('Vendors.LAND1 in "');
    const values = await wb!.suggestions({ until: (items) => items.some((i) => /^\d+ rows?$/.test(i.detail)) });
    assert.deepEqual(
      values.map((v) => `${v.label} ${v.detail}`),
      land.map((v) => `${v.value} ${v.count} row${v.count === 1 ? '' : 's'}`),
      'the suggest widget lists the LAND1 values, most frequent first, with their row counts',
    );
    await wb!.screenshot(path.join(IMAGES, 'editor-completion-values.png'));
    // Accepting the first writes it inside the quotes the editor closed: one closing quote.
    await wb!.page.keyboard.press('Enter');
    await waitFor('the accepted value in the editor', () => wb!.editorText(), (t) => new RegExp(`^\\s+Vendors\\.LAND1 in "${land[0].value}"(?!")`, 'm').test(t));
    // A fresh line: at a rule's start the aliases of the model.
    await wb!.page.keyboard.press('End');
    await wb!.page.keyboard.press('Enter');
    const aliases = await wb!.suggestions({ trigger: true, until: (items) => items.some((i) => i.label === 'Vendors') });
    for (const alias of ['Vendors', 'Invoices', 'InvoiceItems', 'Payments']) assert.ok(aliases.some((i) => i.label === alias), `no ${alias} among ${aliases.map((i) => i.label).join(', ')}`);
    // Back to the file on disk, for the scenarios after this one.
    await wb!.page.keyboard.press('Escape');
    await wb!.runCommand('File: Revert File');
    await waitFor('the reverted editor', () => wb!.isDirty(path.basename(ERROR_FILE)), (dirty) => !dirty);
    assert.doesNotMatch(await wb!.editorText(), /in "DE"(?!, "AT")/);
    assert.equal(wb!.readFile(ERROR_FILE), original);
  });

  it('shows a CodeLens with each user\'s counts and inlay hints with the rows a rule keeps; the lens opens the preview', async () => {
    const engine = await dataEngine();
    const counts = await engine.counts(REF, LENS_USER);
    const kept = await engine.ruleKeeps(REF, 'Vendors', 'EKORG', ['1000']);
    await wb!.closeAllEditors();
    await wb!.hidePanel();
    await wb!.openFile(path.basename(ERROR_FILE));
    await wb!.goTo(1, 1);
    // Lenses are resolved one by one: wait until every one has its counts.
    const lenses = await wb!.codeLenses((l) => l.length >= 3 && l.every((t) => /\d+\/\d+/.test(t)));
    assert.equal(lenses[0], `Preview as ${LENS_USER} · ${counts.map((c) => `${c.table} ${c.visible}/${c.total}`).join(' · ')}`);
    assert.deepEqual(lenses.map((l) => l.split(' · ')[0]), [`Preview as ${LENS_USER}`, 'Preview as group Buyers France', 'Preview as group Procurement Leads']);
    await waitFor('the inlay hint of the EKORG 1000 rule', () => wb!.editorText(), (t) => new RegExp(`Vendors\\.EKORG in "1000"\\s*keeps ${kept.kept}/${kept.total} Vendors`).test(t));
    await wb!.screenshot(path.join(IMAGES, 'editor-codelens.png'));
    await wb!.clickCodeLens(`Preview as ${LENS_USER}`);
    // The panel for that user: its picker, the engine's counts on the tabs, the first table
    // with visible rows selected, and the grid's rows in file order (no sort by default).
    await wb!.waitForPanel(`AccountsPayable as ${LENS_USER}`);
    const tabs = await wb!.panelTabs();
    assert.deepEqual(tabs.map(({ table, visible, total }) => ({ table, visible, total })), counts.map(({ table, visible, total }) => ({ table, visible, total })), panelEvidence(wb!));
    const table = firstVisible(tabs);
    assert.equal(table, 'Vendors');
    await checkPanelHeader(wb!, LENS_USER, table);
    const page = await engine.page(REF, LENS_USER, table, { offset: 0, limit: 20 });
    const expected = [...page.rows.getChild('LIFNR')!.toArray()].map(String);
    assert.equal(expected.length, 20);
    const rows = await waitFor('the first rows of the grid', () => wb!.panelRows('LIFNR'), (r) => r.length >= expected.length);
    assert.deepEqual(rows.slice(0, expected.length).map((r) => [r.index, r.value, r.hidden]), expected.map((v, i) => [i, v, false]), panelEvidence(wb!));
  });

  it('shows the hidden rows in the panel, each with the reason the engine gives', async () => {
    const engine = await dataEngine();
    const principal = { kind: 'user' as const, name: LENS_USER };
    const all = await engine.gridPage(REF, principal, 'Vendors', { offset: 0, limit: 20, includeHidden: true });
    const hiddenIds = all.rowIds.filter((_, i) => all.hidden![i]);
    assert.ok(hiddenIds.length > 0, 'the first 20 Vendors include hidden rows');
    const reasons = new Map((await engine.hiddenReasons(REF, principal, 'Vendors', hiddenIds)).map((r) => [r.rowId, r.reason]));
    const panel = wb!.previewPanel();
    await panel.getByLabel('Show hidden rows').check();
    await panel.locator('[role=columnheader].reason-head').waitFor({ timeout: wb!.timeout });
    // Reasons come a moment later ("explaining…" until then).
    const rows = await waitFor('the reasons of the hidden rows', () => wb!.panelRows('LIFNR'), (r) => r.length >= 20 && r.slice(0, 20).every((x) => !x.hidden || (x.reason !== '' && x.reason !== 'explaining…')));
    const LIFNR = all.columns.findIndex((c) => c.name === 'LIFNR');
    assert.deepEqual(
      rows.slice(0, 20).map((r) => [r.value, r.hidden, r.reason]),
      all.rows.map((cells, i) => [String(cells[LIFNR]), all.hidden![i], all.hidden![i] ? reasons.get(all.rowIds[i]) : '']),
      panelEvidence(wb!),
    );
    const hidden = rows.find((r) => r.hidden)!;
    assert.match(hidden.reason, /^Vendors\.EKORG is "\d+", not among "1000"/);
    const counts = (await engine.counts(REF, LENS_USER)).find((c) => c.table === 'Vendors')!;
    assert.equal(await panel.locator('.toolbar .status').textContent(), `${counts.total} rows, ${counts.total - counts.visible} hidden`);
    // Off again: the visible rows only.
    await panel.getByLabel('Show hidden rows').uncheck();
    await panel.locator('[role=columnheader].reason-head').waitFor({ state: 'detached', timeout: wb!.timeout });
    await waitFor('the visible rows only', () => wb!.panelRows('LIFNR'), (r) => r.length > 0 && r.every((x) => !x.hidden));
  });

  it('refreshes the open panel as the .perm file is edited, keeping the user, the table and the sort', async () => {
    const original = wb!.readFile(ERROR_FILE);
    // p.buyer's valid rule (the other one is the deliberate error): `, "2000"` typed at its end widens it.
    const rule = '    Vendors.EKORG in "1000"';
    const ruleLine = lineOf(original, rule);
    assert.equal(original.split('\n')[ruleLine - 1], rule);
    // What the engine says p.buyer sees with the wider rule (a copy of the workspace, edited the same way).
    const copy = mkdtempSync(path.join(tmpdir(), 'sightline-edited-'));
    let before: { table: string; visible: number; total: number }[];
    let after: typeof before;
    try {
      before = (await (await dataEngine()).counts(REF, LENS_USER)).map(({ table, visible, total }) => ({ table, visible, total }));
      cpSync(wb!.workspace, copy, { recursive: true });
      writeFileSync(path.join(copy, ERROR_FILE), original.replace(rule, `${rule}, "2000"`));
      after = (await (await loadFolder(copy)).engine.counts(REF, LENS_USER)).map(({ table, visible, total }) => ({ table, visible, total }));
    } finally {
      rmSync(copy, { recursive: true, force: true });
      engine = undefined; // the process's one engine now holds the copy: load the workspace again when asked
    }
    const TABLE = 'Invoices';
    const visible = (c: typeof before) => c.find((x) => x.table === TABLE)!;
    assert.ok(visible(after).visible > visible(before).visible, `with EKORG 2000 p.buyer sees more invoices: ${JSON.stringify({ before, after })}`);

    // The file on the left, the panel for p.buyer beside it, on Invoices, sorted by its first column descending.
    await wb!.closeAllEditors();
    await wb!.hidePanel();
    await wb!.openFile(path.basename(ERROR_FILE));
    await wb!.goTo(1, 1);
    await wb!.codeLenses((l) => l.some((t) => t.startsWith(`Preview as ${LENS_USER} · `) && /\d+\/\d+/.test(t)));
    await wb!.clickCodeLens(`Preview as ${LENS_USER}`);
    await wb!.waitForPanel(`AccountsPayable as ${LENS_USER}`);
    const panel = wb!.previewPanel();
    await panel.locator(`[role=tab][data-table="${TABLE}"]`).click();
    await panel.locator(`[role=grid][aria-label="${TABLE} as ${LENS_USER}"]`).waitFor({ timeout: wb!.timeout });
    const sortButton = panel.locator('.header-row [role=columnheader] button.sort').first();
    const sortColumn = (await sortButton.locator('.col-name').textContent())!;
    await sortButton.click();
    await panel.locator('.header-row [role=columnheader][aria-sort="ascending"]').waitFor({ timeout: wb!.timeout });
    await sortButton.click();
    await panel.locator('.header-row [role=columnheader][aria-sort="descending"]').waitFor({ timeout: wb!.timeout });
    const status = (c: typeof before) => `${visible(c).visible.toLocaleString('en-US')} of ${visible(c).total.toLocaleString('en-US')} rows visible`;
    await waitFor('the status before the edit', async () => (await panel.locator('.toolbar .status').textContent()) ?? '', (t) => t === status(before));
    const kept = async () => ({
      who: await panel.locator('button.who').getAttribute('aria-label'),
      table: await panel.locator('[role=tab][aria-selected=true]').getAttribute('data-table'),
      sorted: await panel.locator('.header-row [role=columnheader][aria-sort="descending"] .col-name').textContent(),
      others: await panel.locator('.header-row [role=columnheader][aria-sort="ascending"]').count(),
    });
    const expectKept = { who: `Viewing as ${LENS_USER}; change user or group`, table: TABLE, sorted: sortColumn, others: 0 };

    // Typing in the unsaved buffer: the panel shows the new counts within a second or two of the last key.
    await wb!.page.locator('.editor-group-container').first().locator('.view-lines').click();
    await wb!.goTo(ruleLine, rule.length + 1);
    const tabsNow = async () => (await wb!.panelTabs()).map(({ table, visible, total }) => ({ table, visible, total }));
    await wb!.type(', "2000');
    await waitFor('the typed value in the editor', () => wb!.editorText(), (text) => text.includes(`${rule.trim()}, "2000"`));
    let t = Date.now();
    await waitFor('the counts with EKORG 2000', tabsNow, (c) => JSON.stringify(c) === JSON.stringify(after), 15_000, 100);
    timings.liveEdit = Date.now() - t;
    await waitFor('the status after the edit', async () => (await panel.locator('.toolbar .status').textContent()) ?? '', (s) => s === status(after));
    assert.deepEqual(await kept(), expectKept, 'the panel keeps the user, the table and the sort');
    assert.equal(await wb!.isDirty(path.basename(ERROR_FILE)), true);
    await wb!.screenshot(path.join(tmpdir(), 'sightline-e2e-live-edit.png'));

    // Revert: the file as on disk, and the counts as before, again within a second or two.
    await wb!.focusEditor();
    await wb!.runCommand('File: Revert File');
    t = Date.now();
    await waitFor('the counts of the file on disk', tabsNow, (c) => JSON.stringify(c) === JSON.stringify(before), 15_000, 100);
    timings.liveUndo = Date.now() - t;
    await waitFor('the status after the revert', async () => (await panel.locator('.toolbar .status').textContent()) ?? '', (s) => s === status(before));
    assert.deepEqual(await kept(), expectKept);
    await waitFor('the clean editor', () => wb!.isDirty(path.basename(ERROR_FILE)), (dirty) => !dirty);
    assert.equal(wb!.readFile(ERROR_FILE), original);
    assert.ok(timings.liveEdit < 2500 && timings.liveUndo < 2500, `the panel refreshed ${timings.liveEdit} ms after the edit and ${timings.liveUndo} ms after the revert`);
    assertCleanWebviewConsole(wb!);
  });

  it('opens the permissions file from the "no permission applies" state of the panel', async () => {
    // A user of the team whom no permission names (default deny), found by the engine.
    const engine = await dataEngine();
    let nobody: string | undefined;
    for (const u of engine.usersOf(REF)) {
      const s = await engine.summary(REF, { kind: 'user', name: u });
      if (s.switchOn && !s.applicable && s.unlimited.length === 0) {
        nobody = u;
        break;
      }
    }
    assert.ok(nobody, 'acme has a user without any permission in AccountsPayable');
    const header = lineOf(wb!.readFile(ERROR_FILE), 'permissions for "Procurement/AP Analytics".AccountsPayable');
    await wb!.closeAllEditors();
    await wb!.statusBarItem('Sightline').click();
    await wb!.pick('AccountsPayable');
    await wb!.pick(nobody);
    await wb!.waitForPanel(`AccountsPayable as ${nobody}`);
    const panel = wb!.previewPanel();
    const banner = panel.locator('.banner:not([hidden])');
    await banner.waitFor({ timeout: wb!.timeout });
    assert.match((await banner.textContent()) ?? '', new RegExp(`No permission applies to ${nobody.replace(/\./g, '\\.')} in AccountsPayable, so they see no rows \\(default deny\\)`));
    assert.match((await panel.locator('.message:not([hidden])').textContent()) ?? '', /sees no rows: no permission applies to them/);
    await wb!.screenshot(path.join(tmpdir(), 'sightline-e2e-no-permission.png'));
    await panel.getByRole('button', { name: 'Open permissions' }).click();
    // The editor shows accounts-payable.perm with the cursor on the model's permissions block.
    await wb!.page.locator(`.editor-group-container.active .tabs-container .tab.active[data-resource-name="${path.basename(ERROR_FILE)}"]`).waitFor({ timeout: wb!.timeout });
    const cursor = wb!.page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
    await waitFor('the cursor on the permissions block', async () => (await cursor.textContent()) ?? '', (t) => t.startsWith(`Ln ${header}, Col 1`));
    assert.match(await wb!.editorText(), /permissions for "Procurement\/AP Analytics"\.AccountsPayable \{/);
    assertCleanWebviewConsole(wb!);
  });

  it('fixes the unknown table with the did-you-mean quick fix: the file says Vendors again and the error leaves the Problems panel', async () => {
    const original = wb!.readFile(ERROR_FILE);
    const fixed = original.replace('    Vendor.LAND1 in "DE", "AT"', '    Vendors.LAND1 in "DE", "AT"');
    assert.notEqual(fixed, original);
    await wb!.closeAllEditors();
    await wb!.openFile(path.basename(ERROR_FILE));
    // The picture shows the error in the Problems panel too.
    await wb!.problems((p) => p.some((x) => x.code === 'unknown-table'));
    const titles = await wb!.openQuickFixes(ERROR_AT);
    assert.equal(titles[0], FIX_TITLE, `the did-you-mean fix comes first: ${titles.join(' | ')}`);
    await wb!.screenshot(path.join(IMAGES, 'editor-quick-fix.png'));
    await wb!.applyQuickFix(FIX_TITLE);
    await waitFor('the fixed line in the editor', () => wb!.editorText(), (t) => /^ {4}Vendors\.LAND1 in "DE", "AT"/m.test(t) && !/^\s*Vendor\./m.test(t));
    assert.equal(await wb!.isDirty(path.basename(ERROR_FILE)), true);
    await wb!.save();
    await waitFor('the fixed file on disk', async () => wb!.readFile(ERROR_FILE), (t) => t === fixed);
    // The Problems panel: what `sightline check` reports for the fixed copy, without the error.
    const expected = (await checkReport(wb!.workspace)).map(diagnosticKey).sort();
    assert.ok(!expected.some((d) => d.includes(' error ')), expected.join('\n'));
    const problems = await wb!.problems((p) => !p.some((x) => x.code === 'unknown-table') && p.length >= expected.length);
    assert.deepEqual(problems.map(diagnosticKey).sort(), expected);
    await wb!.sightlineStatus(/tables loaded; 0 errors, 0 warnings$/);
    // Undo and save: the deliberate error again, for the API suite.
    await wb!.focusEditor();
    await wb!.page.keyboard.press('Control+Z');
    await wb!.save();
    await waitFor('the file with the error again', async () => wb!.readFile(ERROR_FILE), (t) => t === original);
    await wb!.sightlineStatus(/tables loaded; 1 error, 0 warnings$/);
  });

  it('shows the preview panel beside the permissions file (the README\'s picture)', async () => {
    // The picture shows the repaired file (no red squiggle): the panel as a new user sees it.
    const original = wb!.readFile(ERROR_FILE);
    const fixed = original.replace('    Vendor.LAND1 in "DE", "AT"', '    Vendors.LAND1 in "DE", "AT"');
    const copy = mkdtempSync(path.join(tmpdir(), 'sightline-fixed-'));
    try {
      cpSync(wb!.workspace, copy, { recursive: true });
      writeFileSync(path.join(copy, ERROR_FILE), fixed);
      const counts = await (await loadFolder(copy)).engine.counts(REF, LENS_USER);
      writeFileSync(path.join(wb!.workspace, ERROR_FILE), fixed);
      await wb!.sightlineStatus(/tables loaded; 0 errors, 0 warnings$/);
      await wb!.closeAllEditors();
      await wb!.hidePanel();
      await wb!.sideBar(false);
      await wb!.openFile(path.basename(ERROR_FILE));
      await wb!.goTo(1, 1);
      await wb!.codeLenses((l) => l[0] === `Preview as ${LENS_USER} · ${counts.map((c) => `${c.table} ${c.visible}/${c.total}`).join(' · ')}`);
      await wb!.clickCodeLens(`Preview as ${LENS_USER}`);
      await wb!.waitForPanel(`AccountsPayable as ${LENS_USER}`);
      const tabs = await waitFor('the counts of the repaired file', () => wb!.panelTabs(), (t) => t.length === counts.length);
      assert.deepEqual(tabs.map(({ table, visible, total }) => ({ table, visible, total })), counts.map(({ table, visible, total }) => ({ table, visible, total })));
      assert.equal(await wb!.previewPanel().getByLabel('Show hidden rows').isChecked(), false);
      await waitFor('visible Vendors in the grid', () => wb!.panelRows('LIFNR'), (r) => r.length >= 20 && r.every((x) => !x.hidden));
      await wb!.clearNotifications();
      await wb!.screenshot(path.join(IMAGES, 'preview-panel-vscode.png'));
    } finally {
      writeFileSync(path.join(wb!.workspace, ERROR_FILE), original);
      rmSync(copy, { recursive: true, force: true });
    }
    await wb!.sightlineStatus(/tables loaded; 1 error, 0 warnings$/);
    await wb!.sideBar(true);
    assertCleanWebviewConsole(wb!);
  });

  // Last: it reloads the window in extension-test mode.
  it('passes the VS Code API suite (test/electron/suite.ts) in its extension host', async () => {
    const diagnostics = (await checkDiagnostics(wb!.workspace)).map(diagnosticKey);
    const preview = { ref: { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' }, user: PREVIEW_USER, counts: await previewCounts(wb!.workspace) };
    writeFileSync(suiteEnv.SIGHTLINE_EXPECTED_FILE, JSON.stringify({ diagnostics, preview }));
    const suite = await bundleSuite(path.join(suiteDir, 'suite'));
    const result = await wb!.runExtensionTests(ROOT, suite, suiteEnv.SIGHTLINE_SUITE_RESULT);
    assert.equal(result, 'PASS', `${result}\n${wb!.outputChannel('Sightline')}`);
  });
});

/** The 1-based line of the first occurrence of `needle`. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `no ${needle}`);
  return text.slice(0, at).split('\n').length;
}

/** Polls `read` until `done` holds for its value (the editor settles after a keystroke or a save); returns that value. */
async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}; last:\n${typeof value === 'string' ? value : JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** `sightline preview --count` as [table, visible, total] rows. */
async function previewCounts(dir: string): Promise<string[][]> {
  const cli = await run(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'preview', dir, '--model', 'AccountsPayable', '--as', PREVIEW_USER, '--count'], { timeoutMs: 60_000 });
  return cli.trim().split('\n').slice(1).map((l) => l.split(','));
}

/** The table the panel selects first: the first with visible rows. */
function firstVisible(tabs: PanelTab[]): string {
  const selected = tabs.filter((t) => t.selected).map((t) => t.table);
  const expected = (tabs.find((t) => t.visible > 0) ?? tabs[0]).table;
  assert.deepEqual(selected, [expected], `selected tab: ${JSON.stringify(tabs)}`);
  return expected;
}

/** The panel's picker, header line, grid label and status name `user` and `table`. */
async function checkPanelHeader(wb: Workbench, user: string, table: string): Promise<void> {
  const panel = wb.previewPanel();
  assert.equal(await panel.locator('button.who').getAttribute('aria-label'), `Viewing as ${user}; change user or group`);
  // The picker button: a person codicon, the user, a chevron codicon (icons are aria-hidden and add no text).
  assert.equal((await panel.locator('button.who').textContent())?.trim(), user);
  assert.deepEqual(await panel.locator('button.who .codicon').evaluateAll((icons) => icons.map((i) => [i.className, i.getAttribute('aria-hidden'), getComputedStyle(i).fontFamily])), [
    ['codicon codicon-person user', 'true', 'codicon'],
    ['codicon codicon-chevron-down chevron', 'true', 'codicon'],
  ]);
  assert.ok(await panel.locator('body').evaluate(() => document.fonts.check('16px codicon') && Array.from(document.fonts as unknown as Iterable<FontFace>).some((f) => f.family.replace(/"/g, '') === 'codicon' && f.status === 'loaded')), 'the codicon font loads in the webview');
  const summary = await waitFor('the header line', async () => (await panel.locator('.summary').textContent()) ?? '', (t) => t.includes('data permissions'));
  assert.ok(summary.startsWith(`AccountsPayable (model) as ${user} · data permissions on`), summary);
  assert.equal(await panel.locator('[role=grid]').getAttribute('aria-label'), `${table} as ${user}`);
  assertCleanWebviewConsole(wb);
}

/** No error, CSP violation or uncaught exception in the webviews' consoles. */
function assertCleanWebviewConsole(wb: Workbench): void {
  const bad = wb.webviewConsole.filter((m) => /^\[(error|pageerror)\]|Content Security Policy|Refused to/i.test(m));
  assert.deepEqual(bad, [], panelEvidence(wb));
}

function panelEvidence(wb: Workbench): string {
  return `webview console:\n${wb.webviewConsole.join('\n')}\n${wb.output}`;
}
