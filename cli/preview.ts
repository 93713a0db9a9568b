// `sightline preview`: the rows one user sees, or with --count the visible/total rows of
// every table. Exit 2 on a usage error (unknown model, user, table, column: with suggestions).
import type { Table } from 'apache-arrow';
import type { Column } from '../model/types.js';
import type { SortKey } from '../engine/index.js';
import { cellText, textRows, toCsv, toTable } from './format-rows.js';
import { ANALYSIS_OPTIONS, engineCall, findAnalysis, openWorkspace } from './open-workspace.js';
import { parseOptions, UsageError, workspaceDir } from './usage.js';

const HELP = `Usage: sightline preview [DIR] --model MODEL [--pool "Team/Pool"] --as EMAIL
                         [--table ALIAS] [--format table|csv|json] [--limit N] [--offset N]
                         [--sort COL[:desc]]... [--count]

Shows the rows EMAIL sees in a model or perspective, as the data permissions decide.
  --table ALIAS    the table (alias or object type) to print; without it, counts per table
  --count          visible and total rows of every table, as table,visible,total lines
  --format         table (aligned, default), csv (header + rows) or json
  --limit N        at most N rows (table format: 50 unless given)
  --sort COL[:desc] sort keys; the default is every column ascending
Exit status: 0, or 2 on a usage error.`;

/** Rows fetched per query when streaming a whole table. */
const CHUNK = 10_000;

export async function runPreview(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('preview', args, {
    ...ANALYSIS_OPTIONS,
    format: { type: 'string' },
    offset: { type: 'string' },
    sort: { type: 'string', multiple: true },
    count: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const format = values.format ?? (values.count ? 'csv' : 'table');
  if (!['table', 'csv', 'json'].includes(format)) throw new UsageError(`preview: --format is table, csv or json, not ${format}`);
  const limit = values.limit === undefined ? (format === 'table' ? 50 : Infinity) : count('--limit', values.limit);
  const offset = values.offset === undefined ? 0 : count('--offset', values.offset);
  if (!values.as) throw new UsageError('preview: --as EMAIL is required: the user whose rows to show');
  const dir = workspaceDir('preview', positionals);
  const ws = await openWorkspace(dir);
  const ref = findAnalysis('preview', ws, values.model, values.pool);
  const email = values.as;
  const counts = await engineCall('preview', () => ws.engine.counts(ref, email), email);

  if (values.count || !values.table) {
    if (format === 'json') process.stdout.write(JSON.stringify({ pool: ref.pool, model: ref.name, user: email, tables: counts }, null, 2) + '\n');
    else if (format === 'csv') process.stdout.write(['table,visible,total', ...counts.map((c) => `${c.table},${c.visible},${c.total}`)].join('\n') + '\n');
    else {
      // A table whose data could not be loaded says so in the row itself, not only on stderr.
      const failed = counts.some((c) => c.error);
      const rows = counts.map((c) => [c.table, String(c.visible), String(c.total), ...(failed ? [c.error ? `not loaded: ${c.error}` : '-'] : [])]);
      process.stdout.write(toTable(['table', 'visible', 'total', ...(failed ? ['note'] : [])], rows));
      if (!values.count) process.stdout.write(`\nadd --table ${counts[0]?.table ?? 'ALIAS'} to see the rows\n`);
    }
    return 0;
  }

  const table = values.table;
  const first = await engineCall('preview', () => ws.engine.page(ref, email, table, { offset, limit: 0 }), table);
  const sort: SortKey[] = values.sort?.length ? values.sort.map(sortKey) : first.columns.map((c) => ({ column: c.name }));
  const columns = first.columns;
  const wanted = Math.max(0, Math.min(limit, first.visible - offset));
  const chunks: Table[] = [];
  let csvHeaderDone = false;
  const jsonRows: Record<string, unknown>[] = [];
  for (let at = 0; at < wanted; at += CHUNK) {
    const page = await engineCall('preview', () => ws.engine.page(ref, email, table, { offset: offset + at, limit: Math.min(CHUNK, wanted - at), sort }), sort[0]?.column);
    if (format === 'csv') {
      // Stream: each chunk is written as soon as it arrives.
      const text = toCsv(columns, textRows(page.rows, columns));
      process.stdout.write(csvHeaderDone ? text.slice(text.indexOf('\n') + 1) : text);
      csvHeaderDone = true;
    } else if (format === 'json') jsonRows.push(...jsonOf(page.rows, columns));
    else chunks.push(page.rows);
  }
  if (format === 'csv') {
    if (!csvHeaderDone) process.stdout.write(toCsv(columns, []));
  } else if (format === 'json') {
    process.stdout.write(JSON.stringify({ pool: ref.pool, model: ref.name, user: email, table: first.table, visible: first.visible, total: first.total, columns, rows: jsonRows }, null, 2) + '\n');
  } else {
    const rows = chunks.flatMap((c) => textRows(c, columns));
    process.stdout.write(`${first.table}: ${email} sees ${first.visible} of ${first.total} rows\n\n`);
    process.stdout.write(toTable(columns.map((c) => c.name), rows));
    const more = first.visible - offset - rows.length;
    if (more > 0) process.stdout.write(`… ${more} more row${more === 1 ? '' : 's'} (--limit N, --offset N or --format csv)\n`);
  }
  return 0;
}

function count(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`preview: ${flag} takes a whole number, not ${text}`);
  return Number(text);
}

function sortKey(text: string): SortKey {
  const m = /^(.*?)(?::(asc|desc))?$/i.exec(text)!;
  return { column: m[1], descending: m[2]?.toLowerCase() === 'desc' };
}

function jsonOf(rows: Table, columns: Column[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const vectors = columns.map((c) => rows.getChild(c.name));
  for (let i = 0; i < rows.numRows; i++) {
    const row: Record<string, unknown> = {};
    columns.forEach((c, j) => {
      const v = vectors[j]?.get(i);
      if (v === null || v === undefined) row[c.name] = null;
      else if (c.type === 'BIGINT') row[c.name] = Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
      else if (c.type === 'DOUBLE') row[c.name] = Number(v);
      else if (c.type === 'BOOLEAN') row[c.name] = Boolean(v);
      else row[c.name] = cellText(v, c);
    });
    out.push(row);
  }
  return out;
}
