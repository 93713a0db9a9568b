// §S5 quick fixes: an import whose source changed structure (import-needs-sync) runs the
// server's synchronize command for that import; an unreadable sightline.lock
// (lock-file-invalid) is rewritten by synchronizing every import. No text edit: the server
// command rewrites the lock with server/features/synchronize.ts, as `sightline sync` does.
import type { Diagnostic } from '../../../model/types.js';
import { SERVER_COMMANDS, type SynchronizeParams } from '../../protocol.js';
import type { CodeAction } from '../results.js';
import { dataString, type FixContext } from './context.js';

export function synchronizeImport(ctx: FixContext, d: Diagnostic): CodeAction[] {
  const pool = dataString(d, 'pool');
  const connection = dataString(d, 'connection');
  if (!pool || !connection) return [];
  const params: SynchronizeParams = { root: ctx.snapshot.root, pool, connection };
  const title = `Synchronize import ${connection} of "${pool}" (records its source's columns in sightline.lock)`;
  return [{ title, kind: 'quickfix', fixes: [d.code], isPreferred: true, command: { title: 'Synchronize', command: SERVER_COMMANDS.synchronize, arguments: [params] } }];
}

export function rewriteLock(ctx: FixContext, d: Diagnostic): CodeAction[] {
  const params: SynchronizeParams = { root: ctx.snapshot.root };
  const title = 'Rewrite sightline.lock by synchronizing every import';
  return [{ title, kind: 'quickfix', fixes: [d.code], isPreferred: true, command: { title: 'Synchronize', command: SERVER_COMMANDS.synchronize, arguments: [params] } }];
}
