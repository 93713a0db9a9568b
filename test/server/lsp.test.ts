// Talks LSP over stdio to the real server process (dist/server.js, built by `npm test`)
// about a temporary workspace, and checks the diagnostics it publishes as files change.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, positionOf } from '../support/lsp-client.js';

const ORG = `team Sales {
  user "a@acme.com" role admin
  user "b@acme.com" role boss
}
`;
const ORG_FIXED = ORG.replace('role boss', 'role viewer');
const ORG_SYNTAX_ERROR = ORG_FIXED.replace('role viewer', 'role viewer\n  user "c@acme.com" role {');

const SALES = `pool "Orders" in Sales {
  engine etl
  grant "a@acme.com" edit
  connection ERP {
    table VBAK from "data/vbak.csv"
  }
  model OrderModel {
    table ERP.VBAK as Orders
    usage "a@acme.com"
  }
}
`;

// `combine by-rows` is wrong on purpose: this file keeps an unknown-combine-mode throughout.
const PERM = `permissions for "Sales/Orders".OrderModel {
  use data permissions
  combine by-rows
  user "a@acme.com" {
    Orders.VKORG in "DE10"
  }
}
`;

describe('language server over stdio', function () {
  let root: string;
  let client: LspClient;
  const file = (name: string) => path.join(root, name);

  before(async function () {
    root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sightline-lsp-')));
    mkdirSync(file('data'));
    writeFileSync(file('org.pool'), ORG);
    writeFileSync(file('sales.pool'), SALES);
    writeFileSync(file('orders.perm'), PERM);
    writeFileSync(file('data/vbak.csv'), 'VBELN,VKORG\n1,DE10\n2,ES10\n');
    client = await LspClient.start(root, { settings: { engine: { enabled: false } } });
  });

  after(async function () {
    await client?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('publishes an unknown role at its 0-based range', async function () {
    await client.waitFor('unknown-role in org.pool', () => client.codes('org.pool').includes('unknown-role'));
    const d = client.diagnostics.get(client.uri('org.pool'))!.find((x) => x.code === 'unknown-role')!;
    const start = positionOf(ORG, 'boss');
    assert.deepEqual(d.range, { start, end: { line: start.line, character: start.character + 'boss'.length } });
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'sightline');
    await client.waitFor('unknown-combine-mode in orders.perm', () => client.codes('orders.perm').includes('unknown-combine-mode'));
  });

  it('registers for watched file changes', function () {
    const watch = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.ok(watch, `no workspace/didChangeWatchedFiles registration among ${JSON.stringify(client.registrations)}`);
    const globs = JSON.stringify(watch.registerOptions);
    for (const glob of ['csv', 'parquet', 'sightline.lock']) assert.ok(globs.includes(glob), `watchers ${globs} miss ${glob}`);
  });

  it('clears a file fixed in the editor', async function () {
    await client.open('org.pool', ORG);
    await client.change('org.pool', ORG_FIXED);
    await client.waitFor('an empty list for org.pool', () => client.diagnostics.get(client.uri('org.pool'))?.length === 0);
    assert.ok(client.codes('orders.perm').includes('unknown-combine-mode'));
  });

  it('reports a syntax error in an open document and keeps the other files', async function () {
    await client.change('org.pool', ORG_SYNTAX_ERROR);
    await client.waitFor('syntax-error in org.pool', () => client.codes('org.pool').includes('syntax-error'));
    assert.ok(client.codes('orders.perm').includes('unknown-combine-mode'), `orders.perm: ${client.codes('orders.perm').join(', ')}`);
  });

  it('goes back to the text on disk when the document closes', async function () {
    await client.close('org.pool');
    await client.waitFor('unknown-role (from disk) in org.pool', () => client.codes('org.pool').includes('unknown-role') && !client.codes('org.pool').includes('syntax-error'));
  });

  it('reports a data file deleted on disk', async function () {
    unlinkSync(file('data/vbak.csv'));
    await client.fileChanged('data/vbak.csv', 3);
    await client.waitFor('data-file-missing in sales.pool', () => client.codes('sales.pool').includes('data-file-missing'));
    const d = client.diagnostics.get(client.uri('sales.pool'))!.find((x) => x.code === 'data-file-missing')!;
    assert.equal(d.range.start.line, positionOf(SALES, 'data/vbak.csv').line);
  });

  it('checks a definition file created on disk, and clears its diagnostics when it is deleted', async function () {
    writeFileSync(file('extra.pool'), 'team Extra {\n  user "x@acme.com" role chief\n}\n');
    await client.fileChanged('extra.pool', 1);
    await client.waitFor('unknown-role in extra.pool', () => client.codes('extra.pool').includes('unknown-role'));
    unlinkSync(file('extra.pool'));
    await client.fileChanged('extra.pool', 3);
    await client.waitFor('an empty list for the deleted extra.pool', () => client.diagnostics.get(client.uri('extra.pool'))?.length === 0);
  });
});
