// Talks LSP over stdio to the real server process (dist/server.js, built by `npm test`)
// about a temporary workspace, and checks the diagnostics it publishes as files change.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as JsonRpc from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';

// A CommonJS package: load it through require to get its real exports.
const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node') as typeof JsonRpc;

const serverPath = fileURLToPath(new URL('../../dist/server.js', import.meta.url));
const WAIT_MS = 10_000;

interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}

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

/** The 0-based line and character of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `fixture has no ${needle}`);
  return { line, character: lines[line].indexOf(needle) };
}

describe('language server over stdio', function () {
  let root: string;
  let server: ChildProcess;
  let connection: JsonRpc.MessageConnection;
  let stderr = '';
  const latest = new Map<string, LspDiagnostic[]>();
  const listeners = new Set<() => void>();
  const registrations: { method: string; registerOptions?: unknown }[] = [];

  const file = (name: string) => path.join(root, name);
  const uri = (name: string) => URI.file(file(name)).toString();
  const codes = (name: string) => (latest.get(uri(name)) ?? []).map((d) => d.code);

  /** Resolves once `ready()` holds for the diagnostics received so far. */
  function waitFor(what: string, ready: () => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!ready()) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        const seen = [...latest].map(([u, list]) => `  ${path.basename(u)}: [${list.map((d) => d.code).join(', ')}]`).join('\n');
        reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}; latest diagnostics:\n${seen || '  (none)'}\nserver stderr:\n${stderr}`));
      }, WAIT_MS);
      listeners.add(check);
      check();
    });
  }

  let version = 0;
  const open = (name: string, text: string) =>
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'sightline', version: ++version, text } });
  const change = (name: string, text: string) =>
    connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(name), version: ++version }, contentChanges: [{ text }] });

  before(async function () {
    if (!existsSync(serverPath)) {
      throw new Error(`${serverPath} is missing: build it with \`node scripts/build.mjs\` (\`npm test\` builds first)`);
    }
    root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sightline-lsp-')));
    mkdirSync(file('data'));
    writeFileSync(file('org.pool'), ORG);
    writeFileSync(file('sales.pool'), SALES);
    writeFileSync(file('orders.perm'), PERM);
    writeFileSync(file('data/vbak.csv'), 'VBELN,VKORG\n1,DE10\n2,ES10\n');

    server = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    connection = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout!), new rpc.StreamMessageWriter(server.stdin!));
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: LspDiagnostic[] }) => {
      latest.set(params.uri, params.diagnostics);
      for (const listener of [...listeners]) listener();
    });
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      registrations.push(...params.registrations);
      return null;
    });
    connection.listen();

    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: URI.file(root).toString(),
      workspaceFolders: null,
      capabilities: {
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: {} },
      },
    });
    await connection.sendNotification('initialized', {});
  });

  after(async function () {
    if (connection) {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((_, reject) => setTimeout(() => reject(new Error('shutdown timed out')), 5000))]);
        await connection.sendNotification('exit');
      } catch {
        // the process is killed below anyway
      }
    }
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
      if (server.exitCode === null) server.kill();
    }
    connection?.dispose();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('publishes an unknown role at its 0-based range', async function () {
    await waitFor('unknown-role in org.pool', () => codes('org.pool').includes('unknown-role'));
    const d = latest.get(uri('org.pool'))!.find((x) => x.code === 'unknown-role')!;
    const start = positionOf(ORG, 'boss');
    assert.deepEqual(d.range, { start, end: { line: start.line, character: start.character + 'boss'.length } });
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'sightline');
    await waitFor('unknown-combine-mode in orders.perm', () => codes('orders.perm').includes('unknown-combine-mode'));
  });

  it('registers for watched file changes', function () {
    const watch = registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.ok(watch, `no workspace/didChangeWatchedFiles registration among ${JSON.stringify(registrations)}`);
    const globs = JSON.stringify(watch.registerOptions);
    for (const glob of ['csv', 'parquet', 'sightline.lock']) assert.ok(globs.includes(glob), `watchers ${globs} miss ${glob}`);
  });

  it('clears a file fixed in the editor', async function () {
    await open('org.pool', ORG);
    await change('org.pool', ORG_FIXED);
    await waitFor('an empty list for org.pool', () => latest.get(uri('org.pool'))?.length === 0);
    assert.ok(codes('orders.perm').includes('unknown-combine-mode'));
  });

  it('reports a syntax error in an open document and keeps the other files', async function () {
    await change('org.pool', ORG_SYNTAX_ERROR);
    await waitFor('syntax-error in org.pool', () => codes('org.pool').includes('syntax-error'));
    assert.ok(codes('orders.perm').includes('unknown-combine-mode'), `orders.perm: ${codes('orders.perm').join(', ')}`);
  });

  it('goes back to the text on disk when the document closes', async function () {
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('org.pool') } });
    await waitFor('unknown-role (from disk) in org.pool', () => codes('org.pool').includes('unknown-role') && !codes('org.pool').includes('syntax-error'));
  });

  it('reports a data file deleted on disk', async function () {
    unlinkSync(file('data/vbak.csv'));
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('data/vbak.csv'), type: 3 }] });
    await waitFor('data-file-missing in sales.pool', () => codes('sales.pool').includes('data-file-missing'));
    const d = latest.get(uri('sales.pool'))!.find((x) => x.code === 'data-file-missing')!;
    assert.equal(d.range.start.line, positionOf(SALES, 'data/vbak.csv').line);
  });
});
