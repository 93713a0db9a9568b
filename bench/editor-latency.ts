// Keystroke-to-diagnostics latency of the language server's check on a large .perm file:
// a temp copy of examples/acme plus a generated file with one `permissions` block of N user
// rules, then random single-character keystrokes inside rules, each followed by the full
// checkWorkspace the server runs (overlay text, warm ParseCache and trusting ReadCache).
// Keystrokes are letters, digits, ` ._,"` and line breaks (not inside strings); a `{` without
// its `}` (the editor closes braces itself) is measured apart: it makes the file parse whole.
// Run: `npx tsx bench/editor-latency.ts [--rules 5000] [--keystrokes 200] [--seed 1]`;
// prints p50 / p95 / max in ms, to paste into bench/RESULTS.md.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { checkWorkspace, type CheckOptions } from '../language/check-workspace.js';
import { discoverDefinitionFiles } from '../language/discover.js';
import { ParseCache } from '../language/parse-cache.js';
import { ReadCache } from '../model/read-cache.js';

const { values } = parseArgs({ options: { rules: { type: 'string', default: '5000' }, keystrokes: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' } } });
const RULES = Number(values.rules);
const KEYSTROKES = Number(values.keystrokes);
let seed = Number(values.seed);

/** mulberry32: the same keystrokes on every run. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

const root = mkdtempSync(path.join(os.tmpdir(), 'sightline-latency-'));
cpSync(path.resolve('examples/acme'), root, { recursive: true });
const bigFile = path.join(root, 'permissions', 'big.perm');
const rules = Array.from({ length: RULES }, (_, i) => `  user "u${i}@acme.com" {\n    Vendors.LAND1 in "DE", "AT"\n  }\n`);
let text = `// ${RULES} generated rules (bench/editor-latency.ts)\npermissions for "Procurement/AP Analytics".AccountsPayable {\n  use data permissions\n${rules.join('')}}\n`;
writeFileSync(bigFile, text);
const definitionFiles = await discoverDefinitionFiles(root);

/** Offsets of the rule lines' text (`Vendors.LAND1 in "DE", "AT"`), where keystrokes land. */
function ruleLines(t: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of t.matchAll(/^ {4}(Vendors[^\n]*)$/gm)) out.push([m.index! + 4, m.index! + m[0].length]);
  return out;
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x: number) => x.toFixed(1);

async function timed(options: CheckOptions): Promise<{ time: number; count: number }> {
  const t = performance.now();
  const { diagnostics } = await checkWorkspace(root, options);
  return { time: performance.now() - t, count: diagnostics.length };
}

/** Whether `at` (inside one line) lies within a "string". */
function inString(at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return (text.slice(lineStart, at).match(/"/g)?.length ?? 0) % 2 === 1;
}

/**
 * `count` keystrokes, each `make()` inserted at a random place inside a random rule line
 * (line breaks not inside a string: the editor would not put one there).
 */
async function keystrokes(count: number, make: () => string, options: () => CheckOptions): Promise<number[]> {
  const times: number[] = [];
  for (let k = 0; k < count; k++) {
    const typed = make();
    const lines = ruleLines(text);
    let at: number;
    do {
      const [from, to] = pick(lines);
      at = from + Math.floor(random() * (to - from + 1));
    } while (typed.includes('\n') && inString(at));
    text = text.slice(0, at) + typed + text.slice(at);
    times.push((await timed(options())).time);
  }
  return times;
}

const row = (name: string, times: number[]) => console.log(`| ${name} | ${ms(percentile(times, 50))} | ${ms(percentile(times, 95))} | ${ms(Math.max(...times))} | ${times.length} |`);

try {
  const parseCache = new ParseCache();
  const cache = new ReadCache({ trustStats: true });
  const server = (): CheckOptions => ({ overlay: new Map([[bigFile, text]]), definitionFiles, parseCache, cache });

  const cold = await timed(server());
  const warm = await timed(server());
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789 ._,"';
  const typing = await keystrokes(KEYSTROKES, () => pick([...letters]), server);
  const enters = await keystrokes(Math.max(1, Math.round(KEYSTROKES / 4)), () => '\n      ', server);
  // A `{` typed without its `}`: the outline gives up and the file is parsed whole (then undone).
  const unbalanced: number[] = [];
  for (let k = 0; k < Math.max(1, Math.round(KEYSTROKES / 20)); k++) {
    const before = text;
    unbalanced.push((await keystrokes(1, () => '{', server))[0]);
    text = before;
    await timed(server());
  }
  // What a check cost before the caches: everything parsed and every data file looked at.
  const uncached = await keystrokes(Math.max(1, Math.round(KEYSTROKES / 10)), () => pick([...letters]), () => ({ overlay: new Map([[bigFile, text]]), definitionFiles }));

  console.log(`${RULES} rules, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB, node ${process.version}, ${os.cpus().length} cores; ${cold.count} diagnostics at the start`);
  console.log('');
  console.log('| figure | p50 ms | p95 ms | max ms | runs |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  row('cold check (empty caches)', [cold.time]);
  row('check of unchanged text (warm caches)', [warm.time]);
  row('keystroke → diagnostics: a character inside a rule', typing);
  row('keystroke → diagnostics: a line break inside a rule', enters);
  row('keystroke → diagnostics: an unbalanced `{` (whole-file parse)', unbalanced);
  row('the same check without caches (as before)', uncached);
} finally {
  rmSync(root, { recursive: true, force: true });
}
