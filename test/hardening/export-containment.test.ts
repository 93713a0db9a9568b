// `sightline export` reads data files through its own DuckDB (export/node.ts, export/source.ts),
// with the engine's catalog: it must apply the same containment as the engine. For a data file
// named by a path with `..`, an absolute path (/etc/passwd, a secret file), a symbolic link to a
// file outside, a linked folder out of the workspace, a permission table outside (`..` and a
// link), and a file swapped for a link between the check and the export's read:
//   - the CLI (cli/export.ts) says so on standard error with the code data-file-outside-workspace,
//     and exports the table empty (a permission table grants nothing);
//   - nothing outside the workspace is read (a spying FileAccess records the real path of every
//     read, through the check and the export reader);
//   - a secret marker placed outside appears nowhere in the exported SQL.
// A control shows the assertions see a leak: without link resolution the secret is read and exported.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runExport } from '../../cli/export.js';
import { openExportReader } from '../../export/node.js';
import { exportPostgres } from '../../export/postgres.js';
import { checkWorkspace } from '../../language/check-workspace.js';
import { isInside } from '../../model/schema/workspace-path.js';
import { AP_PERM, FINANCE_POOL, makeWorkspace, removeWorkspaces, type FixtureWorkspace, type Overrides } from '../support/fixture-workspace.js';
import { fileOutside, outsideDir, removeOutsideDirs, spyFiles, valuesTableOutside } from '../support/outside-files.js';

const SECRET = 'SECRET_MARKER_e4b21d';
const PASSWD = /root:|\/bin\/(ba)?sh|nologin/;

/** A folder outside every workspace holding `name` with the secret marker in it. */
const secretOutside = (name = 'secret.csv', content = `LIFNR,NAME1,LAND1,EKORG\nV100,${SECRET},DE,1000\n`) => fileOutside('sightline-export-outside-', name, content);

after(() => {
  removeWorkspaces();
  removeOutsideDirs();
});

/** The CLI's export of a workspace: exit code, standard error and the written SQL. */
async function cliExport(dir: string): Promise<{ code: number; stderr: string; sql: string }> {
  const out = path.join(outsideDir('sightline-export-out-'), 'out.sql');
  const chunks: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  }) as typeof process.stderr.write;
  let code: number;
  try {
    code = await runExport([dir, '--target', 'postgres', '--out', out]);
  } finally {
    process.stderr.write = write;
  }
  return { code, stderr: chunks.join(''), sql: fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '' };
}

/** The export reader's SQL through a spying FileAccess (check and read), with every real path read. */
async function spiedExport(ws: FixtureWorkspace, withLinks = true, between?: () => void): Promise<{ sql: string; reads: string[]; errors: string[] }> {
  const { files, reads } = spyFiles(withLinks);
  const { model, data } = await checkWorkspace(ws.dir, { files });
  between?.();
  const reader = await openExportReader();
  const input = await reader.read(model, data, files, true);
  const result = exportPostgres(input, { schemaOnly: false });
  return { sql: result.sql, reads, errors: input.tables.flatMap((t) => (t.error ? [t.error] : [])) };
}

/** Nothing outside the workspace was read, and nothing from outside is in the SQL. */
function assertContained(ws: FixtureWorkspace, o: { sql: string; reads: string[] }, outside: RegExp | string = SECRET): void {
  const root = fs.realpathSync(ws.dir);
  const out = o.reads.filter((r) => !isInside(root, r));
  assert.deepEqual(out, [], 'no read outside the workspace');
  assert.ok(typeof outside === 'string' ? !o.sql.includes(outside) : !outside.test(o.sql), 'nothing from outside in the exported SQL');
}

/** The CLI refuses with the code, names the file, exports the table empty, and leaks nothing. */
async function assertCliRefuses(ws: FixtureWorkspace, file: string, outside: RegExp | string = SECRET): Promise<void> {
  const cli = await cliExport(ws.dir);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stderr, /data-file-outside-workspace: /, `the code on standard error:\n${cli.stderr}`);
  assert.ok(cli.stderr.includes(file), `names ${file}:\n${cli.stderr}`);
  assert.match(cli.stderr, /exported empty and grants nothing/);
  assert.ok(cli.sql.length > 1000, 'a script was written');
  assert.ok(typeof outside === 'string' ? !cli.sql.includes(outside) : !outside.test(cli.sql), 'nothing from outside in the CLI’s SQL');
}

const withPool = (from: string): Overrides => ({ 'finance.pool': FINANCE_POOL.replace('"data/lfa1.csv"', JSON.stringify(from)) });

describe('hardening: sightline export reads only inside the workspace', function () {
  this.timeout(180_000);

  it('the baseline: a data file inside is exported with its rows (so a missing marker means something)', async () => {
    const ws = makeWorkspace();
    const cli = await cliExport(ws.dir);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(cli.stderr, '');
    assert.ok(cli.sql.includes('Muster GmbH'), 'LFA1’s rows are in the script');
  });

  it('a path with .. out of the workspace: refused (data-file-outside-workspace), never read, nothing exported', async () => {
    const secret = secretOutside();
    const ws = makeWorkspace();
    fs.writeFileSync(ws.file('finance.pool'), withPool(path.relative(ws.dir, secret).split(path.sep).join('/'))['finance.pool'] as string);
    assertContained(ws, await spiedExport(ws));
    await assertCliRefuses(ws, 'secret.csv');
  });

  it('an absolute path (/etc/passwd, and a secret file): refused, never read, nothing exported', async () => {
    const passwd = makeWorkspace(withPool('/etc/passwd'));
    assertContained(passwd, await spiedExport(passwd), PASSWD);
    await assertCliRefuses(passwd, 'passwd', PASSWD);
    const secret = secretOutside();
    const ws = makeWorkspace(withPool(secret));
    assertContained(ws, await spiedExport(ws));
    await assertCliRefuses(ws, 'secret.csv');
  });

  it('a symbolic link to a file outside the workspace: refused, never read, nothing exported', async () => {
    const secret = secretOutside();
    const ws = makeWorkspace({ 'data/lfa1.csv': null });
    fs.symlinkSync(secret, ws.file('data/lfa1.csv'));
    assertContained(ws, await spiedExport(ws));
    await assertCliRefuses(ws, 'lfa1.csv');
  });

  it('a data folder that is a symbolic link out of the workspace: refused, never read, nothing exported', async () => {
    const secret = secretOutside('lfa1.csv');
    const ws = makeWorkspace({ 'data/lfa1.csv': null, ...withPool('linked/data/lfa1.csv') });
    fs.mkdirSync(ws.file('linked'));
    fs.symlinkSync(path.dirname(secret), ws.file('linked/data'));
    assertContained(ws, await spiedExport(ws));
    await assertCliRefuses(ws, 'lfa1.csv');
  });

  it('a permission table out of the workspace (.. and a link): refused, grants nothing in the export, never read', async () => {
    const secret = secretOutside('ap_values.csv', `Reference_User,Reference_Table,Reference_Column,Reference_Value\nt.member@acme.com,Vendors,LAND1,${SECRET}\nr.viewer@acme.com,Vendors,LAND1,IT\n`);
    // The same workspace without the values table: what "grants nothing" must export.
    const without = await spiedExport(makeWorkspace({ 'permissions/accounts-payable.perm': AP_PERM.replace(/  table "perm\/ap_values\.csv"[^}]*}\n/, '') }));
    for (const how of ['dotdot', 'link'] as const) {
      const ws = makeWorkspace();
      valuesTableOutside(ws, secret, how);
      const o = await spiedExport(ws);
      assertContained(ws, o);
      assert.equal(o.sql, without.sql, `${how}: the refused table grants nothing (the script equals the one without it)`);
      await assertCliRefuses(ws, 'ap_values.csv');
    }
  });

  it('a data file swapped for a link out of the workspace between the check and the export’s read: refused by the reader', async () => {
    const secret = secretOutside();
    const ws = makeWorkspace();
    const o = await spiedExport(ws, true, () => {
      fs.rmSync(ws.file('data/lfa1.csv'));
      fs.symlinkSync(secret, ws.file('data/lfa1.csv'));
    });
    assertContained(ws, o);
    assert.ok(o.errors.some((e) => /lfa1\.csv .*outside the workspace/.test(e)), `the reader refuses it: ${o.errors.join('; ')}`);
  });

  it('control: the assertions see a leak (without link resolution the linked secret is read and exported)', async () => {
    const secret = secretOutside();
    const ws = makeWorkspace({ 'data/lfa1.csv': null });
    fs.symlinkSync(secret, ws.file('data/lfa1.csv'));
    const o = await spiedExport(ws, false);
    assert.throws(() => assertContained(ws, o), /no read outside the workspace|nothing from outside/);
    assert.ok(o.sql.includes(SECRET), 'the secret reached the SQL: the containment is what keeps it out');
  });
});
