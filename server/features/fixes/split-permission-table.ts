// §P8 quick fix: one permission table holds users or groups, never both
// (permission-table-mixed-principals). The fix splits the CSV: user rows stay in the file,
// group rows move to a new file beside it (`name.groups.csv`, same header, delimiter and
// quoting: rows are copied as written). Every declaration of the table in a .perm file becomes
// `users` and gets a twin for the new file declared `groups`, with the same kind, `by` and
// column mappings. A row whose principal is neither or both stays with the declared kind.
import * as path from 'node:path';
import { parseCsv, type CsvRecord } from '../../../model/csv.js';
import { referenceValue } from '../../../model/schema/permission-csv.js';
import type { Diagnostic, PermissionTable } from '../../../model/types.js';
import type { CodeAction, TextEdit } from '../results.js';
import type { FixContext } from './context.js';
import { eolOf, indentOf, lineStarts, lineText, offsetAt, positionAt, quoteString, sliceRange } from './text.js';

export async function splitPermissionTable(ctx: FixContext, d: Diagnostic): Promise<CodeAction[]> {
  const { snapshot } = ctx;
  const csvFile = d.range.file;
  const declarations = snapshot.model.permissions.flatMap((s) => s.tables).filter((t) => t.file === csvFile);
  const read = snapshot.data.permissionTables.get(csvFile)?.table;
  const text = await ctx.text(csvFile);
  if (declarations.length === 0 || !read || text === undefined) return [];
  const userColumn = declarations[0].mappings.find((m) => m.role === 'user')?.column.name;
  const column = read.header.findIndex((h) => h.text === userColumn);
  if (column < 0) return [];

  const { records, error } = parseCsv(text, { delimiter: read.delimiter });
  if (error || records.length < 2) return [];
  const [header, ...rows] = records;
  const declared = declarations[0].principals === 'users' ? 'user' : 'group';
  const kindOf = (row: CsvRecord): 'user' | 'group' => {
    const name = row.cells.length === header.cells.length ? referenceValue(row.cells[column]) : null;
    if (name === null) return declared;
    const isUser = snapshot.index.usersNamed(name).length > 0;
    const isGroup = snapshot.index.groupsNamed(name).length > 0;
    return isUser && !isGroup ? 'user' : isGroup && !isUser ? 'group' : declared;
  };
  const users = rows.filter((r) => kindOf(r) === 'user');
  const groups = rows.filter((r) => kindOf(r) === 'group');
  if (users.length === 0 || groups.length === 0) return [];

  // Rows as written, each ending with the file's line break.
  const starts = lineStarts(text);
  const eol = eolOf(text);
  const raw = (r: CsvRecord) => {
    const last = Math.max(r.line, ...r.cells.map((c) => c.endLine));
    return text.slice(starts[r.line], starts[last] + lineText(text, last, starts).length) + eol;
  };
  const headerText = raw(header);
  const newFile = await freeName(ctx, csvFile);
  const edits: TextEdit[] = [{ range: { file: csvFile, start: { line: 0, column: 0 }, end: positionAt(text, text.length, starts) }, newText: headerText + users.map(raw).join('') }];
  for (const t of declarations) {
    const declEdits = await redeclare(ctx, t, path.basename(newFile));
    if (!declEdits) return [];
    edits.push(...declEdits);
  }
  return [
    {
      title: `Split ${path.basename(csvFile)}: move the ${groups.length} group row${groups.length === 1 ? '' : 's'} to ${path.basename(newFile)}, declared \`groups\``,
      kind: 'quickfix',
      fixes: [d.code],
      isPreferred: true,
      change: { edits, create: [{ file: newFile, text: headerText + groups.map(raw).join('') }] },
    },
  ];
}

/** `name.groups.csv` beside the table, or `name.groups-2.csv`, … when taken. */
async function freeName(ctx: FixContext, csvFile: string): Promise<string> {
  const base = csvFile.replace(/\.csv$/i, '');
  for (let n = 1; ; n++) {
    const candidate = `${base}.groups${n === 1 ? '' : `-${n}`}.csv`;
    if (!(await ctx.exists(candidate))) return candidate;
  }
}

/** Declares `t` for users and adds, after it, the same declaration for the groups file. */
async function redeclare(ctx: FixContext, t: PermissionTable, newBaseName: string): Promise<TextEdit[] | undefined> {
  const file = t.range.file;
  const text = await ctx.text(file);
  if (text === undefined) return undefined;
  const starts = lineStarts(text);
  const declStart = offsetAt(text, t.range.start, starts);
  const declEnd = offsetAt(text, t.range.end, starts);
  const pathStart = offsetAt(text, t.path.range.start, starts) - declStart;
  const pathEnd = offsetAt(text, t.path.range.end, starts) - declStart;
  const decl = text.slice(declStart, declEnd);
  if (sliceRange(text, t.path.range) !== decl.slice(pathStart, pathEnd)) return undefined;
  // `values users` / `unlimited groups`: the principals keyword right after the kind.
  const kind = /^(\s*(?:values|unlimited)\s+)(users|groups)\b/.exec(decl.slice(pathEnd));
  if (!kind) return undefined;
  const keywordAt = pathEnd + kind[1].length;
  const written = t.path.name.replace(/\\/g, '/');
  const newPath = quoteString(written.includes('/') ? `${written.slice(0, written.lastIndexOf('/') + 1)}${newBaseName}` : newBaseName);
  const twin = decl.slice(0, pathStart) + newPath + decl.slice(pathEnd, keywordAt) + 'groups' + decl.slice(keywordAt + kind[2].length);
  const indent = indentOf(lineText(text, t.range.start.line, starts));
  const edits: TextEdit[] = [];
  if (kind[2] === 'groups') {
    const start = positionAt(text, declStart + keywordAt, starts);
    edits.push({ range: { file, start, end: { line: start.line, column: start.column + 'groups'.length } }, newText: 'users' });
  }
  edits.push({ range: { file, start: t.range.end, end: t.range.end }, newText: eolOf(text) + indent + twin });
  return edits;
}
