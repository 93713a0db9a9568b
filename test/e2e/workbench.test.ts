// The extension in a real VS Code: the packaged dist/sightline.vsix installed into
// code-server 1.100 and driven in Chromium (workbench.ts). A fresh CI machine installs
// code-server and Chromium in the before hook (scripts/install-vscode-web.sh, idempotent).
// `npm test` packages the vsix before mocha runs; run alone, this test packages it when it
// is missing or older than the bundles (test/extension/vsix.ts).
//
// Scenario: a copy of examples/acme with one deliberate error (acme-with-error.ts). The
// Problems panel lists exactly what `sightline check` reports for the same copy; the status
// bar shows the Sightline item with the error count and opens the preview, whose counts are
// what `sightline preview --count` prints. Last, the VS Code API suite that
// @vscode/test-electron runs on desktop (test/electron/suite.ts) runs in code-server's
// extension host. Screenshots: docs/images/editor-problems.png, editor-preview-counts.png.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundleSuite } from '../electron/bundle.js';
import { ensureVsix } from '../extension/vsix.js';
import { ACME, checkDiagnostics, diagnosticKey, ERROR_AT, ERROR_FILE, ERROR_MESSAGE, introduceError, ROOT } from './acme-with-error.js';
import { run } from './run.js';
import { Workbench } from './workbench.js';

/** Where code-server is installed; the same default as scripts/install-vscode-web.sh. */
const CODE_SERVER_DIR = process.env.SIGHTLINE_VSCODE_WEB ?? path.join(homedir(), '.cache', 'sightline-vscode-web');
const IMAGES = path.join(ROOT, 'docs', 'images');
const timings: Record<string, number> = {};
/** A buyer in group Buyers France: the deliberate error is in another user's rule. */
const PREVIEW_USER = 't.nguyen@acme.com';

describe('the extension in VS Code (code-server + Chromium)', function () {
  this.timeout(120_000);
  let wb: Workbench | undefined;
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

  it('shows the Sightline status bar item, which opens the preview: the counts `sightline preview` prints', async () => {
    // The server's sightline/status: the engine's data and the deliberate error.
    assert.match(await wb!.sightlineStatus(/; 1 error, 0 warnings$/), /^Sightline: \d+ tables loaded; /);
    await wb!.statusBarItem('Sightline').click();
    // sightline.preview: the models and perspectives (sightline/analyses), then the users
    // and groups (sightline/principals), then the counts (sightline/counts) in a document.
    const models = await wb!.quickPickItems();
    for (const name of ['AccountsPayable', 'OrderToCash']) assert.ok(models.some((i) => i.includes(name)), `no ${name} among ${models.join(' | ')}`);
    await wb!.pick('AccountsPayable');
    const principals = await wb!.quickPickItems();
    assert.ok(principals.some((i) => i.includes('t.nguyen@acme.com') && i.includes('Buyers France')), `users without their groups: ${principals.join(' | ')}`);
    await wb!.pick(PREVIEW_USER);
    await wb!.page.locator(`.tab[data-resource-name="AccountsPayable as ${PREVIEW_USER}"]`).waitFor({ timeout: wb!.timeout * 2 });
    const text = await wb!.editorText();
    const expected = await previewCounts(wb!.workspace);
    const shown = [...text.matchAll(/^(\w+)\s+(\d+)\s+(\d+)/gm)].map((m) => [m[1], m[2], m[3]]);
    assert.deepEqual(shown, expected, text);
    await wb!.screenshot(path.join(IMAGES, 'editor-preview-counts.png'));
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

/** `sightline preview --count` as [table, visible, total] rows. */
async function previewCounts(dir: string): Promise<string[][]> {
  const cli = await run(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'preview', dir, '--model', 'AccountsPayable', '--as', PREVIEW_USER, '--count'], { timeoutMs: 60_000 });
  return cli.trim().split('\n').slice(1).map((l) => l.split(','));
}
