// Preview panel paging on a large table (issue 5's "done when"): what the grid asks the engine
// for one restricted user on a generated Vendors → Invoices workspace (10 M invoices by
// default, bench/vendors-invoices.ts). Run: `npx tsx bench/panel-paging.ts [--rows N] [--runs N]`;
// prints a Markdown table (median, min, max in ms) for bench/RESULTS.md.
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkWorkspace } from '../language/check-workspace.js';
import { nodeFiles } from '../model/node-files.js';
import { startNodeEngine } from '../engine/node.js';
import type { GridPageOptions } from '../engine/query/grid-page.js';
import { vendorsInvoices } from './vendors-invoices.js';
import { Figures } from './support.js';

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

  const page = (label: string, o: GridPageOptions) =>
    figures.measure(label, RUNS, async () => {
      const p = await engine.gridPage(ref, user, 'Invoices', { limit: 1000, ...o });
      if (p.rows.length === 0) throw new Error(`${label}: empty page`);
    });
  const V = inv.visible;
  for (const f of [0, 0.1, 0.5, 0.99]) {
    const offset = Math.floor(V * f);
    await page(`page 1,000, file order, offset ${fmt(offset)} (${f * 100} % of visible)`, { offset });
  }
  for (const descending of [false, true])
    for (const f of [0, 0.5]) {
      const offset = Math.floor(V * f);
      await page(`page 1,000, sorted by WRBTR ${descending ? 'desc' : 'asc'}, offset ${fmt(offset)}`, { offset, sort: [{ column: 'WRBTR', descending }] });
    }
  await page('page 1,000, sorted by LIFNR (text) asc, offset 0', { sort: [{ column: 'LIFNR' }] });
  await page('page 1,000, filter LIFNR contains "v12", offset 0', { filters: [{ column: 'LIFNR', op: 'contains', value: 'v12' }] });
  await page('page 1,000, filter LIFNR contains "v12", sorted by WRBTR desc, offset 0', { filters: [{ column: 'LIFNR', op: 'contains', value: 'v12' }], sort: [{ column: 'WRBTR', descending: true }] });
  for (const offset of [0, 1_000_000, 5_000_000, 9_900_000].filter((o) => o < inv.total))
    await page(`page 1,000, includeHidden, file order, offset ${fmt(offset)}`, { offset, includeHidden: true });
  await page('page 1,000, includeHidden, sorted by WRBTR desc, offset 0', { includeHidden: true, sort: [{ column: 'WRBTR', descending: true }] });
  await page('page 1,000, includeHidden, explain 20 hidden rows, offset 0', { includeHidden: true, explain: 20 });
  const memory = process.memoryUsage();

  console.log(`user ${user.name} (group rule Vendors.LAND1 in "DE", "AT"): Invoices ${fmt(inv.visible)} visible of ${fmt(inv.total)}\n`);
  console.log(figures.table());
  console.log(`\nprocess memory after the run: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB`);
} finally {
  if (!values.keep) rmSync(gen.dir, { recursive: true, force: true });
}
process.exit(0);
