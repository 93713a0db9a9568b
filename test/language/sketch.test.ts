// The language sketch's examples (copied verbatim into test/fixtures/sketch) are the
// syntax contract: they must parse without a single error, and mean what they say.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from '../../language/parse.js';
import { toModel } from '../../language/to-model.js';

const DIR = path.resolve('test/fixtures/sketch');

describe('the language sketch', () => {
  for (const name of readdirSync(DIR)) {
    it(`parses ${name} without errors`, () => {
      const { errors } = parseDocument(readFileSync(path.join(DIR, name), 'utf8'));
      assert.deepEqual(errors, []);
    });
  }

  it('reads every construct of org.pool into the model', () => {
    const file = path.join(DIR, 'org.pool');
    const m = toModel(parseDocument(readFileSync(file, 'utf8')).ast, file);
    assert.deepEqual(m.teams.map((t) => t.name), ['Finance', 'Procurement']);
    assert.deepEqual(m.teams[0].users.map((u) => [u.key, u.role?.name]), [
      ['m.mustermann@acme.com', 'analyst'],
      ['a.admin@acme.com', 'admin'],
      ['j.doe@acme.com', 'member'],
    ]);
    assert.deepEqual(m.teams[0].groups[0].members.map((r) => r.name), ['m.mustermann@acme.com', 'j.doe@acme.com']);
    assert.equal(m.teams[0].serviceGrants[0].level.name, 'manage-all-pools');
    const [source, analytics] = m.pools;
    assert.equal(source.id, 'Finance/AP Source');
    assert.deepEqual(source.connections[0].tables.map((t) => [t.name, path.relative(DIR, t.file)]), [
      ['BKPF', 'data/bkpf.csv'],
      ['LFA1', 'data/lfa1.parquet'],
    ]);
    assert.deepEqual(source.shares.map((s) => s.targets.map((t) => [t.pool.name, t.tables.map((x) => x.name)])), [
      [['Procurement/AP Analytics', ['BKPF', 'LFA1']]],
      [['Procurement/AP Audit', ['BKPF']]],
    ]);
    assert.deepEqual(analytics.imports.map((i) => [i.name, i.source.name, i.fixMe, i.tables.map((t) => t.name)]), [['SAP', 'Finance/AP Source', false, ['BKPF', 'LFA1']]]);
    const model = analytics.models[0];
    assert.deepEqual(model.tables.map((t) => [t.alias, t.connection.name, t.table.name]), [
      ['Vendors', 'SAP', 'LFA1'],
      ['Invoices', 'SAP', 'BKPF'],
    ]);
    assert.deepEqual(model.joins.map((j) => `${j.parent.table.name}.${j.parent.column.name}->${j.child.table.name}.${j.child.column.name}`), ['Vendors.LIFNR->Invoices.LIFNR']);
    const p = analytics.perspectives[0];
    assert.deepEqual(p.objects.map((o) => [o.name, o.table.name, o.key.name]), [
      ['Customer', 'KNA1', 'KUNNR'],
      ['SalesOrder', 'VBAK', 'VBELN'],
      ['Delivery', 'LIKP', 'VBELN'],
    ]);
    assert.deepEqual(p.relationships.map((r) => r.kind), ['column', 'link']);
  });

  it('reads the FIX ME import and the permissions block', () => {
    const fixFile = path.join(DIR, 'fix-me.pool');
    const fix = toModel(parseDocument(readFileSync(fixFile, 'utf8')).ast, fixFile).pools[0].imports[0];
    assert.equal(fix.fixMe, true);
    const permFile = path.join(DIR, 'accounts-payable.perm');
    const set = toModel(parseDocument(readFileSync(permFile, 'utf8')).ast, permFile).permissions[0];
    assert.equal(set.pool?.name, 'Procurement/AP Analytics');
    assert.equal(set.target.name, 'AccountsPayable');
    assert.ok(set.switchRange);
    assert.equal(set.combine?.name, 'by-column');
    assert.deepEqual(set.principals.map((p) => [p.kind, p.principal.name, p.unlimited, p.rules.map((r) => `${r.table.name}.${r.column.name} in ${r.values.map((v) => v.name).join('|')}`)]), [
      ['user', 'm.mustermann@acme.com', false, ['Invoices.BUKRS in 1000', 'Vendors.LAND1 in DE|FR']],
      ['group', 'EMEA Clerks', false, ['Invoices.BUKRS in 1000|2000']],
      ['group', 'Auditors', true, []],
      ['user', 'a.admin@acme.com', true, []],
    ]);
    assert.deepEqual(set.tables.map((t) => [t.kind, t.principals, t.by?.name, t.mappings.map((m) => `${m.role}=${m.column.name}`)]), [
      ['values', 'users', 'alias', ['user=Reference_User', 'table=Reference_Table', 'column=Reference_Column', 'value=Reference_Value']],
      ['unlimited', 'groups', undefined, ['user=Reference_User', 'unlimited=Reference_Unlimited']],
    ]);
  });
});
