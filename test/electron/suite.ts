// Runs inside an editor's extension host as extensionTestsPath: VS Code desktop through
// @vscode/test-electron (electron.test.ts), and code-server's in test/e2e/. Through the VS
// Code API: the extension activates, registers its commands, publishes the diagnostics
// `sightline check` reports, and the preview command with {ref, principal} (as a CodeLens
// runs it) opens the counts document `sightline preview --count` prints.
// Expected values come in SIGHTLINE_EXPECTED (JSON) or the file SIGHTLINE_EXPECTED_FILE;
// with SIGHTLINE_SUITE_RESULT set, the outcome is also written to that file ("PASS" or the
// failure), for hosts that do not report the test's exit code (code-server).
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface Expected {
  diagnostics: string[];
  preview: { ref: { pool: string; name: string }; user: string; counts: string[][] };
}

const SEVERITY = ['error', 'warning', 'info', 'hint'];

async function until<T>(what: string, read: () => T | undefined, ok: (v: T | undefined) => boolean, timeoutMs = 60_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  let value = read();
  while (!ok(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value, null, 2)}`);
    await new Promise((r) => setTimeout(r, 250));
    value = read();
  }
  return value;
}

export async function run(): Promise<void> {
  const result = process.env.SIGHTLINE_SUITE_RESULT;
  try {
    await scenario();
    if (result) writeFileSync(result, 'PASS');
  } catch (e) {
    if (result) writeFileSync(result, e instanceof Error ? (e.stack ?? e.message) : String(e));
    throw e;
  }
}

async function scenario(): Promise<void> {
  const file = process.env.SIGHTLINE_EXPECTED_FILE;
  const expected = JSON.parse(process.env.SIGHTLINE_EXPECTED ?? (file ? readFileSync(file, 'utf8') : '{}')) as Expected;
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'no workspace folder open');

  const extension = vscode.extensions.getExtension('sightline.sightline');
  assert.ok(extension, 'the Sightline extension is not installed');
  await extension.activate();

  const commands = await vscode.commands.getCommands(true);
  for (const id of ['sightline.preview', 'sightline.explainRow', 'sightline.diffUsers', 'sightline.synchronize', 'sightline.copyPoolToTeam']) {
    assert.ok(commands.includes(id), `${id} is not registered`);
  }

  const keys = () =>
    vscode.languages
      .getDiagnostics()
      .flatMap(([uri, list]) =>
        list
          .filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint)
          .map((d) => `${path.relative(root, uri.fsPath).split(path.sep).join('/')}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity]} ${d.message}`),
      )
      .sort();
  const want = [...expected.diagnostics].sort();
  await until('the diagnostics `sightline check` reports', keys, (k) => JSON.stringify(k) === JSON.stringify(want));

  // The preview panel opens as a webview tab for that user (its rows and counts are checked
  // in the workbench test, which can look inside the webview).
  const { ref, user } = expected.preview;
  await vscode.commands.executeCommand('sightline.preview', { ref, principal: { kind: 'user', name: user } });
  const tab = await until(
    'the preview panel',
    () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('sightline.preview')),
    (t) => t !== undefined && t.label.includes(user),
  );
  assert.ok(tab!.label.includes(ref.name), tab!.label);
}
