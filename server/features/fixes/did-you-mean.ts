// Did-you-mean quick fixes: every diagnostic whose data carries `suggestions` (unknown names,
// values matching no row), a `replacement` (a permission-table row naming a table the wrong
// way) or `candidates` (a pool or model name several teams share) gets one action per
// candidate that replaces the name at the diagnostic's range; the first is preferred. The
// replacement is written as the original was: quoted when it was quoted (a language string,
// or a CSV field), bare where the grammar takes a name, and skipped where it cannot be written.
import * as path from 'node:path';
import type { Diagnostic } from '../../../model/types.js';
import type { CodeAction } from '../results.js';
import { dataString, dataStrings, type FixContext } from './context.js';
import { columnName, csvField, isBareName, quoteString, sliceRange } from './text.js';

/** Codes whose range is a column name, which the grammar also takes quoted. */
const COLUMN_CODES = new Set(['unknown-column', 'permission-table-missing-column']);

export function hasCandidates(d: Diagnostic): boolean {
  return candidatesOf(d).length > 0;
}

function candidatesOf(d: Diagnostic): string[] {
  const replacement = dataString(d, 'replacement');
  const list = [...dataStrings(d, 'suggestions'), ...(replacement ? [replacement] : []), ...(d.code === 'ambiguous-pool' ? dataStrings(d, 'candidates') : [])];
  return [...new Set(list)];
}

export async function didYouMean(ctx: FixContext, d: Diagnostic): Promise<CodeAction[]> {
  const candidates = candidatesOf(d);
  if (candidates.length === 0) return [];
  const text = await ctx.text(d.range.file);
  if (text === undefined) return [];
  const original = sliceRange(text, d.range);
  const csv = /\.csv$/i.test(d.range.file);
  const delimiter = ctx.snapshot.data.permissionTables.get(d.range.file)?.table?.delimiter ?? ',';
  const out: CodeAction[] = [];
  for (const candidate of candidates) {
    const newText = csv ? csvField(candidate, delimiter, original.startsWith('"')) : written(d, original, candidate);
    if (newText === undefined || newText === original) continue;
    const where = csv ? ` in ${path.basename(d.range.file)}` : '';
    out.push({
      title: d.code === 'ambiguous-pool' ? `Write ${newText}` : `Change to ${JSON.stringify(candidate)}${where}`,
      kind: 'quickfix',
      fixes: [d.code],
      isPreferred: out.length === 0,
      change: { edits: [{ range: d.range, newText }] },
    });
  }
  return out;
}

/** How `candidate` is written in a definition file where `original` stood; undefined when it cannot be. */
function written(d: Diagnostic, original: string, candidate: string): string | undefined {
  if (original.startsWith('"')) return quoteString(candidate);
  // `permissions for Model` that several pools have: qualify it with the pool.
  if (d.code === 'ambiguous-pool') return `${quoteString(candidate)}.${original}`;
  if (COLUMN_CODES.has(d.code)) return columnName(candidate);
  // Names, and kebab-case words (roles, grant levels, engines, combine modes).
  if (isBareName(candidate) || /^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)+$/.test(candidate)) return candidate;
  return undefined;
}
