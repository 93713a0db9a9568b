// Completion on examples/acme: partial text is inserted into a copy of a definition file at
// chosen places (as if typed there), and the completions at the end of the insertion are
// checked against the workspace and, for rule values, against the data itself. The last
// tests run completion at every offset of every example file: it must never throw.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { EditorEngine } from '../../server/engine-api.js';
import { complete } from '../../server/features/completion.js';
import type { Completion } from '../../server/features/results.js';
import type { Snapshot } from '../../server/features/snapshot.js';
import { offsetAt, positionAt } from '../../server/features/text-scan.js';
import type { TableRows } from '../reference/index.js';
import { ACME as ROOT, ACME_FILES, featureWorkspace } from '../support/feature-workspace.js';
import { InProcessEngine } from '../support/in-process-engine.js';

const { ORG, FINANCE, PROCUREMENT, SALES, AP_PERM, O2C_PERM } = ACME_FILES;

describe('server: completion (examples/acme)', function () {
  this.timeout(120_000);
  let snapshot: Snapshot, engine: InProcessEngine, data: Map<string, TableRows>;
  before(async () => ({ snapshot, engine, data } = await featureWorkspace(ROOT)));

  /** Types `insert` right after the first `anchor` (outside comments) in a copy of `file`, and completes there. */
  async function typed(file: string, anchor: string, insert: string, withEngine: EditorEngine | 'none' = engine, after = ''): Promise<{ items: Completion[]; text: string; at: number }> {
    const original = snapshot.texts.get(file)!;
    const i = original.indexOf(anchor);
    assert.ok(i >= 0, `anchor ${JSON.stringify(anchor)} is in ${path.basename(file)}`);
    const cut = i + anchor.length;
    const text = original.slice(0, cut) + insert + after + original.slice(cut);
    const at = cut + insert.length;
    return { items: await complete(snapshot, file, positionAt(text, at), text, withEngine === 'none' ? undefined : withEngine), text, at };
  }

  const labels = (items: Completion[]) => items.map((c) => c.label);
  const byLabel = (items: Completion[], label: string) => {
    const item = items.find((c) => c.label === label);
    assert.ok(item, `${label} is offered among ${labels(items).join(', ')}`);
    return item;
  };
  /** The text a completion's edit leaves. */
  const apply = (text: string, c: Completion) => {
    const start = offsetAt(text, c.replace!.start);
    const end = offsetAt(text, c.replace!.end);
    return text.slice(0, start) + (c.insertText ?? c.label) + text.slice(end);
  };

  /** Values of a column of a data file and how many rows hold each, most frequent first. */
  function valueCounts(relFile: string, column: string): [string, number][] {
    const rows = data.get(path.join(ROOT, relFile))!;
    const at = rows.columns.findIndex((c) => c.name === column);
    const counts = new Map<string, number>();
    for (const r of rows.rows) if (r[at] !== null) counts.set(String(r[at]), (counts.get(String(r[at])) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  }

  // ------------------------------------------------------------ rules

  it('offers the model\'s aliases where a rule starts in a principal block', async () => {
    const { items, text } = await typed(AP_PERM, 'user "p.buyer@acme.com" {', '\n    Inv');
    assert.deepEqual(labels(items).sort(), ['InvoiceItems', 'Invoices', 'Payments', 'Vendors']);
    assert.ok(items.every((c) => c.kind === 'alias'));
    assert.equal(byLabel(items, 'Invoices').detail, 'SAP.BKPF');
    // the partial word is replaced, not appended to
    assert.match(apply(text, byLabel(items, 'Invoices')), /\{\n {4}Invoices\n/);
  });

  it('offers object types where a rule starts in a perspective\'s permissions', async () => {
    const { items } = await typed(O2C_PERM, 'user "c.martin@acme.com" {', '\n    ');
    assert.deepEqual(labels(items).sort(), ['Customer', 'Delivery', 'Material', 'SalesOrder']);
    assert.ok(items.every((c) => c.kind === 'object-type'));
  });

  it('offers the columns of an alias with their types after `Vendors.`', async () => {
    const { items } = await typed(AP_PERM, 'user "p.buyer@acme.com" {', '\n    Vendors.');
    const pool = snapshot.index.pools.get('Procurement/AP Analytics')!;
    const lookup = snapshot.index.resolveTable(pool, 'SAP', 'LFA1');
    assert.ok(lookup.ok);
    const expected = lookup.resolved.columns!.map((c) => `${c.name}:${c.type}`);
    assert.deepEqual(items.map((c) => `${c.label}:${c.detail}`), expected);
    assert.equal(byLabel(items, 'EKORG').detail, 'BIGINT');
    assert.ok(items.every((c) => c.kind === 'column' && c.insertText === undefined));
  });

  it('offers the values of `Vendors.LAND1 in "` with the counts in the data, most frequent first', async () => {
    const { items, text } = await typed(AP_PERM, 'user "p.buyer@acme.com" {', '\n    Vendors.LAND1 in "');
    const expected = valueCounts('data/ap/lfa1.parquet', 'LAND1');
    assert.ok(expected.length > 3, 'the column has several values');
    assert.deepEqual(
      items.map((c) => [c.label, c.detail]),
      expected.map(([v, n]) => [v, `${n} row${n === 1 ? '' : 's'}`]),
    );
    const sorted = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
    assert.deepEqual(labels(sorted), expected.map(([v]) => v), 'sortText keeps the most frequent first');
    assert.ok(items.every((c) => c.kind === 'value'));
    // no closing quote yet: the completion closes the string
    assert.match(apply(text, byLabel(items, 'DE')), /Vendors\.LAND1 in "DE"\n/);
  });

  it('replaces the whole string contents when the closing quote is already there', async () => {
    const { items, text } = await typed(AP_PERM, 'user "p.buyer@acme.com" {', '\n    Vendors.LAND1 in "F', undefined, 'x"');
    assert.deepEqual(labels(items), ['FR'], 'only values with the typed prefix');
    assert.match(apply(text, items[0]), /Vendors\.LAND1 in "FR"\n/);
  });

  it('leaves out values already in the list, after a comma', async () => {
    const { items, text } = await typed(AP_PERM, 'Vendors.LAND1 in "DE", "AT"', ', ');
    assert.ok(!labels(items).includes('DE') && !labels(items).includes('AT'));
    assert.ok(labels(items).includes('FR'));
    // outside a string the value is inserted with its quotes
    assert.equal(byLabel(items, 'FR').insertText, '"FR"');
    assert.match(apply(text, byLabel(items, 'FR')), /in "DE", "AT", "FR"/);
  });

  it('gives values of BIGINT columns as text (§P6), and values of perspectives', async () => {
    const ekorg = await typed(AP_PERM, 'user "p.buyer@acme.com" {', '\n    Vendors.EKORG in "');
    assert.deepEqual(labels(ekorg.items), valueCounts('data/ap/lfa1.parquet', 'EKORG').map(([v]) => v));
    const vkorg = await typed(O2C_PERM, 'group "Sales DACH" {', '\n    SalesOrder.VKORG in "');
    assert.deepEqual(labels(vkorg.items), valueCounts('data/o2c/vbak.csv', 'VKORG').map(([v]) => v));
  });

  it('without an engine, or when it fails or is slow, offers the values other rules use', async () => {
    const slow = new InProcessEngine({ delayMs: 2000 });
    await slow.load(snapshot);
    const failing = new InProcessEngine({ fail: true });
    await failing.load(snapshot);
    for (const e of ['none' as const, failing]) {
      const { items } = await typed(AP_PERM, 'group "Buyers France" {', '\n    Vendors.LAND1 in "', e);
      assert.deepEqual(labels(items), ['AT', 'DE'], `engine ${e === 'none' ? 'absent' : 'failing'}`);
      assert.equal(items[0].detail, 'used in another rule');
    }
    const started = Date.now();
    const { items } = await typed(AP_PERM, 'group "Buyers France" {', '\n    Vendors.LAND1 in "', slow);
    assert.ok(Date.now() - started < 1500, `answered in ${Date.now() - started} ms without waiting for the engine`);
    assert.deepEqual(labels(items), ['AT', 'DE']);
    assert.deepEqual(slow.calls, ['columnValues']);
  });

  // ------------------------------------------------------------ organisation

  it('offers the team\'s users for group members, leaving out members already listed', async () => {
    const { items } = await typed(ORG, 'group "Procurement Leads" members "l.meyer@acme.com"', ', "');
    const team = snapshot.index.teams.get('Procurement')!;
    assert.deepEqual(labels(items).sort(), team.users.map((u) => u.email).filter((e) => e !== 'l.meyer@acme.com').sort());
    assert.equal(byLabel(items, 'r.rossi@acme.com').detail, 'viewer');
    assert.ok(items.every((c) => c.kind === 'user'));
  });

  it('offers roles after `role `', async () => {
    const { items } = await typed(ORG, 'user "f.weber@acme.com"      role admin', '\n  user "n.new@acme.com" role ');
    assert.deepEqual(labels(items), ['admin', 'analyst', 'member', 'viewer']);
    assert.ok(items.every((c) => c.kind === 'role' && c.detail));
  });

  it('offers service grants in a team and pool grants in a pool, without quotes', async () => {
    const service = await typed(ORG, 'grant "f.weber@acme.com"   manage-all-pools', '\n  grant "j.doe@acme.com" ');
    assert.deepEqual(labels(service.items), ['use-all-models', 'view-all-pools', 'edit-all-pools', 'create-pools', 'manage-all-pools']);
    assert.ok(service.items.every((c) => c.insertText === undefined));
    const pool = await typed(PROCUREMENT, 'grant "p.buyer@acme.com" manage', '\n  grant "l.meyer@acme.com" ');
    assert.deepEqual(labels(pool.items), ['use-models', 'view', 'edit', 'manage']);
  });

  it('offers the users and groups of the pool\'s team to grant to', async () => {
    const { items } = await typed(PROCUREMENT, 'grant "p.buyer@acme.com" manage', '\n  grant "');
    assert.ok(labels(items).includes('t.nguyen@acme.com') && labels(items).includes('Buyers France'));
    assert.ok(!labels(items).includes('f.weber@acme.com'), 'only team Procurement');
    assert.equal(byLabel(items, 'Buyers France').kind, 'group');
  });

  // ------------------------------------------------------------ pools, connections, models

  it('offers pools after `import SAP from "`, the ones sharing SAP with this pool first', async () => {
    const { items, text } = await typed(PROCUREMENT, 'import SAP from "Finance/AP Source" tables LFA1, BKPF, BSEG, REGUP', '\n  import SAP from "');
    assert.ok(!labels(items).includes('Procurement/AP Analytics'), 'not the pool itself');
    const first = [...items].sort((a, b) => ((a.sortText ?? a.label) < (b.sortText ?? b.label) ? -1 : 1))[0];
    assert.equal(first.label, 'Finance/AP Source');
    assert.match(first.detail!, /shares SAP/);
    assert.ok(labels(items).includes('Sales/O2C Source'));
    assert.match(apply(text, first), /import SAP from "Finance\/AP Source"\n/);
  });

  it('offers the short name of a pool of the same team', async () => {
    const { items } = await typed(SALES, 'share SAP by "s.vogel@acme.com" {\n', '    with "');
    assert.ok(labels(items).includes('Sales/O2C Analytics'));
    assert.ok(labels(items).includes('O2C Analytics'), 'short name within team Sales');
    assert.ok(!labels(items).includes('AP Analytics'), 'no short names of other teams');
  });

  it('offers connections and tables: shared connections to import, the tables shared, model tables', async () => {
    const conn = await typed(PROCUREMENT, 'import SAP from "Finance/AP Source" tables LFA1, BKPF, BSEG, REGUP', '\n  import ');
    assert.deepEqual(labels(conn.items), ['SAP']);
    const tables = await typed(PROCUREMENT, 'import SAP from "Finance/AP Source" tables LFA1, BKPF, BSEG, REGUP', '\n  import SAP from "Finance/AP Source" tables LFA1, ');
    assert.deepEqual(labels(tables.items).sort(), ['BKPF', 'BSEG', 'REGUP', 'T001']);
    const model = await typed(PROCUREMENT, 'table SAP.REGUP as Payments', '\n    table SAP.');
    assert.deepEqual(labels(model.items), ['LFA1', 'BKPF', 'BSEG', 'REGUP']);
    const joined = await typed(PROCUREMENT, 'table SAP.REGUP as Payments', '\n    join Invoices.');
    assert.equal(byLabel(joined.items, 'BUKRS').detail, 'BIGINT');
  });

  it('offers key columns and link-table columns in a perspective', async () => {
    const key = await typed(SALES, 'object Material   from SAP.MARA key MATNR', '\n    object Customer2 from SAP.KNA1 key ');
    assert.ok(labels(key.items).includes('KUNNR') && labels(key.items).includes('LAND1'));
    const link = await typed(SALES, 'object Material   from SAP.MARA key MATNR', '\n    relate SalesOrder <-> Delivery via SAP.VBFA (VBELV, ');
    assert.ok(labels(link.items).includes('VBELN'));
    const types = await typed(SALES, 'object Material   from SAP.MARA key MATNR', '\n    relate SalesOrder.KUNNR -> ');
    assert.deepEqual(labels(types.items).sort(), ['Customer', 'Delivery', 'Material', 'SalesOrder']);
  });

  it('offers the models and perspectives of the pool after `permissions for "Procurement/AP Analytics".`', async () => {
    const { items } = await typed(AP_PERM, '', 'permissions for "Procurement/AP Analytics".', undefined, ' {}\n');
    assert.deepEqual(labels(items), ['AccountsPayable']);
    assert.equal(items[0].kind, 'model');
    const o2c = await typed(AP_PERM, '', 'permissions for "Sales/O2C Analytics".', undefined, '\n');
    assert.deepEqual(labels(o2c.items), ['OrderToCash']);
    assert.match(o2c.items[0].detail!, /perspective/);
  });

  it('offers statement keywords by block', async () => {
    const team = await typed(ORG, 'user "f.weber@acme.com"      role admin', '\n  ');
    assert.deepEqual(labels(team.items), ['user', 'group', 'grant']);
    const model = await typed(PROCUREMENT, 'table SAP.REGUP as Payments', '\n    ');
    assert.deepEqual(labels(model.items), ['table', 'join', 'usage']);
    const perm = await typed(AP_PERM, 'combine by-column', '\n  ');
    assert.deepEqual(labels(perm.items), ['user', 'group', 'table'], 'the switch and combine are given already');
    const combine = await typed(AP_PERM, 'combine by-column', '\n  combine ');
    assert.deepEqual(labels(combine.items), ['by-column', 'by-principal']);
    const engineKw = await typed(FINANCE, 'pool "Legacy BW" in Finance {', '\n  engine ');
    assert.deepEqual(labels(engineKw.items), ['etl', 'vertica']);
  });

  it('offers CSV files for permission tables and data files for connection tables, relative to the file', async () => {
    const perm = await typed(AP_PERM, 'combine by-column', '\n  table "');
    assert.ok(labels(perm.items).includes('perm/ap_values.csv'));
    assert.ok(labels(perm.items).includes('../data/ap/bkpf.csv'));
    assert.ok(labels(perm.items).every((l) => l.endsWith('.csv')), 'permission tables are CSV only');
    const data = await typed(FINANCE, 'table REGUP from "data/ap/regup.csv"', '\n    table KNA1 from "');
    assert.ok(labels(data.items).includes('data/ap/lfa1.parquet') && labels(data.items).includes('data/o2c/kna1.csv'));
    const mapping = await typed(AP_PERM, 'user   Reference_User', '\n    column ');
    assert.deepEqual(labels(mapping.items), ['Reference_User', 'Reference_Table', 'Reference_Column', 'Reference_Value']);
  });

  it('offers nothing in comments, and no names or keywords inside a string', async () => {
    const comment = await typed(AP_PERM, '// Lead buyer', ' Vendors.');
    assert.deepEqual(comment.items, []);
    const inString = await typed(ORG, 'user "f.weber@acme.com"      role admin', '\n  user "x" role "');
    assert.deepEqual(inString.items, []);
  });

  it('caps the number of items', async () => {
    const { items } = await typed(PROCUREMENT, 'table SAP.REGUP as Payments', '\n    join InvoiceItems.ITEM_KEY -> Payments.');
    assert.ok(items.length > 0);
    const text = snapshot.texts.get(AP_PERM)!.replace('Vendors.LAND1 in "DE"', 'Vendors.LIFNR in "');
    const at = text.indexOf('Vendors.LIFNR in "') + 'Vendors.LIFNR in "'.length;
    const capped = await complete(snapshot, AP_PERM, positionAt(text, at), text, engine, { limit: 7 });
    assert.equal(capped.length, 7);
  });

  // ------------------------------------------------------------ robustness

  it('never throws at any offset of any example file (no engine)', async () => {
    for (const [file, text] of snapshot.texts) {
      for (let at = 0; at <= text.length; at++) {
        try {
          await complete(snapshot, file, positionAt(text, at), text, undefined, { listFiles: async () => [] });
        } catch (e) {
          assert.fail(`${path.basename(file)} offset ${at}: ${(e as Error).stack}`);
        }
      }
    }
  });

  it('never throws at any offset of the permission files, with the engine', async () => {
    for (const file of [AP_PERM, O2C_PERM]) {
      const text = snapshot.texts.get(file)!;
      for (let at = 0; at <= text.length; at++) {
        try {
          await complete(snapshot, file, positionAt(text, at), text, engine, { listFiles: async () => [] });
        } catch (e) {
          assert.fail(`${path.basename(file)} offset ${at}: ${(e as Error).stack}`);
        }
      }
    }
  });

  it('never throws on every prefix of every example file (text cut at the cursor)', async () => {
    for (const [file, full] of snapshot.texts) {
      for (let at = 0; at <= full.length; at += 3) {
        const text = full.slice(0, at);
        try {
          await complete(snapshot, file, positionAt(text, at), text, undefined, { listFiles: async () => [] });
        } catch (e) {
          assert.fail(`${path.basename(file)} prefix ${at}: ${(e as Error).stack}`);
        }
      }
    }
  });
});
