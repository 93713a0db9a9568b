// The server's plain parts, without a process: what to publish per run, and the scheduler.
import { strict as assert } from 'node:assert';
import type { Diagnostic } from '../../model/types.js';
import { FolderDiagnostics } from '../../server/folder-diagnostics.js';
import { SerialDebounce } from '../../server/serial-debounce.js';

const diag = (file: string, code: string): Diagnostic => ({
  range: { file, start: { line: 0, column: 0 }, end: { line: 0, column: 1 } },
  severity: 'error',
  code,
  message: code,
});

describe('FolderDiagnostics', function () {
  it('groups by file, clears fixed files and leaves out unchanged lists', function () {
    const f = new FolderDiagnostics('/ws');
    const first = f.next([diag('/ws/a.pool', 'x'), diag('/ws/b.perm', 'y'), diag('/ws/a.pool', 'z')]);
    assert.deepEqual([...first.keys()], ['/ws/a.pool', '/ws/b.perm']);
    assert.equal(first.get('/ws/a.pool')!.length, 2);

    const second = f.next([diag('/ws/b.perm', 'y'), diag('/ws/perm/t.csv', 'w')]);
    assert.deepEqual([...second].map(([file, list]) => [file, list.length]), [['/ws/perm/t.csv', 1], ['/ws/a.pool', 0]]);

    assert.deepEqual([...f.clear()].map(([file, list]) => [file, list.length]), [['/ws/b.perm', 0], ['/ws/perm/t.csv', 0]]);
    assert.equal(f.next([]).size, 0);
  });

  it('knows which files lie in its folder', function () {
    const f = new FolderDiagnostics('/ws');
    assert.ok(f.contains('/ws/a/b.csv'));
    assert.ok(!f.contains('/wsx/a.pool'));
    assert.ok(!f.contains('/other/a.pool'));
  });
});

describe('SerialDebounce', function () {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const until = async (what: string, cond: () => boolean) => {
    for (let waited = 0; !cond(); waited += 5) {
      if (waited > 5000) throw new Error(`timed out waiting for ${what}`);
      await sleep(5);
    }
  };

  it('runs once for a burst, never overlaps, and runs once more after requests during a run', async function () {
    let runs = 0;
    let active = 0;
    let maxActive = 0;
    let finish = () => {};
    const d = new SerialDebounce(() => {
      runs++;
      maxActive = Math.max(maxActive, ++active);
      return new Promise<void>((resolve) => {
        finish = () => {
          active--;
          resolve();
        };
      });
    }, 10);
    d.schedule();
    d.schedule();
    d.schedule();
    await until('the first run', () => runs === 1);
    d.schedule(); // during the run
    d.schedule();
    await sleep(40);
    assert.equal(runs, 1, 'a second run started while the first was in flight');
    finish();
    await until('the run scheduled during the first', () => runs === 2);
    finish();
    await sleep(40);
    assert.equal(runs, 2);
    assert.equal(maxActive, 1);
    d.dispose();
    d.schedule();
    await sleep(40);
    assert.equal(runs, 2, 'ran after dispose');
  });
});
