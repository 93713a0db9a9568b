// sightline.explainRow: why a user sees a row or not. Pick a model, a user, a table, type
// `COLUMN = value[, COLUMN = value]`; the server's explanation opens as a markdown document.
import * as vscode from 'vscode';
import { EXPLAIN_REQUEST, type ExplainParams, type ExplainResult } from '../../server/protocol.js';
import { formatExplanations, parseConditions } from '../format.js';
import { counts, pickAnalysis, pickPrincipal, pickTable, request } from '../pickers.js';
import { registerCommand, type CommandContext } from './context.js';

export function registerExplainRow({ client, documents }: CommandContext) {
  return registerCommand('sightline.explainRow', async () => {
    const ref = await pickAnalysis(client, 'Explain a row: which model or perspective?');
    if (!ref) return;
    const user = await pickPrincipal(client, ref, { title: `Explain a row of ${ref.name}: for which user?`, usersOnly: true });
    if (!user) return;
    const table = await pickTable(await counts(client, ref, user), `Explain a row for ${user.name}: of which table?`);
    if (!table) return;
    const input = await vscode.window.showInputBox({
      title: `Explain a row of ${table} for ${user.name}`,
      prompt: 'The row: COLUMN = value, separated by commas',
      placeHolder: 'BELNR = 5100000001',
      validateInput: (text) => {
        const parsed = parseConditions(text);
        return typeof parsed === 'string' ? parsed : undefined;
      },
    });
    if (input === undefined) return;
    const conditions = parseConditions(input);
    if (typeof conditions === 'string') throw new Error(conditions);
    const params: ExplainParams = { ref, email: user.name, table, conditions };
    const rows = await request<ExplainParams, ExplainResult>(client, EXPLAIN_REQUEST, params, 'explaining');
    if (rows.length === 0) {
      void vscode.window.showInformationMessage(`Sightline: no row of ${table} has ${conditions.map((c) => `${c.column} = ${c.value}`).join(' and ')}.`);
      return;
    }
    await documents.show(`Explain ${table} for ${user.name}.md`, formatExplanations(ref, user.name, conditions, rows));
  });
}
