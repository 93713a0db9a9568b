// `sightline diff`: the rows one user sees and another does not, and the reverse, per table.
import { textRows, toTable } from './format-rows.js';
import { ANALYSIS_OPTIONS, engineCall, findAnalysis, openWorkspace } from './open-workspace.js';
import { parseOptions, UsageError, workspaceDir } from './usage.js';

const HELP = `Usage: sightline diff [DIR] --model MODEL [--pool "Team/Pool"] --as EMAIL --vs EMAIL
                      [--table ALIAS] [--limit N] [--format text|json]

Per table: how many rows only the first user sees, only the second sees, and both see; with
--table, also the rows themselves (at most N per side, default 20).
Exit status: 0, or 2 on a usage error.`;

export async function runDiff(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('diff', args, {
    ...ANALYSIS_OPTIONS,
    vs: { type: 'string' },
    format: { type: 'string', default: 'text' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (!values.as || !values.vs) throw new UsageError('diff: --as EMAIL and --vs EMAIL are both required');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`diff: --format is text or json, not ${values.format}`);
  const limit = values.limit ? Number(values.limit) : 20;
  if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`diff: --limit takes a whole number, not ${values.limit}`);
  const ws = await openWorkspace(workspaceDir('diff', positionals));
  const ref = findAnalysis('diff', ws, values.model, values.pool);
  const [a, b] = [values.as, values.vs];
  await engineCall('diff', () => ws.engine.counts(ref, a), a);
  await engineCall('diff', () => ws.engine.counts(ref, b), b);
  const table = values.table;
  const diffs = await engineCall('diff', () => ws.engine.diff(ref, a, b, table ? [table] : undefined), table);
  const sides = table
    ? await Promise.all([ws.engine.rowsOnlyFor(ref, a, b, table, limit), ws.engine.rowsOnlyFor(ref, b, a, table, limit)])
    : undefined;
  const columns = table ? ws.engine.analysis(ref).tables.find((t) => t.name === diffs[0].table)!.columns : [];
  if (values.format === 'json') {
    const rows = sides?.map((s) => textRows(s, columns).map((r) => Object.fromEntries(columns.map((c, i) => [c.name, r[i]]))));
    process.stdout.write(JSON.stringify({ pool: ref.pool, model: ref.name, a, b, tables: diffs, ...(rows ? { onlyA: rows[0], onlyB: rows[1] } : {}) }, null, 2) + '\n');
    return 0;
  }
  process.stdout.write(toTable(['table', `only ${a}`, `only ${b}`, 'both'], diffs.map((d) => [d.table, String(d.onlyA), String(d.onlyB), String(d.both)])));
  if (sides) {
    for (const [i, who] of [a, b].entries()) {
      const rows = textRows(sides[i], columns);
      const total = i === 0 ? diffs[0].onlyA : diffs[0].onlyB;
      process.stdout.write(`\nRows of ${diffs[0].table} only ${who} sees (${total}):\n`);
      if (rows.length) process.stdout.write(toTable(columns.map((c) => c.name), rows));
      if (total > rows.length) process.stdout.write(`… ${total - rows.length} more (--limit N)\n`);
    }
  }
  return 0;
}
