// A small scanner that splits a definition file into its top-level blocks and each block's
// body into chunks of whole members, without parsing: the incremental parser
// (incremental-parse.ts) parses each chunk on its own and reuses what did not change.
// It reads strings, comments, words and braces as the Langium lexer does (sightline.langium;
// test/language/incremental-parse.test.ts compares the two), and gives up (undefined: parse
// the whole file) when it cannot be sure of the blocks: braces that do not balance, or text
// after the last block that is not one.
// A chunk ends after a `}` that closes a member's block, and before a keyword that can only
// start a member there, so in a valid file every chunk is a run of whole members.
import { lineStarts } from './lines.js';

export interface Place {
  /** 0-based offset into the text. */
  offset: number;
  /** 0-based line and column (UTF-16 units) of that offset. */
  line: number;
  column: number;
}

export interface Span extends Place {
  /** Offset just after the span's last token. */
  end: number;
}

export type BlockKind = 'team' | 'pool' | 'permissions';

export interface BlockOutline extends Span {
  /** From the first word; undefined when that is not a block keyword. */
  kind: BlockKind | undefined;
  /** Offset just after the block's `{`: the text from `offset` to here is the header. */
  open: number;
  /** Where the closing `}` stands. */
  close: Place;
  members: Span[];
}

/** Keywords that can only start a member of the block (never stand inside one at its level). */
const MEMBER_STARTS: Record<BlockKind, ReadonlySet<string>> = {
  team: new Set(['user', 'group', 'grant']),
  pool: new Set(['grant', 'connection', 'share', 'import', 'model', 'perspective']),
  permissions: new Set(['use', 'user', 'group', 'table']),
};

/** ID or KEBAB (sightline.langium): the longest word the lexer reads at a letter or `_`. */
const WORD = /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/y;
/** The STRING terminal. */
const STRING = /"(?:\\.|[^"\\\r\n])*"/y;
/** A run of WS, SL_COMMENT and ML_COMMENT (the hidden terminals). */
const TRIVIA = /(?:\s+|\/\/[^\n\r]*|\/\*[\s\S]*?\*\/)+/y;
/** Text that holds no brace, string or comment. */
const INNER = /[^{}"/]+/y;

const isWordStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;

/** Where the whitespace and comments from `i` on end (`i` when there are none). */
export function triviaEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c !== 32 && c !== 47 && (c < 9 || c > 13) && c <= 127) return i;
  TRIVIA.lastIndex = i;
  return TRIVIA.test(text) ? TRIVIA.lastIndex : i;
}

/**
 * Where the token at `i` (not trivia) ends, as the lexer reads it: a string, a word, or one
 * character. A `"` that starts no string (none closes on its line) and the `/` of an
 * unclosed `/*` are errors the lexer reports and skips by one character, going on after them
 * as usual; so does the scanner. (Punctuation like `->` comes out one character at a time.)
 */
export function tokenEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34 /* " */) {
    STRING.lastIndex = i;
    return STRING.test(text) ? STRING.lastIndex : i + 1;
  }
  if (isWordStart(c)) {
    WORD.lastIndex = i;
    WORD.test(text);
    return WORD.lastIndex;
  }
  return i + 1;
}

/** The file's blocks, or undefined when the scanner cannot be sure of them. */
export function outlineOf(text: string): BlockOutline[] | undefined {
  const at = positions(text);
  const blocks: BlockOutline[] = [];
  let depth = 0;
  let block: BlockOutline | undefined;
  let member: Span | undefined;
  let lastEnd = 0;

  const flush = () => {
    if (member) {
      member.end = lastEnd;
      block!.members.push(member);
      member = undefined;
    }
  };

  const n = text.length;
  let i = triviaEnd(text, 0);
  while (i < n) {
    if (depth >= 2) {
      // Inside a member's block only braces count: skip to the next brace, string or comment.
      INNER.lastIndex = i;
      if (INNER.test(text)) i = INNER.lastIndex;
      if (i >= n) break;
      const j = triviaEnd(text, i);
      if (j > i) {
        i = j;
        continue;
      }
    }
    // A token: [start, i).
    const start = i;
    const c = text.charCodeAt(i);
    i = tokenEnd(text, i);
    const word = depth <= 1 && isWordStart(c) ? text.slice(start, i) : undefined;

    if (depth === 0) {
      if (c === 125 /* } */) return undefined;
      if (!block) {
        const kind = word === 'team' || word === 'pool' || word === 'permissions' ? word : undefined;
        block = { offset: start, line: 0, column: 0, end: 0, kind, open: 0, close: { offset: 0, line: 0, column: 0 }, members: [] };
        at(block);
      }
      if (c === 123 /* { */) {
        block.open = i;
        depth = 1;
      }
    } else if (depth === 1) {
      if (c === 125) {
        flush();
        block!.close.offset = start;
        at(block!.close);
        block!.end = i;
        blocks.push(block!);
        block = undefined;
        depth = 0;
      } else {
        if (member && word !== undefined && block!.kind && MEMBER_STARTS[block!.kind].has(word)) flush();
        if (!member) {
          member = { offset: start, line: 0, column: 0, end: 0 };
          at(member);
        }
        if (c === 123) depth = 2;
      }
    } else if (c === 123) depth++;
    else if (c === 125) {
      depth--;
      if (depth === 1) {
        lastEnd = i;
        flush();
      }
    }
    lastEnd = i;
    i = triviaEnd(text, i);
  }
  return depth === 0 && !block ? blocks : undefined;
}

/** Fills in the line and column of places asked for in increasing offsets. */
function positions(text: string): (p: Place) => void {
  const starts = lineStarts(text);
  let line = 0;
  return (p) => {
    while (line + 1 < starts.length && starts[line + 1] <= p.offset) line++;
    p.line = line;
    p.column = p.offset - starts[line];
  };
}
