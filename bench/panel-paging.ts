// Preview panel paging on a large table (issue 5's "done when"): what the grid asks the engine
// for one restricted user on a generated Vendors → Invoices workspace (10 M invoices by
// default, bench/vendors-invoices.ts). Run: `npx tsx bench/panel-paging.ts [--rows N] [--runs N]`;
// prints a Markdown table (median, min, max in ms) for bench/RESULTS.md. Pages are asked as the
// panel asks (encoding 'arrow', decoded with extension/webview/page-decode.ts).
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkWorkspace } from '../language/check-workspace.js';
import { nodeFiles } from '../model/node-files.js';
import { startNodeEngine } from '../engine/node.js';
import type { GridPageOptions } from '../engine/query/grid-page.js';
import { vendorsInvoices } from './vendors-invoices.js';
import { Figures } from './support.js';
import { decodePage } from '../extension/webview/page-decode.js';
import { streamCsv } from '../extension/webview/csv-export.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000000' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean' } } });
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const fmt = (n: number) => n.toLocaleString('en-US');
const log = (s: string) => process.stderr.write(`[panel-paging] ${s}\n`);

const figures = new Figures(log);

let t = performance.now();
const gen = vendorsInvoices({ invoices: ROWS, users: 4, groups: 2, valuesPerUser: 50 });
figures.add(`generate ${fmt(ROWS)} invoices + ${fmt(gen.vendors)} vendors (CSV, ${(gen.bytes / 2 ** 20).toFixed(0)} MiB)`, [performance.now() - t]);
log(`generated in ${gen.dir}`);
try {
  t = performance.now();
  const engine = await startNodeEngine();
  figures.add('engine start', [performance.now() - t]);
  const ws = await checkWorkspace(gen.dir);
  await figures.measure(`load ${fmt(ROWS)} invoices (engine.load)`, 1, () => engine.load(ws.model, nodeFiles, ws.data));
  const ref = gen.ref;
  // groupUsers[0] is in G000: Vendors.LAND1 in "DE", "AT" (propagates down to Invoices).
  const user = { kind: 'user' as const, name: gen.groupUsers[0] };
  await figures.measure('first visibility build + counts (engine.countsFor, fresh after reload)', RUNS, async () => {
    await engine.load(ws.model, nodeFiles, ws.data); // drops cached visibility (not timed separately; see reload figure)
    await engine.countsFor(ref, user);
  });
  await figures.measure('reload alone (engine.load with loaded files, no visibility)', RUNS, () => engine.load(ws.model, nodeFiles, ws.data));
  {
    // The same, reload excluded: only countsFor on a fresh load is timed.
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await engine.load(ws.model, nodeFiles, ws.data);
      const t0 = performance.now();
      await engine.countsFor(ref, user);
      times.push(performance.now() - t0);
    }
    figures.add('first visibility build + counts, reload excluded', times);
    log(`first visibility build, reload excluded: ${times.map((x) => x.toFixed(1)).join(', ')} ms`);
  }
  const counts = await engine.countsFor(ref, user);
  const inv = counts.find((c) => c.table === 'Invoices')!;
  log(`user ${user.name}: Invoices ${fmt(inv.visible)} visible of ${fmt(inv.total)}`);
  await figures.measure('counts (engine.countsFor, cached visibility)', RUNS, () => engine.countsFor(ref, user));

  // Every page as the panel asks for it: cells as Arrow IPC (base64), decoded as the webview does.
  const ask = async (o: GridPageOptions) => {
    const p = decodePage(await engine.gridPage(ref, user, 'Invoices', { limit: 1000, encoding: 'arrow', ...o }));
    if (p.rows.length === 0) throw new Error(`empty page: ${JSON.stringify(o)}`);
    return p;
  };
  const page = (label: string, o: GridPageOptions) => figures.measure(label, RUNS, () => ask(o));
  const V = inv.visible;
  const T = inv.total;
  const at = (f: number, n: number) => Math.min(n - 1000, Math.floor(n * f));
  // A sort and a filter, from cold (orders dropped by a reload; visibility rebuilt, not timed):
  // the first page (direct), the next page (materializes the order), then pages from the order.
  const query = async (label: string, o: GridPageOptions) => {
    const first: number[] = [];
    const build: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await engine.load(ws.model, nodeFiles, ws.data);
      await engine.countsFor(ref, user);
      let t0 = performance.now();
      const p = await ask({ ...o, offset: 0 });
      first.push(performance.now() - t0);
      t0 = performance.now();
      await ask({ ...o, offset: 1000 });
      build.push(performance.now() - t0);
      if (i === 0) log(`${label}: ${fmt(p.filtered)} rows`);
    }
    figures.add(`${label}: first page, offset 0 (direct top-N)`, first);
    figures.add(`${label}: next page, offset 1,000 (materializes the order once)`, build);
    const first0 = await ask({ ...o, offset: 0 });
    const n = first0.filtered;
    for (const f of [0, 0.5, 0.99, 1]) await page(`${label}: from the order, offset ${fmt(at(f, n))}${f === 1 ? ' (last page)' : ''}`, { ...o, offset: at(f, n) });
  };
  await query('file order', {});
  for (const f of [0.1, 0.5]) await page(`file order: cached, offset ${fmt(at(f, V))} (${f * 100} % of visible)`, { offset: at(f, V) });
  await query('sorted by WRBTR desc', { sort: [{ column: 'WRBTR', descending: true }] });
  await query('sorted by LIFNR (text) asc', { sort: [{ column: 'LIFNR' }] });
  await query('filter LIFNR contains "v12"', { filters: [{ column: 'LIFNR', op: 'contains', value: 'v12' }] });
  await query('filter LIFNR contains "v12", sorted by WRBTR desc', { filters: [{ column: 'LIFNR', op: 'contains', value: 'v12' }], sort: [{ column: 'WRBTR', descending: true }] });
  for (const f of [0, 0.1, 0.5, 0.99, 1]) await page(`page 1,000, includeHidden, file order, offset ${fmt(at(f, T))}${f === 1 ? ' (last page)' : ''}`, { offset: at(f, T), includeHidden: true });
  await query('includeHidden, sorted by WRBTR desc', { includeHidden: true, sort: [{ column: 'WRBTR', descending: true }] });
  await page('page 1,000, includeHidden, explain 20 hidden rows, offset 0', { offset: 0, includeHidden: true, explain: 20 });
  {
    // The panel's CSV export: every visible row in file order, 10,000-row pages (Arrow IPC,
    // decoded, CSV text), as extension/webview/csv-export.ts streams it (the file write excluded).
    let bytes = 0;
    let last = 0;
    const t0 = performance.now();
    const r = await streamCsv((offset, limit) => engine.gridPage(ref, user, 'Invoices', { offset, limit, encoding: 'arrow' }), async (text) => void (bytes += text.length), {
      pageRows: 10_000,
      progress: (written) => {
        if (written >= V * 0.9 && !last) last = performance.now();
      },
    });
    const ms = performance.now() - t0;
    figures.add(`CSV export of all ${fmt(r.rows)} visible rows, file order, 10,000-row pages (${(r.rows / (ms / 1000) / 1e6).toFixed(2)} M rows/s, ${(bytes / 2 ** 20).toFixed(0)} MiB of CSV)`, [ms]);
    const deep: number[] = [];
    for (const f of [0.5, 0.99]) {
      const t1 = performance.now();
      await engine.gridPage(ref, user, 'Invoices', { offset: Math.floor(V * f), limit: 10_000, encoding: 'arrow' });
      deep.push(performance.now() - t1);
    }
    figures.add('CSV export: one 10,000-row page at 50 % and 99 % of the visible rows', deep);
  }
  const memory = process.memoryUsage();

  console.log(`user ${user.name} (group rule Vendors.LAND1 in "DE", "AT"): Invoices ${fmt(inv.visible)} visible of ${fmt(inv.total)}\n`);
  console.log(figures.table());
  console.log(`\nprocess memory after the run: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB`);
} finally {
  if (!values.keep) rmSync(gen.dir, { recursive: true, force: true });
}
process.exit(0);
