// Definition, references, rename, outline and folding on the example workspace (examples/acme).
// Renames are applied to a copy of the workspace (or to an in-memory overlay of it) and the
// result is checked again: a rename must change names, never meaning.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { checkWorkspace } from '../../language/check-workspace.js';
import type { FileAccess } from '../../model/files.js';
import { nodeFiles } from '../../model/node-files.js';
import type { Diagnostic, Position, SourceRange, WorkspaceModel } from '../../model/types.js';
import { WorkspaceIndex } from '../../model/workspace-index.js';
import { applyChange, applyEdits } from '../../server/features/apply-change.js';
import { csvCell, definition, prepareRename, references, rename } from '../../server/features/navigation.js';
import { documentSymbols, foldingRanges } from '../../server/features/outline.js';
import type { DocumentSymbol, WorkspaceChange } from '../../server/features/results.js';
import type { Snapshot } from '../../server/features/snapshot.js';
import { symbolIndex, type Occurrence } from '../../server/features/symbols.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/acme', import.meta.url));

// ---------------------------------------------------------------- helpers

async function snapshotOf(root: string, files: FileAccess = nodeFiles): Promise<Snapshot> {
  const { model, diagnostics, data } = await checkWorkspace(root, { files });
  const texts = new Map<string, string>();
  for (const f of model.files) texts.set(f, new TextDecoder().decode(await files.read(f)));
  return { root, model, diagnostics, data, index: new WorkspaceIndex(model, data.lock), texts };
}

const copies: string[] = [];

function copyExample(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-nav-')));
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  copies.push(dir);
  return dir;
}

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

function applyToDisk(change: WorkspaceChange): void {
  for (const [file, text] of applyChange(change, readIfExists)) fs.writeFileSync(file, text);
}

/** The position of the `nth` occurrence of `needle` in a file (plus `offset` characters). */
function posOf(file: string, needle: string, nth = 0, offset = 0): Position {
  const text = fs.readFileSync(file, 'utf8');
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} (#${nth}) not found in ${file}`);
  }
  at += offset;
  const before = text.slice(0, at).split(/\r\n|\r|\n/);
  return { line: before.length - 1, column: before[before.length - 1].length };
}

/** The text a range covers, read from disk. */
function textAt(range: SourceRange): string {
  const lines = fs.readFileSync(range.file, 'utf8').split(/\r\n|\r|\n/);
  assert.equal(range.start.line, range.end.line, 'one-line range expected');
  return lines[range.start.line].slice(range.start.column, range.end.column);
}

const rel = (root: string, r: SourceRange) => `${path.relative(root, r.file)}:${r.start.line}:${r.start.column}`;

/** Diagnostics as comparable lines: file and line (renames keep lines), code, message with the new name read back as the old one. */
function diagnosticLines(root: string, list: Diagnostic[], rename?: [string, string]): string[] {
  return list
    .map((d) => {
      const message = rename ? d.message.split(rename[1]).join(rename[0]) : d.message;
      return `${path.relative(root, d.range.file)}:${d.range.start.line} ${d.code} ${message}`;
    })
    .sort();
}

/** The model without positions or the workspace's location, the new name read back as the old one. */
function modelShape(model: WorkspaceModel, [oldName, newName]: [string, string]): unknown {
  const json = JSON.stringify(model, (key, value) => (/range$/i.test(key) ? undefined : value));
  return JSON.parse(json.split(model.root).join('<root>').split(newName).join(oldName));
}

function change(result: WorkspaceChange | { error: string }): WorkspaceChange {
  if ('error' in result) throw new Error(`unexpected refusal: ${result.error}`);
  return result;
}

function error(result: WorkspaceChange | { error: string } | { range: SourceRange; placeholder: string }): string {
  assert.ok('error' in result, `expected a refusal, got ${JSON.stringify(result).slice(0, 300)}`);
  return result.error;
}

/** Renames at a position in a fresh copy of the example, re-checks, and returns both checks. */
async function renameInCopy(file: string, needle: string, newName: string, oldName: string, options: { offset?: number; prepare?: (root: string) => void } = {}) {
  const root = copyExample();
  options.prepare?.(root);
  const before = await snapshotOf(root);
  const at = path.join(root, file);
  const result = change(rename(before, at, posOf(at, needle, 0, options.offset ?? 0), newName));
  applyToDisk(result);
  const after = await checkWorkspace(root);
  return { root, before, after, result, names: [oldName, newName] as [string, string] };
}

// ---------------------------------------------------------------- tests

describe('navigation on examples/acme', function () {
  let snap: Snapshot;
  const file = (name: string) => path.join(EXAMPLE, name);

  before(async function () {
    snap = await snapshotOf(EXAMPLE);
  });

  after(function () {
    for (const dir of copies.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('definition', function () {
    it('of an alias in a rule jumps to the model table entry', function () {
      const perm = file('permissions/accounts-payable.perm');
      const defs = definition(snap, perm, posOf(perm, 'Vendors.EKORG', 0, 2));
      assert.equal(defs.length, 1);
      assert.equal(path.basename(defs[0].file), 'procurement.pool');
      assert.equal(textAt(defs[0]), 'Vendors');
      assert.deepEqual(defs[0].start, posOf(file('procurement.pool'), 'as Vendors', 0, 3));
    });

    it('of a column jumps to the header cell of its CSV data file', function () {
      const pool = file('procurement.pool');
      // join Invoices.BELNR -> InvoiceItems.BELNR: the first is BKPF's, the second BSEG's.
      const [bkpf] = definition(snap, pool, posOf(pool, 'Invoices.BELNR', 0, 'Invoices.'.length + 1));
      assert.equal(bkpf.file, file('data/ap/bkpf.csv'));
      assert.deepEqual([bkpf.start, bkpf.end], [{ line: 0, column: 6 }, { line: 0, column: 11 }]);
      assert.equal(textAt(bkpf), 'BELNR');
      const [bseg] = definition(snap, pool, posOf(pool, 'InvoiceItems.BELNR', 0, 'InvoiceItems.'.length));
      assert.equal(bseg.file, file('data/ap/bseg.csv'));
      // A column read through an import (sightline.lock) still jumps to the source file.
      const sales = file('sales.pool');
      const [kunnr] = definition(snap, sales, posOf(sales, 'key KUNNR', 0, 4));
      assert.equal(kunnr.file, file('data/o2c/kna1.csv'));
      assert.equal(textAt(kunnr), 'KUNNR');
    });

    it('of a Parquet column finds no declaration, but its references', function () {
      const perm = file('permissions/accounts-payable.perm');
      const at = posOf(perm, 'Vendors.EKORG', 0, 'Vendors.'.length);
      assert.deepEqual(definition(snap, perm, at), []);
      assert.equal(references(snap, perm, at, true).length, 2 + 3); // two rules; three Reference_Column cells in two CSV tables
    });

    it('of a pool and of its team in `permissions for "Team/Pool"`', function () {
      const perm = file('permissions/accounts-payable.perm');
      const [pool] = definition(snap, perm, posOf(perm, 'AP Analytics".Acc', 0, 3));
      assert.equal(pool.file, file('procurement.pool'));
      assert.equal(textAt(pool), 'AP Analytics');
      const [team] = definition(snap, perm, posOf(perm, '"Procurement/AP', 0, 2));
      assert.equal(team.file, file('org.pool'));
      assert.equal(textAt(team), 'Procurement');
      const [model] = definition(snap, perm, posOf(perm, '.AccountsPayable', 0, 1));
      assert.equal(textAt(model), 'AccountsPayable');
      assert.equal(model.file, file('procurement.pool'));
    });

    it('of a user in group members: every team that declares them', function () {
      const org = file('org.pool');
      const defs = definition(snap, org, posOf(org, 'members "m.mustermann', 0, 10));
      assert.deepEqual(
        defs.map((d) => [d.start.line, textAt(d)]),
        [
          [9, 'm.mustermann@acme.com'],
          [24, 'm.mustermann@acme.com'],
        ],
      );
    });

    it('of a connection and a table seen through an import: the source pool', function () {
      const pool = file('procurement.pool');
      const [conn] = definition(snap, pool, posOf(pool, 'SAP.BKPF', 0, 1));
      assert.equal(conn.file, file('procurement.pool'), 'the import declares SAP in this pool');
      assert.equal(textAt(conn), 'SAP');
      const [table] = definition(snap, pool, posOf(pool, 'SAP.BKPF', 0, 5));
      assert.equal(table.file, file('finance.pool'));
      assert.deepEqual(table.start, posOf(file('finance.pool'), 'BKPF  from', 0));
      // The import's SAP names the source pool's connection.
      const [source] = definition(snap, pool, posOf(pool, 'import SAP', 0, 8));
      assert.deepEqual(source.start, posOf(file('finance.pool'), 'connection SAP', 0, 11));
    });

    it('from a cell of a CSV permission table', function () {
      const csv = file('permissions/perm/ap_values.csv');
      const [alias] = definition(snap, csv, { line: 1, column: 22 });
      assert.equal(textAt(alias), 'Vendors');
      const [user] = definition(snap, csv, { line: 1, column: 3 });
      assert.equal(textAt(user), 'a.kowalski@acme.com');
      const groups = file('permissions/perm/ap_group_values.csv');
      const [lfa1] = definition(snap, groups, { line: 1, column: 15 }); // by name: the real table
      assert.deepEqual(lfa1.start, posOf(file('finance.pool'), 'LFA1  from', 0));
    });

    it('finds nothing on a keyword or in a comment', function () {
      const pool = file('procurement.pool');
      assert.deepEqual(definition(snap, pool, posOf(pool, 'engine etl', 0, 1)), []);
      assert.deepEqual(definition(snap, pool, { line: 0, column: 5 }), []);
    });
  });

  describe('references', function () {
    it('of a user include the cells of CSV permission tables', function () {
      const org = file('org.pool');
      const refs = references(snap, org, posOf(org, 'a.kowalski', 0, 1), true);
      assert.deepEqual(
        refs.map((r) => rel(EXAMPLE, r)),
        ['org.pool:27:8', 'permissions/perm/ap_values.csv:1:0', 'permissions/perm/ap_values.csv:2:0'],
      );
      const withoutDecl = references(snap, org, posOf(org, 'a.kowalski', 0, 1), false);
      assert.equal(withoutDecl.length, 2);
      const vogel = references(snap, org, posOf(org, 's.vogel', 0, 1), false).map((r) => path.relative(EXAMPLE, r.file));
      assert.ok(vogel.includes('permissions/perm/o2c_unlimited.csv'));
    });

    it('of a group include grants, permissions and CSV cells', function () {
      const org = file('org.pool');
      const refs = references(snap, org, posOf(org, '"AP Auditors"', 0, 1), true).map((r) => rel(EXAMPLE, r));
      assert.deepEqual(refs, ['org.pool:35:9', 'permissions/perm/ap_unlimited.csv:1:0', 'procurement.pool:7:9']);
    });

    it('of an alias include joins, rules and `by alias` cells, but not `by name` cells', function () {
      const pool = file('procurement.pool');
      const refs = references(snap, pool, posOf(pool, 'as Vendors', 0, 3), false).map((r) => path.relative(EXAMPLE, r.file));
      assert.equal(refs.filter((f) => f === 'procurement.pool').length, 1);
      assert.equal(refs.filter((f) => f.endsWith('accounts-payable.perm')).length, 3);
      assert.equal(refs.filter((f) => f.endsWith('ap_values.csv')).length, 4);
      assert.ok(!refs.some((f) => f.endsWith('ap_group_values.csv')));
    });

    it('of a physical table follow imports, shares, models and `by name` cells', function () {
      const fin = file('finance.pool');
      const refs = references(snap, fin, posOf(fin, 'LFA1  from'), false).map((r) => rel(EXAMPLE, r));
      assert.deepEqual(refs, ['finance.pool:23:17', 'permissions/perm/ap_group_values.csv:1:14', 'permissions/perm/ap_group_values.csv:2:14', 'procurement.pool:11:45', 'procurement.pool:18:14']);
    });
  });

  describe('rename', function () {
    this.timeout(30_000);

    it('of an alias updates the model, joins, rules and `by alias` CSV cells, and nothing else', async function () {
      const { root, before, after, result, names } = await renameInCopy('permissions/accounts-payable.perm', 'Vendors.LAND1', 'Suppliers', 'Vendors');
      const files = [...new Set(result.edits.map((e) => path.relative(root, e.range.file)))].sort();
      assert.deepEqual(files, ['permissions/accounts-payable.perm', 'permissions/perm/ap_values.csv', 'procurement.pool']);
      assert.equal(result.edits.length, 1 + 1 + 3 + 4);
      const csv = fs.readFileSync(path.join(root, 'permissions/perm/ap_values.csv'), 'utf8');
      assert.equal(csv.split('Suppliers').length - 1, 4);
      assert.ok(!csv.includes('Vendors'));
      assert.deepEqual(diagnosticLines(root, after.diagnostics, names), diagnosticLines(root, before.diagnostics));
      assert.deepEqual(modelShape(after.model, names), modelShape(before.model, ['', '\u0001']));
    });

    it('of a user email updates org, grants, shares and CSV cells, keeping a quoted cell quoted', async function () {
      const quote = (root: string) => {
        const csv = path.join(root, 'permissions/perm/ap_values.csv');
        fs.writeFileSync(csv, fs.readFileSync(csv, 'utf8').replace(/^a\.kowalski@acme\.com,/m, '"a.kowalski@acme.com",'));
      };
      const { root, before, after, names } = await renameInCopy('org.pool', 'a.kowalski', 'a.kowalska@acme.com', 'a.kowalski@acme.com', { prepare: quote });
      const csv = fs.readFileSync(path.join(root, 'permissions/perm/ap_values.csv'), 'utf8').split('\n');
      assert.equal(csv[1], '"a.kowalska@acme.com",Vendors,EKORG,1000');
      assert.equal(csv[2], 'a.kowalska@acme.com,Vendors,EKORG,2000');
      assert.match(fs.readFileSync(path.join(root, 'org.pool'), 'utf8'), /user "a\.kowalska@acme\.com"\s+role member/);
      assert.deepEqual(diagnosticLines(root, after.diagnostics, names), diagnosticLines(root, before.diagnostics));
      assert.deepEqual(modelShape(after.model, names), modelShape(before.model, ['', '\u0001']));
    });

    it('of a user declared in two teams renames every declaration, grant and share', async function () {
      const { root, before, after, result, names } = await renameInCopy('finance.pool', 'by "m.mustermann', 'max.mustermann@acme.com', 'm.mustermann@acme.com', { offset: 4 });
      assert.equal(result.edits.length, 7);
      assert.ok(!fs.readFileSync(path.join(root, 'org.pool'), 'utf8').includes('m.mustermann'));
      assert.deepEqual(diagnosticLines(root, after.diagnostics, names), diagnosticLines(root, before.diagnostics));
    });

    it('of a group updates grants, permissions and the CSV cells of `groups` tables', async function () {
      const { root, before, after, names } = await renameInCopy('permissions/perm/ap_unlimited.csv', 'Buyers France', 'Acheteurs, France', 'Buyers France');
      const csv = fs.readFileSync(path.join(root, 'permissions/perm/ap_unlimited.csv'), 'utf8');
      assert.ok(csv.includes('"Acheteurs, France",FALSE'), 'a name with the delimiter is quoted in CSV');
      assert.ok(fs.readFileSync(path.join(root, 'permissions/accounts-payable.perm'), 'utf8').includes('group "Acheteurs, France" {'));
      assert.deepEqual(diagnosticLines(root, after.diagnostics, names), diagnosticLines(root, before.diagnostics));
    });

    it('of a column updates the CSV header, sightline.lock, joins and rules', async function () {
      const { root, before, after, result, names } = await renameInCopy('procurement.pool', 'Invoices.BELNR', 'DOC_NO', 'BELNR', { offset: 'Invoices.'.length });
      const edited = [...new Set(result.edits.map((e) => path.relative(root, e.range.file)))].sort();
      assert.deepEqual(edited, ['data/ap/bkpf.csv', 'procurement.pool', 'sightline.lock']);
      assert.match(fs.readFileSync(path.join(root, 'data/ap/bkpf.csv'), 'utf8'), /^BUKRS,DOC_NO,GJAHR,/);
      assert.match(fs.readFileSync(path.join(root, 'procurement.pool'), 'utf8'), /join Invoices\.DOC_NO +-> InvoiceItems\.BELNR/);
      assert.deepEqual(diagnosticLines(root, after.diagnostics, names), diagnosticLines(root, before.diagnostics));
      assert.deepEqual(modelShape(after.model, names), modelShape(before.model, ['', '\u0001']));
    });

    it('of a column to a name that is no identifier quotes its references', async function () {
      const { root, before, after, names } = await renameInCopy('sales.pool', 'Customer.KUNNR', 'Customer No', 'KUNNR', { offset: 'Customer.'.length });
      assert.match(fs.readFileSync(path.join(root, 'sales.pool'), 'utf8'), /relate SalesOrder\.KUNNR -> Customer\."Customer No"/);
      assert.match(fs.readFileSync(path.join(root, 'sales.pool'), 'utf8'), /key "Customer No"/);
      assert.match(fs.readFileSync(path.join(root, 'data/o2c/kna1.csv'), 'utf8'), /^Customer No,NAME1,/);
      assert.deepEqual(diagnosticLines(root, after.diagnostics, names), diagnosticLines(root, before.diagnostics));
    });

    it('of a source connection keeps the local name of imports written without `as`', async function () {
      const { root, before, after, result } = await renameInCopy('finance.pool', 'connection SAP', 'SAP_FI', 'SAP', { offset: 11 });
      const texts = result.edits.map((e) => `${path.relative(root, e.range.file)} ${e.newText.length > 40 ? '<lock>' : e.newText}`).sort();
      assert.deepEqual(texts, ['finance.pool SAP_FI', 'finance.pool SAP_FI', 'finance.pool SAP_FI as SAP', 'procurement.pool SAP_FI as SAP', 'sightline.lock <lock>']);
      assert.deepEqual(diagnosticLines(root, after.diagnostics), diagnosticLines(root, before.diagnostics));
    });

    it('of an implicit alias writes `as`; of its table keeps the alias', async function () {
      // A copy where Payments is written without alias, as REGUP.
      const implicit = (root: string) => {
        for (const f of ['procurement.pool']) {
          const p = path.join(root, f);
          fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('table SAP.REGUP as Payments', 'table SAP.REGUP').replace('Payments.ITEM_KEY', 'REGUP.ITEM_KEY'));
        }
      };
      const alias = await renameInCopy('procurement.pool', 'REGUP.ITEM_KEY', 'Payouts', 'REGUP', { prepare: implicit });
      assert.match(fs.readFileSync(path.join(alias.root, 'procurement.pool'), 'utf8'), /table SAP\.REGUP as Payouts\n[\s\S]*-> Payouts\.ITEM_KEY/);
      assert.deepEqual(diagnosticLines(alias.root, alias.after.diagnostics), diagnosticLines(alias.root, alias.before.diagnostics));

      const table = await renameInCopy('procurement.pool', 'SAP.REGUP', 'PAYMENT_ITEMS', 'REGUP', { offset: 4, prepare: implicit });
      const text = fs.readFileSync(path.join(table.root, 'procurement.pool'), 'utf8');
      assert.match(text, /table SAP\.PAYMENT_ITEMS as REGUP\n/);
      assert.match(text, /tables LFA1, BKPF, BSEG, PAYMENT_ITEMS/);
      assert.match(fs.readFileSync(path.join(table.root, 'finance.pool'), 'utf8'), /table PAYMENT_ITEMS from "data\/ap\/regup\.csv"/);
      assert.deepEqual(diagnosticLines(table.root, table.after.diagnostics), diagnosticLines(table.root, table.before.diagnostics));
    });

    it('of a pool qualifies references that its new name would make ambiguous', async function () {
      const unqualified = (root: string) => {
        const p = path.join(root, 'procurement.pool');
        fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('from "Finance/AP Source"', 'from "AP Source"'));
      };
      const { root, before, after, result } = await renameInCopy('sales.pool', '"O2C Analytics" in', 'AP Source', 'O2C Analytics', { offset: 1, prepare: unqualified });
      assert.match(fs.readFileSync(path.join(root, 'procurement.pool'), 'utf8'), /import SAP from "Finance\/AP Source"/);
      assert.match(fs.readFileSync(path.join(root, 'sales.pool'), 'utf8'), /pool "AP Source" in Sales/);
      assert.ok(result.edits.some((e) => path.basename(e.range.file) === 'sightline.lock'));
      assert.deepEqual(diagnosticLines(root, after.diagnostics).length, diagnosticLines(root, before.diagnostics).length);
      assert.ok(!after.diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning'), JSON.stringify(after.diagnostics.filter((d) => d.severity !== 'information')));
    });

    it('of a team rewrites "Team/Pool" references and the lock', async function () {
      const { root, before, after, result } = await renameInCopy('org.pool', 'team Finance', 'Accounting', 'Finance', { offset: 5 });
      const edited = result.edits.map((e) => path.relative(root, e.range.file));
      assert.ok(edited.includes('sightline.lock') && edited.includes('sales.pool'));
      assert.match(fs.readFileSync(path.join(root, 'sales.pool'), 'utf8'), /with "Accounting\/Controlling" tables KNA1, VBAK/);
      assert.equal(after.diagnostics.length, before.diagnostics.length);
      assert.ok(!after.diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning'));
    });

    it('prepareRename gives the name without quotes or team', function () {
      const perm = file('permissions/accounts-payable.perm');
      const pool = prepareRename(snap, perm, posOf(perm, 'AP Analytics"', 0, 1));
      assert.ok('placeholder' in pool);
      assert.equal(pool.placeholder, 'AP Analytics');
      assert.equal(textAt(pool.range), 'AP Analytics');
      const user = prepareRename(snap, perm, posOf(perm, 'p.buyer@'));
      assert.ok('placeholder' in user && user.placeholder === 'p.buyer@acme.com' && textAt(user.range) === 'p.buyer@acme.com');
    });

    describe('refusals', function () {
      const perm = () => file('permissions/accounts-payable.perm');
      const at = (needle: string, offset = 0) => posOf(perm(), needle, 0, offset);

      it('a user must stay an email, and not become another user', function () {
        assert.match(error(rename(snap, perm(), at('p.buyer'), 'Peter Buyer')), /email address/);
        assert.match(error(rename(snap, perm(), at('p.buyer'), 'L.Meyer@acme.com')), /already a user/);
      });

      it('names that collide in their scope', function () {
        assert.match(error(rename(snap, perm(), at('Vendors.EKORG'), 'Invoices')), /already has a table Invoices/);
        assert.match(error(rename(snap, perm(), at('"Buyers France"', 1), 'Procurement Leads')), /already has a group "Procurement Leads"/);
        const org = file('org.pool');
        assert.match(error(rename(snap, org, posOf(org, 'team Sales', 0, 5), 'Finance')), /team Finance exists/);
        const pool = file('procurement.pool');
        assert.match(error(rename(snap, pool, posOf(pool, 'join Invoices.BELNR', 0, 'join Invoices.'.length), 'lifnr')), /already has a column LIFNR/);
        const fin = file('finance.pool');
        assert.match(error(rename(snap, fin, posOf(fin, '"Controlling" in', 0, 1), 'AP Source')), /team Finance already has a pool "AP Source"/);
        assert.doesNotThrow(() => change(rename(snap, perm(), at('AP Analytics"', 1), 'AP Reporting')));
      });

      it('names the grammar cannot take', function () {
        assert.match(error(rename(snap, perm(), at('Vendors.EKORG'), 'table')), /keyword/);
        assert.match(error(rename(snap, perm(), at('Vendors.EKORG'), 'Top Vendors')), /not a valid table alias name/);
        assert.match(error(rename(snap, perm(), at('AP Analytics"', 1), 'AP/Analytics')), /cannot contain "\/"/);
        assert.match(error(rename(snap, perm(), at('"Buyers France"', 1), '')), /needs a name/);
      });

      it('a Parquet column, and nothing at all', function () {
        const refused = error(prepareRename(snap, perm(), at('Vendors.EKORG', 'Vendors.'.length)));
        assert.match(refused, /lfa1\.parquet, a Parquet file/);
        assert.match(error(rename(snap, perm(), at('Vendors.EKORG', 'Vendors.'.length), 'PURCH_ORG')), /Parquet/);
        assert.match(error(prepareRename(snap, perm(), at('use data permissions'))), /nothing to rename here/);
      });

      it('renaming to the same name changes nothing', function () {
        assert.deepEqual(change(rename(snap, perm(), at('Vendors.EKORG'), 'Vendors')), { edits: [] });
      });
    });

    it('property: any rename of any occurrence keeps the number of diagnostics', async function () {
      this.timeout(120_000);
      const index = symbolIndex(snap);
      const occurrences = index.all();
      const freshName = (o: Occurrence, n: number): string => {
        switch (o.kind) {
          case 'user':
            return `renamed.${n}@acme.com`;
          case 'group':
            return `Renamed Group ${n}`;
          case 'pool':
            return `Renamed Pool ${n}`;
          case 'column':
            return `RENAMED_COL_${n}`;
          default:
            return `Renamed_${n}`;
        }
      };
      const baseline = snap.diagnostics.length;
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: occurrences.length - 1 }), fc.nat({ max: 999 }), fc.boolean(), async (i, n, atEnd) => {
          const o = occurrences[i];
          const pos = atEnd ? o.nameRange.end : o.nameRange.start;
          const result = rename(snap, o.range.file, pos, freshName(index.at(o.range.file, pos)!, n));
          if ('error' in result) {
            assert.match(result.error, /Parquet/, `only Parquet columns are refused, not ${o.kind} ${o.name}: ${result.error}`);
            return;
          }
          const texts = applyChange(result, readIfExists);
          const files = overlay(texts);
          const after = await checkWorkspace(EXAMPLE, { files });
          assert.equal(after.diagnostics.length, baseline, `renaming ${o.kind} ${o.name}: ${JSON.stringify(after.diagnostics.map((d) => d.code))}`);
        }),
        { numRuns: 40 },
      );
    });
  });

  it('property: on a file broken anywhere, no feature throws and a rename edits names only', async function () {
    this.timeout(120_000);
    const files = snap.model.files;
    await fc.assert(
      fc.asyncProperty(fc.nat(files.length - 1), fc.nat(), fc.nat(30), fc.string({ maxLength: 3 }), fc.nat(), async (f, at, cut, insert, where) => {
        const file = files[f];
        const original = snap.texts.get(file)!;
        const from = at % original.length;
        const broken = original.slice(0, from) + insert + original.slice(from + cut);
        const texts = new Map(snap.texts).set(file, broken);
        const access = overlay(new Map([[file, broken]]));
        const checked = await checkWorkspace(EXAMPLE, { files: access });
        const s: Snapshot = { root: EXAMPLE, model: checked.model, diagnostics: checked.diagnostics, data: checked.data, index: new WorkspaceIndex(checked.model, checked.data.lock), texts };
        documentSymbols(s, file);
        foldingRanges(broken);
        const lines = broken.split('\n');
        const line = where % lines.length;
        const pos = { line, column: where % (lines[line].length + 1) };
        definition(s, file, pos);
        references(s, file, pos, true);
        const prepared = prepareRename(s, file, pos);
        if (!('placeholder' in prepared)) return;
        const result = rename(s, file, pos, prepared.placeholder.includes('@') ? 'new.name@acme.com' : prepared.placeholder.includes(' ') ? 'New Name' : 'New_Name');
        if ('error' in result) return;
        applyChange(result, (x) => texts.get(x) ?? readIfExists(x));
        for (const e of result.edits) if (texts.has(e.range.file)) assert.equal(e.range.start.line, e.range.end.line, 'a name lies on one line');
      }),
      { numRuns: 60 },
    );
  });

  describe('outline', function () {
    const names = (list: DocumentSymbol[]) => list.map((s) => `${s.kind}:${s.name}`);

    it('org.pool: teams with users, groups and grants', function () {
      const symbols = documentSymbols(snap, file('org.pool'));
      assert.deepEqual(names(symbols), ['team:Finance', 'team:Procurement', 'team:Sales']);
      const finance = symbols[0];
      assert.deepEqual(names(finance.children).slice(0, 2), ['user:f.weber@acme.com', 'user:m.mustermann@acme.com']);
      assert.equal(finance.children[0].detail, 'admin');
      assert.ok(names(finance.children).includes('group:AP Clerks'));
      assert.ok(names(finance.children).includes('grant:f.weber@acme.com'));
    });

    it('finance.pool: pools with grants, connections and tables, shares and imports', function () {
      const [source, controlling] = documentSymbols(snap, file('finance.pool'));
      assert.deepEqual(names(source.children), ['grant:m.mustermann@acme.com', 'grant:AP Clerks', 'connection:SAP', 'share:share SAP']);
      assert.deepEqual(names(source.children[2].children), ['table:T001', 'table:LFA1', 'table:BKPF', 'table:BSEG', 'table:REGUP']);
      assert.equal(source.children[2].children[0].detail, 'data/ap/t001.csv');
      assert.deepEqual(names(controlling.children).slice(-2), ['import:SAP', 'import:SD']);
    });

    it('procurement.pool and sales.pool: models with aliases and joins, perspectives with object types', function () {
      const [analytics] = documentSymbols(snap, file('procurement.pool'));
      const model = analytics.children.find((c) => c.kind === 'model')!;
      assert.deepEqual(names(model.children), [
        'alias:Vendors',
        'alias:Invoices',
        'alias:InvoiceItems',
        'alias:Payments',
        'join:Vendors.LIFNR -> Invoices.LIFNR',
        'join:Invoices.BELNR -> InvoiceItems.BELNR',
        'join:InvoiceItems.ITEM_KEY -> Payments.ITEM_KEY',
      ]);
      const perspective = documentSymbols(snap, file('sales.pool'))[1].children.find((c) => c.kind === 'perspective')!;
      assert.deepEqual(names(perspective.children), [
        'object-type:Customer',
        'object-type:SalesOrder',
        'object-type:Delivery',
        'object-type:Material',
        'relationship:SalesOrder.KUNNR -> Customer.KUNNR',
        'relationship:SalesOrder <-> Delivery',
      ]);
    });

    it('a .perm file: principals with rules, permission tables', function () {
      const [set] = documentSymbols(snap, file('permissions/accounts-payable.perm'));
      assert.equal(set.kind, 'permissions');
      assert.deepEqual(names(set.children), [
        'principal:p.buyer@acme.com',
        'principal:Buyers France',
        'principal:Procurement Leads',
        'permission-table:perm/ap_values.csv',
        'permission-table:perm/ap_group_values.csv',
        'permission-table:perm/ap_unlimited.csv',
      ]);
      assert.deepEqual(names(set.children[0].children), ['rule:Vendors.EKORG', 'rule:Vendors.LAND1']);
      assert.equal(set.children[3].detail, 'values users by alias');
    });

    it('every selection range lies within its range', function () {
      const inside = (s: DocumentSymbol): boolean => {
        const le = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.column <= b.column);
        return le(s.range.start, s.selectionRange.start) && le(s.selectionRange.end, s.range.end) && s.children.every(inside);
      };
      for (const f of snap.model.files) assert.ok(documentSymbols(snap, f).every(inside), f);
    });
  });

  describe('folding', function () {
    it('folds blocks up to the line before their brace, and comment runs', function () {
      const text = fs.readFileSync(file('procurement.pool'), 'utf8');
      const ranges = foldingRanges(text);
      const lines = text.split('\n');
      assert.deepEqual(ranges[0], { startLine: 0, endLine: 1, kind: 'comment' });
      const pool = ranges.find((r) => lines[r.startLine].startsWith('pool "AP Analytics"'))!;
      assert.equal(lines[pool.endLine + 1], '}');
      const model = ranges.find((r) => lines[r.startLine].includes('model AccountsPayable'))!;
      assert.equal(lines[model.endLine + 1].trim(), '}');
      assert.ok(ranges.some((r) => r.kind === 'comment' && lines[r.startLine].includes('Case-centric')));
    });

    it('survives syntax errors, braces in strings, block comments and CRLF', function () {
      const text = ['/* a', '   b */', 'team X {', '  user "{" role {', '  group "}"', '}', '', 'pool "P" in X {', '  // one', '  // two', '  connection C { table T from "t.csv" }', '}', '}', 'team Y {'].join('\r\n');
      assert.deepEqual(foldingRanges(text), [
        { startLine: 0, endLine: 1, kind: 'comment' },
        { startLine: 2, endLine: 11 },
        { startLine: 3, endLine: 4 },
        { startLine: 7, endLine: 10 },
        { startLine: 8, endLine: 9, kind: 'comment' },
      ]);
    });
  });

  describe('applyChange', function () {
    const r = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, column: sc }, end: { line: el, column: ec } });

    it('edits by line and column over CRLF, keeps a byte order mark, applies inserts in order', function () {
      const text = '\uFEFFab\r\ncd\nef';
      const out = applyEdits(text, [
        { range: r(1, 0, 1, 2), newText: 'XY' },
        { range: r(0, 2, 0, 2), newText: '1' },
        { range: r(0, 2, 0, 2), newText: '2' },
        { range: r(2, 1, 2, 99), newText: '!' },
      ]);
      assert.equal(out, '\uFEFFab12\r\nXY\ne!');
    });

    it('refuses overlapping edits and creating an existing file', function () {
      assert.throws(() => applyEdits('abcdef', [{ range: r(0, 0, 0, 3), newText: '' }, { range: r(0, 2, 0, 4), newText: '' }]), /overlapping/);
      assert.throws(() => applyChange({ edits: [], create: [{ file: '/x', text: '' }] }, () => 'exists'), /exists/);
    });

    it('csvCell quotes when it must and when the cell was quoted', function () {
      assert.equal(csvCell('a b', false, ','), 'a b');
      assert.equal(csvCell('a,b', false, ','), '"a,b"');
      assert.equal(csvCell('a;b', false, ','), 'a;b');
      assert.equal(csvCell('say "hi"', false, ';'), '"say ""hi"""');
      assert.equal(csvCell('x', true, ','), '"x"');
    });
  });
});

/** FileAccess over the disk with some files replaced by new texts. */
function overlay(texts: Map<string, string>): FileAccess {
  const bytes = new Map([...texts].map(([f, t]) => [f, new TextEncoder().encode(t)]));
  return {
    async stat(p) {
      const b = bytes.get(p);
      return b ? { size: b.length, isFile: true } : nodeFiles.stat(p);
    },
    async read(p, start, end) {
      const b = bytes.get(p);
      return b ? b.slice(start ?? 0, end ?? b.length) : nodeFiles.read(p, start, end);
    },
  };
}
