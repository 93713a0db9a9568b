// Remembers what each definition file parsed to, so the language server, which checks the
// whole workspace after every keystroke, parses only what changed: an unchanged file not at
// all, a changed one chunk by chunk (incremental-parse.ts), whole only when the chunk
// scanner is unsure (braces that do not balance). The server keeps one per workspace folder
// (and forgets files that go); the CLI parses without.
// What it returns is shared between checks: callers must not change it (copy what they fill).
import { ChunkMemo, type ParseCounts, type ParsedFile, parseIncrementally } from './incremental-parse.js';
import { parseDocument } from './parse.js';
import { toModel } from './to-model.js';

interface FileEntry {
  text: string;
  parsed: ParsedFile;
  chunks: ChunkMemo;
}

/** Most files remembered; the least recently parsed go first (a file parsed again after that is only slower). */
export const MAX_CACHED_FILES = 2048;

export class ParseCache {
  /** In order of last use (re-inserted on every parse), so the first is the least recently used. */
  private readonly files = new Map<string, FileEntry>();

  constructor(private readonly maxFiles = MAX_CACHED_FILES) {}

  /** How many files are remembered. */
  get size(): number {
    return this.files.size;
  }

  /** How often text went to the parser, by kind (for tests). */
  readonly counts: ParseCounts = { file: 0, head: 0, members: 0, block: 0 };

  /** The declarations and syntax errors of `file` with this text. */
  parse(file: string, text: string): ParsedFile {
    let entry = this.files.get(file);
    if (entry) this.files.delete(file); // re-inserted below: most recently used last
    if (entry?.text === text) {
      this.files.set(file, entry);
      return entry.parsed;
    }
    const chunks = entry?.chunks ?? new ChunkMemo(this.counts);
    let parsed: ParsedFile | undefined;
    try {
      parsed = parseIncrementally(file, text, chunks);
    } catch {
      // Never expected; the whole-file parse below is the safe answer.
      parsed = undefined;
    }
    parsed ??= parseWhole(file, text, this.counts);
    entry = { text, parsed, chunks };
    this.files.set(file, entry);
    // Files that were open but never on disk, closed long ago, are not deleted by anyone: a bound.
    for (const oldest of this.files.keys()) {
      if (this.files.size <= this.maxFiles) break;
      this.files.delete(oldest);
    }
    return parsed;
  }

  /** Forgets a file (deleted, renamed), or every file. */
  delete(file?: string): void {
    if (file === undefined) this.files.clear();
    else this.files.delete(file);
  }
}

/** The file parsed in one piece, as the CLI does. */
export function parseWhole(file: string, text: string, counts?: ParseCounts): ParsedFile {
  if (counts) counts.file++;
  const { ast, errors } = parseDocument(text);
  return { declarations: toModel(ast, file), errors };
}
