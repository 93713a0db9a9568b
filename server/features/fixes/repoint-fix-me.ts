// §S7 quick fix: a team-to-team copy leaves `import X from "FIX ME: Team/Pool"`; once a pool
// shares connection X with the copy, the import can point at it. The checker lists those
// pools in the diagnostic's data (`candidates`, the original source first): one action per
// candidate, replacing the FIX ME string with the pool's qualified name. Preferred when there
// is only one, or for the original source.
import type { Diagnostic } from '../../../model/types.js';
import type { CodeAction } from '../results.js';
import { dataString, dataStrings, type FixContext } from './context.js';
import { quoteString } from './text.js';

export function repointFixMe(_ctx: FixContext, d: Diagnostic): CodeAction[] {
  const candidates = dataStrings(d, 'candidates');
  const original = dataString(d, 'repoint');
  return candidates.map((pool) => ({
    title: `Re-point the import to "${pool}"${pool === original ? ' (its original source, which now shares with this pool)' : ''}`,
    kind: 'quickfix' as const,
    fixes: [d.code],
    isPreferred: candidates.length === 1 || pool === original,
    change: { edits: [{ range: d.range, newText: quoteString(pool) }] },
  }));
}
