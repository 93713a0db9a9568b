// PostgreSQL row security (export/postgres.ts) against the engine, per user (issue 6): a
// generated Vendors → Invoices workspace (1 M invoices, 200 users, a few groups, a ~10 k-row
// value table by default; bench/vendors-invoices.ts) is exported, loaded into a private
// PostgreSQL (test/support/postgres.ts) and, for several users, `SET ROLE; SELECT * … LIMIT
// 1000` and `SELECT count(*)` per alias are timed against the engine's first grid page and
// counts. Run: `npx tsx bench/postgres-vs-engine.ts [--rows N] [--users N] [--groups N]
// [--runs N] [--combine by-column|by-principal]`; prints Markdown tables for bench/RESULTS.md. The server is always stopped.
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkWorkspace } from '../language/check-workspace.js';
import { nodeFiles } from '../model/node-files.js';
import { startNodeEngine } from '../engine/node.js';
import { openExportReader } from '../export/node.js';
import { exportPostgres } from '../export/postgres.js';
import { PostgresServer } from '../test/support/postgres.js';
import { vendorsInvoices } from './vendors-invoices.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '200' },
    groups: { type: 'string', default: '6' },
    runs: { type: 'string', default: '3' },
    combine: { type: 'string', default: 'by-column' },
  },
});
const ROWS = Number(values.rows);
const USERS = Number(values.users);
const GROUPS = Number(values.groups);
const RUNS = Number(values.runs);
const fmt = (n: number) => n.toLocaleString('en-US');
const log = (s: string) => process.stderr.write(`[pg-vs-engine] ${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const stat = (xs: number[]) => `${ms(median(xs))} | ${ms(Math.min(...xs))} | ${ms(Math.max(...xs))}`;

// 200 users, half by the values table (~100 × 100 = 10 k rows), half by group rules.
const COMBINE = values.combine === 'by-principal' ? 'by-principal' : 'by-column';
const gen = vendorsInvoices({ invoices: ROWS, users: USERS, groups: GROUPS, valuesPerUser: Math.max(1, Math.round(20_000 / USERS)), combine: COMBINE });
log(`generated ${fmt(ROWS)} invoices, ${fmt(gen.vendors)} vendors, ${USERS} users, ${GROUPS} groups, ${fmt(gen.valueRows)} value rows in ${gen.dir}`);
const ws = await checkWorkspace(gen.dir);
const ref = gen.ref;
const aliases = ['Vendors', 'Invoices'];
// Users: 3 by the values table, and the first member of each of the first 3 groups
// (G000 Vendors.LAND1 → down, G001 Invoices.BUKRS → up, G002 Vendors.EKORG → down).
const users = [...gen.valueUsers.slice(0, 3), ...gen.groupUsers.slice(0, Math.min(3, GROUPS))];
const what = (u: string) => (gen.valueUsers.includes(u) ? 'values table' : ['group LAND1', 'group BUKRS', 'group EKORG'][gen.groupUsers.indexOf(u) % GROUPS] ?? 'group');

const steps: [string, number][] = [];
let server: PostgresServer | undefined;
try {
  // ---------------------------------------------------------------- engine
  let t = performance.now();
  const engine = await startNodeEngine();
  await engine.load(ws.model, nodeFiles, ws.data);
  steps.push(['engine: start + load', performance.now() - t]);
  type Fig = { fresh: number[]; counts: number[]; page: Map<string, number[]>; visible: Map<string, number> };
  const eng = new Map<string, Fig>();
  for (const u of users) eng.set(u, { fresh: [], counts: [], page: new Map(aliases.map((a) => [a, []])), visible: new Map() });
  for (let r = 0; r < RUNS; r++) {
    await engine.load(ws.model, nodeFiles, ws.data); // drops every cached visibility
    for (const u of users) {
      const f = eng.get(u)!;
      const p = { kind: 'user' as const, name: u };
      let t0 = performance.now();
      const c = await engine.countsFor(ref, p);
      f.fresh.push(performance.now() - t0);
      for (const x of c) f.visible.set(x.table, x.visible);
      t0 = performance.now();
      await engine.countsFor(ref, p);
      f.counts.push(performance.now() - t0);
      for (const a of aliases) {
        t0 = performance.now();
        await engine.gridPage(ref, p, a, { offset: 0, limit: 1000 });
        f.page.get(a)!.push(performance.now() - t0);
      }
    }
  }
  log('engine figures done');

  // ---------------------------------------------------------------- PostgreSQL
  t = performance.now();
  server = await PostgresServer.start();
  steps.push(['PostgreSQL: initdb + start', performance.now() - t]);
  t = performance.now();
  const reader = await openExportReader();
  const input = await reader.read(ws.model, ws.data, nodeFiles, true);
  steps.push(['export: read the workspace (openExportReader().read)', performance.now() - t]);
  t = performance.now();
  const exported = exportPostgres(input);
  steps.push([`export: exportPostgres (script ${(exported.sql.length / 2 ** 20).toFixed(0)} MiB)`, performance.now() - t]);
  if (exported.errors.length) throw new Error(exported.errors.join('; '));
  server.createDatabase('bench');
  t = performance.now();
  server.run('bench', exported.sql); // the script ends with ANALYZE
  steps.push(['PostgreSQL: psql load of the script (incl. ANALYZE)', performance.now() - t]);
  log('PostgreSQL loaded');

  // One psql session; \timing prints each statement's round trip. Per user per run: SET ROLE,
  // SELECT * LIMIT 1000 per alias, SELECT count(*) per alias, RESET ROLE.
  type Job = { user: string; kind: 'set' | 'page' | 'count' | 'reset'; alias?: string };
  const jobs: Job[] = [];
  const script = ['\\timing on'];
  const counts: string[] = [];
  for (let r = 0; r < RUNS; r++)
    for (const u of users) {
      script.push(`SET ROLE "${u}";`);
      jobs.push({ user: u, kind: 'set' });
      for (const a of aliases) {
        script.push(`\\o /dev/null`, `SELECT * FROM "Main"."${a}" LIMIT 1000;`, `\\o`);
        jobs.push({ user: u, kind: 'page', alias: a });
      }
      for (const a of aliases) {
        script.push(`SELECT '${u}|${a}|' || count(*) FROM "Main"."${a}";`);
        jobs.push({ user: u, kind: 'count', alias: a });
      }
      script.push('RESET ROLE;');
      jobs.push({ user: u, kind: 'reset' });
    }
  const res = server.psql('bench', script.join('\n'));
  if (res.status !== 0) throw new Error(res.stderr.slice(0, 2000));
  const times = [...res.stdout.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
  if (times.length !== jobs.length) throw new Error(`expected ${jobs.length} timings, got ${times.length}`);
  for (const m of res.stdout.matchAll(/^(\S+@bench\.x)\|(\w+)\|(\d+)$/gm)) counts.push(`${m[1]}|${m[2]}|${m[3]}`);
  const pgPage = new Map<string, number[]>();
  const pgCount = new Map<string, number[]>();
  const pgCountSum = new Map<string, number[]>();
  const pgSet: number[] = [];
  jobs.forEach((j, i) => {
    const k = `${j.user}|${j.alias}`;
    if (j.kind === 'set' || j.kind === 'reset') pgSet.push(times[i]);
    else if (j.kind === 'page') pgPage.set(k, [...(pgPage.get(k) ?? []), times[i]]);
    else pgCount.set(k, [...(pgCount.get(k) ?? []), times[i]]);
  });
  for (const u of users)
    pgCountSum.set(
      u,
      Array.from({ length: RUNS }, (_, r) => aliases.reduce((s, a) => s + pgCount.get(`${u}|${a}`)![r], 0)),
    );

  // Do PostgreSQL and the engine agree on the counts?
  const mismatches: string[] = [];
  for (const c of new Set(counts)) {
    const [u, a, n] = c.split('|');
    const e = eng.get(u)!.visible.get(a);
    if (e !== Number(n)) mismatches.push(`${u} ${a}: PostgreSQL ${n}, engine ${e}`);
  }

  // ---------------------------------------------------------------- report
  console.log(`Data: combine ${COMBINE}, ${fmt(ROWS)} invoices, ${fmt(gen.vendors)} vendors, ${USERS} users, ${GROUPS} groups, ${fmt(gen.valueRows)} value rows; ${RUNS} runs.\n`);
  console.log('| step (once) | ms |\n| --- | ---: |');
  for (const [s, x] of steps) console.log(`| ${s} | ${ms(x)} |`);
  console.log(`\nSET ROLE / RESET ROLE: median ${ms(median(pgSet))} ms.`);
  console.log(`Counts agree: ${mismatches.length === 0 ? 'yes (every user, every alias)' : 'NO: ' + mismatches.join('; ')}\n`);
  console.log('| user (restricted by) | alias | visible | figure | PostgreSQL median | min | max | engine median | min | max | PG / engine |');
  console.log('| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const u of users) {
    const f = eng.get(u)!;
    for (const a of aliases) {
      const pg = pgPage.get(`${u}|${a}`)!;
      const en = f.page.get(a)!;
      console.log(`| ${u} (${what(u)}) | ${a} | ${fmt(f.visible.get(a) ?? -1)} | first page (1,000 rows) | ${stat(pg)} | ${stat(en)} | ${(median(pg) / median(en)).toFixed(2)} |`);
    }
    for (const a of aliases) {
      const pg = pgCount.get(`${u}|${a}`)!;
      console.log(`| ${u} (${what(u)}) | ${a} | ${fmt(f.visible.get(a) ?? -1)} | count(*) | ${stat(pg)} | | | | |`);
    }
    const pg = pgCountSum.get(u)!;
    console.log(`| ${u} (${what(u)}) | all | | counts, all aliases vs engine fresh (visibility + counts) | ${stat(pg)} | ${stat(f.fresh)} | ${(median(pg) / median(f.fresh)).toFixed(2)} |`);
    console.log(`| ${u} (${what(u)}) | all | | counts, all aliases vs engine cached visibility | ${stat(pg)} | ${stat(f.counts)} | ${(median(pg) / median(f.counts)).toFixed(2)} |`);
  }
} finally {
  server?.stop();
  rmSync(gen.dir, { recursive: true, force: true });
}
process.exit(0);
