// §P7 quick fix: an empty (NULL) cell in a permission table grants nothing. In the value
// column, `""` (a quoted empty string, what '' stands for) is the documented "no value"; in
// the unlimited column, FALSE says what the empty cell already means. Empty user, table or
// column cells have no such stand-in (any text would name something), so no fix is offered.
// The edit writes into the cell only, so the file's delimiter and other cells stay as they are.
import type { Diagnostic } from '../../../model/types.js';
import type { CodeAction } from '../results.js';
import { dataString, type FixContext } from './context.js';
import { sliceRange } from './text.js';

export async function fillNullReference(ctx: FixContext, d: Diagnostic): Promise<CodeAction[]> {
  const role = dataString(d, 'role');
  const newText = role === 'value' ? '""' : role === 'unlimited' ? 'FALSE' : undefined;
  if (!newText) return [];
  // Only a cell that is really empty: never overwrite text the check did not see.
  const text = await ctx.text(d.range.file);
  if (text === undefined || sliceRange(text, d.range) !== '') return [];
  const title = role === 'value' ? `Write "" (the empty string) instead of NULL` : 'Write FALSE (the empty cell grants nothing)';
  return [{ title, kind: 'quickfix', fixes: [d.code], isPreferred: true, change: { edits: [{ range: d.range, newText }] } }];
}
