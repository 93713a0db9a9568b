// The formatter's input: the file's tokens as Langium's own lexer cuts them (so keywords,
// strings and comments are exactly what the parser sees), each with the line breaks in the
// whitespace before it. Whitespace is the only thing the formatter may change, and the line
// breaks in it are the only part of it that carries the author's intent (statement
// boundaries, blank lines, own-line comments, deliberate continuation lines).
import { sightlineCoreServices } from '../parse.js';

export interface Token {
  /** Langium's token type: the keyword itself (`team`, `{`, `->`), or ID, STRING, KEBAB, ML_COMMENT, SL_COMMENT. */
  type: string;
  text: string;
  /** Offsets into the text; `end` is exclusive. */
  start: number;
  end: number;
  comment: boolean;
  /** Line breaks (\n, \r\n or \r) in the whitespace between the previous token (or the file start) and this one. */
  breaks: number;
}

/** The tokens of `text` in order, comments included; undefined when the lexer rejects a character. */
export function tokenize(text: string): Token[] | undefined {
  const result = sightlineCoreServices().parser.Lexer.tokenize(text);
  if (result.errors.length > 0) return undefined;
  const code = result.tokens;
  const hidden = result.hidden;
  const out: Token[] = new Array(code.length + hidden.length);
  let c = 0;
  let h = 0;
  let previousEnd = 0;
  for (let k = 0; k < out.length; k++) {
    const useHidden = h < hidden.length && (c >= code.length || hidden[h].startOffset < code[c].startOffset);
    const t = useHidden ? hidden[h++] : code[c++];
    const start = t.startOffset;
    out[k] = { type: t.tokenType.name, text: t.image, start, end: start + t.image.length, comment: useHidden, breaks: countBreaks(text, previousEnd, start) };
    previousEnd = start + t.image.length;
  }
  return out;
}

/** Line breaks in text[from, to): \r\n counts once. */
export function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) n++;
    else if (ch === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/** The column of `offset` as an editor shows it: tabs advance to the next multiple of tabSize. */
export function visualColumn(text: string, offset: number, tabSize: number): number {
  let lineStart = offset;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10 && text.charCodeAt(lineStart - 1) !== 13) lineStart--;
  return visualWidth(text.slice(lineStart, offset), 0, tabSize);
}

/** The column reached after writing `s` (one line) starting at column `from`. */
export function visualWidth(s: string, from: number, tabSize: number): number {
  let col = from;
  for (let i = 0; i < s.length; i++) col = s.charCodeAt(i) === 9 ? col + tabSize - (col % tabSize) : col + 1;
  return col;
}
