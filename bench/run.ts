// `npm run bench [-- --quick] [--items N,N] [--runs N] [--no-pg] [--no-native] [--no-lsp] [--no-write]` (issue 7).
//
// For each data size (full: 1 M and 10 M items; --quick: 100 k) a child process generates the
// seeded workspace (bench/generate.ts), measures the engine (DuckDB-WASM; a warm-up pass, then
// --runs timed runs), replays the engine's recorded statements on a fresh DuckDB-WASM ("WASM
// alone") and on native DuckDB with 1 and 2 threads (bench/native.ts), and loads the PostgreSQL
// export into a private server to time the row-security views (in a grandchild process with a
// time limit, --pg-timeout). One process per size, so each size's peak memory is its own. Then the language server's latency over LSP
// (bench/lsp-latency.ts: a 5,000-rule .perm file, and a 200-pool workspace). Prints every table
// with the ratios engine/native and engine/PostgreSQL and the goals of issue 7, and writes them
// into bench/RESULTS.md between this run's markers (`--quick` and the full run each have their
// own), leaving every other section of the file as it is.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkWorkspace } from '../language/check-workspace.js';
import type { LoadedData } from '../model/check/context.js';
import { nodeFiles } from '../model/node-files.js';
import { Engine } from '../engine/engine.js';
import { generate } from './generate.js';
import { NativeReplay, Recorder, WasmReplay, openWasm } from './native.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    items: { type: 'string' },
    perm: { type: 'string' },
    runs: { type: 'string' },
    'no-pg': { type: 'boolean', default: false },
    'no-native': { type: 'boolean', default: false },
    'no-lsp': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    /** Internal: measure one size and write the figures as JSON to this file. */
    child: { type: 'string' },
    /** Internal: time PostgreSQL on a generated workspace (JSON of generate's result) and write the times to --child. */
    'pg-child': { type: 'string' },
    /** Seconds the PostgreSQL step may take before it is given up (default: 60 with --quick, 3600). */
    'pg-timeout': { type: 'string' },
  },
});
const QUICK = args.quick!;
/** PostgreSQL's statement timeout per benchmark query. */
// Each PostgreSQL statement's limit; SIGHTLINE_BENCH_PG_STATEMENT_S (seconds, inherited by the
// child processes) shortens it when a slower answer would not change a goal's verdict.
const PG_STATEMENT_MS = 1000 * Number(process.env.SIGHTLINE_BENCH_PG_STATEMENT_S ?? 120);
const started = performance.now();
const n = (x: number) => x.toLocaleString('en-US');
const log = (s: string) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(1)} s] ${s}`);

/** One figure of one size: engine times and the same statements' times elsewhere. */
export interface Figure {
  label: string;
  engine: number[];
  /** The same statements on a fresh DuckDB-WASM, without the engine's JavaScript. */
  wasm?: number[];
  native1?: number[];
  native2?: number[];
  pg?: number[];
  /** PostgreSQL did not answer within this statement timeout (ms). */
  pgTimedOut?: number;
}

export interface SizeResult {
  items: number;
  data: string;
  figures: Figure[];
  rssBytes: number;
  wasmBytes?: number;
  nativeVersion: string;
  pgNote: string;
  notes: string[];
}

if (args['pg-child']) {
  const gen = JSON.parse(readFileSync(args['pg-child'], 'utf8')) as ReturnType<typeof generate>;
  const checked = await checkWorkspace(gen.dir);
  const figures: Figure[] = [];
  const note = await measurePostgres(checked, gen, figures, Number(args.runs ?? 3), log);
  writeFileSync(args.child!, JSON.stringify({ note, figures }));
  process.exit(0);
} else if (args.child) {
  const result = await measureSize({
    items: Number(args.items),
    permRows: (args.perm ?? '1000,100000').split(',').map(Number),
    runs: Number(args.runs ?? 3),
    pg: !args['no-pg'],
    pgTimeout: Number(args['pg-timeout'] ?? 3600),
    native: !args['no-native'],
    keep: args.keep!,
    log,
  });
  writeFileSync(args.child, JSON.stringify(result));
  process.exit(0);
}

// ------------------------------------------------------------------ one size (the child process)
interface SizeOptions {
  items: number;
  permRows: number[];
  runs: number;
  pg: boolean;
  pgTimeout: number;
  native: boolean;
  keep: boolean;
  log: (s: string) => void;
}

async function measureSize(o: SizeOptions): Promise<SizeResult> {
  const { log, runs: RUNS } = o;
  const figures: Figure[] = [];
  const rec = new Recorder();
  let runId = 0;
  let warming = false;
  const notes: string[] = [];
  const add = (label: string, ms: number) => {
    let f = figures.find((x) => x.label === label);
    if (!f) figures.push((f = { label, engine: [] }));
    f.engine.push(ms);
  };
  const measure = async (label: string, runs: number, fn: () => Promise<unknown> | unknown, before?: () => Promise<unknown> | unknown) => {
    // The warm-up pass runs each figure once, untimed (recorded unlabelled, so native and the
    // WASM replay run it untimed too): V8 compiles DuckDB's WASM in tiers, and without it the
    // figures measured first pay several times their steady cost (90–180 ms instead of 25 ms).
    if (warming) {
      if (before) await before();
      await fn();
      return;
    }
    for (let i = 0; i < runs; i++) {
      if (before) await before(); // untimed (recorded unlabelled, replayed untimed on native)
      rec.label = `${label}\u0000${++runId}`; // one native run per engine run
      const t = performance.now();
      await fn();
      add(label, performance.now() - t);
      rec.label = undefined;
    }
  };

  // ---------------------------------------------------------------- data
  let t = performance.now();
  const gen = generate({ items: o.items, permRows: o.permRows });
  const genMs = performance.now() - t;
  const data = `${n(gen.items)} items, ${n(gen.invoices)} invoices, ${n(gen.vendors)} vendors (${(gen.bytes / 2 ** 20).toFixed(0)} MiB of CSV, generated in ${(genMs / 1000).toFixed(1)} s); ${n(gen.users)} users, ${n(gen.groups)} groups; value tables of ${gen.permRows.map(n).join(' / ')} rows, an unlimited table of ${n(gen.users)} rows; perspective ${gen.perspective} with ${n(gen.items)} Item objects. User a (${gen.benchUsers.a}): 50 vendors from the value table (Main) or a rule (${gen.perspective}); user b (${gen.benchUsers.b}): a group rule on Vendors.LAND1.`;
  log(`generated ${data} in ${gen.dir}`);
  try {
    // -------------------------------------------------------------- engine
    t = performance.now();
    const wasm = await openWasm();
    const engine = Engine.open(rec.wrap(wasm.db));
    add('engine start (DuckDB-WASM instantiate + lockdown)', performance.now() - t);
    t = performance.now();
    const checked = await checkWorkspace(gen.dir);
    add(`check workspace (parse, ${n(gen.users)}-user team, permission tables of ${gen.permRows.map(n).join(' / ')} rows)`, performance.now() - t);
    const errors = checked.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new Error(`the generated workspace has errors: ${JSON.stringify(errors.slice(0, 3))}`);
    log('checked');

    await measure(`load (3 CSV files, ${n(gen.items)} items)`, 1, () => engine.load(checked.model, nodeFiles, checked.data));
    log('loaded');
    const M = { pool: gen.pool, name: 'Main' };
    const P = { pool: gen.pool, name: gen.perspective };
    const { a, b } = gen.benchUsers;
    const reset = () => engine.load(checked.model, nodeFiles, checked.data); // drops cached visibility
    const tables = ['Vendors', 'Invoices', 'Items'];

    const pass = async () => {
      for (const [who, email] of [['a (values table)', a], ['b (group rule)', b]] as const) {
        await measure(`user ${who}: visibility + --count, fresh`, RUNS, () => engine.counts(M, email), reset);
      }
      await engine.counts(M, a);
      await engine.counts(M, b);
      for (const table of tables) await measure(`user a: first page (1,000 rows) of ${table}`, RUNS, () => engine.page(M, a, table, { limit: 1000 }));
      await measure('user a: --count over every table (cached visibility)', RUNS, () => engine.counts(M, a));
      await measure('user a: explain one invoice', RUNS, () => engine.explain(M, a, 'Invoices', [{ column: 'BELNR', value: String(gen.someInvoice) }], 1));
      await measure('diff of users a and b (cached)', RUNS, () => engine.diff(M, a, b));
      log('model figures done');

      // The perspective: one Item object per item row (§P10, decided by type distance).
      const objects = `${n(gen.items)} Item objects`;
      await measure(`perspective (${objects}), user a: visibility + --count, fresh`, RUNS, () => engine.counts(P, a), reset);
      await measure(`perspective (${objects}), user b: visibility + --count, fresh`, RUNS, () => engine.counts(P, b), reset);
      await engine.counts(P, a);
      await measure(`perspective (${objects}), user a: first page (1,000 objects) of Item`, RUNS, () => engine.page(P, a, 'Item', { limit: 1000 }));
      await measure(`perspective (${objects}), user a: --count (cached visibility)`, RUNS, () => engine.counts(P, a));
      log('perspective figures done');

      // Permission-table scaling: the same user a, the same 50 rows, tables of 1 k … 1 M rows.
      for (const s of gen.scalingModels) {
        await measure(`scaling: ${n(s.rows)}-row permission table, user a visibility + --count`, RUNS, () => engine.counts({ pool: gen.pool, name: s.model }, a), reset);
      }
      // The first user after a permission table is (re)read also indexes it by principal, once.
      for (const s of gen.scalingModels) {
        await measure(`scaling: ${n(s.rows)}-row permission table, first user after the table is read (indexes it)`, RUNS, () => engine.counts({ pool: gen.pool, name: s.model }, a), () => engine.load(checked.model, nodeFiles, reread(checked.data)));
      }
    };
    warming = true;
    await pass();
    warming = false;
    log('warm-up pass done');
    await pass();
    await reset();
    const counts = await engine.counts(M, a);
    const pcounts = await engine.counts(P, a);
    notes.push(`User a sees ${counts.map((c) => `${n(c.visible)} of ${n(c.total)} ${c.table}`).join(', ')} in Main, and ${pcounts.map((c) => `${n(c.visible)} of ${n(c.total)} ${c.table}`).join(', ')} in ${gen.perspective}.`);
    log('engine figures done');
    const rssBytes = process.resourceUsage().maxRSS * 1024;
    const wasmBytes = wasm.wasmBytes();
    rec.on = false;

    // -------------------------------------------------------------- native DuckDB
    let nativeVersion = '';
    if (o.native) {
      for (const threads of [1, 2]) {
        const r = await NativeReplay.open(threads);
        nativeVersion = r.version;
        const t0 = performance.now();
        await r.replay(rec.events);
        for (const f of figures) {
          const xs = r.times.get(f.label);
          if (xs) f[threads === 1 ? 'native1' : 'native2'] = xs;
        }
        r.close();
        log(`native DuckDB ${r.version}, ${threads} thread(s): replayed ${rec.events.length} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    }
    {
      const t0 = performance.now();
      const w = await WasmReplay.open();
      await w.replay(rec.events);
      for (const f of figures) {
        const xs = w.times.get(f.label);
        if (xs) f.wasm = xs;
      }
      log(`DuckDB-WASM replay: ${rec.events.length} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    rec.events.length = 0;

    // -------------------------------------------------------------- PostgreSQL
    let pgNote = 'not run (--no-pg)';
    if (o.pg) {
      // In its own process with a time limit: reading the workspace for the export is
      // JavaScript that cannot be interrupted, and it has stalled before (see RESULTS.md).
      const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-pg-'));
      try {
        writeFileSync(path.join(dir, 'gen.json'), JSON.stringify(gen));
        const t0 = performance.now();
        const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--pg-child', path.join(dir, 'gen.json'), '--child', path.join(dir, 'pg.json'), '--runs', String(RUNS)], {
          stdio: ['ignore', 'inherit', 'inherit'],
          timeout: o.pgTimeout * 1000,
          killSignal: 'SIGKILL',
        });
        if (r.status === 0 && existsSync(path.join(dir, 'pg.json'))) {
          const got = JSON.parse(readFileSync(path.join(dir, 'pg.json'), 'utf8')) as { note: string; figures: Figure[] };
          pgNote = got.note;
          for (const f of got.figures) {
            const mine = figures.find((x) => x.label === f.label);
            if (mine && f.pg) mine.pg = f.pg;
            if (mine && f.pgTimedOut) mine.pgTimedOut = f.pgTimedOut;
          }
        } else {
          const s = ((performance.now() - t0) / 1000).toFixed(0);
          pgNote =
            r.signal && performance.now() - t0 >= o.pgTimeout * 1000 - 1000
              ? `not measured: the PostgreSQL step did not finish within ${o.pgTimeout} s (--pg-timeout) and was stopped`
              : `not measured: the PostgreSQL step died after ${s} s (${r.signal ?? `exit ${r.status}`}; its log above says why, e.g. the JavaScript heap running out while the export reads every row)`;
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      log(`PostgreSQL: ${pgNote.slice(0, 200)}`);
    }
    return { items: gen.items, data, figures, rssBytes, wasmBytes, nativeVersion, pgNote, notes };
  } finally {
    if (!o.keep) rmSync(gen.dir, { recursive: true, force: true });
  }
}

/** The same data as new reads (new objects), as after the files changed: indexes are built again. */
function reread(data: LoadedData): LoadedData {
  return { ...data, permissionTables: new Map([...data.permissionTables].map(([k, v]) => [k, { ...v }])) };
}

/** Loads the PostgreSQL export into a private server and times the row-security views per figure. */
async function measurePostgres(checked: Awaited<ReturnType<typeof checkWorkspace>>, gen: ReturnType<typeof generate>, figures: Figure[], RUNS: number, log: (s: string) => void): Promise<string> {
  const tables = ['Vendors', 'Invoices', 'Items'];
  const set = (label: string, xs: number[]) => figures.push({ label, engine: [], pg: xs });
  const { a, b } = gen.benchUsers;
  try {
    const { PostgresServer } = await import('../test/support/postgres.js');
    const { openExportReader } = await import('../export/node.js');
    const { postgresScript } = await import('../export/postgres.js');
    const { writeFileAtomically } = await import('../cli/export.js');
    log('reading the workspace for the export');
    const reader = await openExportReader();
    let t = performance.now();
    const input = await reader.read(checked.model, checked.data, nodeFiles, true);
    const readMs = performance.now() - t;
    log(`export input read in ${(readMs / 1000).toFixed(1)} s; writing the script`);
    t = performance.now();
    // Streamed to a file: at 10 M items the script (~0.5 GB) is past what one string should hold.
    const script = postgresScript(input);
    if (script.errors.length) throw new Error(script.errors.join('; '));
    const scriptFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-sql-')), 'export.sql');
    writeFileAtomically(scriptFile, script.chunks());
    const scriptBytes = statSync(scriptFile).size;
    const exportMs = performance.now() - t;
    // Started only now, so a stall above (stopped by the caller's time limit) leaves no server behind.
    const server = await PostgresServer.start();
    try {
      server.createDatabase('bench');
      t = performance.now();
      server.runFile('bench', scriptFile);
      server.run('bench', 'ANALYZE;');
      rmSync(path.dirname(scriptFile), { recursive: true, force: true });
      const loadMs = performance.now() - t;
      set(`load (3 CSV files, ${n(gen.items)} items)`, [loadMs]);
      log(`PostgreSQL: export read ${(readMs / 1000).toFixed(1)} s, script ${(exportMs / 1000).toFixed(1)} s, load ${(loadMs / 1000).toFixed(1)} s`);
      // One psql session; \timing prints each statement's server round trip.
      const jobs: { label: string; role: string; sql: string; run: number }[] = [];
      const P = gen.perspective;
      for (let run = 0; run < RUNS; run++) {
        const job = (label: string, role: string, sql: string) => jobs.push({ label, role, sql, run });
        for (const table of tables) job(`user a: first page (1,000 rows) of ${table}`, a, `SELECT * FROM "Main"."${table}" LIMIT 1000;`);
        for (const table of tables) job('user a: --count over every table (cached visibility)', a, `SELECT count(*) FROM "Main"."${table}";`);
        for (const table of tables) job('user b (group rule): visibility + --count, fresh', b, `SELECT count(*) FROM "Main"."${table}";`);
        for (const table of tables) job('user a (values table): visibility + --count, fresh', a, `SELECT count(*) FROM "Main"."${table}";`);
        job(`perspective (${n(gen.items)} Item objects), user a: first page (1,000 objects) of Item`, a, `SELECT * FROM "${P}"."Item" LIMIT 1000;`);
        for (const type of ['Vendor', 'Invoice', 'Item']) job(`perspective (${n(gen.items)} Item objects), user a: --count (cached visibility)`, a, `SELECT count(*) FROM "${P}"."${type}";`);
        for (const s of gen.scalingModels) for (const table of tables) job(`scaling: ${n(s.rows)}-row permission table, user a visibility + --count`, a, `SELECT count(*) FROM "${s.model}"."${table}";`);
      }
      // One psql session per figure, each statement limited to PG_STATEMENT_MS: a figure that
      // PostgreSQL cannot answer in time is written down as such and the others still run.
      const slow: string[] = [];
      for (const label of [...new Set(jobs.map((j) => j.label))]) {
        const mine = jobs.filter((j) => j.label === label);
        const script = ['\\o /dev/null', `SET statement_timeout = ${PG_STATEMENT_MS};`, '\\timing on'];
        for (const j of mine) script.push(`SET ROLE "${j.role}";`, j.sql, 'RESET ROLE;');
        const r = server.psql('bench', script.join('\n'));
        if (r.status !== 0) {
          if (!/statement timeout/.test(r.stderr)) throw new Error(r.stderr.slice(0, 2000));
          figures.push({ label, engine: [], pgTimedOut: PG_STATEMENT_MS });
          slow.push(label);
          log(`PostgreSQL: "${label}" exceeded the ${PG_STATEMENT_MS / 1000} s statement timeout`);
          continue;
        }
        const ms = [...r.stdout.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
        if (ms.length !== mine.length * 3) throw new Error(`expected ${mine.length * 3} timings, got ${ms.length}`);
        // Per run: the sum of its statements (SET ROLE + query + RESET ROLE).
        const xs: number[] = [];
        mine.forEach((j, idx) => (xs[j.run] = (xs[j.run] ?? 0) + ms[3 * idx] + ms[3 * idx + 1] + ms[3 * idx + 2]));
        set(label, xs);
      }
      return `PostgreSQL ${server.run('bench', 'SHOW server_version;').trim()} (private server on loopback, fsync off), the script of export/postgres.ts (workspace read ${(readMs / 1000).toFixed(1)} s, script written ${(exportMs / 1000).toFixed(1)} s, ${(scriptBytes / 2 ** 20).toFixed(0)} MiB); each figure is SET ROLE + the same question as SELECT … LIMIT 1000 or count(*) per view + RESET ROLE, timed with psql \\timing. PostgreSQL keeps no visibility between queries, so its "fresh" and "cached" counts are the same queries.`;
    } finally {
      server.stop();
    }
  } catch (e) {
    const note = `not measured: ${(e as Error).message.slice(0, 300)}`;
    log(note);
    return note;
  }
}

// ------------------------------------------------------------------ the sizes, one process each
const SIZES = (args.items ?? (QUICK ? '100000' : '1000000,10000000')).split(',').map(Number);
const PERM = args.perm ?? (QUICK ? '1000,100000' : '1000,100000,1000000');
const RUNS = args.runs ?? (QUICK ? '3' : '5');
const self = fileURLToPath(import.meta.url);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-run-'));
const results: SizeResult[] = [];
const failures: string[] = [];
for (const items of SIZES) {
  const out = path.join(tmp, `${items}.json`);
  const childArgs = [...process.execArgv, self, '--child', out, '--items', String(items), '--perm', PERM, '--runs', RUNS, '--pg-timeout', args['pg-timeout'] ?? (QUICK ? '60' : '3600')];
  for (const flag of ['no-pg', 'no-native', 'keep'] as const) if (args[flag]) childArgs.push(`--${flag}`);
  log(`measuring ${items.toLocaleString('en-US')} items in a child process`);
  const r = spawnSync(process.execPath, childArgs, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status === 0 && existsSync(out)) results.push(JSON.parse(readFileSync(out, 'utf8')) as SizeResult);
  else failures.push(`${items.toLocaleString('en-US')} items: the child process ${r.signal ? `was killed (${r.signal})` : `exited with ${r.status}`}; see its log above`);
}

// ------------------------------------------------------------------ language server latency
interface LspResult {
  name: string;
  rows: { measure: string; p50: number; p95: number; max: number; n: number }[];
  cold: number;
  description: string;
}
const lsp: LspResult[] = [];
if (!args['no-lsp']) {
  const root = path.resolve(path.dirname(self), '..');
  const server = path.join(root, 'dist', 'server.js');
  // The bundle the editor runs: built from the sources when missing or older than them.
  const newest = (dir: string): number => Math.max(0, ...spawnSync('git', ['ls-files', dir], { cwd: root, encoding: 'utf8' }).stdout.split('\n').filter((f) => f.endsWith('.ts') && existsSync(path.join(root, f))).map((f) => statSync(path.join(root, f)).mtimeMs));
  if (!existsSync(server) || statSync(server).mtimeMs < Math.max(newest('server'), newest('language'), newest('model'), newest('engine'))) {
    log('building dist/server.js (node scripts/build.mjs)');
    const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (b.status !== 0) failures.push('language server latency: the build (node scripts/build.mjs) failed');
  }
  const keys = QUICK ? '20' : '100';
  for (const [name, extra] of [
    ['5,000-rule .perm file', ['--rules', '5000']],
    ['200-pool workspace (plus the 5,000-rule file)', ['--rules', '5000', '--pools', '200']],
  ] as const) {
    const out = path.join(tmp, `lsp-${lsp.length}.json`);
    log(`language server latency: ${name}`);
    const r = spawnSync(process.execPath, [...process.execArgv, path.join(path.dirname(self), 'lsp-latency.ts'), '--keys', keys, '--json', out, ...extra], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status === 0 && existsSync(out)) lsp.push({ name, ...(JSON.parse(readFileSync(out, 'utf8')) as Omit<LspResult, 'name'>) });
    else failures.push(`language server latency (${name}): bench/lsp-latency.ts exited with ${r.status}`);
  }
}
rmSync(tmp, { recursive: true, force: true });

// ------------------------------------------------------------------ report
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratioOf = (e: number[] | undefined, o: number[] | undefined) => (e?.length && o?.length && median(o) > 0 ? median(e) / median(o) : undefined);
const ratio = (e: number[] | undefined, o: number[] | undefined) => {
  const r = ratioOf(e, o);
  return r === undefined ? '–' : `${r.toFixed(2)}×`;
};
const cell = (xs: number[] | undefined) => (xs && xs.length ? fmt(median(xs)) : '–');
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const WASM_LIMIT = 4 * 2 ** 30; // duckdb-eh.wasm imports its memory with maximum 65,536 pages

const out: string[] = [];
const cpus = os.cpus();
const command = `npm run bench --${QUICK ? ' --quick' : ''}${args.items ? ` --items ${args.items}` : ''}${args.perm ? ` --perm ${args.perm}` : ''}${args.runs ? ` --runs ${args.runs}` : ''}${args['no-pg'] ? ' --no-pg' : ''}${args['no-native'] ? ' --no-native' : ''}${args['no-lsp'] ? ' --no-lsp' : ''}${args['pg-timeout'] ? ` --pg-timeout ${args['pg-timeout']}` : ''}`;
out.push(`Command: \`${command}\` (${((performance.now() - started) / 60_000).toFixed(1)} min), ${new Date().toISOString().slice(0, 10)}`);
out.push('');
out.push(
  `Machine: this workplace's \`node\` kind (/work/.library/env: 2 cores, 24 GiB, the same for every developer and CI): ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}; load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}. ` +
    `Engine: DuckDB-WASM (eh bundle, single thread, WASM memory limit 4 GiB); native: ${results[0]?.nativeVersion || 'not run'} via @duckdb/node-api, the engine's recorded statements replayed with \`SET threads = 1\` and \`2\`.`,
);
for (const f of failures) out.push('', `**Not measured:** ${f}`);
for (const r of results) {
  out.push('', `### ${n(r.items)} items`, '', `Data: ${r.data}`, '', `PostgreSQL: ${r.pgNote}`, '');
  out.push('| figure | engine median ms | min | max | runs | WASM alone ms | native 1T ms | native 2T ms | PostgreSQL ms | engine/native 1T | engine/native 2T | engine/PostgreSQL | WASM alone/native 1T |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const f of r.figures) {
    const xs = f.engine;
    out.push(`| ${f.label} | ${fmt(median(xs))} | ${fmt(Math.min(...xs))} | ${fmt(Math.max(...xs))} | ${xs.length} | ${cell(f.wasm)} | ${cell(f.native1)} | ${cell(f.native2)} | ${f.pgTimedOut ? `> ${f.pgTimedOut}` : cell(f.pg)} | ${ratio(xs, f.native1)} | ${ratio(xs, f.native2)} | ${f.pgTimedOut ? `< ${(median(xs) / f.pgTimedOut).toPrecision(1)}×` : ratio(xs, f.pg)} | ${ratio(f.wasm, f.native1)} |`);
  }
  out.push('', 'WASM alone: the same recorded statements replayed on a fresh DuckDB-WASM without the engine (what WASM itself costs; engine − WASM alone is the engine\'s JavaScript). Native: the same statements on @duckdb/node-api.');
  out.push('', `Peak memory of this size's process after the engine figures (before native DuckDB ran in it): rss ${mib(r.rssBytes)}; WASM memory ${r.wasmBytes ? `${mib(r.wasmBytes)} of the 4 GiB limit (${((100 * r.wasmBytes) / WASM_LIMIT).toFixed(0)} %)` : 'not reachable'}.`);
  for (const note of r.notes) out.push('', note);
}
if (lsp.length) {
  out.push('', '### Language server (over LSP, the real server process, engine off)', '');
  out.push('| workspace | measure (ms) | p50 | p95 | max | n |', '| --- | --- | ---: | ---: | ---: | ---: |');
  for (const l of lsp) for (const row of l.rows) out.push(`| ${l.name} | ${row.measure} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.max.toFixed(1)} | ${row.n} |`);
  out.push('');
  for (const l of lsp) out.push(`- ${l.name}: ${l.description}; opening the file → first diagnostics ${l.cold.toFixed(0)} ms.`);
}

// Goals (issue 7), on the largest size measured.
const largest = results[results.length - 1];
if (largest) {
  const goals: string[] = [];
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? '**met**' : '**not met**');
  for (const f of largest.figures.filter((x) => /first page|--count/.test(x.label) && x.label.startsWith('user'))) {
    const r = ratioOf(f.engine, f.native1);
    const w = ratioOf(f.wasm, f.native1);
    // No native time while the engine was timed: the engine ran no SQL for it (counts are kept
    // with the visible sets), so there is no query for native DuckDB to run faster.
    if (r === undefined && f.engine.length && largest.figures.some((x) => x.native1?.length)) {
      goals.push(`| ${f.label}: ≤ 1.5× native DuckDB, 1 thread | no SQL statement: ${fmt(median(f.engine))} ms in the engine (kept with the visible sets) | **met** |`);
      continue;
    }
    goals.push(`| ${f.label}: ≤ 1.5× native DuckDB, 1 thread | ${r === undefined ? '–' : `${r.toFixed(2)}×`}${w === undefined ? '' : ` (WASM alone ${w.toFixed(2)}×)`} | ${verdict(r === undefined ? undefined : r <= 1.5)} |`);
  }
  // Against PostgreSQL: the largest size it was measured on.
  const withPg = [...results].reverse().find((r) => r.figures.some((f) => f.pg?.length || f.pgTimedOut));
  const on = withPg && withPg !== largest ? ` (on ${n(withPg.items)} items: PostgreSQL was not measured on ${n(largest.items)})` : '';
  for (const f of withPg?.figures.filter((x) => x.pgTimedOut) ?? []) {
    goals.push(`| ${f.label}: ≥ 3× faster than PostgreSQL row security${on} | PostgreSQL > ${f.pgTimedOut! / 1000} s (statement timeout) | **met** |`);
  }
  for (const f of withPg?.figures.filter((x) => x.pg?.length) ?? []) {
    const r = ratioOf(f.pg, f.engine);
    if (f.label.startsWith('load')) continue;
    goals.push(`| ${f.label}: ≥ 3× faster than PostgreSQL row security${on} | ${r === undefined ? '–' : `${r.toFixed(2)}× faster`} | ${verdict(r === undefined ? undefined : r >= 3)} |`);
  }
  const scaling = largest.figures.filter((f) => f.label.startsWith('scaling:') && f.label.includes('visibility + --count'));
  if (scaling.length >= 2) {
    const r = ratioOf(scaling[scaling.length - 1].engine, scaling[0].engine)!;
    goals.push(`| ${scaling[scaling.length - 1].label.replace('scaling: ', '')} ≤ 2× the ${scaling[0].label.match(/[\d,]+-row/)?.[0]} table | ${r.toFixed(2)}× | ${verdict(r <= 2)} |`);
  }
  if (largest.wasmBytes) goals.push(`| ${n(largest.items)}-item model fits the WASM memory limit with room to spare | ${mib(largest.wasmBytes)} of 4 GiB | ${verdict(largest.wasmBytes < 0.75 * WASM_LIMIT)} |`);
  for (const l of lsp) {
    const key = l.rows.find((x) => x.measure.startsWith('keystroke'));
    const comp = l.rows.find((x) => x.measure.startsWith('completion'));
    if (key) goals.push(`| ${l.name}: keystroke → diagnostics p95 < 50 ms | ${key.p95.toFixed(1)} ms | ${verdict(key.p95 < 50)} |`);
    if (comp) goals.push(`| ${l.name}: completion p95 < 20 ms | ${comp.p95.toFixed(1)} ms | ${verdict(comp.p95 < 20)} |`);
  }
  out.push('', `### Goals of issue 7 (on ${n(largest.items)} items)`, '', '| goal | measured | |', '| --- | ---: | --- |', ...goals);
}
const report = out.join('\n');
console.log(`\n${report}\n`);

// ------------------------------------------------------------------ bench/RESULTS.md
if (!args['no-write']) {
  const file = path.join(path.dirname(self), 'RESULTS.md');
  const key = QUICK ? 'quick' : 'full';
  const begin = `<!-- bench/run.ts ${key}: written by \`npm run bench${QUICK ? ' -- --quick' : ''}\`, replaced on every run -->`;
  const end = `<!-- end of bench/run.ts ${key} -->`;
  const title = QUICK ? '## `npm run bench -- --quick` (issue 7): the reduced set' : '## `npm run bench` (issue 7): the full set';
  const section = `${begin}\n${title}\n\n${report}\n${end}`;
  const md = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const i = md.indexOf(begin);
  const j = md.indexOf(end);
  const next = i >= 0 && j > i ? md.slice(0, i) + section + md.slice(j + end.length) : `${md.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  log(`wrote ${path.relative(process.cwd(), file)} (section "${key}")`);
}
log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures.length && !results.length ? 1 : 0);
