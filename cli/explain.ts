// `sightline explain`: why a user sees a row or not — every reason, with where each
// permission was written.
import type { Condition, Explanation } from '../engine/index.js';
import { ANALYSIS_OPTIONS, engineCall, findAnalysis, openWorkspace } from './open-workspace.js';
import { parseOptions, UsageError, workspaceDir } from './usage.js';

const HELP = `Usage: sightline explain [DIR] --model MODEL [--pool "Team/Pool"] --as EMAIL --table ALIAS
                         --where "COL=VALUE" [--where ...] [--limit N] [--format text|json]

Explains, for each row of ALIAS where every COL (as text) equals VALUE, whether EMAIL sees it
and why: the switch, unlimited access, default deny, each rule and its value, each join path.
Exit status: 0, or 2 on a usage error (including no matching row).`;

export async function runExplain(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('explain', args, {
    ...ANALYSIS_OPTIONS,
    where: { type: 'string', multiple: true },
    format: { type: 'string', default: 'text' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (!values.as) throw new UsageError('explain: --as EMAIL is required');
  if (!values.table) throw new UsageError('explain: --table ALIAS is required');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`explain: --format is text or json, not ${values.format}`);
  const conditions: Condition[] = (values.where ?? []).map((w) => {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new UsageError(`explain: --where takes COL=VALUE, e.g. --where "BELNR=5100000001", not ${w}`);
    return { column: w.slice(0, eq).trim(), value: w.slice(eq + 1) };
  });
  if (conditions.length === 0) throw new UsageError('explain: --where "COL=VALUE" is required: it picks the row to explain');
  const limit = values.limit ? Number(values.limit) : 10;
  if (!Number.isInteger(limit) || limit <= 0) throw new UsageError(`explain: --limit takes a positive whole number, not ${values.limit}`);
  const ws = await openWorkspace(workspaceDir('explain', positionals));
  const ref = findAnalysis('explain', ws, values.model, values.pool);
  const email = values.as;
  const table = values.table;
  await engineCall('explain', () => ws.engine.counts(ref, email), email);
  const explained = await engineCall('explain', () => ws.engine.explain(ref, email, table, conditions, limit), conditions[0].column);
  if (explained.length === 0) {
    throw new UsageError(`explain: no row of ${table} has ${conditions.map((c) => `${c.column} = "${c.value}"`).join(' and ')}`);
  }
  if (values.format === 'json') process.stdout.write(JSON.stringify({ pool: ref.pool, model: ref.name, user: email, rows: explained }, jsonValue, 2) + '\n');
  else process.stdout.write(explained.map((e) => formatExplanation(e, email, conditions)).join('\n'));
  return 0;
}

function jsonValue(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : String(v)) : v;
}

export function formatExplanation(e: Explanation, email: string, conditions: Condition[]): string {
  const keys = [...new Set([...conditions.map((c) => c.column), ...Object.keys(e.row).slice(0, 3)])];
  const shown = keys.map((k) => `${k}=${e.row[k] === null ? 'NULL' : String(e.row[k])}`).join(', ');
  const lines = [`${e.table} row ${e.rowId + 1} (${shown}): ${e.visible ? 'VISIBLE' : 'HIDDEN'} for ${email}`];
  for (const r of e.reasons) {
    const mark = r.passed ? '✓' : '✗';
    const who = r.principal ? `[${r.principal}] ` : '';
    const where = r.sources.length ? `  (${r.sources.join(', ')})` : '';
    lines.push(`  ${mark} ${who}${r.text}${where}`);
  }
  return lines.join('\n') + '\n';
}
