// sightline.copyPoolToTeam: the definition of a copy of a pool in another team (§S7), made
// by the server; written to the file it suggests (after asking before overwriting) and opened.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COPY_POOL_REQUEST, POOLS_REQUEST, type CopyPoolParams, type CopyPoolResult, type PoolsResult } from '../../server/protocol.js';
import { request } from '../pickers.js';
import { isObject, registerCommand, type CommandContext } from './context.js';

/** A quick pick of known teams that also accepts a typed name. */
function pickTeam(teams: string[], title: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick();
    qp.title = title;
    qp.placeholder = 'Team (pick one or type its name)';
    const known = teams.map((label) => ({ label }));
    qp.items = known;
    qp.onDidChangeValue((value) => {
      const v = value.trim();
      qp.items = v && !teams.includes(v) ? [...known, { label: v, description: 'typed' }] : known;
    });
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.label ?? (qp.value.trim() || undefined));
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export function registerCopyPoolToTeam({ client }: CommandContext) {
  return registerCommand('sightline.copyPoolToTeam', async (arg?: unknown) => {
    const given = isObject(arg) ? arg : {};
    const pools = await request<object, PoolsResult>(client, POOLS_REQUEST, {}, 'reading pools');
    let pool = typeof given.pool === 'string' ? pools.find((p) => p.id === given.pool) : undefined;
    if (!pool) {
      if (pools.length === 0) {
        void vscode.window.showInformationMessage('Sightline: no pool in this workspace.');
        return;
      }
      pool = (await vscode.window.showQuickPick(pools.map((p) => ({ label: p.name, description: p.team, pool: p })), { title: 'Copy a pool to another team: which pool?', matchOnDescription: true }))?.pool;
      if (!pool) return;
    }
    const teams = [...new Set(pools.map((p) => p.team))].filter((t) => t !== pool.team).sort();
    const team = typeof given.team === 'string' ? given.team : await pickTeam(teams, `Copy ${pool.id} to which team?`);
    if (!team) return;
    const params: CopyPoolParams = { pool: pool.id, team };
    const copy = await request<CopyPoolParams, CopyPoolResult>(client, COPY_POOL_REQUEST, params, 'copying the pool');
    const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const uri = vscode.Uri.file(path.isAbsolute(copy.file) ? copy.file : path.join(base, copy.file));
    if (await exists(uri)) {
      const answer = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)} exists. Overwrite it with the copy of ${pool.id}?`, { modal: true }, 'Overwrite');
      if (answer !== 'Overwrite') return;
    }
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(copy.text));
    await vscode.window.showTextDocument(uri);
  });
}
