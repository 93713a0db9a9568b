// Applies a WorkspaceChange to texts in memory: what the editor does with a rename or a quick
// fix, for tests, the CLI and the server (e.g. to check a change before offering it).
// Positions are 0-based lines and UTF-16 columns as LSP counts them: CRLF, CR and LF end a
// line, and a leading byte order mark is not counted (editors hide it; it is kept).
import type { Position, SourceRange } from '../../model/types.js';
import type { TextEdit, WorkspaceChange } from './results.js';

const BOM = '\uFEFF';

/** Applies edits to one text. Edits must not overlap; inserts at one place keep their order. */
export function applyEdits(text: string, edits: readonly { range: Omit<SourceRange, 'file'>; newText: string }[]): string {
  const bom = text.startsWith(BOM) ? BOM : '';
  const body = bom ? text.slice(1) : text;
  const starts = lineStarts(body);
  const located = edits
    .map((e, i) => ({ from: offsetOf(body, starts, e.range.start), to: offsetOf(body, starts, e.range.end), text: e.newText, i }))
    .sort((a, b) => a.from - b.from || a.to - b.to || a.i - b.i);
  for (let k = 1; k < located.length; k++) {
    if (located[k].from < located[k - 1].to) throw new Error(`overlapping edits at offset ${located[k].from}`);
  }
  let out = '';
  let at = 0;
  for (const e of located) {
    if (e.to < e.from) throw new Error(`an edit ends before it starts (offset ${e.from})`);
    out += body.slice(at, e.from) + e.text;
    at = e.to;
  }
  return bom + out + body.slice(at);
}

/**
 * The new text of every file the change touches (edited or created). `read` gives a file's
 * current text (undefined when it does not exist). Throws when an edited file cannot be read,
 * when a file to create exists, or when edits overlap.
 */
export function applyChange(change: WorkspaceChange, read: (file: string) => string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const byFile = new Map<string, TextEdit[]>();
  for (const e of change.edits) {
    const list = byFile.get(e.range.file);
    if (list) list.push(e);
    else byFile.set(e.range.file, [e]);
  }
  for (const [file, edits] of byFile) {
    const text = read(file);
    if (text === undefined) throw new Error(`cannot edit ${file}: it cannot be read`);
    out.set(file, applyEdits(text, edits));
  }
  for (const c of change.create ?? []) {
    if (out.has(c.file) || read(c.file) !== undefined) throw new Error(`cannot create ${c.file}: it exists`);
    out.set(c.file, c.text);
  }
  return out;
}

/** Where a text ends, as a position (for an edit that replaces all of it). */
export function endOf(text: string): Position {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const starts = lineStarts(body);
  const last = starts.length - 1;
  return { line: last, column: body.length - starts[last] };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** The offset of a position; a column past the line's end stops at its line break (as LSP says). */
function offsetOf(text: string, starts: number[], pos: Position): number {
  if (pos.line >= starts.length) return text.length;
  const start = starts[pos.line];
  let end = pos.line + 1 < starts.length ? starts[pos.line + 1] : text.length;
  while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return Math.min(start + Math.max(0, pos.column), end);
}
