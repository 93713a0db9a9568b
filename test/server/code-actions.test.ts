// Quick fixes end to end: each case writes a small workspace that produces the diagnostic,
// asks for code actions at its range, applies the chosen action to the files on disk (the
// synchronize command through the function the server runs), checks again and expects the
// diagnostic gone and no new error. Exact texts pin the edits' formatting (indentation,
// quoting, delimiter) where that is the point.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../../model/types.js';
import { LOCK_FILE_NAME } from '../../model/lock.js';
import type { EditorEngine } from '../../server/engine-api.js';
import { applyChange } from '../../server/features/apply-change.js';
import { codeActions } from '../../server/features/code-actions.js';
import type { CodeAction } from '../../server/features/results.js';
import type { Snapshot } from '../../server/features/snapshot.js';
import { synchronizeImports } from '../../server/features/synchronize.js';
import { SERVER_COMMANDS, type SynchronizeParams } from '../../server/protocol.js';
import { InProcessEngine } from '../support/in-process-engine.js';
import { AP_PERM, AP_UNLIMITED_CSV, AP_VALUES_CSV, BKPF_CSV, FINANCE_POOL, LOCK_WITHOUT_EKORG, ORG_POOL, PROCUREMENT_POOL, edits, makeWorkspace, removeWorkspaces, type FixtureWorkspace, type Overrides } from '../support/fixture-workspace.js';
import { snapshotOf } from '../support/snapshot.js';

after(removeWorkspaces);

const PERM = 'permissions/accounts-payable.perm';
const VALUES = 'permissions/perm/ap_values.csv';
const UNLIMITED = 'permissions/perm/ap_unlimited.csv';
const SHARE_LINE = 'share SAP with "Procurement/AP Analytics" tables LFA1, BKPF, BSEG by "m.analyst@acme.com"';

const perm = (...pairs: [string, string][]): Overrides => ({ [PERM]: edits(AP_PERM, ...pairs) });
const values = (...pairs: [string, string][]): Overrides => ({ [VALUES]: edits(AP_VALUES_CSV, ...pairs) });
const fin = (...pairs: [string, string][]): Overrides => ({ 'finance.pool': edits(FINANCE_POOL, ...pairs) });
const proc = (...pairs: [string, string][]): Overrides => ({ 'procurement.pool': edits(PROCUREMENT_POOL, ...pairs) });

// ---------------------------------------------------------------- steps

function only(snapshot: Snapshot, code: string, where?: (d: Diagnostic) => boolean): Diagnostic {
  const found = snapshot.diagnostics.filter((d) => d.code === code && (!where || where(d)));
  assert.ok(found.length > 0, `no ${code} in ${JSON.stringify(snapshot.diagnostics.map((d) => `${d.code}: ${d.message}`), null, 1)}`);
  return found[0];
}

/** The actions the editor gets for a diagnostic, asked at its range with only it. */
function actionsFor(snapshot: Snapshot, d: Diagnostic, engine?: EditorEngine): Promise<CodeAction[]> {
  return codeActions(snapshot, d.range.file, d.range, [d], engine);
}

function preferred(actions: CodeAction[], code: string): CodeAction {
  const list = actions.filter((a) => a.isPreferred);
  assert.equal(list.length, 1, `one preferred action, got ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.deepEqual(list[0].fixes, [code]);
  assert.equal(list[0].kind, 'quickfix');
  return list[0];
}

/** Writes the action's change to disk, as the editor would. */
function apply(action: CodeAction): void {
  assert.ok(action.change, `${action.title}: no change`);
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  for (const [file, text] of applyChange(action.change, read)) writeFileSync(file, text);
}

const errorKeys = (s: Snapshot) => s.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);

/** Checks again: `code` is gone (where `where` says) and every error now was there before. */
async function recheck(ws: FixtureWorkspace, before: Snapshot, code: string, where?: (d: Diagnostic) => boolean): Promise<Snapshot> {
  const after = await snapshotOf(ws.dir);
  const left = after.diagnostics.filter((d) => d.code === code && (!where || where(d)));
  assert.deepEqual(left.map((d) => d.message), [], `${code} is still reported`);
  const was = new Set(errorKeys(before));
  assert.deepEqual(errorKeys(after).filter((e) => !was.has(e)), [], 'new errors');
  return after;
}

const read = (ws: FixtureWorkspace, relative: string) => readFileSync(ws.file(relative), 'utf8');

// ---------------------------------------------------------------- the fixes

describe('code actions', function () {
  this.timeout(60_000);

  describe('synchronize an import (import-needs-sync, lock-file-invalid)', function () {
    /** Runs the action's command as the server does: synchronize, then write the lock. */
    function runCommand(snapshot: Snapshot, action: CodeAction): string[] {
      assert.equal(action.command?.command, SERVER_COMMANDS.synchronize);
      const [params] = action.command!.arguments as [SynchronizeParams];
      assert.equal(params.root, snapshot.root);
      const outcome = synchronizeImports(snapshot, { pool: params.pool, connection: params.connection });
      assert.deepEqual(outcome.errors, []);
      writeFileSync(path.join(params.root, LOCK_FILE_NAME), outcome.lockText);
      return outcome.changes;
    }

    it('runs the synchronize command for the import; afterwards the import shows the new columns', async function () {
      const ws = makeWorkspace({ 'sightline.lock': LOCK_WITHOUT_EKORG });
      const before = await snapshotOf(ws.dir);
      const d = only(before, 'import-needs-sync', (x) => x.message.includes('+EKORG'));
      assert.ok(before.diagnostics.some((x) => x.code === 'unknown-column' && x.message.includes('EKORG')), 'the rule on EKORG fails before');
      const action = preferred(await actionsFor(before, d), 'import-needs-sync');
      assert.equal(action.change, undefined);
      assert.deepEqual(action.command!.arguments, [{ root: ws.dir, pool: 'Procurement/AP Analytics', connection: 'SAP' }]);
      const changes = runCommand(before, action);
      assert.deepEqual(changes, ['"Procurement/AP Analytics" SAP: LFA1 +EKORG; BKPF added; BSEG added']);
      const after = await recheck(ws, before, 'import-needs-sync');
      assert.ok(!after.diagnostics.some((x) => x.code === 'unknown-column'), 'EKORG is known through the import now');
    });

    it('rewrites an unreadable lock by synchronizing every import', async function () {
      const ws = makeWorkspace({ 'sightline.lock': '{ not json' });
      const before = await snapshotOf(ws.dir);
      const action = preferred(await actionsFor(before, only(before, 'lock-file-invalid')), 'lock-file-invalid');
      assert.deepEqual(action.command!.arguments, [{ root: ws.dir }]);
      runCommand(before, action);
      await recheck(ws, before, 'lock-file-invalid');
    });
  });

  describe('NULL reference values (permission-table-null-value)', function () {
    it('writes "" into an empty value cell, keeping the delimiter and the other cells', async function () {
      const semicolons = AP_VALUES_CSV.replace(/,/g, ';').replace('t.member@acme.com;Vendors;LAND1;FR', 't.member@acme.com;Vendors;LAND1;');
      const ws = makeWorkspace({ [VALUES]: semicolons });
      const before = await snapshotOf(ws.dir);
      const action = preferred(await actionsFor(before, only(before, 'permission-table-null-value')), 'permission-table-null-value');
      apply(action);
      assert.equal(read(ws, VALUES), semicolons.replace('LAND1;\n', 'LAND1;""\n'));
      await recheck(ws, before, 'permission-table-null-value');
    });

    it('writes FALSE into an empty unlimited cell', async function () {
      const ws = makeWorkspace({ [UNLIMITED]: AP_UNLIMITED_CSV.replace('Buyers,FALSE', 'Buyers,') });
      const before = await snapshotOf(ws.dir);
      apply(preferred(await actionsFor(before, only(before, 'permission-table-null-value')), 'permission-table-null-value'));
      assert.equal(read(ws, UNLIMITED), AP_UNLIMITED_CSV);
      await recheck(ws, before, 'permission-table-null-value');
    });

    it('offers nothing for an empty user cell: any text would name someone', async function () {
      const ws = makeWorkspace(values(['t.member@acme.com,Vendors,LAND1,FR', ',Vendors,LAND1,FR']));
      const before = await snapshotOf(ws.dir);
      assert.deepEqual(await actionsFor(before, only(before, 'permission-table-null-value')), []);
    });
  });

  describe('move a child-only rule to the parent (child-only-rule, parents-without-child)', function () {
    const engine = new InProcessEngine();
    const childRule = perm(['    Vendors.EKORG in "1000"\n', '    Vendors.EKORG in "1000"\n    Items.LIFNR in "V100", "V200"\n']);

    it('replaces the rule with one on the parent join column, listing the parents of the child rows it keeps', async function () {
      const ws = makeWorkspace(childRule);
      const before = await snapshotOf(ws.dir);
      await engine.load(before);
      const d = only(before, 'child-only-rule');
      const action = preferred(await actionsFor(before, d, engine), 'child-only-rule');
      assert.equal(action.change!.edits.length, 1);
      apply(action);
      assert.equal(read(ws, PERM), edits(AP_PERM, ['    Vendors.EKORG in "1000"\n', '    Vendors.EKORG in "1000"\n    Invoices.BELNR in "5100000001", "5100000002"\n']));
      const after = await recheck(ws, before, 'child-only-rule');
      await engine.load(after);
      assert.deepEqual((await engine.dataDiagnostics()).filter((x) => x.code === 'parents-without-child'), []);
    });

    it('is offered from the row-counting parents-without-child too', async function () {
      // An invoice without items: the rule on Items hides it from its users.
      const ws = makeWorkspace({ ...childRule, 'data/bkpf.csv': BKPF_CSV + '5100000004,1000,V100,2024,2024-04-01\n' });
      const before = await snapshotOf(ws.dir);
      await engine.load(before);
      const d = (await engine.dataDiagnostics()).find((x) => x.code === 'parents-without-child');
      assert.ok(d, 'parents-without-child');
      const action = preferred(await actionsFor(before, d, engine), 'parents-without-child');
      assert.equal(action.change!.edits[0].newText, 'Invoices.BELNR in "5100000001", "5100000002"');
    });

    it('offers nothing without an engine, or when the engine fails', async function () {
      const ws = makeWorkspace(childRule);
      const before = await snapshotOf(ws.dir);
      const d = only(before, 'child-only-rule');
      assert.deepEqual(await actionsFor(before, d), []);
      const failing = { parentValues: () => Promise.reject(new Error('engine restarting')) } as unknown as EditorEngine;
      assert.deepEqual(await actionsFor(before, d, failing), []);
    });
  });

  describe('split a permission table that mixes users and groups (permission-table-mixed-principals)', function () {
    it('moves group rows of a users table to name.groups.csv and declares it for groups', async function () {
      const ws = makeWorkspace(values(['p.analyst@acme.com,Vendors,EKORG,2000', 'Buyers,Vendors,LAND1,IT\np.analyst@acme.com,Vendors,EKORG,2000']));
      const before = await snapshotOf(ws.dir);
      const action = preferred(await actionsFor(before, only(before, 'permission-table-mixed-principals')), 'permission-table-mixed-principals');
      apply(action);
      assert.equal(read(ws, VALUES), AP_VALUES_CSV);
      assert.equal(read(ws, 'permissions/perm/ap_values.groups.csv'), 'Reference_User,Reference_Table,Reference_Column,Reference_Value\nBuyers,Vendors,LAND1,IT\n');
      const twin = `  table "perm/ap_values.groups.csv" values groups by alias {
    user Reference_User
    table Reference_Table
    column Reference_Column
    value Reference_Value
  }`;
      assert.equal(read(ws, PERM), edits(AP_PERM, ['    value Reference_Value\n  }\n', `    value Reference_Value\n  }\n${twin}\n`]));
      await recheck(ws, before, 'permission-table-mixed-principals');
    });

    it('turns a groups table with user rows into a users table beside a groups one, once for all mixed rows', async function () {
      const ws = makeWorkspace({ [UNLIMITED]: AP_UNLIMITED_CSV + 'l.admin@acme.com,FALSE\nr.viewer@acme.com,TRUE\n' });
      const before = await snapshotOf(ws.dir);
      const mixed = before.diagnostics.filter((d) => d.code === 'permission-table-mixed-principals');
      assert.equal(mixed.length, 2);
      const file = mixed[0].range.file;
      const range = { file, start: mixed[0].range.start, end: mixed[1].range.end };
      const actions = await codeActions(before, file, range, mixed);
      assert.equal(actions.length, 1, 'one split for both rows');
      apply(preferred(actions, 'permission-table-mixed-principals'));
      assert.equal(read(ws, UNLIMITED), 'Reference_Group,Reference_Unlimited\nl.admin@acme.com,FALSE\nr.viewer@acme.com,TRUE\n');
      assert.equal(read(ws, 'permissions/perm/ap_unlimited.groups.csv'), AP_UNLIMITED_CSV);
      const text = read(ws, PERM);
      assert.match(text, /table "perm\/ap_unlimited\.csv" unlimited users \{/);
      assert.match(text, /\n  table "perm\/ap_unlimited\.groups\.csv" unlimited groups \{\n    user Reference_Group\n    unlimited Reference_Unlimited\n  \}\n\}\n$/);
      await recheck(ws, before, 'permission-table-mixed-principals');
    });
  });

  describe('add the missing edit grant for a share (share-missing-edit)', function () {
    it('inserts the grant after the last grant of the target pool, in another file than the share', async function () {
      const ws = makeWorkspace(proc(['  grant "m.analyst@acme.com" edit\n', '']));
      const before = await snapshotOf(ws.dir);
      const d = only(before, 'share-missing-edit');
      assert.equal(path.basename(d.range.file), 'finance.pool');
      apply(preferred(await actionsFor(before, d), 'share-missing-edit'));
      assert.equal(read(ws, 'procurement.pool'), edits(PROCUREMENT_POOL, ['  grant "m.analyst@acme.com" edit\n', ''], ['manage\n', 'manage\n  grant "m.analyst@acme.com" edit\n']));
      await recheck(ws, before, 'share-missing-edit');
    });

    it('raises a lower grant of the same user on the source pool to edit', async function () {
      const ws = makeWorkspace(fin(['grant "m.analyst@acme.com" edit', 'grant "m.analyst@acme.com" view']));
      const before = await snapshotOf(ws.dir);
      apply(preferred(await actionsFor(before, only(before, 'share-missing-edit')), 'share-missing-edit'));
      assert.equal(read(ws, 'finance.pool'), FINANCE_POOL);
      await recheck(ws, before, 'share-missing-edit');
    });

    it('puts the grant first in a pool without grants, indented as the file indents (tabs)', async function () {
      const ws = makeWorkspace({
        ...fin([SHARE_LINE, SHARE_LINE.replace('"Procurement/AP Analytics"', '"Procurement/AP Analytics", "Procurement/AP Audit"')]),
        'audit.pool': 'pool "AP Audit" in Procurement {\n\tengine etl\n}\n',
      });
      const before = await snapshotOf(ws.dir);
      apply(preferred(await actionsFor(before, only(before, 'share-missing-edit')), 'share-missing-edit'));
      assert.equal(read(ws, 'audit.pool'), 'pool "AP Audit" in Procurement {\n\tgrant "m.analyst@acme.com" edit\n\tengine etl\n}\n');
      await recheck(ws, before, 'share-missing-edit');
    });
  });

  describe('re-point a FIX ME import (fix-me-import)', function () {
    const COPY = 'pool "AP Copy" in Procurement {\n  engine etl\n  grant "m.analyst@acme.com" edit\n  import SAP from "FIX ME: Finance/AP Source" tables LFA1\n}\n';
    const sharesWithCopy = fin([SHARE_LINE, SHARE_LINE.replace('"Procurement/AP Analytics"', '"Procurement/AP Analytics", "Procurement/AP Copy"')]);

    it('offers the pool that now shares the connection, and the import works again', async function () {
      const ws = makeWorkspace({ ...sharesWithCopy, 'copy.pool': COPY });
      const before = await snapshotOf(ws.dir);
      const actions = await actionsFor(before, only(before, 'fix-me-import'));
      assert.equal(actions.length, 1);
      apply(preferred(actions, 'fix-me-import'));
      assert.equal(read(ws, 'copy.pool'), COPY.replace('"FIX ME: Finance/AP Source"', '"Finance/AP Source"'));
      await recheck(ws, before, 'fix-me-import');
    });

    it('offers one action per pool sharing the connection, the original source preferred', async function () {
      const mirror =
        'pool "AP Mirror" in Finance {\n  engine etl\n  grant "m.analyst@acme.com" edit\n  connection SAP {\n    table LFA1 from "data/lfa1.csv"\n  }\n' +
        '  share SAP with "Procurement/AP Copy" tables LFA1 by "m.analyst@acme.com"\n}\n';
      const ws = makeWorkspace({ ...sharesWithCopy, 'copy.pool': COPY, 'mirror.pool': mirror });
      const before = await snapshotOf(ws.dir);
      const actions = await actionsFor(before, only(before, 'fix-me-import'));
      assert.deepEqual(actions.map((a) => a.change!.edits[0].newText), ['"Finance/AP Source"', '"Finance/AP Mirror"']);
      assert.equal(preferred(actions, 'fix-me-import'), actions[0]);
      apply(actions[1]);
      await recheck(ws, before, 'fix-me-import');
    });

    it('offers nothing while no pool shares the connection', async function () {
      const ws = makeWorkspace({ 'copy.pool': COPY });
      const before = await snapshotOf(ws.dir);
      assert.deepEqual(await actionsFor(before, only(before, 'fix-me-import')), []);
    });
  });

  describe('add `use data permissions` (rules-without-switch)', function () {
    it('inserts the switch as the first statement of the block', async function () {
      const ws = makeWorkspace(perm(['  use data permissions\n', '']));
      const before = await snapshotOf(ws.dir);
      apply(preferred(await actionsFor(before, only(before, 'rules-without-switch')), 'rules-without-switch'));
      assert.equal(read(ws, PERM), AP_PERM);
      await recheck(ws, before, 'rules-without-switch');
    });

    it('opens up a block written on one line, with the file’s CRLF line breaks', async function () {
      const ws = makeWorkspace({ 'permissions/flow.perm': 'permissions for "Procurement/AP Analytics".InvoiceFlow { user "p.analyst@acme.com" unlimited }\r\n' });
      const before = await snapshotOf(ws.dir);
      apply(preferred(await actionsFor(before, only(before, 'rules-without-switch')), 'rules-without-switch'));
      assert.equal(
        read(ws, 'permissions/flow.perm'),
        'permissions for "Procurement/AP Analytics".InvoiceFlow {\r\n  use data permissions\r\n  user "p.analyst@acme.com" unlimited }\r\n',
      );
      await recheck(ws, before, 'rules-without-switch');
    });
  });

  describe('did you mean (every diagnostic with suggestions)', function () {
    /** `pick` chooses among the actions when the preferred one is not the one meant. */
    const cases: { name: string; files: Overrides; code: string; file: string; expect: string; pick?: string }[] = [
      {
        name: 'a quoted email stays quoted',
        files: { 'org.pool': edits(ORG_POOL, ['"j.member@acme.com"\n', '"j.membr@acme.com"\n']) },
        code: 'unknown-user',
        file: 'org.pool',
        expect: ORG_POOL,
      },
      { name: 'a bare table alias stays bare', files: perm(['Vendors.LAND1 in', 'Vendor.LAND1 in']), code: 'unknown-table', file: PERM, expect: AP_PERM },
      { name: 'a quoted column stays quoted', files: perm(['Vendors.LAND1 in', 'Vendors."LAND2" in']), code: 'unknown-column', file: PERM, expect: AP_PERM.replace('Vendors.LAND1 in', 'Vendors."LAND1" in') },
      { name: 'a kebab-case word', files: proc(['grant "m.analyst@acme.com" edit', 'grant "m.analyst@acme.com" edt']), code: 'unknown-grant', file: 'procurement.pool', expect: PROCUREMENT_POOL },
      { name: 'a CSV cell', files: values(['t.member@acme.com,Vendors', 't.membr@acme.com,Vendors']), code: 'unknown-user', file: VALUES, expect: AP_VALUES_CSV },
      {
        name: 'a real table name in a by-alias table (its replacement)',
        files: values(['t.member@acme.com,Vendors', 't.member@acme.com,LFA1']),
        code: 'permission-table-reference-mode',
        file: VALUES,
        expect: AP_VALUES_CSV,
      },
      {
        name: 'a model that two pools have, qualified with its pool',
        files: { ...perm(['permissions for "Procurement/AP Analytics".AccountsPayable', 'permissions for AccountsPayable']), 'other.pool': 'pool "AP Copy" in Procurement {\n  engine etl\n  model AccountsPayable {\n  }\n}\n' },
        code: 'ambiguous-pool',
        file: PERM,
        expect: AP_PERM,
        pick: '"Procurement/AP Analytics".AccountsPayable',
      },
    ];
    for (const c of cases) {
      it(c.name, async function () {
        const ws = makeWorkspace(c.files);
        const before = await snapshotOf(ws.dir);
        const d = only(before, c.code);
        const actions = await actionsFor(before, d);
        assert.ok(actions.length >= 1);
        assert.ok(actions.every((a) => a.fixes?.[0] === c.code && a.change?.edits.length === 1));
        const first = preferred(actions, c.code);
        assert.equal(first, actions[0], 'the first suggestion is preferred');
        const chosen = c.pick ? actions.find((a) => a.change!.edits[0].newText === c.pick) : first;
        assert.ok(chosen, `an action writing ${c.pick}: ${JSON.stringify(actions.map((a) => a.title))}`);
        apply(chosen);
        assert.equal(read(ws, c.file), c.expect);
        await recheck(ws, before, c.code);
      });
    }
  });
});
