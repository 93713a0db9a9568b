// A small lexer for the text before the cursor. Completion must work on text the parser
// cannot read yet (an unclosed string, half a statement), so editor features look at tokens,
// not at the AST: words (identifiers and kebab-case words), strings and punctuation, with
// comments skipped. It never throws and never looks past the limit it is given.

export type TokenKind = 'word' | 'string' | 'punct';

export interface Token {
  kind: TokenKind;
  /** Words and punctuation as written; strings decoded (`\"` and `\\`), without quotes. */
  text: string;
  /** Offsets into the scanned text: [start, end). */
  start: number;
  end: number;
  /** Only whitespace (or comments) stands before it on its line. */
  lineStart: boolean;
  /** Column of the first character (0 = not indented). */
  column: number;
  /** Strings: the closing quote was read. */
  closed?: boolean;
}

export interface ScanResult {
  tokens: Token[];
  /** The text ends inside a comment. */
  inComment: boolean;
  /** The text ends inside a string (the last token is that open string). */
  inString: boolean;
}

const isWordStart = (c: string) => /[A-Za-z0-9_]/.test(c);
const isWordChar = isWordStart;

/** Tokens of `text.slice(0, limit)`. */
export function scan(text: string, limit = text.length): ScanResult {
  const src = text.slice(0, Math.max(0, Math.min(limit, text.length)));
  const tokens: Token[] = [];
  let i = 0;
  let lineStart = true;
  let lineBegin = 0;
  const push = (kind: TokenKind, value: string, start: number, end: number, closed?: boolean) => {
    tokens.push({ kind, text: value, start, end, lineStart, column: start - lineBegin, ...(closed === undefined ? {} : { closed }) });
    lineStart = false;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      i++;
      lineStart = true;
      lineBegin = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      const nl = src.indexOf('\n', i);
      if (nl < 0) return { tokens, inComment: true, inString: false };
      i = nl;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      if (close < 0) return { tokens, inComment: true, inString: false };
      for (let k = i; k < close; k++) if (src[k] === '\n') (lineStart = true), (lineBegin = k + 1);
      i = close + 2;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < src.length) {
        const d = src[j];
        if (d === '\\' && (src[j + 1] === '"' || src[j + 1] === '\\')) {
          value += src[j + 1];
          j += 2;
        } else if (d === '"') {
          closed = true;
          j++;
          break;
        } else if (d === '\n' || d === '\r') {
          break;
        } else {
          value += d;
          j++;
        }
      }
      push('string', value, i, j, closed);
      if (!closed && j >= src.length) return { tokens, inComment: false, inString: true };
      i = j;
      continue;
    }
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < src.length) {
        if (isWordChar(src[j])) j++;
        // kebab-case: a dash joins words; a dash at the very end is a word still being typed
        else if (src[j] === '-' && (j + 1 >= src.length || isWordChar(src[j + 1]))) j++;
        else break;
      }
      push('word', src.slice(i, j), i, j);
      i = j;
      continue;
    }
    if (c === '-' && src[i + 1] === '>') {
      push('punct', '->', i, i + 2);
      i += 2;
      continue;
    }
    if (c === '<' && src[i + 1] === '-' && src[i + 2] === '>') {
      push('punct', '<->', i, i + 3);
      i += 3;
      continue;
    }
    push('punct', c, i, i + 1);
    i++;
  }
  return { tokens, inComment: false, inString: false };
}

/** Offset of a 0-based line and UTF-16 column, clamped to the text. */
export function offsetAt(text: string, pos: { line: number; column: number }): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const eol = text.indexOf('\n', offset);
  const lineEnd = eol < 0 ? text.length : eol;
  return Math.min(offset + Math.max(0, pos.column), lineEnd);
}

/** The 0-based line and column of an offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const o = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let begin = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < o; k = text.indexOf('\n', k + 1)) {
    line++;
    begin = k + 1;
  }
  return { line, column: o - begin };
}

/** The word (identifier or kebab-case word) around an offset, if any. */
export function wordAt(text: string, offset: number): { text: string; start: number; end: number } | undefined {
  let start = Math.max(0, Math.min(offset, text.length));
  let end = start;
  const inWord = (k: number) => k >= 0 && k < text.length && (isWordChar(text[k]) || (text[k] === '-' && isWordChar(text[k - 1] ?? '') && isWordChar(text[k + 1] ?? '')));
  while (inWord(start - 1)) start--;
  while (inWord(end)) end++;
  return end > start ? { text: text.slice(start, end), start, end } : undefined;
}

/** Escapes a value for the inside of a string literal. */
export function escapeString(value: string): string {
  return value.replace(/[\\"]/g, (c) => '\\' + c);
}

/** A string literal for a value. */
export function quote(value: string): string {
  return `"${escapeString(value)}"`;
}
