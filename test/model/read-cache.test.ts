// The server checks the whole workspace after every keystroke: unchanged data files and
// permission tables are read once, and a changed one is read again at the next check.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkWorkspace } from '../../language/check-workspace.js';
import type { FileAccess } from '../../model/files.js';
import { nodeFiles } from '../../model/node-files.js';
import { ReadCache } from '../../model/read-cache.js';

const POOL = `team T {
  user "a@x.com" role admin
}
pool "P" in T {
  engine etl
  connection C {
    table Orders from "orders.csv"
  }
  model M {
    table C.Orders
  }
}
permissions for M {
  use data permissions
  user "a@x.com" { Orders.REGION in "EU" }
  table "perm.csv" values users {
    user U
    table T
    column K
    value V
  }
}
`;

/** nodeFiles, counting the reads of each file. */
function countingFiles(reads: Map<string, number>): FileAccess {
  return {
    stat: (p) => nodeFiles.stat(p),
    read: (p, start, end) => {
      reads.set(path.basename(p), (reads.get(path.basename(p)) ?? 0) + 1);
      return nodeFiles.read(p, start, end);
    },
  };
}

describe('ReadCache', () => {
  it('reads unchanged data files and permission tables once, and a changed file again', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-cache-'));
    writeFileSync(path.join(dir, 'p.pool'), POOL);
    writeFileSync(path.join(dir, 'orders.csv'), 'ID,AMOUNT\n1,10\n');
    writeFileSync(path.join(dir, 'perm.csv'), 'U,T,K,V\na@x.com,Orders,ID,1\n');
    const reads = new Map<string, number>();
    const files = countingFiles(reads);
    const cache = new ReadCache();

    const first = await checkWorkspace(dir, { files, cache });
    assert.deepEqual(first.diagnostics.map((d) => d.code), ['unknown-column'], 'REGION is not a column yet');
    const afterFirst = new Map(reads);
    await checkWorkspace(dir, { files, cache });
    assert.equal(reads.get('orders.csv'), afterFirst.get('orders.csv'), 'unchanged orders.csv was read again');
    assert.equal(reads.get('perm.csv'), afterFirst.get('perm.csv'), 'unchanged perm.csv was read again');
    assert.equal(reads.get('p.pool'), 2 * afterFirst.get('p.pool')!, 'definition files are read at every check');

    writeFileSync(path.join(dir, 'orders.csv'), 'ID,AMOUNT,REGION\n1,10,EU\n');
    const third = await checkWorkspace(dir, { files, cache });
    assert.ok(reads.get('orders.csv')! > afterFirst.get('orders.csv')!, 'changed orders.csv was not read again');
    assert.deepEqual(third.diagnostics.filter((d) => d.severity !== 'information'), [], 'the new REGION column was not seen');
  });
});
