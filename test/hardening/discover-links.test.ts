// Definition files (*.pool, *.perm) are discovered without following symbolic links
// (language/discover.ts takes only real files and folders): a linked .pool or .perm file, or a
// linked folder of them, that points outside the workspace is never read. A secret marker in
// the outside files appears in no discovered path, no model name, no diagnostic.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkWorkspace } from '../../language/check-workspace.js';
import { discoverDefinitionFiles } from '../../language/discover.js';
import { makeWorkspace, removeWorkspaces } from '../support/fixture-workspace.js';
import { outsideDir, removeOutsideDirs, spyFiles } from '../support/outside-files.js';

const SECRET = 'SECRET_MARKER_5c09aa';
const OUTSIDE_POOL = `pool "${SECRET}" in Finance {\n  engine etl\n  connection X {\n    table T from "t.csv"\n  }\n}\n`;
const OUTSIDE_PERM = `permissions for "Procurement/AP Analytics".AccountsPayable {\n  user "${SECRET}@acme.com" unlimited\n}\n`;

/** A folder outside every workspace with a .pool and a .perm naming the secret marker. */
function outsideFolder(): string {
  const dir = outsideDir('sightline-discover-outside-');
  fs.writeFileSync(path.join(dir, 'outside.pool'), OUTSIDE_POOL);
  fs.writeFileSync(path.join(dir, 'outside.perm'), OUTSIDE_PERM);
  fs.writeFileSync(path.join(dir, 't.csv'), `A\n${SECRET}\n`);
  return dir;
}

after(() => {
  removeWorkspaces();
  removeOutsideDirs();
});

describe('hardening: definition files behind symbolic links are not discovered', function () {
  this.timeout(60_000);

  it('a linked .pool and .perm file and a linked folder pointing outside: not discovered, never read, nothing in the model or diagnostics', async () => {
    const outside = outsideFolder();
    const ws = makeWorkspace();
    fs.symlinkSync(path.join(outside, 'outside.pool'), ws.file('linked.pool'));
    fs.symlinkSync(path.join(outside, 'outside.perm'), ws.file('permissions/linked.perm'));
    fs.symlinkSync(outside, ws.file('linked-folder'));
    // The links work: whoever follows them reads the outside files (so the test can see a leak).
    assert.ok(fs.readFileSync(ws.file('linked.pool'), 'utf8').includes(SECRET));
    assert.ok(fs.readFileSync(ws.file('permissions/linked.perm'), 'utf8').includes(SECRET));
    assert.ok(fs.statSync(ws.file('linked-folder')).isDirectory());

    const found = await discoverDefinitionFiles(ws.dir);
    const real = fs.realpathSync(ws.dir);
    assert.deepEqual(
      found.map((f) => path.relative(ws.dir, f).split(path.sep).join('/')),
      ['finance.pool', 'org.pool', 'permissions/accounts-payable.perm', 'procurement.pool'],
      'only the real definition files',
    );
    for (const f of found) assert.ok(fs.realpathSync(f).startsWith(real + path.sep), `${f} lies inside`);

    const { files, reads } = spyFiles();
    const { model, diagnostics } = await checkWorkspace(ws.dir, { files });
    assert.deepEqual(
      reads.filter((r) => !r.startsWith(real + path.sep)),
      [],
      'the check reads nothing outside the workspace',
    );
    assert.ok(!model.pools.some((p) => p.name.includes(SECRET)), 'no pool from outside');
    assert.ok(!JSON.stringify(model).includes(SECRET), 'nothing from outside in the model');
    assert.ok(!diagnostics.some((d) => d.message.includes(SECRET) || d.range.file.includes('linked')), 'no diagnostic about or from the linked files');
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], 'the workspace checks as without the links');
  });

  it('a link to a definition file inside the workspace is not followed either (links are never followed; the real file is found once)', async () => {
    const ws = makeWorkspace();
    fs.mkdirSync(ws.file('aliases'));
    fs.symlinkSync(ws.file('finance.pool'), ws.file('aliases/finance-again.pool'));
    fs.symlinkSync(ws.file('permissions'), ws.file('aliases/permissions'));
    const found = (await discoverDefinitionFiles(ws.dir)).map((f) => path.relative(ws.dir, f).split(path.sep).join('/'));
    assert.deepEqual(found, ['finance.pool', 'org.pool', 'permissions/accounts-payable.perm', 'procurement.pool']);
  });
});
