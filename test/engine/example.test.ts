// The example workspace, previewed by the real engine: every user's rows per table, as
// examples/acme/README.md states them, plus row-level spot checks that say which rows.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import type { Engine } from '../../engine/index.js';
import { loadFolder } from '../support/engine-workspace.js';

const AP = { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' };
const O2C = { pool: 'Sales/O2C Analytics', name: 'OrderToCash' };

/** Rows per table (Vendors, Invoices, InvoiceItems, Payments), from the README's table. */
const AP_EXPECTED: Record<string, number[]> = {
  'l.meyer@acme.com': [160, 950, 2922, 936],
  'r.rossi@acme.com': [160, 950, 2922, 936],
  'p.buyer@acme.com': [47, 286, 873, 286],
  't.nguyen@acme.com': [44, 266, 821, 253],
  'b.leroy@acme.com': [44, 266, 821, 253],
  'a.kowalski@acme.com': [128, 779, 2396, 758],
  's.dubois@acme.com': [33, 208, 637, 201],
  'h.tanaka@acme.com': [26, 134, 423, 139],
  'm.mustermann@acme.com': [0, 0, 0, 0],
  'o.berg@acme.com': [0, 0, 0, 0],
};

/** Objects per type (Customer, SalesOrder, Delivery, Material). */
const O2C_EXPECTED: Record<string, number[]> = {
  's.vogel@acme.com': [220, 1200, 1193, 300],
  'e.novak@acme.com': [220, 1200, 1193, 300],
  'c.martin@acme.com': [59, 360, 358, 300],
  'd.klein@acme.com': [109, 453, 440, 300],
  'u.wolf@acme.com': [109, 453, 440, 300],
  'g.silva@acme.com': [50, 265, 263, 300],
  'i.berg@acme.com': [0, 0, 0, 0],
};

/** A CSV data file of the example as records (simple files: no quoted commas in the columns used). */
function csvColumn(file: string, column: string): string[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const i = header.split(',').indexOf(column);
  return lines.map((l) => l.split(',')[i]);
}

describe('engine: examples/acme', function () {
  this.timeout(60_000);
  let engine: Engine;
  before(async () => {
    ({ engine } = await loadFolder('examples/acme'));
  });

  for (const [ref, expected] of [
    [AP, AP_EXPECTED],
    [O2C, O2C_EXPECTED],
  ] as const) {
    it(`${ref.name}: every user of the team sees the rows the README states`, async () => {
      const users = engine.usersOf(ref).map((u) => u.toLowerCase()).sort();
      assert.deepEqual(users, Object.keys(expected).sort(), 'the test names every user of the team');
      for (const [user, counts] of Object.entries(expected)) {
        const got = await engine.counts(ref, user);
        assert.deepEqual(got.map((c) => c.visible), counts, `${user}: ${JSON.stringify(got)}`);
        assert.ok(got.every((c) => c.error === undefined));
      }
    });
  }

  it('p.buyer sees exactly the vendors of EKORG 1000 in DE or AT, and their invoices', async () => {
    const ids = await engine.visibleRowIds(AP, 'p.buyer@acme.com');
    const land = csvColumn('examples/acme/data/ap/bkpf.csv', 'LIFNR');
    const vendors = (await engine.page(AP, 'p.buyer@acme.com', 'Vendors', { limit: 1000 })).rows.toArray().map((r) => r.toJSON());
    assert.equal(vendors.length, 47);
    for (const v of vendors) {
      assert.equal(String(v.EKORG), '1000');
      assert.ok(['DE', 'AT'].includes(String(v.LAND1)), `vendor ${v.LIFNR} in ${v.LAND1}`);
    }
    const lifnrs = new Set(vendors.map((v) => String(v.LIFNR)));
    const expectedInvoices = land.flatMap((l, i) => (lifnrs.has(l) ? [i] : []));
    assert.deepEqual(ids.get('Invoices'), expectedInvoices, 'an invoice is visible iff its vendor is (§P9, parent → child)');
  });

  it('names the first vendors p.buyer sees, in file order', async () => {
    const page = await engine.page(AP, 'p.buyer@acme.com', 'Vendors', { limit: 3 });
    assert.deepEqual(page.rows.toArray().map((r) => String(r.toJSON().LIFNR)), ['V100001', 'V100002', 'V100012']);
  });

  it('c.martin: customers of FR and BE; the orders of those customers; Material untouched', async () => {
    const ids = await engine.visibleRowIds(O2C, 'c.martin@acme.com');
    const land = csvColumn('examples/acme/data/o2c/kna1.csv', 'LAND1');
    assert.deepEqual(ids.get('Customer'), land.flatMap((l, i) => (l === 'FR' || l === 'BE' ? [i] : [])));
    const kunnr = csvColumn('examples/acme/data/o2c/kna1.csv', 'KUNNR');
    const mine = new Set(ids.get('Customer')!.map((i) => kunnr[i]));
    const orders = csvColumn('examples/acme/data/o2c/vbak.csv', 'KUNNR');
    assert.deepEqual(ids.get('SalesOrder'), orders.flatMap((k, i) => (mine.has(k) ? [i] : [])));
    assert.equal(ids.get('Material')!.length, 300);
  });

  it('pages are sorted inside the engine and never overlap', async () => {
    const all = await engine.page(AP, 'a.kowalski@acme.com', 'Invoices', { limit: 10_000, sort: [{ column: 'WRBTR', descending: true }] });
    const wrbtr = all.rows.toArray().map((r) => Number(r.toJSON().WRBTR));
    assert.equal(wrbtr.length, 779);
    assert.deepEqual(wrbtr, [...wrbtr].sort((a, b) => b - a));
    const pages: number[] = [];
    for (let offset = 0; offset < 779; offset += 100) {
      const p = await engine.page(AP, 'a.kowalski@acme.com', 'Invoices', { offset, limit: 100, sort: [{ column: 'WRBTR', descending: true }] });
      assert.equal(p.visible, 779);
      assert.equal(p.total, 950);
      pages.push(...p.rows.toArray().map((r) => Number(r.toJSON().__sl_row)));
    }
    assert.deepEqual(pages, all.rows.toArray().map((r) => Number(r.toJSON().__sl_row)));
  });

  it('with hidden rows, marks each row visible or not, agreeing with the visible set', async () => {
    const p = await engine.page(AP, 's.dubois@acme.com', 'Vendors', { limit: 1000, includeHidden: true });
    assert.equal(p.rows.numRows, 160);
    const flagged = p.rows.toArray().filter((r) => r.toJSON().__sl_visible).map((r) => Number(r.toJSON().__sl_row));
    assert.deepEqual(flagged.sort((a, b) => a - b), (await engine.visibleRowIds(AP, 's.dubois@acme.com')).get('Vendors'));
  });

  it('diff counts add up to each user\'s visible rows', async () => {
    const diff = await engine.diff(AP, 'p.buyer@acme.com', 'a.kowalski@acme.com');
    const a = await engine.counts(AP, 'p.buyer@acme.com');
    const b = await engine.counts(AP, 'a.kowalski@acme.com');
    for (const [i, d] of diff.entries()) {
      assert.equal(d.onlyA + d.both, a[i].visible);
      assert.equal(d.onlyB + d.both, b[i].visible);
    }
    assert.ok(diff.some((d) => d.onlyB > 0));
  });

  it('explain: a hidden item names the broken propagation; default deny; unlimited; NULL', async () => {
    const [hidden] = await engine.explain(AP, 'p.buyer@acme.com', 'Vendors', [{ column: 'LAND1', value: 'FR' }], 1);
    assert.equal(hidden.visible, false);
    assert.ok(hidden.reasons.some((r) => !r.passed && /LAND1 is "FR", not among "DE", "AT"/.test(r.text)), JSON.stringify(hidden.reasons));
    assert.ok(hidden.reasons.every((r) => r.sources.every((s) => s.startsWith('accounts-payable.perm:'))));

    const [item] = await engine.explain(AP, 'h.tanaka@acme.com', 'InvoiceItems', [], 1);
    const path = item.reasons.find((r) => r.kind === 'path')!;
    assert.match(path.text, /InvoiceItems → Invoices → Vendors/);
    assert.equal(path.passed, item.visible);

    const [denied] = await engine.explain(AP, 'o.berg@acme.com', 'Vendors', [], 1);
    assert.equal(denied.visible, false);
    assert.equal(denied.reasons[0].kind, 'default-deny');

    const [auditor] = await engine.explain(AP, 'r.rossi@acme.com', 'Vendors', [], 1);
    assert.equal(auditor.visible, true);
    assert.deepEqual(auditor.reasons.map((r) => [r.kind, r.sources]), [['unlimited', ['perm/ap_unlimited.csv:2']]]);
  });

  it('explain: an unruled object type is decided by related objects (§P10)', async () => {
    const ids = await engine.visibleRowIds(O2C, 'c.martin@acme.com');
    const all = await engine.explain(O2C, 'c.martin@acme.com', 'Delivery', [], 40);
    for (const e of all) {
      assert.equal(e.visible, ids.get('Delivery')!.includes(e.rowId), `row ${e.rowId}`);
      assert.equal(e.reasons.at(-1)!.passed, e.visible);
    }
    assert.ok(all.some((e) => e.visible) && all.some((e) => !e.visible));
  });
});
