// Hover on examples/acme: tables, aliases, columns, users, groups, rules, pools, imports and
// keywords, with and without the engine. Counts are checked against the data files (read by
// the reference loader, not the engine). The last tests hover at every offset of every
// example file: it must never throw.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Engine } from '../../engine/index.js';
import type { EditorEngine } from '../../server/engine-api.js';
import { hover } from '../../server/features/hover.js';
import type { Hover } from '../../server/features/results.js';
import type { Snapshot } from '../../server/features/snapshot.js';
import { positionAt } from '../../server/features/text-scan.js';
import type { TableRows } from '../reference/index.js';
import { ACME as ROOT, ACME_FILES, featureWorkspace } from '../support/feature-workspace.js';
import type { InProcessEngine } from '../support/in-process-engine.js';
import { snapshotOf } from '../support/snapshot.js';

const { ORG, FINANCE, PROCUREMENT, SALES, AP_PERM } = ACME_FILES;
const AP = { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' };

/** Whether the engine can count a group's own rules yet (Engine.countsFor). */
const GROUP_COUNTS = typeof (Engine.prototype as unknown as Record<string, unknown>).countsFor === 'function';

describe('server: hover (examples/acme)', function () {
  this.timeout(120_000);
  let snapshot: Snapshot, engine: InProcessEngine, data: Map<string, TableRows>;
  before(async () => ({ snapshot, engine, data } = await featureWorkspace(ROOT)));

  /** Hovers `delta` characters into the first occurrence of `anchor` outside a comment. */
  async function at(file: string, anchor: string, delta = 1, withEngine: EditorEngine | 'none' = engine): Promise<Hover> {
    const text = snapshot.texts.get(file)!;
    let i = text.indexOf(anchor);
    while (i >= 0 && text.slice(text.lastIndexOf('\n', i) + 1, i).includes('//')) i = text.indexOf(anchor, i + 1);
    assert.ok(i >= 0, `anchor ${JSON.stringify(anchor)} is in ${path.basename(file)} outside comments`);
    const h = await hover(snapshot, file, positionAt(text, i + delta), withEngine === 'none' ? undefined : withEngine);
    assert.ok(h, `a hover at ${JSON.stringify(anchor)}+${delta}`);
    return h;
  }

  const rows = (relFile: string) => data.get(path.join(ROOT, relFile))!;
  const countWhere = (relFile: string, column: string, values: string[]) => {
    const t = rows(relFile);
    const c = t.columns.findIndex((x) => x.name === column);
    return t.rows.filter((r) => r[c] !== null && values.includes(String(r[c]))).length;
  };

  // ------------------------------------------------------------ tables and columns

  it('on an alias: the physical table, its file, columns with types and the row count', async () => {
    for (const e of ['none' as const, engine]) {
      const h = await at(PROCUREMENT, 'as Vendors', 5, e);
      assert.match(h.markdown, /\*\*Vendors\*\* · table `SAP\.LFA1` of AccountsPayable/);
      assert.match(h.markdown, /`data\/ap\/lfa1\.parquet` \(Parquet\), table LFA1 of SAP in "Finance\/AP Source"/);
      assert.match(h.markdown, /through the import SAP of "Procurement\/AP Analytics"/);
      // Parquet metadata gives the row count without the engine
      assert.match(h.markdown, new RegExp(`Rows: ${rows('data/ap/lfa1.parquet').rows.length}\\b`));
      assert.match(h.markdown, /LIFNR VARCHAR, .*EKORG BIGINT/);
      assert.equal(snapshot.texts.get(PROCUREMENT)!.split('\n')[h.range.start.line].slice(h.range.start.column, h.range.end.column), 'Vendors');
    }
  });

  it('on a CSV table: the row count comes from the engine', async () => {
    const without = await at(FINANCE, 'table BKPF', 7, 'none');
    assert.doesNotMatch(without.markdown, /Rows:/);
    const h = await at(FINANCE, 'table BKPF', 7);
    assert.match(h.markdown, new RegExp(`Rows: ${rows('data/ap/bkpf.csv').rows.length}\\b`));
    assert.match(h.markdown, /BUKRS BIGINT/);
  });

  it('on a rule\'s alias and on an object type', async () => {
    const rule = await at(AP_PERM, 'Vendors.EKORG in "1000"', 2);
    assert.match(rule.markdown, /\*\*Vendors\*\* · table `SAP\.LFA1`/);
    const object = await at(SALES, 'object Customer', 9);
    assert.match(object.markdown, /\*\*Customer\*\* · object type `SAP\.KNA1` of OrderToCash/);
    assert.match(object.markdown, new RegExp(`Rows: ${rows('data/o2c/kna1.csv').rows.length}\\b`));
  });

  it('on a column: type, table and the most frequent values', async () => {
    const h = await at(AP_PERM, 'EKORG in "1000"', 2);
    assert.match(h.markdown, /\*\*EKORG\*\* · BIGINT · column of Vendors \(`SAP\.LFA1`\)/);
    const t = rows('data/ap/lfa1.parquet');
    const c = t.columns.findIndex((x) => x.name === 'EKORG');
    const counts = new Map<string, number>();
    for (const r of t.rows) counts.set(String(r[c]), (counts.get(String(r[c])) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0];
    assert.match(h.markdown, new RegExp(`Top values: \`${top[0]}\` \\(${top[1]}\\)`));
    assert.match(h.markdown, /as text \(§P6\)/);
    const without = await at(AP_PERM, 'EKORG in "1000"', 2, 'none');
    assert.doesNotMatch(without.markdown, /Top values/);
  });

  // ------------------------------------------------------------ rules

  it('on a rule: the rows it keeps', async () => {
    const h = await at(AP_PERM, 'in "1000"', 0);
    const kept = countWhere('data/ap/lfa1.parquet', 'EKORG', ['1000']);
    const total = rows('data/ap/lfa1.parquet').rows.length;
    assert.match(h.markdown, /\*\*Rule\*\* `Vendors\.EKORG in "1000"` · user "p\.buyer@acme\.com"/);
    assert.match(h.markdown, new RegExp(`Keeps \\*\\*${kept} of ${total}\\*\\* Vendors rows`));
  });

  it('on a rule value: the rule\'s rows and the value\'s own', async () => {
    const h = await at(AP_PERM, '"DE", "AT"', 1);
    const both = countWhere('data/ap/lfa1.parquet', 'LAND1', ['DE', 'AT']);
    const de = countWhere('data/ap/lfa1.parquet', 'LAND1', ['DE']);
    assert.match(h.markdown, new RegExp(`Keeps \\*\\*${both} of \\d+\\*\\* Vendors rows`));
    assert.match(h.markdown, new RegExp(`\`"DE"\` alone: ${de} rows`));
    const without = await at(AP_PERM, '"DE", "AT"', 1, 'none');
    assert.match(without.markdown, /§P6/);
    assert.doesNotMatch(without.markdown, /Keeps/);
  });

  // ------------------------------------------------------------ principals

  it('on a user: role per team, grants, usage, and what they see per analysis', async () => {
    const h = await at(AP_PERM, '"p.buyer@acme.com"', 3);
    assert.match(h.markdown, /- team Procurement: analyst/);
    assert.match(h.markdown, /create-pools \(service, team Procurement\)/);
    assert.match(h.markdown, /manage on "Procurement\/AP Analytics"/);
    assert.match(h.markdown, /Usage \(§O3\): AccountsPayable/);
    const counts = await engine.counts(AP, { kind: 'user', name: 'p.buyer@acme.com' });
    const expected = counts.map((c) => `${c.table} ${c.visible}/${c.total}`).join(' · ');
    assert.ok(h.markdown.includes(`**AccountsPayable** ("Procurement/AP Analytics"): ${expected} — via own rules`), h.markdown);
    // the README's figure for p.buyer
    assert.match(h.markdown, /Vendors 47\/160 · Invoices 286\/950/);
  });

  it('on a user in two teams, and on a user without permissions', async () => {
    const m = await at(ORG, '"m.mustermann@acme.com" role', 3);
    assert.match(m.markdown, /- team Finance: analyst · groups AP Clerks/);
    assert.match(m.markdown, /- team Procurement: analyst/);
    assert.match(m.markdown, /edit on "Finance\/AP Source"/);
    assert.match(m.markdown, /AccountsPayable.*Vendors 0\/160.*no permission: sees no rows \(§P1\)/);
    const o = await at(ORG, '"o.berg@acme.com"', 3, 'none');
    assert.match(o.markdown, /- team Procurement: viewer/);
    assert.match(o.markdown, /\*\*AccountsPayable\*\* \("Procurement\/AP Analytics"\) — no permission: sees no rows/);
  });

  it('on a user who gets permissions from a group and from a permission table', async () => {
    const h = await at(ORG, '"t.nguyen@acme.com"', 3);
    assert.match(h.markdown, /via group Buyers France/);
    const a = await at(ORG, '"a.kowalski@acme.com"', 3);
    assert.match(a.markdown, /via permissions\/perm\/ap_values\.csv/);
  });

  it('on a group: members, grants, and the counts of its own rules', async () => {
    const h = await at(AP_PERM, '"Buyers France"', 3);
    assert.match(h.markdown, /\*\*Buyers France\*\* · group/);
    assert.match(h.markdown, /- team Procurement: t\.nguyen@acme\.com, b\.leroy@acme\.com/);
    if (GROUP_COUNTS) {
      const vendors = countWhere('data/ap/lfa1.parquet', 'EKORG', ['2000']);
      assert.match(h.markdown, new RegExp(`Its own permissions show:[\\s\\S]*AccountsPayable.*Vendors ${vendors}/160`));
    }
    // TODO(lead): without Engine.countsFor the group's own counts are left out of the hover.
    const grants = await at(SALES, 'grant "Sales DACH"', 8);
    assert.match(grants.markdown, /use-models on "Sales\/O2C Analytics"/);
  });

  // ------------------------------------------------------------ pools, connections, analyses

  it('on a pool reference, an import and a connection', async () => {
    const pool = await at(PROCUREMENT, 'from "Finance/AP Source"', 7);
    assert.match(pool.markdown, /\*\*"Finance\/AP Source"\*\* · pool of team Finance · engine etl/);
    assert.match(pool.markdown, /Shares SAP with "Procurement\/AP Analytics"/);
    const imp = await at(PROCUREMENT, 'import SAP', 8);
    assert.match(imp.markdown, /\*\*SAP\*\* · imported connection of "Procurement\/AP Analytics" \(§S4\)/);
    assert.match(imp.markdown, /views over the source/);
    assert.match(imp.markdown, /Synchronized/);
    const conn = await at(FINANCE, 'connection SAP', 12);
    assert.match(conn.markdown, /\*\*SAP\*\* · connection of "Finance\/AP Source" \(§S2\)/);
    assert.match(conn.markdown, /LFA1: `data\/ap\/lfa1\.parquet`/);
  });

  it('on a FIX ME import left by a team-to-team copy (§S7)', async () => {
    const text = snapshot.texts.get(PROCUREMENT)!.replace('import SAP from "Finance/AP Source"', 'import SAP from "FIX ME: Finance/AP Source"');
    const copy = await snapshotOf(ROOT, new Map([[PROCUREMENT, text]]));
    const h = await hover(copy, PROCUREMENT, positionAt(text, text.indexOf('"FIX ME') + 3));
    assert.match(h!.markdown, /FIX ME import.*§S7.*names the original source "Finance\/AP Source"/);
    const alias = await hover(copy, PROCUREMENT, positionAt(text, text.indexOf('as Vendors') + 5));
    assert.match(alias!.markdown, /no working source/);
  });

  it('on a model: its tables and its data permissions', async () => {
    const h = await at(AP_PERM, '.AccountsPayable', 3);
    assert.match(h.markdown, /\*\*AccountsPayable\*\* · model of "Procurement\/AP Analytics"/);
    assert.match(h.markdown, /Vendors = SAP\.LFA1/);
    assert.match(h.markdown, /Data permissions: on · combine by-column/);
  });

  it('on a permission table: kind, principals, rows', async () => {
    const h = await at(AP_PERM, '"perm/ap_values.csv"', 4);
    const read = snapshot.data.permissionTables.get(path.join(ROOT, 'permissions/perm/ap_values.csv'))!;
    assert.match(h.markdown, /value-assignment table of users \(§P8\)/);
    assert.match(h.markdown, /by alias/);
    assert.match(h.markdown, new RegExp(`${read.table!.rows.length} rows`));
  });

  // ------------------------------------------------------------ keywords

  it('on keywords: one paragraph with the spec section, read in context', async () => {
    const cases: [string, string, number, RegExp][] = [
      [AP_PERM, 'group "Procurement Leads" unlimited', 30, /sees everything.*§P3/],
      [AP_PERM, 'combine by-column', 3, /combine.*§P5/],
      [AP_PERM, 'combine by-column', 10, /by-column.*§P5/],
      [AP_PERM, 'use data permissions', 6, /switch \(§P1\)/],
      [AP_PERM, 'unlimited groups {', 2, /unlimited-assignment table \(§P8\)/],
      [AP_PERM, 'unlimited Reference_Unlimited', 2, /TRUE\/FALSE column \(§P8\)/],
      [AP_PERM, 'by alias', 0, /names tables \(§P8\)/],
      [AP_PERM, 'by alias', 4, /by alias.*aliases.*§P8/],
      [PROCUREMENT, 'join Vendors', 1, /1:N.*§P9/],
      [FINANCE, 'engine vertica', 9, /legacy.*§S1/],
      [ORG, 'role admin', 7, /admin.*§O4/],
      [ORG, 'manage-all-pools', 3, /service permission.*§O2/],
      [SALES, 'share SAP by', 2, /§S3/],
    ];
    for (const [file, anchor, delta, pattern] of cases) {
      const h = await at(file, anchor, delta, 'none');
      assert.match(h.markdown, pattern, `${anchor}+${delta}`);
    }
  });

  it('nothing in comments', async () => {
    const text = snapshot.texts.get(AP_PERM)!;
    const i = text.indexOf('// Lead buyer') + 5;
    assert.equal(await hover(snapshot, AP_PERM, positionAt(text, i), engine), undefined);
  });

  // ------------------------------------------------------------ robustness

  it('never throws at any offset of any example file (no engine)', async () => {
    for (const [file, text] of snapshot.texts) {
      for (let o = 0; o <= text.length; o++) {
        try {
          await hover(snapshot, file, positionAt(text, o));
        } catch (e) {
          assert.fail(`${path.basename(file)} offset ${o}: ${(e as Error).stack}`);
        }
      }
    }
  });

  it('never throws at any offset of any example file, with the engine', async () => {
    for (const [file, text] of snapshot.texts) {
      for (let o = 0; o <= text.length; o++) {
        try {
          await hover(snapshot, file, positionAt(text, o), engine);
        } catch (e) {
          assert.fail(`${path.basename(file)} offset ${o}: ${(e as Error).stack}`);
        }
      }
    }
  });

  it('never throws when the texts are ahead of the model (lines inserted or cut)', async () => {
    for (const [file, text] of snapshot.texts) {
      const shifted = new Map(snapshot.texts);
      shifted.set(file, '\n\n' + text.slice(0, Math.floor(text.length / 2)));
      const stale = { ...snapshot, texts: shifted };
      for (let o = 0; o <= text.length; o += 7) {
        try {
          await hover(stale, file, positionAt(text, o), engine);
        } catch (e) {
          assert.fail(`${path.basename(file)} offset ${o}: ${(e as Error).stack}`);
        }
      }
    }
  });
});
