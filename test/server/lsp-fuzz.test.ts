// Random edits of examples/acme sent to the real server (with its engine worker): after
// every edit, every feature is asked at random places, and every request is answered — a
// result, or an error the user can read (a refused rename) — never a crash or a hang. The
// server process is still alive at the end and still right about the original text.
// Failing cases are kept in test/hardening/lsp-fuzz-regressions.json (a failure prints the
// entry to add) and replayed first. A long run of edits (SIGHTLINE_FUZZ_EDITS, default 2,000)
// checks that the server's memory stays bounded: its heap is capped (--max-old-space-size, so
// a leak kills it and the test fails) and its resident memory may not keep growing.
import type { ChildProcess } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { copyOfExample } from '../support/engine-workspace.js';
import { LspClient } from '../support/lsp-client.js';
import { apply, edit, type Edit } from '../support/random-edits.js';

const RUNS = Number(process.env.SIGHTLINE_FUZZ_RUNS ?? 120);
const SEED = Number(process.env.SIGHTLINE_FUZZ_SEED ?? 20261122);
/** A request that takes longer than this counts as a hang. */
const ANSWER_MS = 15_000;
const EDITS = Number(process.env.SIGHTLINE_FUZZ_EDITS ?? 2000);
/** The server runs with this heap cap (MB); it needs well under half of it (measured: ~60 MB). */
const HEAP_CAP_MB = 192;
/** Resident memory (server and engine worker) may grow at most this much between the first and the last quarter of the run. */
const RSS_GROWTH_MB = 64;

/** A kept failing case: the file, the edits applied to its original text, the three request positions. */
interface Regression {
  note: string;
  file: string;
  edits: Edit[];
  spots: number[];
}
const REGRESSIONS: Regression[] = JSON.parse(readFileSync(new URL('../hardening/lsp-fuzz-regressions.json', import.meta.url), 'utf8'));

/** Resident memory of a process in MB (Linux /proc). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function definitionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? definitionFiles(full) : /\.(pool|perm)$/.test(name) ? [full] : [];
  });
}

/** Applies `edits` to the file's original text, sends it, then asks every feature (at `spots`); each must answer in time. */
async function exerciseOnce(client: LspClient, originals: Map<string, string>, file: string, edits: Edit[], spots: number[]): Promise<void> {
  const answered = async (what: string, request: Promise<unknown>) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hang = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_MS} ms\n${client.stderr}`)), ANSWER_MS)));
    try {
      return await Promise.race([request, hang]);
    } catch (e) {
      // A ResponseError the server chose (code 1: a refused rename, say) is an answer.
      if ((e as { code?: number }).code === 1) return undefined;
      throw new Error(`${what} failed: ${(e as Error).message}\n${client.stderr}`);
    } finally {
      clearTimeout(timer);
    }
  };
  const text = edits.reduce(apply, originals.get(file)!);
  await client.change(file, text);
  const uri = client.uri(file);
  const lines = text.split('\n');
  const at = (n: number) => {
    const line = n % lines.length;
    return { line, character: Math.floor(n / lines.length) % (lines[line].length + 1) };
  };
  const doc = { textDocument: { uri } };
  const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
  const [p, q, r] = spots.map(at);
  const lenses = (await answered('codeLens', client.request<unknown[]>('textDocument/codeLens', doc))) as unknown[] | undefined;
  const diagnostics = client.diagnostics.get(uri) ?? [];
  await Promise.all([
    answered('completion', client.request('textDocument/completion', { ...doc, position: p })),
    answered('hover', client.request('textDocument/hover', { ...doc, position: q })),
    answered('definition', client.request('textDocument/definition', { ...doc, position: r })),
    answered('references', client.request('textDocument/references', { ...doc, position: p, context: { includeDeclaration: true } })),
    answered('prepareRename', client.request('textDocument/prepareRename', { ...doc, position: q })),
    answered('rename', client.request('textDocument/rename', { ...doc, position: r, newName: 'Renamed' })),
    answered('documentSymbol', client.request('textDocument/documentSymbol', doc)),
    answered('foldingRange', client.request('textDocument/foldingRange', doc)),
    answered('formatting', client.request('textDocument/formatting', { ...doc, options: { tabSize: 2, insertSpaces: true } })),
    answered('inlayHint', client.request('textDocument/inlayHint', { ...doc, range: whole })),
    answered('codeAction', client.request('textDocument/codeAction', { ...doc, range: whole, context: { diagnostics } })),
    ...(lenses ?? []).slice(0, 3).map((l) => answered('codeLens/resolve', client.request('codeLens/resolve', l))),
  ]);
}

/** fast-check's counterexample ([file, edits, spots], printed as JSON for these values) as a fixture entry. */
function toRegression(counterexample: string): Omit<Regression, 'note'> | { counterexample: string } {
  try {
    const [file, edits, spots] = JSON.parse(counterexample) as [string, Edit[], number[]];
    return { file, edits, spots };
  } catch {
    return { counterexample };
  }
}

describe('fuzz: the language server answers every request on randomly edited files', function () {
  this.timeout(600_000);
  let root: string;
  let client: LspClient;

  let exercise: (file: string, edits: Edit[], spots: number[]) => Promise<void>;
  let files: string[];
  let originals: Map<string, string>;

  before(async function () {
    root = copyOfExample();
    const previous = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${previous ?? ''} --max-old-space-size=${HEAP_CAP_MB}`.trim(); // the server inherits it
    try {
      client = await LspClient.start(root);
    } finally {
      if (previous === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = previous;
    }
    files = definitionFiles(root).map((f) => path.relative(root, f));
    originals = new Map(files.map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
    for (const f of files) await client.open(f, originals.get(f)!);
    exercise = (file, edits, spots) => exerciseOnce(client, originals, file, edits, spots);
  });

  after(async function () {
    await client?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it(`replays the kept failing cases first (${REGRESSIONS.length}, test/hardening/lsp-fuzz-regressions.json)`, async function () {
    for (const r of REGRESSIONS) {
      assert.ok(files.includes(r.file), `${r.note}: no file ${r.file}`);
      await exercise(r.file, r.edits, r.spots);
    }
  });

  it(`answers completion, hover, navigation, outline, lenses, hints, fixes and formatting (${RUNS} runs, seed ${SEED})`, async function () {
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...files), fc.array(edit, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), (file, edits, spots) => exercise(file, edits, spots)),
        { numRuns: RUNS, seed: SEED },
      );
    } catch (e) {
      const m = /Counterexample: (\[.*\])/.exec((e as Error).message);
      if (m) console.log(`keep this case in test/hardening/lsp-fuzz-regressions.json:\n${JSON.stringify({ note: `seed ${SEED}`, ...toRegression(m[1]) })}`);
      throw e;
    }

    // Back to the original texts: the server is alive and its diagnostics are the clean ones.
    for (const f of files) await client.change(f, originals.get(f)!);
    await client.waitFor('no errors after the originals are restored', () => files.every((f) => (client.diagnostics.get(client.uri(f)) ?? []).every((d) => d.severity !== 1)));
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: client.uri(files[0]) } });
    assert.ok(symbols.length > 0, 'the server still answers');
  });
  it(`keeps the server’s memory bounded over ${EDITS} random edits (heap capped at ${HEAP_CAP_MB} MB; resident memory grows < ${RSS_GROWTH_MB} MB after warm-up)`, async function () {
    const pid = (client as unknown as { server: ChildProcess }).server.pid!;
    const cases = fc.sample(fc.tuple(fc.constantFrom(...files), fc.array(edit, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 })), { numRuns: EDITS, seed: SEED + 1 });
    const samples: number[] = [];
    for (const [i, [file, edits, spots]] of cases.entries()) {
      const text = edits.reduce(apply, originals.get(file)!);
      await client.change(file, text);
      // Every edit: the requests typed while editing; every 25th: everything, and a reading.
      const uri = client.uri(file);
      const lines = text.split('\n');
      const line = spots[0] % lines.length;
      await Promise.all([
        client.request('textDocument/completion', { textDocument: { uri }, position: { line, character: spots[1] % (lines[line].length + 1) } }),
        client.request('textDocument/documentSymbol', { textDocument: { uri } }),
      ]);
      if (i % 25 === 24) {
        await exercise(file, edits, spots);
        samples.push(rssMb(pid));
      }
    }
    for (const f of files) await client.change(f, originals.get(f)!);
    await client.request('textDocument/documentSymbol', { textDocument: { uri: client.uri(files[0]) } });
    assert.ok(!/heap out of memory|FATAL ERROR/i.test(client.stderr), 'the server never ran out of its capped heap');
    const quarter = Math.max(1, Math.floor(samples.length / 4));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const early = median(samples.slice(quarter, 2 * quarter));
    const late = median(samples.slice(-quarter));
    console.log(`      resident memory (server + engine worker), MB: after warm-up ${early.toFixed(0)}, at the end ${late.toFixed(0)}, max ${Math.max(...samples).toFixed(0)} (${samples.length} readings)`);
    assert.ok(late - early < RSS_GROWTH_MB, `resident memory grew from ${early.toFixed(0)} to ${late.toFixed(0)} MB over ${EDITS} edits: ${samples.map((x) => x.toFixed(0)).join(' ')}`);
  });
});
