// `sightline check` as scripts and CI use it: the built CLI, run as a process on real folders.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve('bin/sightline.cjs');

function run(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const BROKEN = {
  'defs/org.pool': 'team Finance {\n  user "a@acme.com" role boss\n}\npool "P" in Finance {\n  engine etl\n  connection SAP {\n    table BKPF from "../data/bkpf.csv"\n  }\n}\n',
  'data/bkpf.csv': 'BUKRS,BELNR\n1000,1\n',
};

describe('sightline check', () => {
  before(() => assert.ok(existsSync('dist/cli.js'), 'dist/cli.js is missing: run `npm run build` (npm test does)'));

  it('checks the example workspace clean: exit 0, no errors or warnings', () => {
    const r = run(['check', 'examples/acme']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^0 errors, 0 warnings, \d+ notes in \d+ definition files$/m);
  });

  it('prints the JSON contract: 1-based positions, files relative to DIR, exit 1 on errors', () => {
    const dir = workspace(BROKEN);
    const r = run(['check', dir, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.deepEqual(list, [
      {
        file: 'defs/org.pool',
        line: 2,
        column: 26,
        endLine: 2,
        endColumn: 30,
        severity: 'error',
        code: 'unknown-role',
        message: 'unknown role boss; a team role is one of admin, analyst, member, viewer',
      },
    ]);
  });

  it('prints compiler-style text lines and a summary, and reads the current folder by default', () => {
    const dir = workspace(BROKEN);
    const r = run(['check'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout.split('\n')[0], 'defs/org.pool:2:26 error unknown-role unknown role boss; a team role is one of admin, analyst, member, viewer');
    assert.match(r.stdout, /^1 error, 0 warnings, 0 notes in 1 definition file$/m);
  });

  it('colours the text output when asked to (FORCE_COLOR), and not otherwise', () => {
    const dir = workspace(BROKEN);
    const plain = run(['check', dir]);
    assert.doesNotMatch(plain.stdout, /\x1b\[/);
    const coloured = spawnSync(process.execPath, [CLI, 'check', dir], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '1' } });
    assert.match(coloured.stdout, /\x1b\[31merror\x1b\[0m/);
  });

  it('exits 0 on warnings only', () => {
    const dir = workspace({ 'a.pool': 'team A {\n  user "a@x.com" role admin\n}\npool "P" in A {\n  engine etl\n  engine etl\n}\n' });
    const r = run(['check', dir, '--format', 'json']);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual((JSON.parse(r.stdout) as { code: string }[]).map((d) => d.code), ['duplicate-setting']);
  });

  for (const [args, pattern] of [
    [['check', '--format', 'xml'], /--format is text or json/],
    [['check', 'no/such/folder'], /no folder no\/such\/folder/],
    [['check', '--frobnicate'], /check: .*frobnicate.*sightline check --help/],
    [['check', 'a', 'b'], /expected one folder/],
    [['frob'], /unknown command frob/],
    [[], /Usage:/],
  ] as const) {
    it(`exits 2 with a helpful message: sightline ${args.join(' ')}`, () => {
      const r = run([...args]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr + r.stdout, pattern);
    });
  }
});
