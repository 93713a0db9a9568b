// Go to definition, find references and rename, over the occurrence index (symbols.ts).
// A rename edits every occurrence: .pool and .perm files, CSV permission-table cells, the
// header cell of a CSV data file for a column, and sightline.lock. It keeps the meaning of
// everything else: a name given implicitly (a table without `as`) is written out, and a pool
// or model referred to without qualification is qualified when the new name makes it ambiguous.
import * as path from 'node:path';
import { parseDocument } from '../../language/parse.js';
import type { Position, SourceRange } from '../../model/types.js';
import { applyEdits } from './apply-change.js';
import { invalidName, isBareColumn, KIND_NAMES, quoteString } from './rename-names.js';
import { lockEdit } from './rename-lock.js';
import type { TextEdit, WorkspaceChange } from './results.js';
import type { Snapshot } from './snapshot.js';
import { symbolIndex, symbolKeys, type Occurrence, type SymbolIndex, type SymbolInfo } from './symbols.js';
import { nodeTextFiles, type TextFiles } from './text-files.js';

export function definition(snapshot: Snapshot, file: string, pos: Position, files: TextFiles = nodeTextFiles): SourceRange[] {
  const index = symbolIndex(snapshot, files);
  const at = index.at(file, pos);
  if (!at) return [];
  return sortRanges(index.of(at.key).filter((o) => o.declaration).map((o) => o.nameRange));
}

export function references(snapshot: Snapshot, file: string, pos: Position, includeDeclaration: boolean, files: TextFiles = nodeTextFiles): SourceRange[] {
  const index = symbolIndex(snapshot, files);
  const at = index.at(file, pos);
  if (!at) return [];
  return sortRanges(index.of(at.key).filter((o) => includeDeclaration || !o.declaration).map((o) => o.nameRange));
}

export function prepareRename(snapshot: Snapshot, file: string, pos: Position, files: TextFiles = nodeTextFiles): { range: SourceRange; placeholder: string } | { error: string } {
  const index = symbolIndex(snapshot, files);
  const at = index.at(file, pos);
  if (!at) return { error: 'nothing to rename here: place the cursor on the name of a team, pool, connection, table, alias, column, object type, model, user or group' };
  const info = index.symbols.get(at.key)!;
  const refused = cannotRename(index, at.key, info);
  return refused ? { error: refused } : { range: at.nameRange, placeholder: at.name };
}

export function rename(snapshot: Snapshot, file: string, pos: Position, newName: string, files: TextFiles = nodeTextFiles): WorkspaceChange | { error: string } {
  const index = symbolIndex(snapshot, files);
  const at = index.at(file, pos);
  if (!at) return { error: 'nothing to rename here' };
  const info = index.symbols.get(at.key)!;
  const refused = cannotRename(index, at.key, info);
  if (refused) return { error: refused };
  if (newName === info.name && index.of(at.key).every((o) => o.name === newName)) return { edits: [] };
  const invalid = invalidName(info, newName, snapshot.index);
  if (invalid) return { error: `cannot rename ${KIND_NAMES[info.kind]} ${info.name} to ${newName}: ${invalid}` };

  const edits: TextEdit[] = index.of(at.key).map((o) => editFor(o, newName, info, snapshot));
  edits.push(...requalifications(index, info, newName, snapshot));
  const lock = lockEdit(snapshot, info, newName, files);
  if (lock) edits.push(lock);
  const unique = dedupe(edits);
  const broken = breaksSyntax(snapshot, unique);
  if (broken) return { error: `cannot rename ${KIND_NAMES[info.kind]} ${info.name} to ${newName}: ${broken}` };
  return { edits: unique };
}

// ---------------------------------------------------------------- what cannot be renamed

function cannotRename(index: SymbolIndex, key: string, info: SymbolInfo): string | undefined {
  if (info.kind !== 'column') return undefined;
  const file = path.basename(info.file);
  if (info.format === 'parquet') {
    return `column ${info.name} is stored in ${file}, a Parquet file: its column names live in the file's metadata, which Sightline does not rewrite. Rename the column where the file is produced, then update its references`;
  }
  if (!index.of(key).some((o) => o.declaration)) {
    return `the header line of ${file} could not be read, so column ${info.name} cannot be renamed there; check that the file exists and is CSV`;
  }
  return undefined;
}

// ---------------------------------------------------------------- the edit at one occurrence

function editFor(o: Occurrence, newName: string, info: SymbolInfo, snapshot: Snapshot): TextEdit {
  const s = o.spelling;
  switch (s.kind) {
    case 'implicit':
      return { range: { ...o.range, start: o.range.end }, newText: ` as ${newName}` };
    case 'csv':
      return { range: o.range, newText: csvCell(newName, s.quoted, s.delimiter) };
    case 'string': {
      let name = newName;
      // "Pool" stays unqualified unless another team has a pool of the new name.
      if (info.kind === 'pool' && o.unqualified && poolsNamed(snapshot, newName).some((p) => p !== info.pool)) name = `${info.pool.team.name}/${newName}`;
      return { range: o.range, newText: quoteString(s.prefix + name + s.suffix) };
    }
    case 'word': {
      let text = s.quotable && !isBareColumn(newName) ? quoteString(newName) : newName;
      if ((info.kind === 'model' || info.kind === 'perspective') && o.unqualified && analysesNamed(snapshot, newName).some((p) => p !== info.pool.id)) {
        text = `${quoteString(info.pool.id)}.${text}`;
      }
      return { range: o.range, newText: s.keeps !== undefined ? `${text} as ${s.keeps}` : text };
    }
  }
}

/**
 * References to *other* pools or models that were unambiguous and become ambiguous once the
 * renamed one takes their name: they are qualified ("Team/Pool", "Team/Pool".Model).
 */
function requalifications(index: SymbolIndex, info: SymbolInfo, newName: string, snapshot: Snapshot): TextEdit[] {
  const edits: TextEdit[] = [];
  if (info.kind === 'pool') {
    for (const other of poolsNamed(snapshot, newName)) {
      if (other === info.pool) continue;
      for (const o of index.of(symbolKeys.pool(other.id))) {
        if (!o.unqualified || o.spelling.kind !== 'string') continue;
        edits.push({ range: o.range, newText: quoteString(`${o.spelling.prefix}${other.id}${o.spelling.suffix}`) });
      }
    }
  }
  if (info.kind === 'model' || info.kind === 'perspective') {
    for (const poolId of analysesNamed(snapshot, newName)) {
      if (poolId === info.pool.id) continue;
      for (const o of index.of(symbolKeys.analysis(poolId, newName))) {
        if (o.unqualified && o.spelling.kind === 'word') edits.push({ range: o.range, newText: `${quoteString(poolId)}.${newName}` });
      }
    }
  }
  return edits;
}

function poolsNamed(snapshot: Snapshot, name: string) {
  return snapshot.model.pools.filter((p) => p.name === name);
}

function analysesNamed(snapshot: Snapshot, name: string): string[] {
  return snapshot.index.analysesNamed(name).map((a) => a.pool.id);
}

/** A CSV cell holding `value`: quoted when it was, or when the value needs it (RFC 4180). */
export function csvCell(value: string, quoted: boolean, delimiter: string): string {
  const needs = quoted || value === '' || value === "''" || value.includes(delimiter) || /["\r\n]/.test(value) || value.trim() !== value;
  return needs ? `"${value.replace(/"/g, '""')}"` : value;
}

// ---------------------------------------------------------------- safety

function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const { file, start, end } = e.range;
    const id = `${file}\u0000${start.line}:${start.column}:${end.line}:${end.column}\u0000${e.newText}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** A parse error the edits would add to a definition file, described; undefined when they add none. */
function breaksSyntax(snapshot: Snapshot, edits: TextEdit[]): string | undefined {
  const files = new Set(edits.map((e) => e.range.file).filter((f) => snapshot.texts.has(f)));
  for (const file of files) {
    const before = snapshot.texts.get(file)!;
    const after = applyEdits(before, edits.filter((e) => e.range.file === file));
    const added = parseDocument(after).errors.length - parseDocument(before).errors.length;
    if (added > 0) return `the result would not parse in ${path.basename(file)} (${parseDocument(after).errors[0]?.message ?? 'syntax error'})`;
  }
  return undefined;
}

function sortRanges(ranges: SourceRange[]): SourceRange[] {
  const seen = new Set<string>();
  return ranges
    .filter((r) => {
      const id = JSON.stringify(r);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start.line - b.start.line || a.start.column - b.start.column));
}
