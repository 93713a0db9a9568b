// The export reader (export/source.ts): table rows read in batches, and each group's members
// listed in one pass (lower-cased emails, only the team's declared users, no duplicates,
// the team's declaration order).
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkWorkspace } from '../../language/check-workspace.js';
import { nodeFiles } from '../../model/node-files.js';
import { openExportReader } from '../../export/node.js';
import { exportPostgres, postgresScript } from '../../export/postgres.js';
import type { ExportInput } from '../../export/source.js';

async function read(dir: string, withRows: boolean): Promise<ExportInput> {
  const { model, data } = await checkWorkspace(dir);
  return (await openExportReader()).read(model, data, nodeFiles, withRows);
}

describe('export reader', function () {
  this.timeout(120_000);

  it('reads every table in batches of any size, in file order, the same rows as one batch', async () => {
    const input = await read(path.resolve('examples/acme'), true);
    let tables = 0;
    for (const t of input.tables) {
      if (!t.rows) continue;
      const whole = [...t.rows.batches(1_000_000)].flat();
      assert.equal(whole.length, t.rows.count, `${t.connection}.${t.table}`);
      const batches = [...t.rows.batches(7)];
      assert.ok(batches.every((b, i) => b.length === (i < batches.length - 1 ? 7 : b.length)));
      assert.deepEqual(batches.flat(), whole);
      assert.equal(t.rows.hasNul, false);
      if (whole.length > 0) tables++;
    }
    assert.ok(tables >= 4, `${tables} tables with rows`);
  });

  it('postgresScript streams exactly the script exportPostgres returns', async () => {
    const input = await read(path.resolve('examples/acme'), true);
    const script = postgresScript(input);
    const chunks = [...script.chunks()];
    assert.ok(chunks.length > 3);
    assert.equal(chunks.join(''), exportPostgres(input).sql);
    assert.deepEqual(script.errors, []);
  });

  it("lists a group's members once each, lower case, only the team's users, in the team's order", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-members-'));
    mkdirSync(path.join(dir, 'data'));
    writeFileSync(path.join(dir, 'data', 'v.csv'), 'id\n1\n');
    writeFileSync(
      path.join(dir, 'org.pool'),
      [
        'team T {',
        '  user "B@x.com" role member',
        '  user "a@x.com" role member',
        '  user "c@x.com" role member',
        '  group "G" members "c@x.com", "A@X.com", "stranger@x.com", "b@x.com", "a@x.com"',
        '  group "Empty" members "stranger@x.com"',
        '}',
        'pool "P" in T {',
        '  engine etl',
        '  connection S {',
        '    table V from "data/v.csv"',
        '  }',
        '}',
      ].join('\n') + '\n',
    );
    const input = await read(dir, false);
    const team = input.teams.find((t) => t.name === 'T')!;
    assert.deepEqual(team.users, ['b@x.com', 'a@x.com', 'c@x.com']);
    assert.deepEqual(team.groups, [
      { name: 'G', members: ['b@x.com', 'a@x.com', 'c@x.com'] },
      { name: 'Empty', members: [] },
    ]);
  });
});
