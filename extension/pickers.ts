// The quick picks the commands share: a model or perspective, a user or group, a table, a
// workspace folder. Each asks the server for its items (sightline/analyses, /principals,
// /counts) and returns undefined when the user cancels.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { AnalysisRef, TableCount } from '../engine/index.js';
import type { PrincipalRef } from '../server/engine-api.js';
import { ANALYSES_REQUEST, COUNTS_REQUEST, PRINCIPALS_REQUEST, type AnalysesResult, type CountsParams, type CountsResult, type PrincipalsParams, type PrincipalsResult } from '../server/protocol.js';

/** A request shown with a progress notification, cancellable by the user. */
export function request<P, R>(client: LanguageClient, method: string, params: P, title: string): Promise<R> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Sightline: ${title}` }, () => client.sendRequest<R>(method, params)),
  );
}

export async function pickAnalysis(client: LanguageClient, title: string): Promise<AnalysisRef | undefined> {
  const analyses = await request<object, AnalysesResult>(client, ANALYSES_REQUEST, {}, 'reading models');
  if (analyses.length === 0) {
    void vscode.window.showInformationMessage('Sightline: no model or perspective in this workspace.');
    return undefined;
  }
  const roots = new Set(analyses.map((a) => a.root));
  const picked = await vscode.window.showQuickPick(
    analyses.map((a) => ({
      label: `$(${a.kind === 'model' ? 'database' : 'type-hierarchy'}) ${a.name}`,
      description: `${a.kind} in ${a.pool}`,
      detail: roots.size > 1 ? path.basename(a.root) : undefined,
      ref: { pool: a.pool, name: a.name },
    })),
    { title, placeHolder: 'Model or perspective', matchOnDescription: true },
  );
  return picked?.ref;
}

export async function pickPrincipal(
  client: LanguageClient,
  ref: AnalysisRef,
  options: { title: string; usersOnly?: boolean; exclude?: string; placeHolder?: string },
): Promise<PrincipalRef | undefined> {
  const params: PrincipalsParams = { ref };
  const all = await request<PrincipalsParams, PrincipalsResult>(client, PRINCIPALS_REQUEST, params, 'reading users');
  const principals = all.filter((p) => (!options.usersOnly || p.kind === 'user') && p.name !== options.exclude);
  if (principals.length === 0) {
    void vscode.window.showInformationMessage(`Sightline: ${ref.name} has no ${options.usersOnly ? 'user' : 'user or group'} to pick.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    principals.map((p) => ({
      label: `$(${p.kind === 'user' ? 'person' : 'organization'}) ${p.name}`,
      description: p.kind === 'group' ? 'group' : p.role,
      // Searchable too: a user's groups, or what the server says about a group.
      detail: p.groups?.length ? `groups: ${p.groups.join(', ')}` : p.kind === 'group' ? p.detail : undefined,
      principal: { kind: p.kind, name: p.name } as PrincipalRef,
    })),
    { title: options.title, placeHolder: options.placeHolder ?? (options.usersOnly ? 'User (type to search by email, role or group)' : 'User or group (type to search by email, role or group)'), matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.principal;
}

/** The counts for a user; the table picker shows them beside each table. */
export function counts(client: LanguageClient, ref: AnalysisRef, principal: PrincipalRef): Promise<CountsResult> {
  const params: CountsParams = { ref, principal };
  return request<CountsParams, CountsResult>(client, COUNTS_REQUEST, params, 'counting rows');
}

export async function pickTable(tables: TableCount[], title: string): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    tables.map((t) => ({ label: t.table, description: `${t.visible} of ${t.total} rows visible`, detail: t.error })),
    { title, placeHolder: 'Table' },
  );
  return picked?.label;
}

export async function pickFolder(): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0]?.uri.fsPath;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder' }))?.uri.fsPath;
}
