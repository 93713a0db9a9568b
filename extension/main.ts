// The VS Code extension: starts the language server and wires the editor UI to it (status
// bar, commands, read-only result documents). It holds no checking logic: every answer
// comes from the server (dist/server.js) through server/protocol.ts.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client.js';
import { registerCopyPoolToTeam } from './commands/copy-pool-to-team.js';
import { registerDiffUsers } from './commands/diff-users.js';
import { registerExplainRow } from './commands/explain-row.js';
import { registerExport } from './commands/export.js';
import { registerPreview } from './commands/preview.js';
import { registerSynchronize } from './commands/synchronize.js';
import { createStatusBar } from './status-bar.js';
import { PREVIEW_SCHEME, VirtualDocuments } from './virtual-documents.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = createClient(context);
  const documents = new VirtualDocuments();
  const commands = { client, documents };
  context.subscriptions.push(
    documents,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, documents),
    registerPreview(commands),
    registerExplainRow(commands),
    registerDiffUsers(commands),
    registerSynchronize(commands),
    registerCopyPoolToTeam(commands),
    registerExport(context.extensionPath),
  );
  createStatusBar(context, client);
  // Shows the Sightline commands in the command palette (package.json menus).
  void vscode.commands.executeCommand('setContext', 'sightline.active', true);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
