// A small LSP client for tests and benchmarks: starts the real server process
// (dist/server.js) over stdio, tracks the diagnostics it publishes, and sends requests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as JsonRpc from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';

// A CommonJS package: load it through require to get its real exports.
const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node') as typeof JsonRpc;

export const SERVER_PATH = fileURLToPath(new URL('../../dist/server.js', import.meta.url));

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
  data?: unknown;
}

export class LspClient {
  readonly diagnostics = new Map<string, LspDiagnostic[]>();
  /** Every publishDiagnostics as it arrived, with the time it arrived. */
  readonly published: { uri: string; at: number; diagnostics: LspDiagnostic[]; version?: number }[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly refreshes = { codeLens: 0, inlayHint: 0 };
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  stderr = '';
  private readonly listeners = new Set<() => void>();
  private version = 0;

  private constructor(
    readonly root: string,
    private readonly server: ChildProcess,
    readonly connection: JsonRpc.MessageConnection,
  ) {}

  static async start(root: string, options: { settings?: unknown; waitMs?: number } = {}): Promise<LspClient> {
    if (!existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: build it with \`node scripts/build.mjs\` (\`npm test\` builds first)`);
    const server = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout!), new rpc.StreamMessageWriter(server.stdin!));
    const client = new LspClient(root, server, connection);
    server.stderr!.on('data', (chunk: Buffer) => (client.stderr += chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: LspDiagnostic[]; version?: number }) => {
      client.diagnostics.set(params.uri, params.diagnostics);
      client.published.push({ ...params, at: performance.now() });
      client.notify();
    });
    connection.onNotification((method: string, params: unknown) => {
      client.notifications.push({ method, params });
      client.notify();
    });
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      client.registrations.push(...params.registrations);
      return null;
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => options.settings ?? {}));
    connection.onRequest('workspace/codeLens/refresh', () => {
      client.refreshes.codeLens++;
      client.notify();
      return null;
    });
    connection.onRequest('workspace/inlayHint/refresh', () => {
      client.refreshes.inlayHint++;
      client.notify();
      return null;
    });
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: URI.file(root).toString(),
      workspaceFolders: [{ uri: URI.file(root).toString(), name: path.basename(root) }],
      initializationOptions: options.settings ? { settings: options.settings } : undefined,
      capabilities: {
        workspace: {
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
          configuration: true,
          codeLens: { refreshSupport: true },
          inlayHint: { refreshSupport: true },
          workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
        },
        textDocument: {
          publishDiagnostics: {},
          completion: { completionItem: { snippetSupport: false } },
          hover: { contentFormat: ['markdown'] },
          rename: { prepareSupport: true },
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  uri(file: string): string {
    return URI.file(path.resolve(this.root, file)).toString();
  }

  codes(file: string): (string | number | undefined)[] {
    return (this.diagnostics.get(this.uri(file)) ?? []).map((d) => d.code);
  }

  /** Resolves once `ready()` holds; rejects after `ms` with what was seen. */
  waitFor(what: string, ready: () => boolean, ms = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!ready()) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        const seen = [...this.diagnostics].map(([u, list]) => `  ${path.basename(u)}: [${list.map((d) => d.code).join(', ')}]`).join('\n');
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; latest diagnostics:\n${seen || '  (none)'}\nserver stderr:\n${this.stderr}`));
      }, ms);
      this.listeners.add(check);
      check();
    });
  }

  open(file: string, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(file), languageId: 'sightline', version: ++this.version, text } });
  }

  /** Replaces the whole text, or the given range. */
  change(file: string, text: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri(file), version: ++this.version },
      contentChanges: [range ? { range, text } : { text }],
    });
  }

  close(file: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(file) } });
  }

  fileChanged(file: string, type: 1 | 2 | 3): Promise<void> {
    return this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: this.uri(file), type }] });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((_, reject) => setTimeout(() => reject(new Error('shutdown timed out')), 5000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // killed below
    }
    if (this.server.exitCode === null) {
      const exited = new Promise((resolve) => this.server.once('exit', resolve));
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
      if (this.server.exitCode === null) this.server.kill();
    }
    this.connection.dispose();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}

/** The 0-based line and character of `needle` in `text` (the first line that has it). */
export function positionOf(text: string, needle: string, after = 0): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l, i) => i >= after && l.includes(needle));
  if (line < 0) throw new Error(`text has no ${needle}`);
  return { line, character: lines[line].indexOf(needle) };
}
