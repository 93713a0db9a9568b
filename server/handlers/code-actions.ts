// Quick fixes (server/features/code-actions.ts) and the synchronize command they may run:
// the command rewrites sightline.lock (§S5) and the file watcher then triggers a re-check.
import * as path from 'node:path';
import { CodeActionKind, type Connection, ResponseError } from 'vscode-languageserver/node';
import type { ServerContext } from '../context.js';
import { codeActions } from '../features/code-actions.js';
import { synchronizeImports } from '../features/synchronize.js';
import { fromLspDiagnostic, fromLspRange, toLspWorkspaceEdit } from '../lsp-convert.js';
import { SERVER_COMMANDS, SYNCHRONIZE_REQUEST, type SynchronizeParams, type SynchronizeResult } from '../protocol.js';
import { writeWorkspaceFile } from './requests.js';

export function registerCodeActions(connection: Connection, ctx: ServerContext): void {
  connection.onCodeAction(async (params) => {
    const found = await ctx.snapshotFor(params.textDocument.uri);
    if (!found) return [];
    const { snapshot, file } = found;
    const sent = params.context.diagnostics.map((d) => fromLspDiagnostic(file, d));
    const actions = await codeActions(snapshot, file, fromLspRange(file, params.range), sent, ctx.engineFor(snapshot.root));
    return actions.map((a) => ({
      title: a.title,
      kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.Refactor,
      diagnostics: params.context.diagnostics.filter((d) => a.fixes?.includes(String(d.code))),
      ...(a.isPreferred ? { isPreferred: true } : {}),
      ...(a.change ? { edit: toLspWorkspaceEdit(a.change) } : {}),
      ...(a.command ? { command: a.command } : {}),
    }));
  });

  const synchronize = async (params: SynchronizeParams): Promise<SynchronizeResult> => {
    const runner = ctx.runners().find((r) => r.root === params.root) ?? ctx.runners().find((r) => r.contains(params.root));
    const snapshot = await runner?.current();
    if (!runner || !snapshot) throw new ResponseError(1, `No Sightline workspace at ${params.root}.`);
    try {
      const outcome = synchronizeImports(snapshot, { pool: params.pool, connection: params.connection });
      const lock = path.join(snapshot.root, 'sightline.lock');
      await writeWorkspaceFile(lock, outcome.lockText);
      // Do not wait for the file watcher: the next check must read the new lock.
      runner.folder.fileChanged(lock, 'changed');
      runner.schedule();
      const changes = [...outcome.changes, ...outcome.errors.map((e) => `not synchronized: ${e}`)];
      return { changes: changes.length > 0 ? changes : ['Every import was already synchronized.'] };
    } catch (e) {
      throw new ResponseError(1, e instanceof Error ? e.message : String(e));
    }
  };
  connection.onRequest(SYNCHRONIZE_REQUEST, synchronize);
  connection.onExecuteCommand(async (params) => {
    if (params.command === SERVER_COMMANDS.synchronize) {
      const result = await synchronize((params.arguments?.[0] ?? {}) as SynchronizeParams);
      // A notification, not a request: nothing waits for the user to dismiss it.
      void connection.sendNotification('window/showMessage', { type: 3, message: `Sightline: ${result.changes.join('; ')}` });
      return result;
    }
    return undefined;
  });
}
