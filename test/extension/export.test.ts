// sightline.export's pure part (extension/commands/export-args.ts): the child process it
// starts (the editor's Node running the bundled CLI as plain Node), how the CLI's standard
// error is shown, and that the bundled CLI really exports from dist/ alone (it finds
// dist/duckdb-eh.wasm beside it and needs no node_modules), as it does inside the VSIX.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultOutFile, exportCommand, exportMessages } from '../../extension/commands/export-args.js';

const ROOT = process.cwd();

describe('sightline.export: the CLI child process', function () {
  this.timeout(180_000);

  it('runs dist/cli.js export with the target, the output file and --schema-only', () => {
    const r = exportCommand({ extensionPath: '/ext', folder: '/ws/acme', target: 'snowflake', schemaOnly: true, out: '/tmp/a b.sql' }, '/usr/bin/code', { PATH: '/bin' });
    assert.equal(r.command, '/usr/bin/code');
    assert.deepEqual(r.args, [path.join('/ext', 'dist', 'cli.js'), 'export', '/ws/acme', '--target', 'snowflake', '--out', '/tmp/a b.sql', '--schema-only']);
    assert.deepEqual(r.env, { PATH: '/bin', ELECTRON_RUN_AS_NODE: '1' });
    const pg = exportCommand({ extensionPath: '/ext', folder: '/ws', target: 'postgres', schemaOnly: false, out: '/o.sql' }, 'node', {});
    assert.ok(!pg.args.includes('--schema-only'));
    assert.deepEqual(pg.args.slice(3, 5), ['--target', 'postgres']);
  });

  it('splits the CLI messages into warnings and errors', () => {
    const m = exportMessages(
      [
        'sightline: perspective OrderToCash of "Sales/O2C Analytics": not exported: §P10 …',
        'sightline: warning: table X: cannot read; its table is exported empty',
        'sightline: error: pool "p…": 300 characters, Snowflake identifiers hold at most 255',
        'sightline: export: 1 name(s) or value(s) Snowflake cannot hold; nothing written',
        '',
      ].join('\n'),
    );
    assert.deepEqual(m.warnings, ['perspective OrderToCash of "Sales/O2C Analytics": not exported: §P10 …', 'table X: cannot read; its table is exported empty']);
    assert.deepEqual(m.errors, ['pool "p…": 300 characters, Snowflake identifiers hold at most 255', 'export: 1 name(s) or value(s) Snowflake cannot hold; nothing written']);
  });

  it('suggests a file named after the folder and the target', () => {
    assert.equal(defaultOutFile('/ws/acme', 'postgres', false), path.join('/ws/acme', 'acme.postgres.sql'));
    assert.equal(defaultOutFile('/ws/acme', 'snowflake', true), path.join('/ws/acme', 'acme.snowflake.schema.sql'));
  });

  it('the bundled CLI exports from a copy of dist/ without node_modules (as in the VSIX)', function () {
    if (!existsSync(path.join(ROOT, 'dist', 'cli.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
    const ext = mkdtempSync(path.join(os.tmpdir(), 'sightline-ext-'));
    mkdirSync(path.join(ext, 'dist'));
    for (const f of ['cli.js', 'duckdb-eh.wasm', 'package.json']) copyFileSync(path.join(ROOT, 'dist', f), path.join(ext, 'dist', f));
    const out = path.join(ext, 'acme.sql');
    const { command, args, env } = exportCommand({ extensionPath: ext, folder: path.join(ROOT, 'examples', 'acme'), target: 'snowflake', schemaOnly: true, out }, process.execPath, { PATH: process.env.PATH });
    const r = spawnSync(command, args, { env, cwd: ext, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(out, 'utf8'), /CREATE ROW ACCESS POLICY/);
    assert.deepEqual(exportMessages(r.stderr).errors, []);
    assert.match(exportMessages(r.stderr).warnings.join('\n'), /perspective OrderToCash/);
    rmSync(ext, { recursive: true, force: true });
  });
});
