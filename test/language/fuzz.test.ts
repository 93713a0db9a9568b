// Random edits to the example workspace never make the parser or the checks throw: every
// edit yields diagnostics, not an exception. Edits hit definition files and permission CSVs;
// random bytes replace or enter a file whole. Cases that once failed are kept in
// fuzz-regressions.json and replayed first (a failing random case prints the entry to add).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkWorkspace } from '../../language/check-workspace.js';
import type { FileAccess } from '../../model/files.js';
import { nodeFiles } from '../../model/node-files.js';
import { apply, edit } from '../support/random-edits.js';

const ROOT = path.resolve('examples/acme');
const RUNS = Number(process.env.SIGHTLINE_FUZZ_RUNS ?? 1000);
const BYTE_RUNS = Number(process.env.SIGHTLINE_FUZZ_BYTE_RUNS ?? 500);
const REGRESSIONS = path.resolve('test/language/fuzz-regressions.json');

/** A kept case: a file of examples/acme (relative) and its whole new text. */
interface KeptCase {
  file: string;
  text: string;
  why: string;
}
const SEED = Number(process.env.SIGHTLINE_FUZZ_SEED ?? 20261122);

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** Reads edited texts from memory and everything else from disk. */
function overlayFiles(overlay: Map<string, string>): FileAccess {
  return {
    async stat(p) {
      const text = overlay.get(p);
      return text !== undefined ? { size: Buffer.byteLength(text), isFile: true } : nodeFiles.stat(p);
    },
    async read(p, start, end) {
      const text = overlay.get(p);
      return text !== undefined ? new Uint8Array(Buffer.from(text)).subarray(start ?? 0, end) : nodeFiles.read(p, start, end);
    },
  };
}

/** Diagnostics, never an exception, and every diagnostic well formed. */
async function checkEdited(file: string, text: string): Promise<void> {
  const overlay = new Map([[file, text]]);
  let result;
  try {
    result = await checkWorkspace(ROOT, { overlay, files: overlayFiles(overlay) });
  } catch (e) {
    const entry: KeptCase = { file: path.relative(ROOT, file), text, why: e instanceof Error ? e.message : String(e) };
    throw new Error(`checkWorkspace threw; keep the case in ${path.relative(process.cwd(), REGRESSIONS)}:\n${JSON.stringify(entry)}\n${e instanceof Error ? e.stack : ''}`);
  }
  for (const d of result.diagnostics) {
    assert.ok(d.range.start.line >= 0 && d.range.start.column >= 0, `negative position in ${JSON.stringify(d)}`);
    assert.ok(d.message.length > 0 && /^[a-z]+(-[a-z]+)*$/.test(d.code), `bad diagnostic ${JSON.stringify(d)}`);
  }
}

describe('fuzz: random edits of examples/acme', function () {
  this.timeout(300_000);
  const candidates = listFiles(ROOT).filter((f) => /\.(pool|perm)$/.test(f) || (/\.csv$/.test(f) && f.includes(`${path.sep}perm`)));

  it('finds the example files to edit', () => {
    assert.ok(candidates.some((f) => f.endsWith('.pool')) && candidates.some((f) => f.endsWith('.perm')), `no definition files under ${ROOT}`);
  });

  it('replays the kept cases first (test/language/fuzz-regressions.json)', async () => {
    const kept = JSON.parse(readFileSync(REGRESSIONS, 'utf8')) as KeptCase[];
    assert.ok(kept.length > 0);
    for (const k of kept) await checkEdited(path.join(ROOT, k.file), k.text);
  });

  it(`never throws from the parser or the checks (${RUNS} runs, seed ${SEED}; replay with SIGHTLINE_FUZZ_SEED)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...candidates), fc.array(edit, { minLength: 1, maxLength: 6 }), async (file, edits) => {
        await checkEdited(file, edits.reduce(apply, readFileSync(file, 'utf8')));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`never throws on random bytes, whole files or spliced in (${BYTE_RUNS} runs, seed ${SEED})`, async () => {
    // Bytes as the editor would hand them over: decoded as UTF-8 with U+FFFD for what is not.
    const decode = (b: Uint8Array) => new TextDecoder('utf-8', { fatal: false }).decode(b);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...candidates), fc.uint8Array({ maxLength: 3000 }), fc.boolean(), fc.nat(), async (file, bytes, whole, at) => {
        const original = readFileSync(file, 'utf8');
        const i = at % (original.length + 1);
        await checkEdited(file, whole ? decode(bytes) : original.slice(0, i) + decode(bytes) + original.slice(i));
      }),
      { numRuns: BYTE_RUNS, seed: SEED },
    );
  });

});
