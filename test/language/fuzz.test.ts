// Random edits to the example workspace never make the parser or the checks throw: every
// edit yields diagnostics, not an exception. Edits hit definition files and permission CSVs.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkWorkspace } from '../../language/check-workspace.js';
import type { FileAccess } from '../../model/files.js';
import { nodeFiles } from '../../model/node-files.js';
import { apply, edit } from '../support/random-edits.js';

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
