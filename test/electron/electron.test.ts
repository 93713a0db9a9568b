// The extension in VS Code desktop through @vscode/test-electron, where a VS Code binary is
// at hand: set VSCODE_EXECUTABLE_PATH to it. It is never downloaded (this machine and CI
// reach only the npm registry and Debian), so without the variable the run is skipped and
// says why. The same suite also runs in code-server's extension host on every `npm test`
// (test/e2e/workbench.test.ts), so it cannot rot while no desktop VS Code is around.
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { checkDiagnostics, diagnosticKey, introduceError, ACME, ROOT } from '../e2e/acme-with-error.js';
import { run } from '../e2e/run.js';
import { bundleSuite } from './bundle.js';

const PREVIEW = { ref: { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' }, user: 't.nguyen@acme.com' };

describe('the extension in VS Code desktop (@vscode/test-electron)', function () {
  this.timeout(300_000);
  let temp: string;
  let suite: string;

  before(async () => {
    temp = mkdtempSync(path.join(tmpdir(), 'sightline-electron-'));
    suite = await bundleSuite(path.join(temp, 'suite'));
  });

  after(() => rmSync(temp, { recursive: true, force: true }));

  it('runs the scenario inside VS Code (needs VSCODE_EXECUTABLE_PATH)', async function () {
    const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
    if (!vscodeExecutablePath) {
      this.test!.title += ' — skipped: no VS Code binary (set VSCODE_EXECUTABLE_PATH; it is never downloaded)';
      this.skip();
    }
    const workspace = path.join(temp, 'acme');
    cpSync(ACME, workspace, { recursive: true });
    introduceError(workspace);
    const diagnostics = (await checkDiagnostics(workspace)).map(diagnosticKey);
    const cli = await run(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'preview', workspace, '--model', PREVIEW.ref.name, '--as', PREVIEW.user, '--count'], { timeoutMs: 60_000 });
    const counts = cli.trim().split('\n').slice(1).map((l) => l.split(','));
    mkdirSync(path.join(temp, 'user-data'));
    const code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: suite,
      extensionTestsEnv: { SIGHTLINE_EXPECTED: JSON.stringify({ diagnostics, preview: { ...PREVIEW, counts } }) },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
        `--user-data-dir=${path.join(temp, 'user-data')}`,
        `--extensions-dir=${path.join(temp, 'extensions')}`,
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
    });
    assert.equal(code, 0);
  });
});
