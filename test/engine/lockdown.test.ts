// The engine's DuckDB is locked down before any data is loaded: no file outside what the
// engine registers, no extension loading, no configuration change; values never reach SQL.
import { strict as assert } from 'node:assert';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Engine } from '../../engine/index.js';
import { startNodeEngine } from '../../engine/node.js';
import { copyOfExample, loadFolder } from '../support/engine-workspace.js';

describe('engine: lockdown, values as data, incremental reload', function () {
  this.timeout(60_000);
  let engine: Engine;
  before(async () => {
    engine = await startNodeEngine();
  });

  const refused = (sql: string, message: RegExp) => assert.throws(() => engine.session.query(sql), message, sql);

  it('cannot read or write the real file system', () => {
    refused(`SELECT * FROM read_csv('/etc/passwd')`, /Permission Error|disabled/);
    refused(`SELECT * FROM read_csv('/sightline/../etc/passwd')`, /Permission Error|disabled/);
    refused(`SELECT * FROM read_text('${path.resolve('package.json')}')`, /Permission Error|disabled/);
    refused(`COPY (SELECT 1) TO '/tmp/sightline-escape.csv'`, /Permission Error|disabled/);
    refused(`ATTACH '/tmp/sightline-escape.db'`, /Permission Error|disabled/);
  });

  it('cannot load extensions or change the configuration back', () => {
    refused(`SELECT * FROM read_parquet('/sightline/x.parquet')`, /parquet/i);
    refused(`LOAD httpfs`, /./);
    refused(`SET enable_external_access = true`, /configuration/i);
    refused(`SET allowed_directories = ['/']`, /configuration/i);
    refused(`SET autoload_known_extensions = true`, /configuration/i);
  });

  it('cannot reach the network: URLs, httpfs, extension installs from a URL; a local server sees no request', async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.end('a,b\n1,2\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Refused by the lockdown itself: the message is DuckDB's permission error, not "no such
      // file" (an unlocked Node DuckDB-WASM answers "IO Error: No files found" for the same URL).
      const denied = /Permission Error: Cannot access file .*disabled by configuration/;
      refused(`SELECT * FROM read_csv('${base}/x.csv')`, denied);
      refused(`SELECT * FROM '${base}/implicit.csv'`, denied);
      refused(`SELECT * FROM read_text('${base}/t.txt')`, denied);
      refused(`SELECT * FROM read_blob('${base}/b.bin')`, denied);
      refused(`ATTACH '${base}/remote.db' AS remote`, denied);
      refused(`COPY (SELECT 1 AS x) TO '${base}/upload.csv'`, denied);
      refused(`SELECT * FROM read_csv('https://127.0.0.1:1/x.csv')`, denied);
      refused(`SELECT * FROM read_csv('s3://bucket/x.csv')`, /Permission Error|disabled/);
      // Readers that would need an extension are not there and cannot be autoloaded.
      refused(`SELECT * FROM read_parquet('${base}/x.parquet')`, /not in the catalog/);
      refused(`SELECT * FROM read_json('${base}/x.json')`, /not in the catalog/);
      // INSTALL is a no-op in DuckDB-WASM (nothing is downloaded, checked below); LOAD is refused,
      // and the extension repository cannot be pointed elsewhere.
      for (const sql of ['INSTALL httpfs', `INSTALL httpfs FROM '${base}/'`, `FORCE INSTALL json FROM '${base}/'`]) {
        try {
          engine.session.query(sql);
        } catch {
          // refused is fine too
        }
      }
      refused(`LOAD httpfs`, /Loading external extensions is disabled/);
      refused(`LOAD '${base}/httpfs.duckdb_extension'`, /disabled/);
      refused(`SET custom_extension_repository = '${base}/'`, /configuration has been locked/);
      refused(`SET autoinstall_known_extensions = true`, /configuration has been locked/);
      // After all that, a URL is still refused the same way.
      refused(`SELECT * FROM read_csv('${base}/after-install.csv')`, denied);
      // The server answers (a plain fetch reaches it), and DuckDB never sent it a request.
      assert.equal(await (await fetch(`${base}/control`)).text(), 'a,b\n1,2\n');
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(requests, ['GET /control'], 'only the test itself reached the server');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('never pastes a rule value into SQL: hostile values are data', async () => {
    const dir = copyOfExample();
    const perm = path.join(dir, 'permissions/accounts-payable.perm');
    const hostile = `DE' OR '1'='1`;
    writeFileSync(perm, readFileSync(perm, 'utf8').replace('Vendors.LAND1 in "DE", "AT"', `Vendors.LAND1 in "${hostile}", "AT"`));
    const { engine: e } = await loadFolder(dir);
    e.session.statementLog = [];
    try {
      const counts = await e.counts({ pool: 'Procurement/AP Analytics', name: 'AccountsPayable' }, 'p.buyer@acme.com');
      // Only the Austrian vendors of EKORG 1000 remain; the injected text matched nothing.
      assert.ok(counts[0].visible > 0 && counts[0].visible < 47, JSON.stringify(counts));
      const log = e.session.statementLog.join('\n');
      assert.ok(log.length > 0);
      assert.ok(!log.includes(`'1'='1`) && !log.includes('"AT"') && !log.includes(`'AT'`), 'values never appear in SQL text');
    } finally {
      e.session.statementLog = undefined;
    }
  });

  it('reloads only the data files that changed, and sees their new rows', async () => {
    const dir = copyOfExample();
    const first = await loadFolder(dir);
    assert.ok(first.report.loaded.length >= 10);
    const again = await loadFolder(dir);
    assert.deepEqual(again.report.loaded, [], 'nothing changed: nothing reloaded');
    const bkpf = path.join(dir, 'data/ap/bkpf.csv');
    const last = readFileSync(bkpf, 'utf8').trimEnd().split('\n').at(-1)!;
    appendFileSync(bkpf, last.replace(/^(\d+),(\d+)/, '$1,5999999999') + '\n');
    const third = await loadFolder(dir);
    assert.deepEqual(third.report.loaded, [bkpf]);
    const counts = await third.engine.counts({ pool: 'Procurement/AP Analytics', name: 'AccountsPayable' }, 'l.meyer@acme.com');
    assert.equal(counts.find((c) => c.table === 'Invoices')!.total, 951, 'the new row shows through the import at once (§S5)');
  });

  it('a data file that cannot be loaded makes an empty table and grants nothing', async () => {
    const dir = copyOfExample();
    const lfa1 = path.join(dir, 'data/ap/lfa1.parquet');
    writeFileSync(lfa1, readFileSync(lfa1).subarray(0, 4));
    const { engine: e, report } = await loadFolder(dir);
    assert.ok(report.errors.some((x) => x.file === lfa1));
    const counts = await e.counts({ pool: 'Procurement/AP Analytics', name: 'AccountsPayable' }, 'p.buyer@acme.com');
    assert.deepEqual(counts.map((c) => c.visible), [0, 0, 0, 0], 'rules on the broken table hide its whole component');
    assert.ok(counts[0].error);
  });
});
