// The VS Code extension: starts the Sightline language server and stops it. Nothing else
// yet; every feature lives in the server (dist/server.js).
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
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
    synchronize: { fileEvents },
  };
  client = new LanguageClient('sightline', 'Sightline', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
