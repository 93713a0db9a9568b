// Completion: what may be typed at the cursor (cursor-context.ts, from the text alone, so it
// works on half-written statements) filled in from the workspace and, for rule values, the
// engine. The engine is optional and never waited on for long: without it, or when it fails
// or is slow, completion answers with what the definitions alone give.
import type { Position, SourceRange } from '../../model/types.js';
import type { EditorEngine } from '../engine-api.js';
import { candidates, type Candidate, type SourceContext } from './completion-sources.js';
import { cursorContext, type CursorContext } from './cursor-context.js';
import { COMPLETION_ENGINE_MS } from './engine-call.js';
import type { Completion } from './results.js';
import type { Snapshot } from './snapshot.js';
import { escapeString, offsetAt, positionAt, quote } from './text-scan.js';
import { listDataFiles, type ListFiles } from './workspace-files.js';

export interface CompleteOptions {
  /** How long to wait for the engine (ms). */
  timeoutMs?: number;
  /** At most this many items. */
  limit?: number;
  /** Data files below the workspace; the Node default walks the folder. */
  listFiles?: ListFiles;
}

export const COMPLETION_LIMIT = 200;

export async function complete(snapshot: Snapshot, file: string, pos: Position, text: string, engine?: EditorEngine, options: CompleteOptions = {}): Promise<Completion[]> {
  const ctx = cursorContext(text, offsetAt(text, pos));
  if (ctx.inComment || ctx.expect.length === 0) return [];
  const limit = options.limit ?? COMPLETION_LIMIT;
  const source: SourceContext = {
    snapshot,
    file,
    partial: ctx.partial,
    engine,
    timeoutMs: options.timeoutMs ?? COMPLETION_ENGINE_MS,
    limit,
    listFiles: options.listFiles ?? listDataFiles,
  };
  const lists = await Promise.all(ctx.expect.map((e) => candidates(e, source)));
  const replace = { file, start: positionAt(text, ctx.replace.start), end: positionAt(text, ctx.replace.end) };
  const seen = new Set<string>();
  const out: Completion[] = [];
  for (const c of lists.flat()) {
    const key = `${c.kind}\u0000${c.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const item = toCompletion(c, ctx, replace);
    if (item) out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}

/** Quotes what the grammar wants as a string and sets the range the item replaces. */
function toCompletion(c: Candidate, ctx: CursorContext, replace: SourceRange): Completion | undefined {
  let insertText: string;
  if (ctx.inString) {
    // only strings can be completed inside a string: a name or keyword there would be wrong
    if (!c.quoted) return undefined;
    insertText = escapeString(c.value) + (ctx.closingQuote ? '' : '"');
  } else {
    insertText = c.quoted ? quote(c.value) : c.value;
  }
  return {
    label: c.value,
    kind: c.kind,
    ...(c.detail ? { detail: c.detail } : {}),
    ...(c.documentation ? { documentation: c.documentation } : {}),
    ...(insertText !== c.value ? { insertText } : {}),
    replace,
    ...(c.sortText ? { sortText: c.sortText } : {}),
  };
}
