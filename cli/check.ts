// `sightline check [DIR] [--format text|json]`: every diagnostic that needs no rows.
// Exit 1 if any error, 0 otherwise, 2 on a usage error.
import { checkWorkspace, sortDiagnostics, type WorkspaceCheck } from '../language/check-workspace.js';
import { nodeFiles } from '../model/node-files.js';
import { dataDiagnostics } from '../engine/lint/data-diagnostics.js';
import { startNodeEngine } from '../engine/node.js';
import { formatJson, formatText } from './format-diagnostics.js';
import { parseOptions, UsageError, workspaceDir } from './usage.js';

const HELP = `Usage: sightline check [DIR] [--format text|json]

Checks every *.pool and *.perm file below DIR (default: the current folder), the data files
they name and the CSV permission tables, without loading rows.
  --format text   compiler-style lines: file:line:col severity code message (default)
  --format json   one JSON array of {file, line, column, endLine, endColumn, severity, code, message}
  --no-data       skip the diagnostics that need the rows (values matching no row, NULLs in
                  filtered columns, …): no data is loaded, the check takes milliseconds
Exit status: 1 if any error was found, 0 otherwise, 2 on a usage error.`;

export async function runCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('check', args, {
    format: { type: 'string', default: 'text' },
    'no-data': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const format = values.format as string;
  if (format !== 'text' && format !== 'json') throw new UsageError(`check: --format is text or json, not ${format}`);
  const dir = workspaceDir('check', positionals);
  const { model, diagnostics, dataSkipped } = values['no-data'] ? { ...(await checkWorkspace(dir)), dataSkipped: false } : await checkWithData(dir);
  if (dataSkipped && format === 'text') process.stderr.write('sightline: the checks that read the rows were skipped: fix the errors first\n');
  if (format === 'json') process.stdout.write(formatJson(diagnostics, dir) + '\n');
  else process.stdout.write(formatText(diagnostics, dir, { color: useColor(), files: model.files.length }));
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

function useColor(): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return !!process.stdout.isTTY;
}

/**
 * The static check plus what only the rows can tell (docs/diagnostics.md, area "Data"). The
 * data diagnostics run only when the static check found no error: a broken workspace would
 * give them nothing reliable to say.
 */
export async function checkWithData(dir: string): Promise<WorkspaceCheck & { dataSkipped: boolean }> {
  const checked = await checkWorkspace(dir);
  if (checked.diagnostics.some((d) => d.severity === 'error')) return { ...checked, dataSkipped: true };
  const engine = await startNodeEngine();
  await engine.load(checked.model, nodeFiles, checked.data);
  return { ...checked, diagnostics: sortDiagnostics([...checked.diagnostics, ...dataDiagnostics(engine)]), dataSkipped: false };
}
