// Writes the lines from layout.ts as text: indentation, single spaces between tokens (none
// around `.`, none before `,` and `)`, none after `(`), columns of like statements lined up,
// and trailing comments lined up per group. A group is a run of consecutive lines of one block
// with no blank line or own-line comment between them (the rules are in ../format.ts).
import type { Item, Line } from './layout.js';
import { visualWidth } from './tokens.js';

export interface RenderOptions {
  tabSize: number;
  insertSpaces: boolean;
  eol: string;
}

/** Spaces between a trailing comment and the longest code of its group, at least. */
const COMMENT_GAP = 2;

export function renderLines(lines: Line[], table: string[], multiLine: Uint8Array, o: RenderOptions): string {
  const out: string[] = new Array(lines.length);
  let g = 0;
  while (g < lines.length) {
    // The group lines[g, h).
    let h = g + 1;
    if (lines[g].kind === 'code') {
      while (h < lines.length && (lines[h].kind === 'code' || lines[h].kind === 'note') && lines[h].depth === lines[g].depth) h++;
    }
    renderGroup(lines, g, h, table, multiLine, o, out);
    g = h;
  }
  return out.join(o.eol);
}

function renderGroup(lines: Line[], from: number, to: number, table: string[], multiLine: Uint8Array, o: RenderOptions, out: string[]): void {
  const indentOf = (l: Line) => l.depth + (l.continued ? 1 : 0);
  const indent = (levels: number) => (o.insertSpaces ? ' '.repeat(levels * o.tabSize) : '\t'.repeat(levels));

  // Code and trailing comments of every line; aligned columns when the group is a table.
  const code: string[] = [];
  const trailing: Item[][] = [];
  const columns = alignedColumns(lines, from, to, table, multiLine);
  for (let i = from; i < to; i++) {
    const l = lines[i];
    let lastCode = l.items.length - 1;
    if (l.kind === 'code') while (lastCode >= 0 && l.items[lastCode].comment) lastCode--;
    else lastCode = -1;
    code.push(columns ? columns[i - from] : joinItems(l.items.slice(0, lastCode + 1)));
    trailing.push(l.items.slice(lastCode + 1));
  }

  // The group's comment column: right of the longest code that has a trailing comment, and no
  // further left than the author put any of them on a line that stood alone in the source.
  let column = 0;
  for (let i = from; i < to; i++) {
    const l = lines[i];
    const comments = trailing[i - from];
    if (l.kind !== 'code' || comments.length === 0 || code[i - from] === '') continue;
    column = Math.max(column, endColumn(indentOf(l) * o.tabSize, code[i - from], o.tabSize) + COMMENT_GAP, l.anchored ? comments[0].sourceColumn : 0);
  }
  // A `//` comment line right below starts left of the column, or it would read as continuing
  // the trailing comment the next time.
  const below = lines[to];
  const last = lines[to - 1];
  const endsInComment = last.kind === 'note' || (last.kind === 'code' && trailing[to - 1 - from].length > 0);
  if (endsInComment && below?.kind === 'comment' && below.items[0].lineComment) column = Math.max(column, indentOf(below) * o.tabSize + 1);

  for (let i = from; i < to; i++) {
    const l = lines[i];
    const c = code[i - from];
    const comments = trailing[i - from].map((it) => it.text).join(' ');
    if (l.kind === 'blank') out[i] = '';
    else if (l.kind === 'note') out[i] = indent(indentOf(l)) + ' '.repeat(Math.max(0, column - indentOf(l) * o.tabSize)) + comments;
    else if (c === '') out[i] = indent(indentOf(l)) + comments;
    else if (comments === '') out[i] = indent(indentOf(l)) + c;
    else {
      const end = endColumn(indentOf(l) * o.tabSize, c, o.tabSize);
      out[i] = indent(indentOf(l)) + c + ' '.repeat(Math.max(1, column - end)) + comments;
    }
  }
}

/** The column after writing `s` from `start`; for text spanning lines (a block comment), on its last line. */
function endColumn(start: number, s: string, tabSize: number): number {
  const nl = Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'));
  return nl < 0 ? visualWidth(s, start, tabSize) : visualWidth(s.slice(nl + 1), 0, tabSize);
}

/** Items of one line as text with the language's spacing. */
function joinItems(items: Item[]): string {
  let s = '';
  for (let k = 0; k < items.length; k++) s += (k > 0 && spaced(items[k - 1], items[k]) ? ' ' : '') + items[k].text;
  return s;
}

function spaced(a: Item, b: Item): boolean {
  if (a.comment || b.comment) return true;
  if (b.text === ',' || b.text === '.' || b.text === ')') return false;
  return a.text !== '.' && a.text !== '(';
}

/**
 * When every code line of the group is a whole statement of one alignable shape (and there
 * are two or more), the lines with each column padded to the widest; otherwise undefined.
 */
function alignedColumns(lines: Line[], from: number, to: number, table: string[], multiLine: Uint8Array): string[] | undefined {
  let shape: string | undefined;
  let count = 0;
  for (let i = from; i < to; i++) {
    const l = lines[i];
    if (l.kind === 'note') continue;
    if (l.stmt < 0 || multiLine[l.stmt] === 1 || table[l.stmt] === '') return undefined;
    if (shape !== undefined && table[l.stmt] !== shape) return undefined;
    shape = table[l.stmt];
    count++;
  }
  if (count < 2) return undefined;

  // Cells: the code items from one column start to the next.
  const cells: string[][] = [];
  for (let i = from; i < to; i++) {
    const l = lines[i];
    if (l.kind === 'note') continue;
    let lastCode = l.items.length - 1;
    while (lastCode >= 0 && l.items[lastCode].comment) lastCode--;
    const row: string[] = [];
    let begin = 0;
    for (let k = 1; k <= lastCode + 1; k++) {
      if (k === lastCode + 1 || l.items[k].cell) {
        row.push(joinItems(l.items.slice(begin, k)));
        begin = k;
      }
    }
    if (row.some((cell) => /[\r\n]/.test(cell))) return undefined;
    cells.push(row);
  }
  const widths: number[] = [];
  for (const row of cells) row.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, cell.length)));
  const result: string[] = [];
  let r = 0;
  for (let i = from; i < to; i++) {
    if (lines[i].kind === 'note') {
      result.push('');
      continue;
    }
    const row = cells[r++];
    result.push(row.map((cell, c) => (c < row.length - 1 ? cell.padEnd(widths[c]) : cell)).join(' '));
  }
  return result;
}
