// sightline.preview: what one user (or group) sees of a model or perspective, in the preview
// panel (extension/preview-panel.ts): one panel per model, reused. A CodeLens passes
// {ref, principal} to skip the pickers; the editor title button passes the file's URI, which
// is ignored (the pickers ask).
import * as vscode from 'vscode';
import type { AnalysisRef } from '../../engine/index.js';
import type { PrincipalRef } from '../../server/engine-api.js';
import { pickAnalysis, pickPrincipal } from '../pickers.js';
import { PreviewPanels } from '../preview-panel.js';
import { isObject, registerCommand, type CommandContext } from './context.js';

export interface PreviewArgs {
  ref: AnalysisRef;
  principal: PrincipalRef;
}

function previewArgs(arg: unknown): Partial<PreviewArgs> {
  if (!isObject(arg)) return {};
  const ref = isObject(arg.ref) && typeof arg.ref.pool === 'string' && typeof arg.ref.name === 'string' ? { pool: arg.ref.pool, name: arg.ref.name } : undefined;
  const p = arg.principal;
  const principal = isObject(p) && (p.kind === 'user' || p.kind === 'group') && typeof p.name === 'string' ? ({ kind: p.kind, name: p.name } as PrincipalRef) : undefined;
  return { ref, principal };
}

export function registerPreview({ client }: CommandContext): vscode.Disposable {
  const panels = new PreviewPanels(client);
  const command = registerCommand('sightline.preview', async (arg?: unknown) => {
    const given = previewArgs(arg);
    const ref = given.ref ?? (await pickAnalysis(client, 'Preview: which model or perspective?'));
    if (!ref) return;
    const principal = given.principal ?? (await pickPrincipal(client, ref, { title: `Preview ${ref.name} as…` }));
    if (!principal) return;
    panels.open(ref, principal);
  });
  return vscode.Disposable.from(command, panels);
}
