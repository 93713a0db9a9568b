// §S3/§O2 quick fix: the user who shares needs `edit` on the source and on every target pool
// (share-missing-edit, whose data names the user and the pool that lacks the grant). The
// pool may be declared in another file than the share. A grant of a lower level to the same
// user is raised to edit; otherwise `grant "user" edit` goes on a new line after the pool's
// last grant, or first in the pool block, indented as its neighbours are.
import type { Diagnostic } from '../../../model/types.js';
import type { CodeAction, TextEdit } from '../results.js';
import { dataString, type FixContext } from './context.js';
import { braceAfter, insertFirstInBlock, insertLineAfter, lineStarts, offsetAt, quoteString } from './text.js';

export async function grantEdit(ctx: FixContext, d: Diagnostic): Promise<CodeAction[]> {
  const user = dataString(d, 'user');
  const poolId = dataString(d, 'pool');
  const pool = poolId ? ctx.snapshot.index.pools.get(poolId) : undefined;
  if (!user || !pool) return [];
  const file = pool.range.file;
  const text = await ctx.text(file);
  if (text === undefined) return [];
  let edit: TextEdit | undefined;
  const lower = pool.grants.find((g) => g.principal.name.toLowerCase() === user.toLowerCase() && (g.level.name === 'view' || g.level.name === 'use-models'));
  if (lower) edit = { range: lower.level.range, newText: 'edit' };
  else if (pool.grants.length > 0) edit = insertLineAfter(text, file, pool.grants[pool.grants.length - 1].range, `grant ${quoteString(user)} edit`);
  else {
    const brace = braceAfter(text, offsetAt(text, pool.team.range.end, lineStarts(text)));
    if (brace !== undefined) edit = insertFirstInBlock(text, file, brace, `grant ${quoteString(user)} edit`);
  }
  if (!edit) return [];
  const title = lower ? `Raise ${user}'s grant on "${pool.id}" from ${lower.level.name} to edit` : `Grant ${user} edit on "${pool.id}"`;
  return [{ title, kind: 'quickfix', fixes: [d.code], isPreferred: true, change: { edits: [edit] } }];
}
