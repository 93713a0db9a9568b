// `npm run bench [-- --quick] [--items N] [--runs N] [--no-pg] [--no-native]` (issue 7).
// Generates the seeded workspace (bench/generate.ts), measures the engine (DuckDB-WASM), then
// replays the engine's recorded statements on native DuckDB with 1 and 2 threads
// (bench/native.ts), then loads the PostgreSQL export into a private server and times the
// row-security views. Prints one Markdown table (median, min, max per figure and the ratios
// engine/native and engine/PostgreSQL) and the machine's description, for bench/RESULTS.md.
import * as os from 'node:os';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkWorkspace } from '../language/check-workspace.js';
import { nodeFiles } from '../model/node-files.js';
import { Engine } from '../engine/engine.js';
import { generate } from './generate.js';
import { NativeReplay, Recorder, openWasm } from './native.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    items: { type: 'string' },
    runs: { type: 'string' },
    'no-pg': { type: 'boolean', default: false },
    'no-native': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const QUICK = args.quick!;
const ITEMS = Number(args.items ?? (QUICK ? 100_000 : 1_000_000));
const RUNS = Number(args.runs ?? (QUICK ? 3 : 5));
const PERM_ROWS = QUICK ? [1_000, 100_000] : [1_000, 100_000, 1_000_000];
const started = performance.now();
const log = (s: string) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(1)} s] ${s}`);

const engineTimes = new Map<string, number[]>();
const order: string[] = [];
const rec = new Recorder();
let runId = 0;
function add(label: string, ms: number): void {
  if (!engineTimes.has(label)) order.push(label);
  engineTimes.set(label, [...(engineTimes.get(label) ?? []), ms]);
}
async function measure(label: string, runs: number, fn: () => Promise<unknown> | unknown, before?: () => Promise<unknown> | unknown): Promise<void> {
  for (let i = 0; i < runs; i++) {
    if (before) await before(); // untimed (recorded unlabelled, replayed untimed on native)
    rec.label = `${label}\u0000${++runId}`; // one native run per engine run
    const t = performance.now();
    await fn();
    add(label, performance.now() - t);
    rec.label = undefined;
  }
}

// ------------------------------------------------------------------ data
let t = performance.now();
const gen = generate({ items: ITEMS, permRows: PERM_ROWS });
const genMs = performance.now() - t;
log(`generated ${gen.items} items, ${gen.invoices} invoices, ${gen.vendors} vendors, ${gen.users} users, ${gen.groups} groups, permission tables ${gen.permRows.join(' / ')} rows in ${gen.dir} (${(gen.bytes / 2 ** 20).toFixed(0)} MiB, ${(genMs / 1000).toFixed(1)} s)`);

// ------------------------------------------------------------------ engine
t = performance.now();
const wasm = await openWasm();
const engine = Engine.open(rec.wrap(wasm.db));
add('engine start (DuckDB-WASM instantiate + lockdown)', performance.now() - t);
log('engine started');

t = performance.now();
const checked = await checkWorkspace(gen.dir);
add('check workspace (parse, 10,000-user team, permission tables)', performance.now() - t);
log(`checked (${checked.diagnostics.filter((d) => d.severity === 'error').length} errors)`);
const errors = checked.diagnostics.filter((d) => d.severity === 'error');
if (errors.length) throw new Error(`the generated workspace has errors: ${JSON.stringify(errors.slice(0, 3))}`);

await measure(`load (3 CSV files, ${gen.items.toLocaleString('en-US')} items)`, 1, () => engine.load(checked.model, nodeFiles, checked.data));
log('loaded');
const M = { pool: gen.pool, name: 'Main' };
const { a, b } = gen.benchUsers;
const reset = () => engine.load(checked.model, nodeFiles, checked.data); // drops cached visibility
const tables = ['Vendors', 'Invoices', 'Items'];

for (const [who, email] of [['a (values table)', a], ['b (group rule)', b]] as const) {
  await measure(`user ${who}: visibility + --count, fresh`, RUNS, () => engine.counts(M, email), reset);
}
await engine.counts(M, a);
await engine.counts(M, b);
for (const table of tables) await measure(`user a: first page (1,000 rows) of ${table}`, RUNS, () => engine.page(M, a, table, { limit: 1000 }));
await measure('user a: --count over every table (cached visibility)', RUNS, () => engine.counts(M, a));
await measure('user a: explain one invoice', RUNS, () => engine.explain(M, a, 'Invoices', [{ column: 'BELNR', value: String(gen.someInvoice) }], 1));
await measure('diff of users a and b (cached)', RUNS, () => engine.diff(M, a, b));
for (const s of gen.scalingModels) {
  await measure(`scaling: ${s.rows.toLocaleString('en-US')}-row permission table, user a visibility + --count`, RUNS, () => engine.counts({ pool: gen.pool, name: s.model }, a), reset);
}
const counts = await engine.counts(M, a);
log(`engine figures done; user a sees ${counts.map((c) => `${c.table} ${JSON.stringify(c)}`).join(', ')}`);
const engineRss = process.resourceUsage().maxRSS * 1024;
const wasmBytes = wasm.wasmBytes();
rec.on = false;

// ------------------------------------------------------------------ native DuckDB
const native = new Map<number, Map<string, number[]>>();
let nativeVersion = '';
if (!args['no-native']) {
  for (const threads of [1, 2]) {
    const r = await NativeReplay.open(threads);
    nativeVersion = r.version;
    const t0 = performance.now();
    await r.replay(rec.events);
    native.set(threads, r.times);
    r.close();
    log(`native DuckDB ${r.version}, ${threads} thread(s): replayed ${rec.events.length} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

// ------------------------------------------------------------------ PostgreSQL
const pg = new Map<string, number[]>();
let pgNote = 'not run (--no-pg)';
if (!args['no-pg']) {
  try {
    const { PostgresServer } = await import('../test/support/postgres.js');
    const { openExportReader } = await import('../export/node.js');
    const { exportPostgres } = await import('../export/postgres.js');
    const server = await PostgresServer.start();
    try {
      log('PostgreSQL server started; reading the workspace for the export');
      const reader = await openExportReader();
      t = performance.now();
      const input = await reader.read(checked.model, checked.data, nodeFiles, true);
      log(`export input read in ${((performance.now() - t) / 1000).toFixed(1)} s; writing the script`);
      const exported = exportPostgres(input);
      const exportMs = performance.now() - t;
      if (exported.errors.length) throw new Error(exported.errors.join('; '));
      server.createDatabase('bench');
      t = performance.now();
      server.run('bench', exported.sql + '\nANALYZE;\n');
      const loadMs = performance.now() - t;
      pg.set(`load (3 CSV files, ${gen.items.toLocaleString('en-US')} items)`, [loadMs]);
      log(`PostgreSQL: export ${(exportMs / 1000).toFixed(1)} s, load ${(loadMs / 1000).toFixed(1)} s`);
      // One psql session; \timing prints each statement's server round trip.
      const timed = (label: string, role: string, sql: string) => ({ label, role, sql });
      const jobs: ReturnType<typeof timed>[] = [];
      for (let i = 0; i < RUNS; i++) {
        for (const table of tables) jobs.push(timed(`user a: first page (1,000 rows) of ${table}`, a, `SELECT * FROM "Main"."${table}" LIMIT 1000;`));
        for (const table of tables) jobs.push(timed('user a: --count over every table (cached visibility)', a, `SELECT count(*) FROM "Main"."${table}";`));
        for (const table of tables) jobs.push(timed('user b (group rule): visibility + --count, fresh', b, `SELECT count(*) FROM "Main"."${table}";`));
        for (const table of tables) jobs.push(timed('user a (values table): visibility + --count, fresh', a, `SELECT count(*) FROM "Main"."${table}";`));
        for (const s of gen.scalingModels)
          for (const table of tables) jobs.push(timed(`scaling: ${s.rows.toLocaleString('en-US')}-row permission table, user a visibility + --count`, a, `SELECT count(*) FROM "${s.model}"."${table}";`));
      }
      const script = ['\\o /dev/null', '\\timing on'];
      for (const j of jobs) script.push(`SET ROLE "${j.role}";`, j.sql, 'RESET ROLE;');
      const r = server.psql('bench', script.join('\n'));
      if (r.status !== 0) throw new Error(r.stderr.slice(0, 2000));
      const ms = [...r.stdout.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
      if (ms.length !== jobs.length * 3) throw new Error(`expected ${jobs.length * 3} timings, got ${ms.length}`);
      // Per run of a label: the sum of its statements (SET ROLE + query + RESET ROLE) in that run.
      const perRun = new Map<string, number[]>();
      const perLabelPerRun = jobs.length / RUNS;
      for (let i = 0; i < RUNS; i++) {
        const sums = new Map<string, number>();
        for (let k = 0; k < perLabelPerRun; k++) {
          const idx = i * perLabelPerRun + k;
          sums.set(jobs[idx].label, (sums.get(jobs[idx].label) ?? 0) + ms[3 * idx] + ms[3 * idx + 1] + ms[3 * idx + 2]);
        }
        for (const [l, s] of sums) perRun.set(l, [...(perRun.get(l) ?? []), s]);
      }
      // A first page per table is one figure per table.
      for (const [l, xs] of perRun) {
        if (l.startsWith('user a: first page')) {
          // split back per table: one statement per table per run
          continue;
        }
        pg.set(l, xs);
      }
      for (const table of tables) {
        const label = `user a: first page (1,000 rows) of ${table}`;
        const xs = jobs.map((j, idx) => (j.label === label && j.sql.includes(`"${table}"`) ? ms[3 * idx] + ms[3 * idx + 1] + ms[3 * idx + 2] : -1)).filter((x) => x >= 0);
        pg.set(label, xs);
      }
      pgNote = `PostgreSQL ${server.run('bench', 'SHOW server_version;').trim()} (private server on loopback, fsync off), timed with psql \\timing (SET ROLE + query + RESET ROLE)`;
    } finally {
      server.stop();
    }
  } catch (e) {
    pgNote = `not measured: ${(e as Error).message.slice(0, 300)}`;
    log(pgNote);
  }
}

// ------------------------------------------------------------------ report
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (e: number[], o: number[] | undefined) => (o && o.length && median(o) > 0 ? `${(median(e) / median(o)).toFixed(2)}×` : '–');
const cell = (xs: number[] | undefined) => (xs && xs.length ? fmt(median(xs)) : '–');
const lines: string[] = [];
lines.push('| figure | engine median ms | min | max | runs | native 1T ms | native 2T ms | PostgreSQL ms | engine/native 1T | engine/native 2T | engine/PostgreSQL |');
lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const label of order) {
  const xs = engineTimes.get(label)!;
  const n1 = native.get(1)?.get(label);
  const n2 = native.get(2)?.get(label);
  const p = pg.get(label);
  lines.push(`| ${label} | ${fmt(median(xs))} | ${fmt(Math.min(...xs))} | ${fmt(Math.max(...xs))} | ${xs.length} | ${cell(n1)} | ${cell(n2)} | ${cell(p)} | ${ratio(xs, n1)} | ${ratio(xs, n2)} | ${ratio(xs, p)} |`);
}
const cpus = os.cpus();
const machine = [
  `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`,
  `load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
  `engine: DuckDB-WASM (eh bundle, single thread); native: ${nativeVersion || 'not run'} via @duckdb/node-api; ${pgNote}`,
].join('; ');
console.log(`\nCommand: npm run bench --${QUICK ? ' --quick' : ''}${args.items ? ` --items ${ITEMS}` : ''}${args.runs ? ` --runs ${RUNS}` : ''}${args['no-pg'] ? ' --no-pg' : ''}${args['no-native'] ? ' --no-native' : ''}`);
console.log(`Machine: ${machine}`);
console.log(`Data: ${gen.items.toLocaleString('en-US')} items, ${gen.invoices.toLocaleString('en-US')} invoices, ${gen.vendors.toLocaleString('en-US')} vendors; ${gen.users.toLocaleString('en-US')} users, ${gen.groups} groups; value tables ${gen.permRows.map((r) => r.toLocaleString('en-US')).join(' / ')} rows; generated in ${(genMs / 1000).toFixed(1)} s\n`);
console.log(lines.join('\n'));
console.log(`\nPeak memory after the engine figures (before native DuckDB ran in this process): rss ${(engineRss / 2 ** 20).toFixed(0)} MiB; WASM memory ${wasmBytes ? (wasmBytes / 2 ** 20).toFixed(0) + ' MiB' : 'not reachable'}`);
console.log(`Total bench time ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (!args.keep) rmSync(gen.dir, { recursive: true, force: true });
process.exit(0);
