// §P1 quick fix: a permissions block with rules but without `use data permissions`
// (rules-without-switch) lets every user see every row. The fix inserts the switch as the
// block's first statement, indented like the block's other statements.
import type { Diagnostic } from '../../../model/types.js';
import type { CodeAction } from '../results.js';
import { sameRange, type FixContext } from './context.js';
import { braceAfter, insertFirstInBlock, lineStarts, offsetAt } from './text.js';

export async function addSwitch(ctx: FixContext, d: Diagnostic): Promise<CodeAction[]> {
  const set = ctx.snapshot.model.permissions.find((s) => sameRange(s.target.range, d.range));
  if (!set) return [];
  const text = await ctx.text(set.range.file);
  if (text === undefined) return [];
  const brace = braceAfter(text, offsetAt(text, set.target.range.end, lineStarts(text)));
  if (brace === undefined) return [];
  const edit = insertFirstInBlock(text, set.range.file, brace, 'use data permissions');
  return [{ title: 'Turn data permissions on: add `use data permissions`', kind: 'quickfix', fixes: [d.code], isPreferred: true, change: { edits: [edit] } }];
}
