// Editor latency as a user feels it, over LSP with the real server process (dist/server.js):
// keystroke → published diagnostics, and completion, on a 5,000-rule .perm file in a copy of
// examples/acme. Each keystroke toggles one character of a column name, so every keystroke
// changes the diagnostics (the server publishes only changes). `--pools N` adds N pools (each
// with a connection, a two-table model and a permissions block) to the workspace around it.
// Run after a build: `npx tsx bench/lsp-latency.ts [--keys N] [--rules N] [--pools N] [--json FILE]`;
// prints a Markdown table for bench/RESULTS.md (and, with --json, the figures for bench/run.ts).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { LspClient } from '../test/support/lsp-client.js';

const { values } = parseArgs({ options: { keys: { type: 'string', default: '100' }, rules: { type: 'string', default: '5000' }, pools: { type: 'string', default: '0' }, json: { type: 'string' } } });
const KEYS = Number(values.keys);
const RULES = Number(values.rules);
const POOLS = Number(values.pools);
const RULES_PER_USER = 4;

function bigPermFile(rules: number): string {
  const lines = ['permissions for "Procurement/AP Analytics".AccountsPayable {', '  use data permissions', '  combine by-column', ''];
  for (let u = 0; u < rules / RULES_PER_USER; u++) {
    lines.push(`  user "u${u}@acme.com" {`);
    for (let r = 0; r < RULES_PER_USER; r++) lines.push(`    Vendors.LAND1 in "DE", "AT", "X${u}-${r}"`);
    lines.push('  }');
  }
  lines.push('}', '');
  return lines.join('\n');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const root = mkdtempSync(path.join(os.tmpdir(), 'sightline-lsp-bench-'));
cpSync('examples/acme', root, { recursive: true });
const text = bigPermFile(RULES);
// Replaces the example's AP permissions, so the rules are checked (a second block would be a duplicate).
const file = 'permissions/accounts-payable.perm';
writeFileSync(path.join(root, file), text);
// More pools in team Finance over the example's AP files, each with a model and its permissions.
for (let p = 0; p < POOLS; p++) {
  const name = `Bench ${String(p).padStart(3, '0')}`;
  writeFileSync(
    path.join(root, `bench-${String(p).padStart(3, '0')}.pool`),
    `pool "${name}" in Finance {\n  engine etl\n  connection SAP {\n    table T001 from "data/ap/t001.csv"\n    table BKPF from "data/ap/bkpf.csv"\n  }\n  model M {\n    table SAP.T001 as Companies\n    table SAP.BKPF as Invoices\n    join Companies.BUKRS -> Invoices.BUKRS\n  }\n}\n`,
  );
  writeFileSync(
    path.join(root, `bench-${String(p).padStart(3, '0')}.perm`),
    `permissions for "Finance/${name}".M {\n  use data permissions\n  user "m.mustermann@acme.com" {\n    Companies.LAND1 in "DE", "AT"\n    Invoices.WAERS in "EUR"\n  }\n}\n`,
  );
}
const client = await LspClient.start(root, { settings: { engine: { enabled: false } } });
try {
  const t0 = performance.now();
  await client.open(file, text);
  await client.waitFor('first diagnostics of big.perm', () => client.published.some((p) => p.uri === client.uri(file)), 60_000);
  const cold = performance.now() - t0;

  const lines = text.split('\n');
  const ruleLines = lines.map((l, i) => (l.includes('Vendors.LAND1') ? i : -1)).filter((i) => i >= 0);
  const keystroke: number[] = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let k = 0; k < KEYS; k++) {
    const line = ruleLines[Math.floor(rand() * ruleLines.length)];
    const at = lines[line].indexOf('LAND1') + 'LAND1'.length;
    // Type "x" after LAND1 (an unknown column appears), then delete it (it disappears).
    for (const [edit, end] of [['x', at], ['', at + 1]] as const) {
      const before = client.published.length;
      const t = performance.now();
      await client.change(file, edit, { start: { line, character: at }, end: { line, character: end } });
      await client.waitFor('diagnostics after a keystroke', () => client.published.slice(before).some((p) => p.uri === client.uri(file)));
      keystroke.push(performance.now() - t);
    }
  }
  keystroke.sort((a, b) => a - b);

  // Completion of columns after "Vendors." at random rules (the document is as opened).
  const completion: number[] = [];
  for (let k = 0; k < KEYS; k++) {
    const line = ruleLines[Math.floor(rand() * ruleLines.length)];
    const character = lines[line].indexOf('Vendors.') + 'Vendors.'.length;
    const t = performance.now();
    const list = await client.request<{ items: { label: string }[] }>('textDocument/completion', { textDocument: { uri: client.uri(file) }, position: { line, character } });
    completion.push(performance.now() - t);
    if (!list.items.some((i) => i.label === 'LAND1')) throw new Error(`completion after Vendors. offers no LAND1: ${list.items.map((i) => i.label).join(', ')}`);
  }
  completion.sort((a, b) => a - b);
  const row = (name: string, xs: number[]) => `| ${name} | ${percentile(xs, 50).toFixed(1)} | ${percentile(xs, 95).toFixed(1)} | ${xs[xs.length - 1].toFixed(1)} | ${xs.length} |`;
  const description = `${RULES} rules in one .perm file (${(text.length / 1024).toFixed(0)} KB), examples/acme around it${POOLS ? ` and ${POOLS} more pools (a connection, a two-table model and a permissions block each)` : ''}`;
  if (values.json) {
    const stat = (measure: string, xs: number[]) => ({ measure, p50: percentile(xs, 50), p95: percentile(xs, 95), max: xs[xs.length - 1], n: xs.length });
    writeFileSync(values.json, JSON.stringify({ description, cold, rows: [stat('keystroke → diagnostics', keystroke), stat('completion (columns after `Vendors.`)', completion)] }));
  }
  console.log(`Editor latency over LSP, ${description}.\n`);
  console.log(`Opening the file → first diagnostics: ${cold.toFixed(0)} ms\n`);
  console.log('| measure (ms) | p50 | p95 | max | n |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(row('keystroke → diagnostics', keystroke));
  console.log(row('completion (columns after `Vendors.`)', completion));
} finally {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
}
