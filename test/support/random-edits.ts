// Random edits of a text that look like the language (tokens, deleted spans, duplicated and
// swapped lines), so fuzzing reaches deep into the checks and the editor features, not
// just the lexer. Shared by the parser fuzz test and the language-server fuzz test.
import fc from 'fast-check';

// Fragments that look like the language, so edits reach deep into the checks, not just the lexer.
export const TOKENS = ['{', '}', '"', ',', '.', '->', '<->', 'table', 'user', 'group', 'in', 'unlimited', 'join', '"FIX ME: X/Y"', '"Finance/AP Source"', 'by-principal', 'Invoices', 'BUKRS', '\n', '//', '/*', '""', "''", 'TRUE', 'maybe', '\u00e9', ';'];

export const edit = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), other: fc.nat() }),
);

export type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

export function apply(text: string, e: Edit): string {
  if (text.length === 0) return e.kind === 'insert' ? e.text : text;
  const at = e.at % (text.length + 1);
  if (e.kind === 'delete') return text.slice(0, at) + text.slice(at + e.length);
  if (e.kind === 'insert') return text.slice(0, at) + e.text + text.slice(at);
  const lines = text.split('\n');
  const i = e.at % lines.length;
  if (e.kind === 'duplicate-line') lines.splice(i, 0, lines[i]);
  else {
    const j = e.other % lines.length;
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  return lines.join('\n');
}

