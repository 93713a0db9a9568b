// The engine queries behind editor features, on examples/acme: a column's values with counts,
// how many rows a rule keeps, "view as group" counts and the values to move a child's rule to
// its parent. Expected figures come from the data files read here independently (CSV through
// the project's tokenizer, Parquet through hyparquet), not from the engine.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { parseCsv } from '../../model/csv.js';
import { EngineError, type Engine } from '../../engine/index.js';
import { copyOfExample, loadFolder } from '../support/engine-workspace.js';

const AP = { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' };
const O2C = { pool: 'Sales/O2C Analytics', name: 'OrderToCash' };
const DATA = 'examples/acme/data/ap';

/** Each record of a CSV file as column → cell text; an unquoted empty cell is null (NULL in DuckDB). */
function csvRecords(file: string): Record<string, string | null>[] {
  const [header, ...records] = parseCsv(readFileSync(file, 'utf8')).records;
  return records.map((r) => Object.fromEntries(header.cells.map((h, i) => [h.text, !r.cells[i] || (!r.cells[i].quoted && r.cells[i].text === '') ? null : r.cells[i].text])));
}

/** Each row of a Parquet file, cells as DuckDB casts them to text (integers without ".0"). */
async function parquetRecords(file: string): Promise<Record<string, string | null>[]> {
  const bytes = readFileSync(file);
  const rows = (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer })) as Record<string, unknown>[];
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)])));
}

/** Values with counts, most frequent first, ties by value (NULL last), as the engine promises. */
function tally(cells: (string | null)[]): { value: string | null; count: number }[] {
  const counts = new Map<string | null, number>();
  for (const c of cells) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value === null ? 1 : b.value === null ? -1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe('engine: editor queries (examples/acme)', function () {
  this.timeout(60_000);
  let engine: Engine;
  let vendors: Record<string, string | null>[];
  let invoices: Record<string, string | null>[];
  let items: Record<string, string | null>[];
  before(async () => {
    ({ engine } = await loadFolder('examples/acme'));
    vendors = await parquetRecords(`${DATA}/lfa1.parquet`);
    invoices = csvRecords(`${DATA}/bkpf.csv`);
    items = csvRecords(`${DATA}/bseg.csv`);
  });

  describe('columnValues', function () {
    it('counts every value of Vendors.LAND1 as the Parquet file holds it', async () => {
      const got = await engine.columnValues(AP, 'Vendors', 'LAND1', { limit: 100 });
      assert.deepEqual(got, tally(vendors.map((v) => v.LAND1)));
      assert.equal(got.reduce((n, v) => n + v.count, 0), 160);
    });

    it('gives an integer column as its text (§P6) and honours the limit', async () => {
      const got = await engine.columnValues(AP, 'Vendors', 'EKORG', { limit: 2 });
      assert.deepEqual(got, tally(vendors.map((v) => v.EKORG)).slice(0, 2));
      assert.ok(got.every((v) => typeof v.value === 'string' && /^\d+$/.test(v.value)));
    });

    it('filters by prefix, case-sensitively, and never offers NULL then', async () => {
      const got = await engine.columnValues(AP, 'InvoiceItems', 'KOSTL', { prefix: 'CC1', limit: 1000 });
      assert.ok(got.length > 0);
      assert.deepEqual(got, tally(items.map((r) => r.KOSTL).filter((v): v is string => v !== null && v.startsWith('CC1'))));
      assert.deepEqual(await engine.columnValues(AP, 'InvoiceItems', 'KOSTL', { prefix: 'cc1', limit: 10 }), []);
    });

    it('counts NULL cells as null, after every value as frequent', async () => {
      const got = await engine.columnValues(AP, 'InvoiceItems', 'KOSTL', { limit: 10_000 });
      const expected = tally(items.map((r) => r.KOSTL));
      assert.ok(expected.some((v) => v.value === null), 'the example has line items without a cost centre');
      assert.deepEqual(got, expected);
    });

    it('reads a perspective object type and names an unknown table or column with suggestions', async () => {
      const got = await engine.columnValues(O2C, 'Customer', 'KUNNR', { limit: 3 });
      assert.equal(got.length, 3);
      await assert.rejects(engine.columnValues(AP, 'Vendor', 'LAND1', { limit: 3 }), (e: EngineError) => e instanceof EngineError && e.suggestions.includes('Vendors'));
      await assert.rejects(engine.columnValues(AP, 'Vendors', 'LAND', { limit: 3 }), (e: EngineError) => e instanceof EngineError && e.suggestions.includes('LAND1'));
    });
  });

  describe('ruleKeeps', function () {
    it('Vendors.EKORG in "1000" keeps the vendors of purchasing org 1000', async () => {
      const got = await engine.ruleKeeps(AP, 'Vendors', 'EKORG', ['1000']);
      assert.deepEqual(got, { kept: vendors.filter((v) => v.EKORG === '1000').length, total: 160 });
      assert.ok(got.kept > 0 && got.kept < 160);
    });

    it('ORs the values, compares text exactly, keeps nothing for no values, and never keeps NULL', async () => {
      const two = await engine.ruleKeeps(AP, 'Vendors', 'LAND1', ['DE', 'AT']);
      assert.equal(two.kept, vendors.filter((v) => v.LAND1 === 'DE' || v.LAND1 === 'AT').length);
      assert.equal((await engine.ruleKeeps(AP, 'Vendors', 'EKORG', ['1000.0', '01000'])).kept, 0, '§P6: the text form must match');
      assert.equal((await engine.ruleKeeps(AP, 'Vendors', 'EKORG', [])).kept, 0, '§P4: an empty list allows nothing');
      const kostl = await engine.ruleKeeps(AP, 'InvoiceItems', 'KOSTL', ['', 'CC1300']);
      assert.deepEqual(kostl, { kept: items.filter((r) => r.KOSTL === 'CC1300').length, total: items.length }, '§P7: NULL never matches, not even ""');
    });

    it('passes values as data, not SQL', async () => {
      const got = await engine.ruleKeeps(AP, 'Vendors', 'LAND1', ["DE') OR TRUE --", 'AT']);
      assert.equal(got.kept, vendors.filter((v) => v.LAND1 === 'AT').length);
    });
  });

  describe('counts for a group ("view as group")', function () {
    it('"Buyers France" sees by its own rule Vendors.EKORG in "2000" (its FALSE unlimited row grants nothing)', async () => {
      const got = await engine.countsFor(AP, { kind: 'group', name: 'Buyers France' });
      const lifnrs = new Set(vendors.filter((v) => v.EKORG === '2000').map((v) => v.LIFNR));
      const belnrs = new Set(invoices.filter((i) => lifnrs.has(i.LIFNR)).map((i) => i.BELNR));
      const keys = items.filter((r) => belnrs.has(r.BELNR)).map((r) => r.ITEM_KEY);
      assert.deepEqual(
        got.map((c) => [c.table, c.visible]),
        [
          ['Vendors', lifnrs.size],
          ['Invoices', belnrs.size],
          ['InvoiceItems', keys.length],
          ['Payments', csvRecords(`${DATA}/regup.csv`).filter((p) => keys.includes(p.ITEM_KEY)).length],
        ],
      );
      assert.deepEqual(got.map((c) => c.total), (await engine.counts(AP, 't.nguyen@acme.com')).map((c) => c.total));
      // t.nguyen has no rule of his own: he sees what his one group sees.
      assert.deepEqual(got, await engine.counts(AP, 't.nguyen@acme.com'));
    });

    it('only the group\'s own permissions count: rules from a permission table, unlimited, or none at all', async () => {
      const iberia = await engine.countsFor(AP, { kind: 'group', name: 'Buyers Iberia' });
      assert.equal(iberia[0].visible, vendors.filter((v) => v.EKORG === '3000' && v.KTOKK === 'KRED').length, 'ap_group_values.csv, by real name LFA1');
      const auditors = await engine.countsFor(AP, { kind: 'group', name: 'AP Auditors' });
      assert.deepEqual(auditors.map((c) => c.visible), auditors.map((c) => c.total), 'TRUE in ap_unlimited.csv');
      // p.buyer's own rules do not reach "Buyers France", although both are in the perm file.
      assert.notDeepEqual(await engine.countsFor(AP, { kind: 'group', name: 'Buyers France' }), await engine.counts(AP, 'p.buyer@acme.com'));
    });

    it('for a user, equals counts; an unknown group is an error with suggestions', async () => {
      for (const email of engine.usersOf(AP)) assert.deepEqual(await engine.countsFor(AP, { kind: 'user', name: email }), await engine.counts(AP, email));
      await assert.rejects(engine.countsFor(AP, { kind: 'group', name: 'Buyers Frnace' }), (e: EngineError) => e instanceof EngineError && e.suggestions.includes('Buyers France'));
    });
  });

  describe('parentValues', function () {
    it('a rule on Invoices moves to Vendors.LIFNR with the vendors of the kept invoices', async () => {
      const got = await engine.parentValues(AP, 'Invoices', 'BUKRS', ['1000']);
      const known = new Set(vendors.map((v) => v.LIFNR));
      const expected = sorted(invoices.filter((i) => i.BUKRS === '1000' && known.has(i.LIFNR)).map((i) => i.LIFNR!));
      assert.deepEqual(got, { parentTable: 'Vendors', parentColumn: 'LIFNR', values: expected });
      assert.ok(expected.length > 0 && expected.length < known.size);
    });

    it('gives a BIGINT join column as text, and nothing for a rule that keeps nothing', async () => {
      const got = await engine.parentValues(AP, 'InvoiceItems', 'KOSTL', ['CC1300']);
      assert.deepEqual(got, {
        parentTable: 'Invoices',
        parentColumn: 'BELNR',
        values: sorted(items.filter((r) => r.KOSTL === 'CC1300').map((r) => r.BELNR!)),
      });
      assert.deepEqual((await engine.parentValues(AP, 'InvoiceItems', 'KOSTL', ['no such centre']))?.values, []);
    });

    it('is undefined for the top of the chain and for perspectives', async () => {
      assert.equal(await engine.parentValues(AP, 'Vendors', 'LAND1', ['DE']), undefined);
      assert.equal(await engine.parentValues(O2C, 'SalesOrder', 'VBELN', ['1']), undefined);
    });
  });

  // Last: loads a changed copy of the example into the process's one engine.
  describe('counts for a group, on a changed copy', function () {
    before(async () => {
      const dir = copyOfExample();
      const org = path.join(dir, 'org.pool');
      writeFileSync(org, readFileSync(org, 'utf8').replace('group "AP Auditors"', 'group "Buyers Nordics" members "o.berg@acme.com"\n  group "AP Auditors"'));
      const o2c = path.join(dir, 'permissions/order-to-cash.perm');
      writeFileSync(o2c, readFileSync(o2c, 'utf8').replace('use data permissions', ''));
      ({ engine } = await loadFolder(dir));
    });

    it('a group with no permission sees nothing once the switch is on (§P1)', async () => {
      const got = await engine.countsFor(AP, { kind: 'group', name: 'Buyers Nordics' });
      assert.ok(got.every((c) => c.visible === 0 && c.total > 0), JSON.stringify(got));
    });

    it('every group sees everything without the switch, rules or not (§P1)', async () => {
      for (const name of ['Sales DACH', 'Sales Iberia']) {
        const got = await engine.countsFor(O2C, { kind: 'group', name });
        assert.ok(got.every((c) => c.visible === c.total && c.total > 0), `${name}: ${JSON.stringify(got)}`);
      }
    });
  });
});
