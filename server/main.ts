// The Sightline language server. `node dist/server.js --stdio` (or --node-ipc, as VS Code
// starts it) runs it; createConnection picks the transport from argv.
//
// Invariant: this file only wires LSP to plain functions. Checking lives in language/ and
// model/, editor features in features/ (mapped by handlers/), scheduling and diagnostics
// per folder in folder-runner.ts, the engine in a worker behind engine-host.ts.
import * as path from 'node:path';
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isDefinitionFile } from '../language/discover.js';
import type { Diagnostic } from '../model/types.js';
import type { ServerContext, Settings } from './context.js';
import { createEngine } from './create-engine.js';
import type { EditorEngine } from './engine-api.js';
import { FolderRunner } from './folder-runner.js';
import { registerFeatures } from './handlers/index.js';
import { fileToUri, toLspDiagnostic, uriToFile } from './lsp-convert.js';
import { STATUS_NOTIFICATION, type StatusParams } from './protocol.js';

/** Files whose creation, change or deletion can change a workspace's diagnostics. */
const WATCHED_GLOBS = ['**/*.{pool,perm,csv,parquet}', '**/sightline.lock'];

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

const runners = new Map<string, FolderRunner>();
const engines = new Map<string, EditorEngine>();
let settings: Settings = { engine: true, codeLens: true, inlayHints: true };
let canRegisterWatchers = false;
let canWatchFolders = false;
let canPullConfiguration = false;
let canRefreshLenses = false;
let canRefreshHints = false;

function addFolder(root: string): void {
  if (runners.has(root)) return;
  const runner = new FolderRunner(root, {
    overlay,
    publish,
    engine: () => engineFor(root),
    dataChanged: refreshDataViews,
    log: (m) => connection.console.error(m),
  });
  runners.set(root, runner);
  runner.schedule();
}

function removeFolder(root: string): void {
  const runner = runners.get(root);
  if (!runner) return;
  runners.delete(root);
  publish(runner.dispose());
  void engines.get(root)?.dispose();
  engines.delete(root);
}

/** The folder's engine (one worker per folder), created on first use unless turned off. */
function engineFor(root: string): EditorEngine | undefined {
  if (!settings.engine) return undefined;
  let engine = engines.get(root);
  if (!engine) {
    engine = createEngine();
    let wasFailed = false;
    engine.onStatus((status) => {
      sendStatus();
      // Say it once per failure: previews and counts are missing until the engine is back.
      const failed = status.state === 'failed';
      const newly = failed && !wasFailed;
      wasFailed = failed;
      if (newly && status.state === 'failed') {
        connection.console.error(`Sightline engine (${root}): ${status.message}`);
        void connection.sendNotification('window/showMessage', { type: 2, message: `Sightline: the engine stopped (${status.message}). Counts and previews resume when it restarts.` });
      }
    });
    engines.set(root, engine);
  }
  return engine;
}

/** The open definition documents' texts, by absolute path. */
function overlay(): Map<string, string> {
  const texts = new Map<string, string>();
  for (const doc of documents.all()) {
    const file = uriToFile(doc.uri);
    if (file !== undefined && isDefinitionFile(file)) texts.set(file, doc.getText());
  }
  return texts;
}

function publish(byFile: Map<string, Diagnostic[]>): void {
  for (const [file, list] of byFile) {
    void connection.sendDiagnostics({ uri: fileToUri(file), diagnostics: list.map(toLspDiagnostic) });
  }
  sendStatus();
}

function refreshDataViews(): void {
  if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  if (canRefreshHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
  sendStatus();
}

function sendStatus(): void {
  const folders = [...runners.values()].map((r) => {
    const s = r.last();
    const count = (sev: string) => s?.diagnostics.filter((d) => d.severity === sev).length ?? 0;
    return { root: r.root, files: s?.model.files.length ?? 0, errors: count('error'), warnings: count('warning') };
  });
  const first = [...engines.values()][0];
  const params: StatusParams = { engine: first ? first.status() : { state: 'idle' }, folders };
  void connection.sendNotification(STATUS_NOTIFICATION, params);
}

/** The folders that contain the file (the deepest first), or all when none does. */
function ownersOf(file: string): FolderRunner[] {
  const all = [...runners.values()];
  const owners = all.filter((r) => r.contains(file)).sort((a, b) => b.root.length - a.root.length);
  return owners.length > 0 ? owners : all;
}

/**
 * Schedules a check of every folder that contains the file, or of all folders when none
 * does (a data file may lie outside the folder that names it: "../shared/x.csv").
 */
function revalidate(uri: string, onDisk?: 'changed' | 'created' | 'deleted'): void {
  const file = uriToFile(uri);
  if (file === undefined) return;
  for (const r of ownersOf(file)) {
    if (onDisk) r.folder.fileChanged(file, onDisk);
    r.schedule();
  }
}

const context: ServerContext = {
  async snapshotFor(uri) {
    const file = uriToFile(uri);
    if (file === undefined) return undefined;
    const runner = [...runners.values()].filter((r) => r.contains(file)).sort((a, b) => b.root.length - a.root.length)[0];
    const snapshot = await runner?.current();
    return snapshot ? { snapshot, file: path.resolve(file) } : undefined;
  },
  engineFor,
  runners: () => [...runners.values()],
  settings: () => settings,
  textOf: (uri) => documents.get(uri)?.getText(),
};

function folderRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f: WorkspaceFolder) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.map(uriToFile).filter((f): f is string => f !== undefined);
}

function readSettings(raw: unknown): Settings {
  const s = (raw ?? {}) as { engine?: { enabled?: unknown }; codeLens?: { enabled?: unknown }; inlayHints?: { enabled?: unknown } };
  return {
    engine: s.engine?.enabled !== false,
    codeLens: s.codeLens?.enabled !== false,
    inlayHints: s.inlayHints?.enabled !== false,
  };
}

async function pullSettings(): Promise<void> {
  if (!canPullConfiguration) return;
  const next = readSettings(await connection.workspace.getConfiguration('sightline'));
  const engineTurnedOff = settings.engine && !next.engine;
  settings = next;
  if (engineTurnedOff) {
    for (const e of engines.values()) void e.dispose();
    engines.clear();
  }
  for (const r of runners.values()) r.schedule();
  refreshDataViews();
}

let initialRoots: string[] = [];

connection.onInitialize((params: InitializeParams): InitializeResult => {
  initialRoots = folderRoots(params);
  const caps = params.capabilities;
  canRegisterWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  canWatchFolders = caps.workspace?.workspaceFolders === true;
  canPullConfiguration = caps.workspace?.configuration === true;
  canRefreshLenses = caps.workspace?.codeLens?.refreshSupport === true;
  canRefreshHints = caps.workspace?.inlayHint?.refreshSupport === true;
  settings = readSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      ...registerFeatures.capabilities,
    },
  };
});

connection.onInitialized(() => {
  for (const root of initialRoots) addFolder(root);
  if (canRegisterWatchers) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
    });
  }
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'sightline' });
    void pullSettings();
  }
  if (canWatchFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const f of event.removed) {
        const root = uriToFile(f.uri);
        if (root !== undefined) removeFolder(root);
      }
      for (const f of event.added) {
        const root = uriToFile(f.uri);
        if (root !== undefined) addFolder(root);
      }
    });
  }
});

connection.onDidChangeConfiguration(() => void pullSettings());
documents.onDidChangeContent((event) => revalidate(event.document.uri));
documents.onDidClose((event) => revalidate(event.document.uri));
connection.onDidChangeWatchedFiles((params) => {
  const how = { [FileChangeType.Changed]: 'changed', [FileChangeType.Created]: 'created', [FileChangeType.Deleted]: 'deleted' } as const;
  for (const change of params.changes) revalidate(change.uri, how[change.type]);
});

registerFeatures(connection, context);

connection.onShutdown(async () => {
  for (const r of runners.values()) r.dispose();
  await Promise.all([...engines.values()].map((e) => e.dispose()));
});

// A failed promise somewhere must not take the server (and every open editor's features) down.
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));

documents.listen(connection);
connection.listen();
