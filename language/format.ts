// The formatter for *.pool and *.perm files: one layout for every file, so diffs show changes
// of meaning, not of taste. It only ever changes whitespace between tokens (the lexer's tokens
// and comments come out the same and in the same order) and leaves files with a syntax error
// alone. The layout follows examples/acme:
//
// - One statement per line; its tokens separated by single spaces, except none around `.`,
//   none before `,` and `)`, none after `(` (`Vendors.LAND1 in "DE", "AT"`, `SAP.VBFA (A, B)`).
// - Indentation by block depth (2 spaces, or the editor's tabSize / tabs). `{` ends the header
//   line, `}` stands alone on its line.
// - A line break the author put inside a statement is kept: the statement continues on the next
//   line, indented one level more (`share … with …` / `tables …` / `by …`, long value lists). A
//   break next to `.`, after `(`, before `)` or before `{` is dropped; one before `,` moves after it.
// - Blank lines: at most one in a row, only where the author put one between two statements or
//   comments of a block; never at the start or end of the file, after `{`, before `}`, or inside
//   a statement. The file ends with exactly one line break (the file's own: \n or \r\n).
// - Groups: consecutive lines of one block with no blank line or own-line comment between them.
//   When every line of a group is a one-line statement of the same alignable shape (user …
//   role, group … members, grant, table … from, table … as, join, object, relate, the column
//   mappings of a permission table), its columns line up: `user "f.weber@acme.com"      role
//   admin`. A group that mixes kinds (say `engine` and `grant`) stays single-spaced, so a table
//   is made by giving it a paragraph of its own.
// - Comments are kept verbatim (trailing whitespace of `//` comments dropped; lines inside a
//   `/* */` comment untouched) and in order. A comment after code on its line stays there; the
//   trailing comments of a group line up at one column: at least two spaces right of the
//   group's longest commented code, and no further left than the author put any of them on a
//   line that started with the same statement (so a hand-picked column such as the examples'
//   survives, and code that grows pushes it right). A `//` comment on its own line directly
//   below a trailing comment, starting at or right of that comment, continues it and lines up
//   with it. Other own-line comments are indented like the statements around them
//   (inside a statement: like its continuation lines). A comment between a token and the `,`
//   or `{` after it ends up behind that punctuation, on the same line or the next.
//
// Besides the tokens and line breaks, only the source columns of comments are read (the floor
// above; continuation or not), so the result is idempotent and independent of all other
// spacing. The syntax check is format/structure.ts: Langium's parser, which builds a CST and an
// AST, is too slow for formatting a large file on save.
import { layoutLines } from './format/layout.js';
import { renderLines } from './format/render.js';
import { recognize } from './format/structure.js';
import { tokenize } from './format/tokens.js';

export interface FormatOptions {
  /** Columns per indentation level (default 2). */
  tabSize?: number;
  /** Indent with spaces (default) or tabs. */
  insertSpaces?: boolean;
}

/** One replacement of the text between two positions (0-based lines, UTF-16 columns). */
export interface FormatEdit {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

/** The formatted text, or undefined when the text does not parse. */
export function formatText(text: string, options: FormatOptions = {}): string | undefined {
  const tabSize = Math.max(1, Math.floor(options.tabSize ?? 2));
  const insertSpaces = options.insertSpaces ?? true;
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const tokens = tokenize(text);
  if (!tokens) return undefined;
  const structure = recognize(tokens.filter((t) => !t.comment));
  if (!structure) return undefined;
  const { lines, multiLine } = layoutLines(text, tokens, structure, tabSize);
  if (lines.length === 0) return bom;
  const firstBreak = text.search(/[\r\n]/);
  const eol = firstBreak >= 0 && text.startsWith('\r\n', firstBreak) ? '\r\n' : '\n';
  return bom + renderLines(lines, structure.table, multiLine, { tabSize, insertSpaces, eol }) + eol;
}

/** The edits that format `text`: one replacing the whole document, or none when it is already formatted or does not parse. */
export function formatEdits(text: string, options: FormatOptions = {}): FormatEdit[] {
  const formatted = formatText(text, options);
  if (formatted === undefined || formatted === text) return [];
  let endLine = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) {
      endLine++;
      lineStart = i + 1;
    }
  }
  return [{ startLine: 0, startColumn: 0, endLine, endColumn: text.length - lineStart, newText: formatted }];
}
