// The Sightline language server. `node dist/server.js --stdio` (or --node-ipc, as VS Code
// starts it) runs it; createConnection picks the transport from argv.
//
// Invariant: this file only wires LSP to plain functions. Checking lives in language/ and
// model/, type conversion in lsp-convert.ts, scheduling in serial-debounce.ts and the
// per-folder diagnostic bookkeeping in folder-diagnostics.ts.
import {
  createConnection,
  DidChangeWatchedFilesNotification,
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
import { FolderDiagnostics } from './folder-diagnostics.js';
import { fileToUri, toLspDiagnostic, uriToFile } from './lsp-convert.js';
import { SerialDebounce } from './serial-debounce.js';

const DEBOUNCE_MS = 150;
/** Files whose creation, change or deletion can change a workspace's diagnostics. */
const WATCHED_GLOBS = ['**/*.{pool,perm,csv,parquet}', '**/sightline.lock'];

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

interface Folder {
  diagnostics: FolderDiagnostics;
  validation: SerialDebounce;
}

const folders = new Map<string, Folder>();
let canRegisterWatchers = false;
let canWatchFolders = false;

function addFolder(root: string): void {
  if (folders.has(root)) return;
  const diagnostics = new FolderDiagnostics(root);
  const validation = new SerialDebounce(() => validate(diagnostics), DEBOUNCE_MS);
  folders.set(root, { diagnostics, validation });
  validation.schedule();
}

function removeFolder(root: string): void {
  const folder = folders.get(root);
  if (!folder) return;
  folder.validation.dispose();
  folders.delete(root);
  publish(folder.diagnostics.clear());
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

async function validate(diagnostics: FolderDiagnostics): Promise<void> {
  try {
    publish(await diagnostics.check(overlay()));
  } catch (e) {
    connection.console.error(`Checking ${diagnostics.root} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

function publish(byFile: Map<string, Diagnostic[]>): void {
  for (const [file, list] of byFile) {
    void connection.sendDiagnostics({ uri: fileToUri(file), diagnostics: list.map(toLspDiagnostic) });
  }
}

/**
 * Schedules a check of every folder that contains the file, or of all folders when none
 * does (a data file may lie outside the folder that names it: "../shared/x.csv").
 */
function revalidate(uri: string): void {
  const file = uriToFile(uri);
  if (file === undefined) return;
  const all = [...folders.values()];
  const owners = all.filter((f) => f.diagnostics.contains(file));
  for (const f of owners.length > 0 ? owners : all) f.validation.schedule();
}

function folderRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f: WorkspaceFolder) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.map(uriToFile).filter((f): f is string => f !== undefined);
}

let initialRoots: string[] = [];

connection.onInitialize((params: InitializeParams): InitializeResult => {
  initialRoots = folderRoots(params);
  canRegisterWatchers = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
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

documents.onDidChangeContent((event) => revalidate(event.document.uri));
documents.onDidClose((event) => revalidate(event.document.uri));
connection.onDidChangeWatchedFiles((params) => {
  for (const change of params.changes) revalidate(change.uri);
});

connection.onShutdown(() => {
  for (const f of folders.values()) f.validation.dispose();
});

documents.listen(connection);
connection.listen();
