// Random edits to the example workspace never make the parser or the checks throw: every
// edit yields diagnostics, not an exception. Edits hit definition files and permission CSVs.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkWorkspace } from '../../language/check-workspace.js';
import type { FileAccess } from '../../model/files.js';
import { nodeFiles } from '../../model/node-files.js';

const ROOT = path.resolve('examples/acme');
const RUNS = Number(process.env.SIGHTLINE_FUZZ_RUNS ?? 300);
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

// Fragments that look like the language, so edits reach deep into the checks, not just the lexer.
const TOKENS = ['{', '}', '"', ',', '.', '->', '<->', 'table', 'user', 'group', 'in', 'unlimited', 'join', '"FIX ME: X/Y"', '"Finance/AP Source"', 'by-principal', 'Invoices', 'BUKRS', '\n', '//', '/*', '""', "''", 'TRUE', 'maybe', '\u00e9', ';'];

const edit = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), other: fc.nat() }),
);

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function apply(text: string, e: Edit): string {
  if (text.length === 0) return e.kind === 'insert' ? e.text : text;
  const at = e.at % (text.length + 1);
  if (e.kind === 'delete') return text.slice(0, at) + text.slice(at + e.length);
  if (e.kind === 'insert') return text.slice(0, at) + e.text + text.slice(at);
  const lines = text.split('\n');
  const i = e.at % lines.length;
  if (e.kind === 'duplicate-line') lines.splice(i, 0, lines[i]);
  else {
    const j = e.other % lines.length;
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  return lines.join('\n');
}

describe('fuzz: random edits of examples/acme', function () {
  this.timeout(300_000);
  const candidates = listFiles(ROOT).filter((f) => /\.(pool|perm)$/.test(f) || (/\.csv$/.test(f) && f.includes(`${path.sep}perm`)));

  it('finds the example files to edit', () => {
    assert.ok(candidates.some((f) => f.endsWith('.pool')) && candidates.some((f) => f.endsWith('.perm')), `no definition files under ${ROOT}`);
  });

  it(`never throws from the parser or the checks (${RUNS} runs, seed ${SEED}; replay with SIGHTLINE_FUZZ_SEED)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...candidates), fc.array(edit, { minLength: 1, maxLength: 6 }), async (file, edits) => {
        const text = edits.reduce(apply, readFileSync(file, 'utf8'));
        const overlay = new Map([[file, text]]);
        const result = await checkWorkspace(ROOT, { overlay, files: overlayFiles(overlay) });
        for (const d of result.diagnostics) {
          assert.ok(d.range.start.line >= 0 && d.range.start.column >= 0, `negative position in ${JSON.stringify(d)}`);
          assert.ok(d.message.length > 0 && /^[a-z]+(-[a-z]+)*$/.test(d.code), `bad diagnostic ${JSON.stringify(d)}`);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
