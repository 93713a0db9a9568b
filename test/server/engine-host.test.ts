// The engine behind the language server, in its worker thread (server/engine-host.ts): it
// answers as the in-process engine does, the newest of several quick loads wins, a worker
// that dies fails what was waiting and comes back on the next call (a few times, not
// forever), and the main thread keeps running while the worker loads.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkWorkspace } from '../../language/check-workspace.js';
import { WorkspaceIndex } from '../../model/workspace-index.js';
import type { EngineStatus } from '../../server/engine-api.js';
import { EngineHost, EngineRequestError } from '../../server/engine-host.js';
import type { Snapshot } from '../../server/features/snapshot.js';
import { copyOfExample, loadFolder } from '../support/engine-workspace.js';

const AP = { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' };
const O2C = { pool: 'Sales/O2C Analytics', name: 'OrderToCash' };
/** Started from the TypeScript source through tsx (the bundle starts dist/engine-worker.js). */
const WORKER = path.resolve('server/engine-worker.ts');

async function snapshotOf(dir: string): Promise<Snapshot> {
  const root = path.resolve(dir);
  const { model, data, diagnostics } = await checkWorkspace(root);
  return { root, model, index: new WorkspaceIndex(model, data.lock), data, diagnostics, texts: new Map() };
}

/** A copy of the example where p.buyer keeps only German vendors. */
function narrowedCopy(): string {
  const dir = copyOfExample();
  const perm = path.join(dir, 'permissions/accounts-payable.perm');
  writeFileSync(perm, readFileSync(perm, 'utf8').replace('Vendors.LAND1 in "DE", "AT"', 'Vendors.LAND1 in "DE"'));
  return dir;
}

/** Stops the worker (as a crash would) each time a load starts, while `on` says so. */
function killLoads(host: EngineHost, on: () => boolean): void {
  host.onStatus((s) => {
    if (s.state === 'loading' && on()) void host.workerForTests?.terminate();
  });
}


/**
 * The host's counts without the data generation each entry carries (server/engine-host.ts),
 * after checking that every entry carries the generation of the host's last load.
 */
function untagged<T extends object>(host: EngineHost, tagged: (T & { generation?: number })[]): Omit<T, 'generation'>[] {
  for (const t of tagged) assert.equal(t.generation, host.generation(), 'each entry carries the generation of the last load');
  return tagged.map(({ generation: _generation, ...rest }) => rest as Omit<T, 'generation'>);
}
describe('EngineHost (the engine in a worker thread)', function () {
  this.timeout(120_000);
  let acme: Snapshot;
  before(async () => {
    acme = await snapshotOf('examples/acme');
  });

  describe('one host through its normal life', function () {
    const host = new EngineHost(); // the default worker: engine-worker.ts beside engine-host.ts under tsx
    const statuses: EngineStatus[] = [];
    host.onStatus((s) => statuses.push(s));
    after(() => host.dispose());

    it('starts on the first load and answers counts as the in-process engine does, for users and groups', async () => {
      await assert.rejects(host.counts(AP, { kind: 'user', name: 'p.buyer@acme.com' }), /no workspace is loaded yet/);
      assert.deepEqual(host.status(), { state: 'idle' }, 'a query before any load starts nothing');
      await host.load(acme);
      assert.deepEqual(statuses.map((s) => s.state), ['starting', 'loading', 'ready']);
      assert.equal(host.status().state, 'ready');
      const { engine } = await loadFolder('examples/acme');
      for (const email of engine.usersOf(AP)) assert.deepEqual(untagged(host, await host.counts(AP, { kind: 'user', name: email })), await engine.counts(AP, email), email);
      for (const email of engine.usersOf(O2C)) assert.deepEqual(untagged(host, await host.counts(O2C, { kind: 'user', name: email })), await engine.counts(O2C, email), email);
      assert.deepEqual(untagged(host, await host.counts(AP, { kind: 'group', name: 'Buyers France' })), await engine.countsFor(AP, { kind: 'group', name: 'Buyers France' }));
    });

    it('answers the editor queries with plain data, and engine errors with suggestions', async () => {
      const { engine } = await loadFolder('examples/acme');
      assert.deepEqual(await host.columnValues(AP, 'Vendors', 'LAND1', { limit: 5 }), await engine.columnValues(AP, 'Vendors', 'LAND1', { limit: 5 }));
      assert.deepEqual(await host.ruleKeeps(AP, 'Vendors', 'EKORG', ['1000']), await engine.ruleKeeps(AP, 'Vendors', 'EKORG', ['1000']));
      assert.deepEqual(await host.parentValues(AP, 'Invoices', 'BUKRS', ['1000']), await engine.parentValues(AP, 'Invoices', 'BUKRS', ['1000']));
      assert.deepEqual(await host.explain(AP, 'p.buyer@acme.com', 'Vendors', [{ column: 'LIFNR', value: 'V100001' }]), await engine.explain(AP, 'p.buyer@acme.com', 'Vendors', [{ column: 'LIFNR', value: 'V100001' }]));
      assert.deepEqual(await host.diff(AP, 'p.buyer@acme.com', 's.dubois@acme.com'), await engine.diff(AP, 'p.buyer@acme.com', 's.dubois@acme.com'));
      assert.ok(Array.isArray(await host.dataDiagnostics()));
      await assert.rejects(host.counts(AP, { kind: 'group', name: 'Buyers Frnace' }), (e: EngineRequestError) => e instanceof EngineRequestError && /no group "Buyers Frnace"/.test(e.message) && e.suggestions.includes('Buyers France'));
    });

    it('of loads that arrive faster than the worker loads, runs only the latest pending one; queries answer for it', async () => {
      const narrowed = await snapshotOf(narrowedCopy());
      statuses.length = 0;
      const first = host.load(await snapshotOf('examples/acme')); // not the snapshot held: it loads
      const skipped = host.load(acme);
      const last = host.load(narrowed);
      const query = host.counts(AP, { kind: 'user', name: 'p.buyer@acme.com' });
      await Promise.all([first, skipped, last]);
      // The first load was in flight; of the two that waited, only the newest ran.
      assert.deepEqual(statuses.map((s) => s.state), ['loading', 'loading', 'ready']);
      const { engine } = await loadFolder(narrowed.root);
      const expected = await engine.counts(AP, 'p.buyer@acme.com');
      assert.deepEqual(untagged(host, await query), expected, 'answered for the generation of the last load sent');
      assert.ok(expected[0].visible < 47, 'the narrowed rule shows fewer vendors than the example');
    });

    it('keeps the main thread running while the worker loads a bigger workspace', async () => {
      const dir = copyOfExample();
      const bseg = path.join(dir, 'data/ap/bseg.csv');
      const [header, ...lines] = readFileSync(bseg, 'utf8').trim().split('\n');
      const copies = 100;
      writeFileSync(bseg, [header, ...Array.from({ length: copies }, () => lines).flat()].join('\n') + '\n');
      const big = await snapshotOf(dir);
      let ticks = 0;
      let ticking = true;
      const tick = () => {
        ticks++;
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      const ticksDuringLoad = await host.load(big).then(() => ticks);
      ticking = false;
      assert.ok(ticksDuringLoad > 10, `the event loop ticked ${ticksDuringLoad} times during the load`);
      const counts = await host.counts(AP, { kind: 'user', name: 'l.meyer@acme.com' });
      assert.equal(counts.find((c) => c.table === 'InvoiceItems')!.total, lines.length * copies);
    });
  });

  it('when the worker dies, what waited fails clearly; the next call restarts it and loads the last snapshot again', async () => {
    const host = new EngineHost({ workerPath: WORKER });
    try {
      let kill = true;
      killLoads(host, () => kill);
      const loading = host.load(acme);
      const waiting = host.counts(AP, { kind: 'user', name: 'p.buyer@acme.com' });
      await assert.rejects(loading, /the engine stopped \(exit code \d+\)/);
      await assert.rejects(waiting, /the engine stopped/);
      const failed = host.status();
      assert.equal(failed.state, 'failed');
      assert.ok(failed.state === 'failed' && failed.restarts === 0 && /restarts on the next request/.test(failed.message), JSON.stringify(failed));
      assert.equal(host.workerForTests, undefined);

      kill = false;
      const { engine } = await loadFolder('examples/acme');
      assert.deepEqual(untagged(host, await host.counts(AP, { kind: 'user', name: 'p.buyer@acme.com' })), await engine.counts(AP, 'p.buyer@acme.com'));
      assert.equal(host.status().state, 'ready');

      // A crash after the load: the next call reloads the same snapshot in a fresh worker.
      await host.workerForTests!.terminate();
      assert.ok(host.status().state === 'failed' && (host.status() as { restarts: number }).restarts === 1);
      assert.deepEqual(untagged(host, await host.counts(AP, { kind: 'group', name: 'Buyers France' })), await engine.countsFor(AP, { kind: 'group', name: 'Buyers France' }));
    } finally {
      await host.dispose();
    }
  });

  it('stops restarting after too many restarts within the window, and says so', async () => {
    const host = new EngineHost({ workerPath: WORKER, maxRestarts: 2 });
    try {
      killLoads(host, () => true);
      for (let i = 0; i < 3; i++) await assert.rejects(host.load(acme), /the engine stopped/); // first start, then two restarts
      await assert.rejects(host.counts(AP, { kind: 'user', name: 'p.buyer@acme.com' }), /stays off/);
      const status = host.status();
      assert.ok(status.state === 'failed' && status.restarts === 2 && /stays off/.test(status.message), JSON.stringify(status));
      assert.equal(host.workerForTests, undefined, 'no worker is started any more');
      await assert.rejects(host.load(acme), /stays off/);
    } finally {
      await host.dispose();
    }
  });

  it('stops a worker that does not answer in time, and fails the request', async () => {
    const host = new EngineHost({ workerPath: WORKER, timeoutMs: 50 });
    try {
      await assert.rejects(host.load(acme), /did not answer load within 50 ms/);
      assert.equal(host.status().state, 'failed');
    } finally {
      await host.dispose();
    }
  });

  it('fails the request when the worker cannot start', async () => {
    const host = new EngineHost({ workerPath: path.resolve('scratch/no-such-engine-worker.js') });
    try {
      await assert.rejects(host.load(acme), /the engine stopped: Cannot find module/);
      assert.equal(host.status().state, 'failed');
    } finally {
      await host.dispose();
    }
  });

  it('fails requests after dispose', async () => {
    const host = new EngineHost({ workerPath: WORKER });
    await host.dispose();
    await assert.rejects(host.load(acme), /shut down/);
  });
});
