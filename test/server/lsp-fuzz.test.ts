// Random edits of examples/acme sent to the real server (with its engine worker): after
// every edit, every feature is asked at random places, and every request is answered — a
// result, or an error the user can read (a refused rename) — never a crash or a hang. The
// server process is still alive at the end and still right about the original text.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { copyOfExample } from '../support/engine-workspace.js';
import { LspClient } from '../support/lsp-client.js';
import { apply, edit } from '../support/random-edits.js';

const RUNS = Number(process.env.SIGHTLINE_FUZZ_RUNS ?? 120);
const SEED = Number(process.env.SIGHTLINE_FUZZ_SEED ?? 20261122);
/** A request that takes longer than this counts as a hang. */
const ANSWER_MS = 15_000;

function definitionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? definitionFiles(full) : /\.(pool|perm)$/.test(name) ? [full] : [];
  });
}

describe('fuzz: the language server answers every request on randomly edited files', function () {
  this.timeout(600_000);
  let root: string;
  let client: LspClient;

  before(async function () {
    root = copyOfExample();
    client = await LspClient.start(root);
  });

  after(async function () {
    await client?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it(`answers completion, hover, navigation, outline, lenses, hints, fixes and formatting (${RUNS} runs, seed ${SEED})`, async function () {
    const files = definitionFiles(root).map((f) => path.relative(root, f));
    const originals = new Map(files.map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
    for (const f of files) await client.open(f, originals.get(f)!);
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

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.array(edit, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), async (file, edits, spots) => {
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
      }),
      { numRuns: RUNS, seed: SEED },
    );

    // Back to the original texts: the server is alive and its diagnostics are the clean ones.
    for (const f of files) await client.change(f, originals.get(f)!);
    await client.waitFor('no errors after the originals are restored', () => files.every((f) => (client.diagnostics.get(client.uri(f)) ?? []).every((d) => d.severity !== 1)));
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: client.uri(files[0]) } });
    assert.ok(symbols.length > 0, 'the server still answers');
  });
});
