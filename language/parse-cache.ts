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

export class ParseCache {
  private readonly files = new Map<string, FileEntry>();
  /** How often text went to the parser, by kind (for tests). */
  readonly counts: ParseCounts = { file: 0, head: 0, members: 0, block: 0 };

  /** The declarations and syntax errors of `file` with this text. */
  parse(file: string, text: string): ParsedFile {
    let entry = this.files.get(file);
    if (entry?.text === text) return entry.parsed;
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
