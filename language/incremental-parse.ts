// Parses a definition file chunk by chunk, reusing the chunks that did not change. The chunk
// scanner splits the file into blocks and each block's body into runs of whole members; a
// block's header and each run are parsed with Langium on their own (a run behind
// a one-line stand-in header, `permissions for T{`), converted with ranges relative to where
// they start, and remembered by their text. A keystroke inside one member re-parses that
// member only; chunks that merely moved are copied to their new place (place.ts).
// For a file without syntax errors the result equals toModel(parseDocument(text)); a syntax
// error stays within its chunk (a broken header: within its block).
import type * as ast from './generated/ast.js';
import { type BlockKind, outlineOf, type Span } from './chunk-scanner.js';
import { parseRule, type SyntaxError } from './parse.js';
import { Move, type Where } from './place.js';
import { addFolded, Builder, fold, type FileDeclarations, type MemberDecl, type Shell, shellContext, toModel } from './to-model.js';

export interface ParsedFile {
  declarations: FileDeclarations;
  /** 0-based offsets into the file's text. */
  errors: SyntaxError[];
}

/** How many times each kind of text went to the parser (tests count them). */
export interface ParseCounts {
  /** Whole files. */
  file: number;
  /** Block headers. */
  head: number;
  /** Runs of members. */
  members: number;
  /** Whole blocks (when a header does not parse). */
  block: number;
}

interface Entry<T> {
  /** Ranges as placed last, for a chunk starting at `at` (at first: relative to the chunk). */
  value: T;
  at: Where;
  /** Offsets relative to the chunk's start. */
  errors: SyntaxError[];
  /** The last run that used it (see ChunkMemo). */
  run: number;
}

/**
 * Chunk results of one file by kind and text. What the last two runs did not use is dropped
 * (swept when the unused outnumber the used, so a run does not rebuild the maps). A chunk
 * in the text both runs share at the start or the end is found by its place instead: the
 * last run's chunk there, if it spans the same, is the same text (no need to hash it).
 */
export class ChunkMemo {
  private readonly spaces = new Map<string, Map<string, Entry<unknown>>>();
  private run = 0;
  private used = 0;
  private size = 0;
  /** The last run's text and member chunks (in order); taken by the run under way. */
  private last?: { text: string; chunks: Chunk[] };
  private before?: { text: string; chunks: Chunk[] };
  private chunks: Chunk[] = [];
  private shared = { prefix: 0, suffix: 0, delta: 0, length: 0 };
  private cursor = 0;

  constructor(readonly counts: ParseCounts) {}

  startRun(text: string): void {
    if (this.size > 2 * this.used + 64) {
      // Chunks found by place keep their entries.
      for (const c of this.last?.chunks ?? []) c.entry.run = this.run;
      for (const [space, entries] of this.spaces) {
        for (const [key, entry] of entries) if (entry.run < this.run - 1) entries.delete(key);
        if (entries.size === 0) this.spaces.delete(space);
      }
      this.size = [...this.spaces.values()].reduce((n, m) => n + m.size, 0);
    }
    this.run++;
    this.used = 0;
    this.chunks = [];
    this.cursor = 0;
    // A run that does not end (it threw) leaves no last run: its records were half moved.
    this.before = this.last;
    this.last = undefined;
    this.shared = this.before ? sharedEnds(this.before.text, text) : { prefix: 0, suffix: 0, delta: 0, length: text.length };
  }

  endRun(text: string): void {
    this.last = { text, chunks: this.chunks };
  }

  /** The entry for `text` in `space` (what kind of chunk, and what it depends on besides its text). */
  get<T>(space: string, text: string, make: () => Fresh<T>): Entry<T> {
    let entries = this.spaces.get(space);
    if (!entries) this.spaces.set(space, (entries = new Map()));
    let entry = entries.get(text);
    if (!entry) {
      entry = { ...make(), run: this.run };
      entries.set(detach(text), entry);
      this.size++;
    }
    return this.use(entry) as Entry<T>;
  }

  /**
   * The members of the chunk `span` of `text` in `space`, placed where the chunk stands:
   * found by place when unchanged since the last run, else by text, else parsed by `make`.
   */
  members(space: string, text: string, span: Span, make: (chunk: string) => Fresh<MemberDecl[]>): Chunk {
    const { prefix, suffix, delta, length } = this.shared;
    const was = span.end <= prefix ? span.offset : span.offset >= length - suffix ? span.offset - delta : -1;
    let chunk: Chunk | undefined;
    if (was >= 0 && this.before) {
      const before = this.before.chunks;
      while (this.cursor < before.length && before[this.cursor].offset < was) this.cursor++;
      const c = before[this.cursor];
      if (c && c.offset === was && c.end - c.offset === span.end - span.offset && c.space === space) {
        // The last run's record, moved along (it is not looked at again).
        chunk = c;
        chunk.offset = span.offset;
        chunk.end = span.end;
        this.cursor++;
        this.used++;
      }
    }
    if (!chunk) {
      const t = text.slice(span.offset, span.end);
      const entry = this.get(space, t, () => make(t));
      chunk = { offset: span.offset, end: span.end, space, entry, line: -1, column: -1, value: entry.value };
    }
    if (chunk.line !== span.line || chunk.column !== span.column) {
      chunk.value = placed(chunk.entry, span, moveMembers);
      chunk.line = span.line;
      chunk.column = span.column;
    }
    this.chunks.push(chunk);
    return chunk;
  }

  private use(entry: Entry<unknown>): Entry<unknown> {
    entry.run = this.run;
    this.used++;
    return entry;
  }
}

/** A member chunk of the last run: where it stood, and its members placed there. */
interface Chunk extends Where {
  offset: number;
  end: number;
  space: string;
  entry: Entry<MemberDecl[]>;
  value: MemberDecl[];
}

/**
 * A copy of a chunk's text that does not keep the whole file's text alive: V8 makes a slice
 * of a long string a view into it, and a cache keyed by such views would hold on to every
 * version of the file that a chunk was first seen in.
 */
function detach(text: string): string {
  return text.length < 16 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/** How long a start and an end the texts share (not overlapping), and the change in length. */
function sharedEnds(before: string, after: string): { prefix: number; suffix: number; delta: number; length: number } {
  const max = Math.min(before.length, after.length);
  const STEP = 1024;
  let prefix = 0;
  while (prefix + STEP <= max && after.slice(prefix, prefix + STEP) === before.slice(prefix, prefix + STEP)) prefix += STEP;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const room = max - prefix;
  while (suffix + STEP <= room && after.slice(after.length - suffix - STEP, after.length - suffix) === before.slice(before.length - suffix - STEP, before.length - suffix)) suffix += STEP;
  while (suffix < room && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { prefix, suffix, delta: after.length - before.length, length: after.length };
}

type Fresh<T> = Omit<Entry<T>, 'run'>;

/** What a run of members is parsed behind, per block kind, and with which rule. */
const STAND_IN: Record<BlockKind, { prefix: string; rule: string }> = {
  team: { prefix: 'team T{', rule: 'Team' },
  pool: { prefix: 'pool "" in T{', rule: 'Pool' },
  permissions: { prefix: 'permissions for T{', rule: 'Permissions' },
};
const SUFFIX = ' }';
/** Where a freshly parsed chunk's ranges are relative to. */
const START: Where = { line: 0, column: 0 };

/** The file parsed chunk by chunk, or undefined when the outline is unsure (parse it whole). */
export function parseIncrementally(file: string, text: string, memo: ChunkMemo): ParsedFile | undefined {
  const blocks = outlineOf(text);
  if (!blocks) return undefined;
  memo.startRun(text);
  const declarations: FileDeclarations = { teams: [], pools: [], permissions: [], duplicateSettings: [] };
  const errors: SyntaxError[] = [];
  const addErrors = (list: SyntaxError[], at: number) => {
    for (const e of list) errors.push({ message: e.message, start: e.start + at, end: e.end + at });
  };

  for (const block of blocks) {
    const header = text.slice(block.offset, block.open);
    const head = memo.get('head', header, () => parseHead(file, header, memo.counts));
    const shell = head.errors.length === 0 && block.kind ? placed(head, block) : undefined;
    if (!shell) {
      const body = text.slice(block.offset, block.end);
      const whole = memo.get('block', body, () => parseBlock(file, body, memo.counts));
      const decls = placed(whole, block);
      declarations.teams.push(...decls.teams);
      declarations.pools.push(...decls.pools);
      declarations.permissions.push(...decls.permissions);
      declarations.duplicateSettings.push(...decls.duplicateSettings);
      addErrors(whole.errors, block.offset);
      continue;
    }
    const kind = block.kind!;
    const context = shellContext(shell);
    const space = `members\u0000${kind}\u0000${context}`;
    const members: MemberDecl[] = [];
    for (const span of block.members) {
      const chunk = memo.members(space, text, span, (run) => parseMembers(file, kind, context, run, memo.counts));
      for (const m of chunk.value) members.push(m);
      if (chunk.entry.errors.length > 0) addErrors(chunk.entry.errors, span.offset);
    }
    const range = { file, start: { line: block.line, column: block.column }, end: { line: block.close.line, column: block.close.column + 1 } };
    addFolded(declarations, fold(shell, members, range));
  }
  memo.endRun(text);
  return { declarations, errors };
}

const moveMembers = (move: Move, list: MemberDecl[]) => move.members(list);

/** The entry's value for a chunk starting at `at`; moved there (and remembered) when it moved. */
function placed<T>(entry: Entry<T>, at: Where, move: (m: Move, value: T) => T = (m, v) => m.any(v)): T {
  if (entry.at.line !== at.line || entry.at.column !== at.column) {
    const to = { line: at.line, column: at.column };
    entry.value = move(new Move(entry.at, to), entry.value);
    entry.at = to;
  }
  return entry.value;
}

/** Errors of a text parsed behind `prefix`, moved to the chunk's own offsets and kept inside it. */
function chunkErrors(errors: SyntaxError[], prefix: number, length: number): SyntaxError[] {
  return errors.map((e) => {
    const start = Math.min(Math.max(0, e.start - prefix), Math.max(0, length - 1));
    const end = Math.min(Math.max(start + 1, e.end - prefix), Math.max(start + 1, length));
    return { message: e.message, start, end };
  });
}

/** A block's header, from its first word to its `{`, closed right after. */
function parseHead(file: string, header: string, counts: ParseCounts): Fresh<Shell | undefined> {
  counts.head++;
  const { ast: element, errors } = parseRule<ast.TopLevel>(`${header}${SUFFIX}`, 'TopLevel');
  return { value: errors.length === 0 ? new Builder(file).shell(element) : undefined, at: START, errors: chunkErrors(errors, 0, header.length) };
}

/** A run of members of a block of `kind`, parsed behind a stand-in header. */
function parseMembers(file: string, kind: BlockKind, context: string, run: string, counts: ParseCounts): Fresh<MemberDecl[]> {
  counts.members++;
  const { prefix, rule } = STAND_IN[kind];
  const { ast: element, errors } = parseRule<ast.TopLevel>(`${prefix}${run}${SUFFIX}`, rule);
  return { value: new Builder(file, prefix.length).members(element, context), at: START, errors: chunkErrors(errors, prefix.length, run.length) };
}

/** A whole block, as a Document of its own (its header did not parse). */
function parseBlock(file: string, body: string, counts: ParseCounts): Fresh<FileDeclarations> {
  counts.block++;
  const { ast: document, errors } = parseRule<ast.Document>(detach(body)); // its names must not keep the file's text
  return { value: toModel(document, file), at: START, errors: chunkErrors(errors, 0, body.length) };
}
