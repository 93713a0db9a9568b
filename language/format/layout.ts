// Decides which output line every token and comment goes on: one statement per line, `{` on
// the header line, `}` alone, a line break the author put inside a statement kept as a
// continuation line, comments kept in order on the line (or own line) where they were.
// Horizontal layout (indentation, spaces, aligned columns) is left to render.ts; this file only
// produces the lines as lists of items. Source columns are read for comments only: a trailing
// comment's column is a floor for its group's comment column, and an own-line comment at or
// right of the trailing comment above continues it (see ../format.ts).
import { CLOSE, OPEN, START, type Structure } from './structure.js';
import { visualColumn, type Token } from './tokens.js';

export interface Item {
  text: string;
  comment: boolean;
  /** A `//` comment: nothing may follow it on its line. */
  lineComment: boolean;
  /** An aligned column starts at this item. */
  cell: boolean;
  /** Comments: the column the comment starts at in the source. */
  sourceColumn: number;
}

export type LineKind = 'code' | 'comment' | 'note' | 'blank';

export interface Line {
  /** code: a statement's line; comment: comments on a line of their own; note: an own-line comment continuing the trailing comment above; blank: one empty line. */
  kind: LineKind;
  /** Block depth (indentation levels, before `continued`). */
  depth: number;
  /** A continuation line of a statement, or a comment inside one: one more indentation level. */
  continued: boolean;
  items: Item[];
  /** The statement this line is the first line of, or -1. */
  stmt: number;
  /** Ends with the `{` of a block. */
  opens: boolean;
  /** Holds a `//` comment: code that comes later goes on the next line. */
  sealed: boolean;
  /** Source column of the comments that end the line (for notes below it), or -1. */
  noteBase: number;
  /** The line's first item also started its line in the source (so its comments' source columns mean something). */
  anchored: boolean;
}

const GLUE_LEFT = new Set([',', '.', ')', '{']);
/** Glue-left tokens that also move past comments on lines of their own (they cannot end a statement). */
const HOIST_PAST_COMMENT_LINES = new Set([',', '{']);
const GLUE_RIGHT = new Set(['.', '(']);

/** Lays out a syntactically valid file's tokens; `structure` covers the code tokens in order. */
export function layoutLines(text: string, tokens: Token[], s: Structure, tabSize: number): { lines: Line[]; multiLine: Uint8Array } {
  const lines: Line[] = [];
  /** Per statement: 1 when it spans more than one line (it is then never aligned in columns). */
  const multiLine = new Uint8Array(s.table.length);

  // For each token: does a code token follow it on its source line?
  const codeFollows = new Uint8Array(tokens.length);
  let follows = 0;
  for (let k = tokens.length - 1; k >= 0; k--) {
    codeFollows[k] = follows;
    const t = tokens[k];
    if (t.breaks > 0) follows = 0;
    else if (!t.comment) follows = 1;
    else if (t.text.includes('\n') || t.text.includes('\r')) follows = 0;
  }

  let depth = 0; // current block depth
  let stmtDepth = 0; // depth of the statement being read
  let stmt = -1;
  let inStatement = false;
  let lastCode: Line | undefined; // the line holding the last code token
  let lastCodeType = '';
  // Where the previous token went: a line, the leading comments, or nowhere a comment on the same
  // source line could follow it (the file start; a `,` or `{` that moved up past comment lines).
  let place: Line | 'leading' | undefined;
  let leading: Item[] = []; // comments at the start of a source line, waiting for the code after them
  let breakPending = false; // a line break since the last code token
  let commentLineSince = false; // a comment line was written since the last code token
  let blankPending = false;

  const push = (line: Line, boundary: boolean): Line => {
    // At most one blank line, only between statements or comments of one block: never at the
    // start, after `{`, before `}`, or inside a statement.
    if (blankPending && boundary && lines.length > 0 && !lines[lines.length - 1].opens) lines.push(blank());
    blankPending = false;
    lines.push(line);
    return line;
  };

  const codeLine = (d: number, continued: boolean, first: number, anchored: boolean): Line => ({ kind: 'code', depth: d, continued, items: [], stmt: first, opens: false, sealed: false, noteBase: -1, anchored });
  /** Whether token k is the first on its source line, or comes after leading comments that are. */
  const anchoredAt = (k: number) => leading.length > 0 || k === 0 || tokens[k].breaks > 0;

  /** Puts a glue-left token right after the last code item of `line` (before any comments after it). */
  const insertAfterCode = (line: Line, item: Item) => {
    let at = line.items.length;
    while (at > 0 && line.items[at - 1].comment) at--;
    line.items.splice(at, 0, item);
  };

  let ci = -1;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.breaks > 0) breakPending = true;
    if (t.breaks > 1) blankPending = true;

    if (t.comment) {
      const lineComment = t.type === 'SL_COMMENT';
      const item: Item = { text: lineComment ? t.text.trimEnd() : t.text, comment: true, lineComment, cell: false, sourceColumn: visualColumn(text, t.start, tabSize) };
      if (t.breaks === 0 && place !== undefined && (place === 'leading' || !place.sealed)) {
        // Same source line as the token before.
        if (place === 'leading') leading.push(item);
        else {
          const prev = place.items[place.items.length - 1];
          if (place.kind === 'code' && !prev.comment) place.noteBase = item.sourceColumn;
          place.items.push(item);
          if (lineComment) place.sealed = true;
        }
      } else if (codeFollows[k]) {
        leading.push(item);
        place = 'leading';
      } else {
        const above = lines[lines.length - 1];
        const note =
          lineComment &&
          t.breaks === 1 &&
          above !== undefined &&
          (above.kind === 'code' || above.kind === 'note') &&
          above.items[above.items.length - 1].comment &&
          above.noteBase >= 0 &&
          item.sourceColumn >= above.noteBase;
        let line: Line;
        if (note) {
          line = push({ kind: 'note', depth: above.depth, continued: above.continued, items: [item], stmt: -1, opens: false, sealed: true, noteBase: above.noteBase, anchored: false }, false);
        } else {
          const d = inStatement ? stmtDepth : depth;
          line = push({ kind: 'comment', depth: d, continued: inStatement, items: [item], stmt: -1, opens: false, sealed: lineComment, noteBase: -1, anchored: true }, !inStatement);
        }
        if (inStatement) commentLineSince = true;
        place = line;
      }
      continue;
    }

    ci++;
    // Where a comment after this token on its line goes, when not on this token's line.
    let after: Line | 'nowhere' | undefined;
    const role = s.role[ci];
    const item: Item = { text: t.text, comment: false, lineComment: false, cell: s.cell[ci] === 1, sourceColumn: -1 };
    if (role === START || role === CLOSE) {
      const d = s.depth[ci];
      const line = push(codeLine(d, false, role === START ? s.stmt[ci] : -1, anchoredAt(k)), role === START);
      line.items.push(...leading, item);
      if (role === START) {
        stmt = s.stmt[ci];
        stmtDepth = d;
        inStatement = true;
      } else {
        depth = d;
        inStatement = false;
      }
      lastCode = line;
    } else if (lastCode !== undefined && GLUE_LEFT.has(t.type) && (HOIST_PAST_COMMENT_LINES.has(t.type) || !commentLineSince)) {
      // Attaches to the token before it; a line break before it is dropped (before `,`: moved
      // after it). Comments between the two stay in order after it, on the same line or below.
      insertAfterCode(lastCode, item);
      if (role === OPEN) {
        lastCode.opens = true;
        depth = s.depth[ci] + 1;
      }
      if (leading.length > 0 && (lastCode.sealed || commentLineSince)) {
        // Block comments that were at the start of its line cannot follow a `//` comment, nor
        // go above comment lines: they get a line of their own below.
        const inside = role !== OPEN && s.last[ci] !== 1;
        after = push({ kind: 'comment', depth: inside ? stmtDepth : depth, continued: inside, items: leading, stmt: -1, opens: false, sealed: false, noteBase: -1, anchored: true }, false);
        if (inside) commentLineSince = true;
      } else {
        lastCode.items.push(...leading);
        if (commentLineSince) after = 'nowhere';
      }
      if (role === OPEN) inStatement = false;
    } else if (lastCode !== undefined && GLUE_RIGHT.has(lastCodeType) && !lastCode.sealed && !commentLineSince) {
      lastCode.items.push(...leading, item);
      breakPending = false;
    } else if (lastCode === undefined || lastCode.sealed || breakPending || commentLineSince) {
      // The author broke the statement here (or a `//` comment ends the line): a continuation line.
      lastCode = push(codeLine(stmtDepth, true, -1, anchoredAt(k)), false);
      lastCode.items.push(...leading, item);
      multiLine[stmt] = 1;
      breakPending = false;
    } else {
      lastCode.items.push(item);
    }
    if (t.type !== ',') breakPending = false;
    if (s.last[ci] === 1) inStatement = false;
    leading = [];
    if (after === undefined || after === 'nowhere') commentLineSince = false;
    lastCodeType = t.type;
    place = after === 'nowhere' ? undefined : (after ?? lastCode);
  }
  return { lines, multiLine };
}

function blank(): Line {
  return { kind: 'blank', depth: 0, continued: false, items: [], stmt: -1, opens: false, sealed: false, noteBase: -1, anchored: false };
}
