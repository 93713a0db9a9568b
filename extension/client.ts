// Starts the Sightline language server (dist/server.js) over IPC and connects it to VS Code.
// The server does all the work; this file only says how to run it, which documents and
// files it cares about, and which settings it receives.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { InitializationOptions, SightlineSettings } from '../server/protocol.js';

/** The `sightline.*` settings, as the server reads them. */
export function readSettings(): SightlineSettings {
  const config = vscode.workspace.getConfiguration('sightline');
  return {
    engine: { enabled: config.get<boolean>('engine.enabled', true) },
    inlayHints: { enabled: config.get<boolean>('inlayHints.enabled', true) },
    codeLens: { enabled: config.get<boolean>('codeLens.enabled', true) },
  };
}

export function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // Definition files, data files and the lock file: any of them can change the diagnostics.
  const fileEvents = [
    vscode.workspace.createFileSystemWatcher('**/*.{pool,perm,csv,parquet}'),
    vscode.workspace.createFileSystemWatcher('**/sightline.lock'),
  ];
  context.subscriptions.push(...fileEvents);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'sightline' }],
    // The server reads the settings from here at start, then pulls them (workspace/configuration)
    // on every change: it registers for didChangeConfiguration itself.
    initializationOptions: { settings: readSettings() } satisfies InitializationOptions,
    synchronize: { fileEvents },
  };
  // The id "sightline" makes the client honour the `sightline.trace.server` setting.
  return new LanguageClient('sightline', 'Sightline', serverOptions, clientOptions);
}
