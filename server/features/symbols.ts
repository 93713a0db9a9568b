// The occurrence index: every place a name is declared or referenced in a workspace, with a
// canonical key per symbol. Definition, references and rename all read it, so they agree on
// what a name means. symbol-collector.ts fills it, resolving names exactly as the checks do;
// CSV permission-table cells are kept compact (csv-occurrences.ts) and made when asked for.
import type { Column, Connection, DataModel, Perspective, Pool, Position, SourceRange } from '../../model/types.js';
import type { CsvOccurrences } from './csv-occurrences.js';
import { collectSymbols } from './symbol-collector.js';
import { SEP } from './symbol-keys.js';
import { contains, type Snapshot } from './snapshot.js';
import { nodeTextFiles, type TextFiles } from './text-files.js';

export { symbolKeys } from './symbol-keys.js';

export type SymbolKind = 'team' | 'pool' | 'connection' | 'table' | 'alias' | 'column' | 'object-type' | 'model' | 'perspective' | 'user' | 'group';

/** How a name is written at one occurrence: what a rename must rewrite there. */
export type Spelling =
  /**
   * A bare identifier. `quotable`: a column name, which may also be written as a string.
   * `keeps`: the word also names something implicitly (a table without `as` names its
   * alias, an import without `as` its connection): a rename writes `New as keeps`.
   */
  | { kind: 'word'; quotable: boolean; keeps?: string }
  /** Part of a quoted string whose value is `prefix + name + suffix` ("Team/Pool", "FIX ME: …"). */
  | { kind: 'string'; prefix: string; suffix: string }
  /** A cell of a CSV file. */
  | { kind: 'csv'; quoted: boolean; delimiter: string }
  /** Not written: the name defaults to the word at `range` (an alias or import without `as`). */
  | { kind: 'implicit' };

export interface Occurrence {
  key: string;
  kind: SymbolKind;
  /** The symbol's name as written here (a pool's name, not "Team/Pool"). */
  name: string;
  /** The whole token (quotes included): what a rename replaces. */
  range: SourceRange;
  /** The name alone: inside the quotes, the pool part of "Team/Pool". The whole token when escapes make that unclear. */
  nameRange: SourceRange;
  declaration: boolean;
  spelling: Spelling;
  /** A pool written "Pool" without its team, or a permissions target without its pool. */
  unqualified?: boolean;
}

/** What a symbol is, with the scope its name must be unique in. */
export type SymbolInfo =
  | { kind: 'team'; name: string }
  | { kind: 'pool'; name: string; pool: Pool }
  | { kind: 'connection'; name: string; pool: Pool }
  | { kind: 'table'; name: string; pool: Pool; connection: Connection }
  | { kind: 'alias'; name: string; pool: Pool; model: DataModel }
  | { kind: 'object-type'; name: string; pool: Pool; perspective: Perspective }
  | { kind: 'model' | 'perspective'; name: string; pool: Pool }
  | { kind: 'column'; name: string; file: string; format?: 'csv' | 'parquet'; columns?: Column[] }
  | { kind: 'user'; name: string }
  | { kind: 'group'; name: string; team: string };

export class SymbolIndex {
  readonly occurrences: Occurrence[] = [];
  readonly symbols = new Map<string, SymbolInfo>();
  private readonly byKey = new Map<string, Occurrence[]>();
  private readonly byFile = new Map<string, Occurrence[]>();
  private readonly seen = new Set<string>();
  private readonly csvSources: CsvOccurrences[] = [];

  add(o: Occurrence, info: SymbolInfo): void {
    // One Ref can be reached twice (a share's table list serves every target): keep one.
    const id = [o.key, o.declaration, o.spelling.kind, o.range.file, o.range.start.line, o.range.start.column, o.range.end.line, o.range.end.column].join(SEP);
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.occurrences.push(o);
    push(this.byKey, o.key, o);
    push(this.byFile, o.range.file, o);
    if (!this.symbols.has(o.key) || o.declaration) this.symbols.set(o.key, info);
  }

  /** The cells of a CSV permission table, whose occurrences are made when asked for. */
  addCsv(source: CsvOccurrences): void {
    this.csvSources.push(source);
  }

  /** Records what a key names, for a symbol met in a CSV cell. */
  declare(key: string, info: SymbolInfo): void {
    if (!this.symbols.has(key)) this.symbols.set(key, info);
  }

  /** Every occurrence of a symbol, CSV permission-table cells included. */
  of(key: string): Occurrence[] {
    return [...(this.byKey.get(key) ?? []), ...this.csvSources.flatMap((s) => s.of(key))];
  }

  /** Every occurrence, CSV cells included (made on the spot: meant for small workspaces and tests). */
  all(): Occurrence[] {
    return [...this.occurrences, ...this.csvSources.flatMap((s) => s.all())];
  }

  /** The occurrence at a position: written names before implicit ones, then the narrowest. */
  at(file: string, pos: Position): Occurrence | undefined {
    for (const source of this.csvSources) {
      if (source.file !== file) continue;
      const hit = source.at(pos);
      if (hit) return hit;
    }
    const inFile = this.byFile.get(file) ?? [];
    const hits = inFile.filter((o) => contains(o.nameRange, file, pos));
    const candidates = hits.length > 0 ? hits : inFile.filter((o) => contains(o.range, file, pos));
    return candidates.sort((a, b) => Number(a.spelling.kind === 'implicit') - Number(b.spelling.kind === 'implicit') || width(a.nameRange) - width(b.nameRange))[0];
  }
}

const cache = new WeakMap<Snapshot, { files: TextFiles; index: SymbolIndex }>();

/** The occurrence index of a snapshot, built once per snapshot (and reader of data files). */
export function symbolIndex(snapshot: Snapshot, files: TextFiles = nodeTextFiles): SymbolIndex {
  const hit = cache.get(snapshot);
  if (hit && hit.files === files) return hit.index;
  const index = new SymbolIndex();
  collectSymbols(snapshot, files, index);
  cache.set(snapshot, { files, index });
  return index;
}

function width(r: SourceRange): number {
  return (r.end.line - r.start.line) * 100_000 + (r.end.column - r.start.column);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
