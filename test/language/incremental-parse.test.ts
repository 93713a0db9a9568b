// The incremental parser (language/parse-cache.ts, incremental-parse.ts) against a fresh
// whole-file parse: on valid files, and along random edit sequences through one cache, the
// declarations and syntax errors are exactly the same, ranges included; a breaking edit
// never throws, keeps its errors within the chunks it changed and loses nothing of the
// others; a keystroke inside one member of a 5,000-rule file parses that member only; the
// chunk scanner reads tokens where the Langium lexer does. Also: what the cache hands out is
// never changed by a check, and ReadCache's trusting mode.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkWorkspace } from '../../language/check-workspace.js';
import { type BlockOutline, outlineOf, tokenEnd, triviaEnd } from '../../language/chunk-scanner.js';
import { sightlineCoreServices } from '../../language/parse.js';
import { ParseCache, parseWhole } from '../../language/parse-cache.js';
import type { ParsedFile } from '../../language/incremental-parse.js';
import type { FileDeclarations } from '../../language/to-model.js';
import type { FileAccess } from '../../model/files.js';
import { nodeFiles } from '../../model/node-files.js';
import { ReadCache } from '../../model/read-cache.js';
import { AP_PERM, FINANCE_POOL, ORG_POOL, PROCUREMENT_POOL } from '../support/fixture-workspace.js';
import { randomWorkspace } from '../support/random-workspace.js';

const RUNS = Number(process.env.SIGHTLINE_FUZZ_RUNS ?? 100);
const SEED = Number(process.env.SIGHTLINE_FUZZ_SEED ?? 20261122);
const FILE = path.resolve('/ws/permissions/edited.perm');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** Valid definition files to start from: the example, the fixtures, and the fixture texts. */
const CORPUS: { file: string; text: string }[] = [
  ...[...listFiles(path.resolve('examples/acme')), ...listFiles(path.resolve('test/fixtures'))]
    .filter((f) => /\.(pool|perm)$/.test(f))
    .map((file) => ({ file, text: readFileSync(file, 'utf8') })),
  ...[ORG_POOL, FINANCE_POOL, PROCUREMENT_POOL, AP_PERM].map((text, i) => ({ file: path.resolve(`/fixture/f${i}.pool`), text })),
].filter(({ text }) => parseWhole('/x', text).errors.length === 0);

/** The definition files of random valid workspaces (test/support/random-workspace.ts). */
const randomFile = randomWorkspace()
  .map((ws) => [...ws.files].filter(([f, c]) => typeof c === 'string' && /\.(pool|perm)$/.test(f)).map(([, c]) => c as string))
  .chain((texts) => fc.constantFrom(...texts));

const validFile = fc.oneof(randomFile, fc.constantFrom(...CORPUS.map((c) => c.text)));

// ------------------------------------------------------------------ edits

/** Offsets inside or next to whitespace outside strings and comments: trivia goes there safely. */
function triviaPlaces(text: string): number[] {
  const out: number[] = [];
  const token = /"(?:\\.|[^"\\\r\n])*"|\/\/[^\n\r]*|\/\*[\s\S]*?\*\/|\s+|[^\s"/]+|./gy;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    if (/^\s+$/.test(m[0])) for (let i = m.index; i <= m.index + m[0].length; i++) out.push(i);
  }
  return out.length > 0 ? out : [0, text.length];
}

/** Offsets just inside a "string" (after its opening quote). */
function stringPlaces(text: string): number[] {
  const out: number[] = [];
  const token = /"(?:\\.|[^"\\\r\n])*"|\/\/[^\n\r]*|\/\*[\s\S]*?\*\/|[^"/]+|./gy;
  for (let m = token.exec(text); m; m = token.exec(text)) if (m[0].startsWith('"')) out.push(m.index + 1);
  return out;
}

const members = (text: string) => (outlineOf(text) ?? []).flatMap((b) => b.members);

const TRIVIA = [' ', '\n', '\r\n', '\r', '\t', '  \n    ', '// note\n', '/* a\r\n b */', '\u00a0', '\ufeff', '\u2028', '\n\n\n'];

/** Edits that keep a valid file valid (mostly: a duplicate member may still be a duplicate). */
const validEdit = fc.oneof(
  fc.record({ kind: fc.constant('trivia' as const), pick: fc.nat(), text: fc.constantFrom(...TRIVIA) }),
  fc.record({ kind: fc.constant('string' as const), pick: fc.nat(), text: fc.constantFrom('x', 'Ü', ' ', '\\"', '{', '}', '//', '/*', 'user') }),
  fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
);
type ValidEdit = typeof validEdit extends fc.Arbitrary<infer T> ? T : never;

function applyValid(text: string, e: ValidEdit): string {
  const at = <T>(xs: T[]) => xs[e.pick % xs.length];
  if (e.kind === 'trivia') {
    const i = at(triviaPlaces(text));
    return text.slice(0, i) + e.text + text.slice(i);
  }
  if (e.kind === 'string') {
    const places = stringPlaces(text);
    if (places.length === 0) return text;
    const i = at(places);
    return text.slice(0, i) + e.text + text.slice(i);
  }
  const spans = members(text);
  if (spans.length === 0) return text;
  const s = at(spans);
  return e.kind === 'duplicate' ? text.slice(0, s.end) + '\n  ' + text.slice(s.offset, s.end) + text.slice(s.end) : text.slice(0, s.offset) + text.slice(s.end);
}

// Fragments that look like the language, so random edits break it in interesting ways.
const TOKENS = ['{', '}', '"', ',', '.', '->', 'table', 'user', 'group', 'grant', 'in', 'unlimited', 'use', 'combine', '\n', '\r', '//', '/*', '*/', '""', 'x', '\\', '\u00e9', ';', 'permissions for X {', 'pool "P" in T {'];

const randomEdit = fc.record({ at: fc.nat(), remove: fc.integer({ min: 0, max: 12 }), insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })) });
type RandomEdit = typeof randomEdit extends fc.Arbitrary<infer T> ? T : never;

function applyRandom(text: string, e: RandomEdit): string {
  const at = e.at % (text.length + 1);
  return text.slice(0, at) + e.insert + text.slice(at + e.remove);
}

// ------------------------------------------------------------------ comparing

function same(actual: ParsedFile, expected: ParsedFile, text: string): void {
  assert.deepStrictEqual(actual, expected, `cached and whole parses differ for:\n${text}`);
}

/** Every member-level declaration of a file, as JSON, with the block it belongs to. */
function items(d: FileDeclarations): Set<string> {
  const out = new Set<string>();
  const add = (owner: string, list: unknown[]) => list.forEach((x) => out.add(`${owner} ${JSON.stringify(x)}`));
  for (const t of d.teams) {
    const owner = `team ${t.name} ${JSON.stringify(t.range)}`;
    out.add(owner);
    add(owner, [...t.users, ...t.groups, ...t.serviceGrants]);
  }
  for (const p of d.pools) {
    const owner = `pool ${p.id} ${JSON.stringify(p.range)}`;
    out.add(owner);
    add(owner, [...p.grants, ...p.connections, ...p.imports, ...p.shares, ...p.models, ...p.perspectives]);
  }
  for (const s of d.permissions) {
    const owner = `permissions ${JSON.stringify(s.target)} ${JSON.stringify(s.range)}`;
    out.add(owner);
    add(owner, [...s.principals, ...s.tables]);
  }
  return out;
}

/** `text` with [from, to) blanked: spaces, keeping line breaks (so every position stays). */
function blank(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\r\n]/g, ' ') + text.slice(to);
}

/**
 * After an edit of a valid file `before`: the cached parse equals the whole parse when that
 * has no error or when the outline gave up; otherwise it still has every declaration of the
 * chunks whose text did not change (an edit may also change text beyond itself, say by
 * ending a comment): the whole parse of the text with the changed chunks, or the blocks with
 * a changed header, blanked out.
 */
function checkEdit(cache: ParseCache, before: string, text: string): void {
  const cached = cache.parse(FILE, text);
  const whole = parseWhole(FILE, text);
  const blocks = outlineOf(text);
  if (whole.errors.length === 0 || !blocks) return same(cached, whole, text);
  assert.ok(cached.errors.length > 0, `the cached parse lost the syntax error in:\n${text}`);
  const known = new Set<string>();
  for (const b of outlineOf(before) ?? []) {
    const header = before.slice(b.offset, b.open);
    known.add(header);
    for (const m of b.members) known.add(`${header}\u0000${before.slice(m.offset, m.end)}`);
  }
  let kept = text;
  const changed: [number, number][] = [];
  for (const b of blocks as BlockOutline[]) {
    const header = text.slice(b.offset, b.open);
    if (!known.has(header)) changed.push([b.offset, b.end]);
    else for (const m of b.members) if (!known.has(`${header}\u0000${text.slice(m.offset, m.end)}`)) changed.push([m.offset, m.end]);
  }
  for (const [from, to] of changed) kept = blank(kept, from, to);
  for (const e of cached.errors) {
    assert.ok(changed.some(([from, to]) => from <= e.start && e.start < e.end && e.end <= to), `error ${JSON.stringify(e)} outside the changed chunks ${JSON.stringify(changed)} of:\n${text}`);
  }
  const expected = parseWhole(FILE, kept);
  assert.deepEqual(expected.errors, [], `blanking the changed chunks left errors in:\n${kept}`);
  const got = items(cached.declarations);
  for (const item of items(expected.declarations)) assert.ok(got.has(item), `lost outside the edit: ${item}\nin:\n${text}`);
}

// ------------------------------------------------------------------ the tests

describe('incremental parse', function () {
  this.timeout(600_000);

  it('equals a whole parse on the example and fixture files', () => {
    assert.ok(CORPUS.length >= 8, `only ${CORPUS.length} valid files found`);
    const cache = new ParseCache();
    for (const { file, text } of CORPUS) {
      same(cache.parse(file, text), parseWhole(file, text), text);
      // Moved down and right: every chunk is placed elsewhere, none parsed again.
      const before = cache.counts.members;
      same(cache.parse(file, `\n\n  ${text}`), parseWhole(file, `\n\n  ${text}`), text);
      assert.equal(cache.counts.members, before, 'moving the text re-parsed members');
    }
  });

  it(`equals a whole parse on random valid files, with any line breaks and comments (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(validFile, fc.array(fc.record({ pick: fc.nat(), text: fc.constantFrom(...TRIVIA) }), { maxLength: 8 }), (start, trivia) => {
        const text = trivia.reduce((t, e) => applyValid(t, { kind: 'trivia', ...e }), start);
        same(new ParseCache().parse(FILE, text), parseWhole(FILE, text), text);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`equals a whole parse along random edit sequences through one cache (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(validFile, fc.array(validEdit, { minLength: 1, maxLength: 12 }), (start, edits) => {
        const cache = new ParseCache();
        let text = start;
        same(cache.parse(FILE, text), parseWhole(FILE, text), text);
        for (const e of edits) {
          text = applyValid(text, e);
          const whole = parseWhole(FILE, text);
          const cached = cache.parse(FILE, text);
          if (whole.errors.length === 0) same(cached, whole, text);
          else assert.ok(cached.errors.length > 0, `the cached parse lost the syntax error in:\n${text}`);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`never throws on random edits and keeps the declarations of the chunks they did not change (${RUNS * 3} runs)`, () => {
    fc.assert(
      fc.property(validFile, fc.array(randomEdit, { minLength: 1, maxLength: 4 }), (start, edits) => {
        // Each edit starts from the valid file, through a cache that saw the previous edits.
        const cache = new ParseCache();
        cache.parse(FILE, start);
        for (const e of edits) checkEdit(cache, start, applyRandom(start, e));
      }),
      { numRuns: RUNS * 3, seed: SEED },
    );
  });

  it('parses only the member typed in, in a file of 5,000 rules', () => {
    const rules = Array.from({ length: 5000 }, (_, i) => `  user "u${i}@acme.com" {\n    Vendors.LAND1 in "DE", "AT"\n  }\n`);
    let text = `permissions for "Procurement/AP Analytics".AccountsPayable {\n  use data permissions\n${rules.join('')}}\n`;
    const cache = new ParseCache();
    cache.parse(FILE, text);
    assert.deepEqual(cache.counts, { file: 0, head: 1, members: 5001, block: 0 });
    /** Types into the rule's "DE" value, or in front of its `Vendors`: the file stays valid. */
    const keystroke = (rule: number, where: '"DE"' | 'Vendors', typed: string) => {
      const at = text.indexOf(where, text.indexOf(`"u${rule}@acme.com"`)) + (where === '"DE"' ? 1 : 0);
      text = text.slice(0, at) + typed + text.slice(at);
      const before = { ...cache.counts };
      const parsed = cache.parse(FILE, text);
      return { parsed, parses: { file: cache.counts.file - before.file, head: cache.counts.head - before.head, members: cache.counts.members - before.members, block: cache.counts.block - before.block } };
    };
    const keystrokes = [[2500, '"DE"', 'x'], [10, 'Vendors', '\n    '], [4999, '"DE"', 'y'], [0, 'Vendors', ' '], [2500, 'Vendors', '\r\n'], [1234, '"DE"', '\u00e9']] as const;
    for (const [rule, where, typed] of keystrokes) {
      const { parsed, parses } = keystroke(rule, where, typed);
      assert.deepEqual(parses, { file: 0, head: 0, members: 1, block: 0 }, `typing ${JSON.stringify(typed)} into rule ${rule}`);
      assert.deepEqual(parsed.errors, []);
      assert.equal(parsed.declarations.permissions[0].principals.length, 5000);
    }
    same(cache.parse(FILE, text), parseWhole(FILE, text), '(the 5,000 rules)');
  });

  it('reads words, strings and braces where the Langium lexer does, also after its errors', () => {
    const lexer = sightlineCoreServices().parser.Lexer;
    const significant = /^[A-Za-z_"{}]/;
    const fragments = [...TOKENS, ...TRIVIA, '"a', 'a-b', 'a-', '-b', '1a', '@', '"\\', '\\"', 'user-x', '*/', '/', '"x\\"y"'];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 3 })), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const expected = lexer
          .tokenize(text)
          .tokens.filter((t) => significant.test(t.image))
          .map((t) => [t.startOffset, t.startOffset + t.image.length]);
        const got: number[][] = [];
        for (let i = triviaEnd(text, 0); i < text.length; ) {
          const end = tokenEnd(text, i);
          // A lone `"` is a lexer error, not a token.
          if (significant.test(text[i]) && !(text[i] === '"' && end === i + 1)) got.push([i, end]);
          i = triviaEnd(text, end);
        }
        assert.deepEqual(got, expected, JSON.stringify(text));
      }),
      { numRuns: RUNS * 10, seed: SEED },
    );
  });

  it('falls back to a whole parse when the outline is unsure, and recovers after', () => {
    const text = CORPUS.find((c) => c.file.endsWith('accounts-payable.perm'))!.text;
    const cache = new ParseCache();
    cache.parse(FILE, text);
    const unsure = [text.replace('{', ''), text.replace('{\n    Vendors.EKORG', '\n    Vendors.EKORG'), text.replace('}', '}}'), `${text}\nteam T`];
    for (const broken of unsure) {
      assert.equal(outlineOf(broken), undefined, broken);
      const before = cache.counts.file;
      same(cache.parse(FILE, broken), parseWhole(FILE, broken), broken);
      assert.equal(cache.counts.file, before + 1);
    }
    const before = { ...cache.counts };
    same(cache.parse(FILE, text), parseWhole(FILE, text), text);
    assert.deepEqual(cache.counts, before, 'the chunks were forgotten during the whole parses');
  });
});

// ------------------------------------------------------------------ checks with the caches

/** Freezes a value and everything in it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('checkWorkspace with a ParseCache', function () {
  this.timeout(120_000);
  const ROOT = path.resolve('examples/acme');

  it('gives the diagnostics and model of a check without, and never changes what the cache holds', async () => {
    const parseCache = new ParseCache();
    const cache = new ReadCache({ trustStats: true });
    const plain = await checkWorkspace(ROOT);
    const first = await checkWorkspace(ROOT, { parseCache, cache });
    assert.deepStrictEqual(first.diagnostics, plain.diagnostics);
    assert.deepStrictEqual(first.model, plain.model);
    // Frozen, the cached declarations make any later change throw (modules run in strict mode).
    for (const file of first.model.files) deepFreeze(parseCache.parse(file, readFileSync(file, 'utf8')));
    const overlay = new Map([[path.join(ROOT, 'permissions/accounts-payable.perm'), readFileSync(path.join(ROOT, 'permissions/accounts-payable.perm'), 'utf8').replace('"DE", "AT"', '"DE", "AT", "CH"')]]);
    const second = await checkWorkspace(ROOT, { parseCache, cache, overlay });
    assert.deepStrictEqual(second.diagnostics, (await checkWorkspace(ROOT, { overlay })).diagnostics);
    assert.deepStrictEqual((await checkWorkspace(ROOT, { parseCache, cache })).diagnostics, plain.diagnostics);
  });
});

describe('ReadCache trusting its stats', () => {
  it('reads each file once until told it changed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-trust-'));
    const file = path.join(dir, 'a.csv');
    writeFileSync(file, 'A\n1\n');
    const calls = { stat: 0, read: 0 };
    const files: FileAccess = {
      stat: (p) => (calls.stat++, nodeFiles.stat(p)),
      read: (p, s, e) => (calls.read++, nodeFiles.read(p, s, e)),
    };
    const cache = new ReadCache({ trustStats: true });
    const read = () => cache.get(files, 'text', file, async () => new TextDecoder().decode(await files.read(file)));
    assert.equal(await read(), 'A\n1\n');
    writeFileSync(file, 'B\n2\n');
    assert.equal(await read(), 'A\n1\n', 'looked at the file again before being told');
    assert.deepEqual(calls, { stat: 1, read: 1 });
    cache.invalidate(file);
    assert.equal(await read(), 'B\n2\n');
    const missing = path.join(dir, 'missing.csv');
    const absent = () => cache.get(files, 'text', missing, async () => 'absent');
    await absent();
    await absent();
    assert.equal(calls.stat, 3, 'a missing file is remembered as missing');
    cache.invalidate();
    await absent();
    assert.equal(calls.stat, 4);
  });
});
