// sightline.export: the warehouse export (issue 6, docs/export.md). Asks for the target
// (PostgreSQL or Snowflake), schema only or with data, and the .sql file, then runs the bundled
// CLI (dist/cli.js export …) in a child process: the export reads every data file into a
// private DuckDB, which must block neither the extension host nor the language server. The
// script is opened when done; what the CLI reports (refused perspectives, tables exported
// empty) is shown as a warning, names the target cannot hold as an error.
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import { pickFolder } from '../pickers.js';
import { registerCommand } from './context.js';
import { defaultOutFile, exportCommand, exportMessages, type ExportTarget } from './export-args.js';

function run(command: string, args: string[], env: NodeJS.ProcessEnv, token: vscode.CancellationToken): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    const cancel = token.onCancellationRequested(() => child.kill());
    child.on('error', (e) => {
      cancel.dispose();
      reject(e);
    });
    child.on('close', (code) => {
      cancel.dispose();
      resolve({ code, stderr });
    });
  });
}

export function registerExport(extensionPath: string) {
  return registerCommand('sightline.export', async () => {
    const folder = await pickFolder();
    if (!folder) {
      void vscode.window.showInformationMessage('Sightline: open a folder to export its permissions.');
      return;
    }
    const target = (
      await vscode.window.showQuickPick(
        [
          { label: 'PostgreSQL', description: '15 or later: security-barrier views per model alias', target: 'postgres' as ExportTarget },
          { label: 'Snowflake', description: 'row access policies (not verified against Snowflake)', target: 'snowflake' as ExportTarget },
        ],
        { title: 'Export permissions to a warehouse: which target?' },
      )
    )?.target;
    if (!target) return;
    const mode = await vscode.window.showQuickPick(
      [
        { label: 'Schema and data', description: target === 'postgres' ? 'COPY blocks with the workspace data' : 'INSERT batches with the workspace data', schemaOnly: false },
        { label: 'Schema only', description: 'tables, roles, permissions and policies, for existing data', schemaOnly: true },
      ],
      { title: 'Export permissions: with the data?' },
    );
    if (!mode) return;
    const uri = await vscode.window.showSaveDialog({
      title: 'Export permissions: save the SQL script',
      defaultUri: vscode.Uri.file(defaultOutFile(folder, target, mode.schemaOnly)),
      filters: { SQL: ['sql'] },
    });
    if (!uri) return;
    const { command, args, env } = exportCommand({ extensionPath, folder, target, schemaOnly: mode.schemaOnly, out: uri.fsPath }, process.execPath, process.env);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Sightline: exporting to ${target === 'postgres' ? 'PostgreSQL' : 'Snowflake'}…`, cancellable: true },
      (_progress, token) => run(command, args, env, token),
    );
    const { warnings, errors } = exportMessages(result.stderr);
    if (result.code !== 0) {
      const shown = errors.length ? errors : warnings;
      throw new Error(`export failed${result.code === null ? ' (stopped)' : ` (exit ${result.code})`}: ${shown.slice(0, 3).join('; ') || 'no message'}${shown.length > 3 ? ` … and ${shown.length - 3} more` : ''}`);
    }
    await vscode.window.showTextDocument(uri, { preview: false });
    if (warnings.length) void vscode.window.showWarningMessage(`Sightline export: ${warnings.join(' ')}`);
  });
}
