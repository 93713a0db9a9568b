// What every command gets (the language client, the virtual documents) and how it is
// registered: failures end as one error notification instead of an unhandled rejection.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { VirtualDocuments } from '../virtual-documents.js';

export interface CommandContext {
  client: LanguageClient;
  documents: VirtualDocuments;
}

export function registerCommand(id: string, run: (...args: unknown[]) => Promise<unknown>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (e) {
      void vscode.window.showErrorMessage(`Sightline: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  });
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !(v instanceof vscode.Uri);
