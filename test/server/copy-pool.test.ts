// Team-to-team copy (§S7): the copy is a valid pool of the new team whose imports are FIX ME.
import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { copyPoolToTeam } from '../../server/features/copy-pool.js';
import { copyOfExample } from '../support/engine-workspace.js';
import { snapshotOf } from '../support/snapshot.js';

describe('copy a pool to another team (§S7)', function () {
  let dir: string;
  before(() => (dir = copyOfExample()));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps connections and models, turns imports into FIX ME, drops grants, shares and usage', async function () {
    const before = await snapshotOf(dir);
    const copy = copyPoolToTeam(before, 'Procurement/AP Analytics', 'Sales', 'AP Copy');
    assert.ok(!('error' in copy), JSON.stringify(copy));
    assert.match(copy.text, /^pool "AP Copy" in Sales \{/m);
    assert.match(copy.text, /import SAP from "FIX ME: Finance\/AP Source" tables LFA1, BKPF, BSEG, REGUP/);
    assert.doesNotMatch(copy.text, /^\s*grant /m);
    assert.doesNotMatch(copy.text, /^\s*usage /m);
    assert.match(copy.text, /model AccountsPayable \{/);

    writeFileSync(copy.file, copy.text);
    const after = await snapshotOf(dir);
    const pool = after.index.pools.get('Sales/AP Copy');
    assert.ok(pool, 'the copy is a pool of team Sales');
    assert.equal(pool.imports.every((i) => i.fixMe), true);
    assert.deepEqual(pool.models.map((m) => m.name), ['AccountsPayable']);
    // The copy adds no errors other than its broken (FIX ME) imports and what depends on them.
    const newErrors = after.diagnostics.filter((d) => d.severity === 'error' && d.range.file === copy.file);
    const errorsBefore = before.diagnostics.filter((d) => d.severity === 'error').length;
    assert.equal(after.diagnostics.filter((d) => d.severity === 'error' && d.range.file !== copy.file).length, errorsBefore);
    assert.ok(newErrors.every((d) => /fix-me|import|broken|unknown-table|unknown-connection/.test(d.code)), newErrors.map((d) => `${d.code}: ${d.message}`).join('\n'));
  });

  it('refuses an unknown team, a taken name and a name a pool cannot hold', async function () {
    const s = await snapshotOf(dir);
    assert.match((copyPoolToTeam(s, 'Procurement/AP Analytics', 'Marketing') as { error: string }).error, /no team Marketing/);
    assert.match((copyPoolToTeam(s, 'Finance/AP Source', 'Finance') as { error: string }).error, /already has a pool/);
    assert.match((copyPoolToTeam(s, 'Finance/AP Source', 'Sales', 'a/b') as { error: string }).error, /cannot name a pool/);
  });
});
