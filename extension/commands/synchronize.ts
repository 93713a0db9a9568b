// sightline.synchronize: records the imports' current source columns in sightline.lock
// (§S5) through the server. A code action passes {root?, pool?, connection?} to limit it to
// one import; without arguments it synchronizes every import of the workspace folder.
import * as vscode from 'vscode';
import { SYNCHRONIZE_REQUEST, type SynchronizeParams, type SynchronizeResult } from '../../server/protocol.js';
import { pickFolder, request } from '../pickers.js';
import { isObject, registerCommand, type CommandContext } from './context.js';

const SHOWN = 3;

export function registerSynchronize({ client, documents }: CommandContext) {
  return registerCommand('sightline.synchronize', async (arg?: unknown) => {
    const given = isObject(arg) ? arg : {};
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const root = str(given.root) ?? (await pickFolder());
    if (!root) {
      void vscode.window.showInformationMessage('Sightline: open a folder to synchronize its imports.');
      return;
    }
    const params: SynchronizeParams = { root, pool: str(given.pool), connection: str(given.connection) };
    const { changes } = await request<SynchronizeParams, SynchronizeResult>(client, SYNCHRONIZE_REQUEST, params, 'synchronizing');
    if (changes.length === 0) {
      void vscode.window.showInformationMessage('Sightline: already synchronized, sightline.lock is unchanged.');
      return;
    }
    const more = changes.length > SHOWN ? ` … and ${changes.length - SHOWN} more` : '';
    const action = await vscode.window.showInformationMessage(`Sightline synchronized: ${changes.slice(0, SHOWN).join('; ')}${more}`, 'Show All');
    if (action) await documents.show('Synchronized', changes.join('\n') + '\n');
  });
}
