// Text arithmetic the quick fixes share: positions ↔ offsets (LSP counting: CRLF, LF and CR
// end a line, with language/lines.ts's line starts, as the checker counts them), the
// indentation a new line should get so the file keeps its own style, and writing names and
// values the way the language and CSV quote them.
import { lineStarts, positionAt as positionIn } from '../../../language/lines.js';
import type { Position, SourceRange } from '../../../model/types.js';
import type { TextEdit } from '../results.js';

/** Offsets where each line starts (language/lines.ts, re-exported for the fixes). */
export { lineStarts };

export function offsetAt(text: string, pos: Position, starts = lineStarts(text)): number {
  if (pos.line >= starts.length) return text.length;
  return Math.min(starts[pos.line] + pos.column, text.length);
}

export function positionAt(text: string, offset: number, starts = lineStarts(text)): Position {
  return positionIn(starts, offset);
}

export function sliceRange(text: string, range: SourceRange): string {
  const starts = lineStarts(text);
  return text.slice(offsetAt(text, range.start, starts), offsetAt(text, range.end, starts));
}

/** The line's text without its line break. */
export function lineText(text: string, line: number, starts = lineStarts(text)): string {
  const from = starts[line] ?? text.length;
  const to = line + 1 < starts.length ? starts[line + 1] : text.length;
  return text.slice(from, to).replace(/\r?\n$|\r$/, '');
}

export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** The file's line break: CRLF when its first line ends so, else LF. */
export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** One level of indentation as the file writes it: a tab, or its smallest run of spaces (2 when it has none). */
export function indentUnit(text: string): string {
  let spaces = Infinity;
  for (const line of text.split(/\r?\n|\r/)) {
    if (!line.trim()) continue;
    const indent = indentOf(line);
    if (indent.startsWith('\t')) return '\t';
    if (indent.length > 0) spaces = Math.min(spaces, indent.length);
  }
  return ' '.repeat(spaces === Infinity ? 2 : spaces);
}

/** An edit that inserts `statement` on a new line after the line of `after` (same indentation). */
export function insertLineAfter(text: string, file: string, after: SourceRange, statement: string): TextEdit {
  const starts = lineStarts(text);
  const line = lineText(text, after.end.line, starts);
  const indent = indentOf(lineText(text, after.start.line, starts));
  const at = { line: after.end.line, column: line.length };
  return { range: { file, start: at, end: at }, newText: eolOf(text) + indent + statement };
}

/**
 * An edit that makes `statement` the first statement of the block whose `{` is at `brace`
 * (an offset): indented like the block's first statement, else one level deeper than the
 * line of the brace. A block written on one line is opened up.
 */
export function insertFirstInBlock(text: string, file: string, brace: number, statement: string): TextEdit {
  const starts = lineStarts(text);
  const eol = eolOf(text);
  const braceLine = positionAt(text, brace, starts).line;
  const outer = indentOf(lineText(text, braceLine, starts));
  const lineEnd = starts[braceLine] + lineText(text, braceLine, starts).length;
  const rest = text.slice(brace + 1, lineEnd);
  if (/^\s*(\/\/.*)?$/.test(rest)) {
    // The block's statements start on later lines: take the first one's indentation.
    let indent = outer + indentUnit(text);
    for (let l = braceLine + 1; l < starts.length; l++) {
      const t = lineText(text, l, starts);
      if (!t.trim()) continue;
      if (!t.trim().startsWith('}')) indent = indentOf(t);
      break;
    }
    const at = positionAt(text, lineEnd, starts);
    return { range: { file, start: at, end: at }, newText: eol + indent + statement };
  }
  // `{ … }` on one line: the statement on its own line, the rest on the next.
  const skip = rest.length - rest.trimStart().length;
  const start = positionAt(text, brace + 1, starts);
  const end = positionAt(text, brace + 1 + skip, starts);
  const inner = outer + indentUnit(text);
  const tail = rest.trimStart().startsWith('}') ? outer : inner;
  return { range: { file, start, end }, newText: eol + inner + statement + eol + tail };
}

/** The offset of the first `{` at or after `from`, outside strings and comments. */
export function braceAfter(text: string, from: number): number | undefined {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '{') return i;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- the language's names

/** A string literal of the language: double quotes, `\"` and `\\` escaped. */
export function quoteString(value: string): string {
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/** Keywords that cannot stand where a name is expected (the grammar's soft keywords can). */
const HARD_KEYWORDS = new Set(
  'team user group grant pool in connection table from share with tables by import as model join perspective relate permissions for use unlimited'.split(' '),
);

/** Whether `value` can be written bare where the grammar takes a Name. */
export function isBareName(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(value) && !HARD_KEYWORDS.has(value);
}

/** A column name: bare when it can be, else quoted (ColumnName takes strings). */
export function columnName(value: string): string {
  return isBareName(value) ? value : quoteString(value);
}

// ---------------------------------------------------------------- CSV

/** A CSV field: quoted when `quoted` or when the value needs it; `"` doubled inside quotes. */
export function csvField(value: string, delimiter: string, quoted: boolean): string {
  const needs = value.includes(delimiter) || /["\r\n]/.test(value) || value === '';
  return quoted || needs ? '"' + value.replace(/"/g, '""') + '"' : value;
}
