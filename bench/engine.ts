// Engine figures on this machine: start, load, per-user visibility, first page, explain and
// diff, on the example workspace and on a generated model (vendors → invoices, 1 M invoices
// by default). Run: `npx tsx bench/engine.ts [--rows N] [--runs N]`; prints a Markdown table
// (median, min, max in ms) to paste into bench/RESULTS.md. Issue 7 extends this into
// `npm run bench` with native DuckDB and PostgreSQL side by side.
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { checkWorkspace } from '../language/check-workspace.js';
import { nodeFiles } from '../model/node-files.js';
import { startNodeEngine } from '../engine/node.js';
import { Figures } from './support.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } } });
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);

const figures = new Figures();

/** A seeded generator, so every run measures the same data. */
function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function generated(rows: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-'));
  const rand = rng(20261122);
  const vendors = Math.max(10, Math.floor(rows / 50));
  const lands = ['DE', 'FR', 'IT', 'ES', 'AT', 'NL', 'PL', 'US'];
  const v = ['LIFNR,LAND1,EKORG'];
  for (let i = 0; i < vendors; i++) v.push(`V${i},${lands[Math.floor(rand() ** 2 * lands.length)]},${1000 + 1000 * Math.floor(rand() * 3)}`);
  const inv = ['BELNR,LIFNR,BUKRS,WRBTR'];
  for (let i = 0; i < rows; i++) inv.push(`${5_000_000_000 + i},V${Math.floor(rand() ** 3 * vendors)},${1000 * (1 + Math.floor(rand() * 3))},${(rand() * 10000).toFixed(2)}`);
  writeFileSync(path.join(dir, 'vendors.csv'), v.join('\n') + '\n');
  writeFileSync(path.join(dir, 'invoices.csv'), inv.join('\n') + '\n');
  writeFileSync(
    path.join(dir, 'bench.pool'),
    `team T {\n  user "a@x.com" role analyst\n  user "b@x.com" role analyst\n}\npool "P" in T {\n  engine etl\n  connection C {\n    table LFA1 from "vendors.csv"\n    table BKPF from "invoices.csv"\n  }\n  model M {\n    table C.LFA1 as Vendors\n    table C.BKPF as Invoices\n    join Vendors.LIFNR -> Invoices.LIFNR\n  }\n}\n`,
  );
  writeFileSync(
    path.join(dir, 'bench.perm'),
    `permissions for "T/P".M {\n  use data permissions\n  user "a@x.com" {\n    Vendors.LAND1 in "DE", "AT"\n    Vendors.EKORG in "1000"\n  }\n  user "b@x.com" {\n    Invoices.BUKRS in "2000"\n  }\n}\n`,
  );
  return dir;
}

let t = performance.now();
const engine = await startNodeEngine();
figures.add('engine start (once per process)', [performance.now() - t]);

const acme = await checkWorkspace('examples/acme');
await figures.measure('examples/acme: load (12 data files)', 1, () => engine.load(acme.model, nodeFiles, acme.data));
const AP = { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' };
const users = engine.usersOf(AP);
await figures.measure(`examples/acme: --count for all ${users.length} users of AccountsPayable (fresh)`, RUNS, async () => {
  await engine.load(acme.model, nodeFiles, acme.data); // drops cached visibility; files are reused
  for (const u of users) await engine.counts(AP, u);
});

const dir = generated(ROWS);
const gen = await checkWorkspace(dir);
await figures.measure(`generated: load ${ROWS.toLocaleString('en-US')} invoices + ${Math.floor(ROWS / 50).toLocaleString('en-US')} vendors (CSV)`, 1, () => engine.load(gen.model, nodeFiles, gen.data));
const M = { pool: 'T/P', name: 'M' };
await figures.measure('generated: visibility + --count, rule on the parent (propagates down)', RUNS, async () => {
  await engine.load(gen.model, nodeFiles, gen.data);
  await engine.counts(M, 'a@x.com');
});
await figures.measure('generated: visibility + --count, rule on the child (propagates up)', RUNS, async () => {
  await engine.load(gen.model, nodeFiles, gen.data);
  await engine.counts(M, 'b@x.com');
});
await engine.counts(M, 'a@x.com');
await figures.measure('generated: first page (1,000 rows) of Invoices, cached visibility', RUNS, () => engine.page(M, 'a@x.com', 'Invoices', { limit: 1000 }));
await figures.measure('generated: page 1,000 at offset 100,000 sorted by WRBTR desc', RUNS, () => engine.page(M, 'a@x.com', 'Invoices', { offset: 100_000, limit: 1000, sort: [{ column: 'WRBTR', descending: true }] }));
await figures.measure('generated: explain one invoice', RUNS, () => engine.explain(M, 'a@x.com', 'Invoices', [{ column: 'BELNR', value: '5000000007' }], 1));
await figures.measure('generated: diff of two users (both cached)', RUNS, () => engine.diff(M, 'a@x.com', 'b@x.com'));
const memory = process.memoryUsage();

console.log(figures.table());
console.log(`\nprocess memory after the run: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB (DuckDB-WASM's heap lives inside it)`);
