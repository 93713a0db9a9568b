// preview, explain, diff and sync as scripts use them: the built CLI as a process.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { copyOfExample } from '../support/engine-workspace.js';

const CLI = path.resolve('bin/sightline.cjs');
const ACME = 'examples/acme';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sightline preview, explain, diff, sync', function () {
  this.timeout(60_000);

  it('preview --count prints table,visible,total lines for every table', () => {
    const r = run(['preview', ACME, '--model', 'AccountsPayable', '--as', 'p.buyer@acme.com', '--count']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'table,visible,total\nVendors,47,160\nInvoices,286,950\nInvoiceItems,873,2922\nPayments,286,936\n');
  });

  it('preview --format csv prints the visible rows of one table sorted by every column', () => {
    const r = run(['preview', ACME, '--model', 'OrderToCash', '--as', 'c.martin@acme.com', '--table', 'Customer', '--format', 'csv']);
    assert.equal(r.code, 0, r.stderr);
    const [header, ...rows] = r.stdout.trim().split('\n');
    assert.match(header, /^KUNNR,/);
    assert.equal(rows.length, 59);
    assert.deepEqual(rows, [...rows].sort(), 'sorted ascending (KUNNR first, unique)');
    const land = header.split(',').indexOf('LAND1');
    assert.ok(rows.every((row) => ['FR', 'BE'].includes(row.split(',')[land])));
  });

  it('preview --format json gives typed values and counts', () => {
    const r = run(['preview', ACME, '--model', 'AccountsPayable', '--as', 'h.tanaka@acme.com', '--table', 'Vendors', '--format', 'json', '--limit', '2']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.visible, 26);
    assert.equal(out.total, 160);
    assert.equal(out.rows.length, 2);
    assert.equal(out.rows[0].EKORG, 3000);
  });

  it('usage errors exit 2 and suggest the name meant', () => {
    const cases: [string[], RegExp][] = [
      [['preview', ACME, '--model', 'AccountsPayble', '--as', 'p.buyer@acme.com'], /no model or perspective AccountsPayble \(did you mean "AccountsPayable"\?\)/],
      [['preview', ACME, '--model', 'AccountsPayable', '--as', 'p.buyr@acme.com'], /not a user of team Procurement.*did you mean "p\.buyer@acme\.com"/],
      [['preview', ACME, '--model', 'AccountsPayable', '--as', 'p.buyer@acme.com', '--table', 'Vendor'], /has no table Vendor \(did you mean "Vendors"/],
      [['preview', ACME, '--model', 'AccountsPayable', '--as', 'p.buyer@acme.com', '--table', 'Vendors', '--sort', 'LANDX'], /Vendors has no column LANDX \(did you mean "LAND1"/],
      [['preview', ACME, '--model', 'AccountsPayable'], /--as EMAIL is required/],
      [['explain', ACME, '--model', 'AccountsPayable', '--as', 'p.buyer@acme.com', '--table', 'Vendors', '--where', 'LIFNR=NOPE'], /no row of Vendors has LIFNR = "NOPE"/],
      [['diff', ACME, '--model', 'AccountsPayable', '--as', 'p.buyer@acme.com'], /--vs EMAIL/],
      [['preview', ACME, '--model', 'AccountsPayable', '--as', 'p.buyer@acme.com', '--tabel', 'Vendors'], /^sightline: preview: unknown option --tabel; did you mean --table\?; run `sightline preview --help`\n$/],
      [['preview', ACME, '--model', 'AccountsPayable', '--user', 'p.buyer@acme.com'], /^sightline: preview: unknown option --user; run `sightline preview --help`\n$/],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });

  it('explain states the verdict and the rule with where it was written', () => {
    const r = run(['explain', ACME, '--model', 'AccountsPayable', '--as', 'p.buyer@acme.com', '--table', 'Vendors', '--where', 'LIFNR=V100001']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Vendors row \d+ \(LIFNR=V100001.*\): VISIBLE for p\.buyer@acme\.com$/m);
    assert.match(r.stdout, /✓ Vendors\.EKORG is "1000", allowed .*\(accounts-payable\.perm:14\)/);
  });

  it('diff counts the rows each of two users sees alone', () => {
    const r = run(['diff', ACME, '--model', 'AccountsPayable', '--as', 'a.kowalski@acme.com', '--vs', 'p.buyer@acme.com', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.tables[0], { table: 'Vendors', onlyA: 81, onlyB: 0, both: 47 });
  });

  it('a data file that is missing: the table says so, its rows count as none, and check skips the row checks', () => {
    const dir = copyOfExample();
    rmSync(path.join(dir, 'data/ap/bseg.csv'));
    const r = run(['preview', dir, '--model', 'AccountsPayable', '--as', 'p.buyer@acme.com']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^InvoiceItems\s+0\s+0\s+not loaded: data\/ap\/bseg\.csv does not exist$/m);
    assert.match(r.stdout, /^Payments\s+0\s+936\s+-$/m, 'payments hang below the missing items: hidden, never shown unfiltered (§F1)');
    const check = run(['check', dir]);
    assert.equal(check.code, 1);
    assert.match(check.stderr, /checks that read the rows were skipped: fix the errors first/);
  });

  it('sync records a new source column; only then does the import show it (§S5)', () => {
    const dir = copyOfExample();
    const bkpf = path.join(dir, 'data/ap/bkpf.csv');
    const lines = readFileSync(bkpf, 'utf8').trimEnd().split('\n');
    writeFileSync(bkpf, lines.map((l, i) => `${l},${i === 0 ? 'XNEW' : 'n' + i}`).join('\n') + '\n');
    appendFileSync(bkpf, ''); // new column, same rows
    const before = run(['preview', dir, '--model', 'AccountsPayable', '--as', 'l.meyer@acme.com', '--table', 'Invoices', '--format', 'csv', '--limit', '1']);
    assert.equal(before.code, 0, before.stderr);
    assert.doesNotMatch(before.stdout.split('\n')[0], /XNEW/, 'not visible before sync');
    const sync = run(['sync', dir]);
    assert.equal(sync.code, 0, sync.stderr);
    assert.match(sync.stdout, /"Procurement\/AP Analytics" SAP: BKPF \+XNEW/);
    const lock = JSON.parse(readFileSync(path.join(dir, 'sightline.lock'), 'utf8'));
    assert.ok(lock.imports.some((i: { tables: { name: string; columns: { name: string }[] }[] }) => i.tables.some((t) => t.name === 'BKPF' && t.columns.some((c) => c.name === 'XNEW'))));
    const after = run(['preview', dir, '--model', 'AccountsPayable', '--as', 'l.meyer@acme.com', '--table', 'Invoices', '--format', 'csv', '--limit', '1']);
    assert.match(after.stdout.split('\n')[0], /,XNEW$/);
    assert.match(run(['sync', dir]).stdout, /every import is synchronized/);
  });
});
