// The pure part of sightline.export (no vscode import, so the tests load it): how the bundled
// CLI is started and what its output means.
import * as path from 'node:path';

export type ExportTarget = 'postgres' | 'snowflake';

export interface ExportRequest {
  /** The extension's folder: dist/cli.js is inside it, with dist/duckdb-eh.wasm beside it. */
  extensionPath: string;
  folder: string;
  target: ExportTarget;
  schemaOnly: boolean;
  out: string;
}

/** The process to spawn: the editor's own Node (process.execPath) running the bundled CLI as plain Node. */
export function exportCommand(r: ExportRequest, execPath: string, env: NodeJS.ProcessEnv): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const args = [path.join(r.extensionPath, 'dist', 'cli.js'), 'export', r.folder, '--target', r.target, '--out', r.out];
  if (r.schemaOnly) args.push('--schema-only');
  // In VS Code (Electron) process.execPath is the editor binary: ELECTRON_RUN_AS_NODE makes it
  // plain Node. code-server's extension host is Node already and ignores it.
  return { command: execPath, args, env: { ...env, ELECTRON_RUN_AS_NODE: '1' } };
}

/** The CLI's standard error, split into refusals and warnings (shown as a warning) and errors. */
export function exportMessages(stderr: string): { warnings: string[]; errors: string[] } {
  const warnings: string[] = [];
  const errors: string[] = [];
  for (const raw of stderr.split('\n')) {
    const line = raw.replace(/^sightline: /, '').trim();
    if (!line) continue;
    if (/^error: |^internal error: |^export: .*nothing written$/.test(line) || /^export: --/.test(line)) errors.push(line.replace(/^error: /, ''));
    else warnings.push(line.replace(/^warning: /, ''));
  }
  return { warnings, errors };
}

/** A default file name for the script: next to the workspace, named after it and the target. */
export function defaultOutFile(folder: string, target: ExportTarget, schemaOnly: boolean): string {
  return path.join(folder, `${path.basename(folder) || 'sightline'}.${target}${schemaOnly ? '.schema' : ''}.sql`);
}
