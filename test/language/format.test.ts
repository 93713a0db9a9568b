// The formatter (language/format.ts): the examples are already in its layout; it never changes
// what a file means or its comments; it is idempotent; spacing it normalizes makes no
// difference to its output; it leaves files with a syntax error alone (and agrees with
// Langium's parser on which files those are); and it is fast on a large file.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { formatEdits, formatText } from '../../language/format.js';
import { parseDocument, sightlineCoreServices } from '../../language/parse.js';
import { toModel } from '../../language/to-model.js';
import { randomWorkspace } from '../support/random-workspace.js';

const RUNS = Number(process.env.SIGHTLINE_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.SIGHTLINE_FUZZ_SEED ?? 20261122);

// ------------------------------------------------------------------ helpers

function definitionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? definitionFiles(full) : /\.(pool|perm)$/.test(name) ? [full] : [];
  });
}

/** What the file declares, as the workspace model sees it, without source ranges. */
function meaning(text: string): string {
  const { ast, errors } = parseDocument(text);
  assert.deepEqual(errors, [], `does not parse:\n${text}`);
  return JSON.stringify(toModel(ast, '/w/file.pool'), (_key, value) =>
    value && typeof value === 'object' && 'file' in value && 'start' in value && 'end' in value ? undefined : value,
  );
}

interface Lexed {
  text: string;
  start: number;
  end: number;
  comment: boolean;
}

/** The file's tokens and comments in order, straight from Langium's lexer. */
function lex(text: string): Lexed[] {
  const r = sightlineCoreServices().parser.Lexer.tokenize(text);
  assert.deepEqual(r.errors, []);
  return [...r.tokens.map((t) => ({ t, comment: false })), ...r.hidden.map((t) => ({ t, comment: true }))]
    .sort((a, b) => a.t.startOffset - b.t.startOffset)
    .map(({ t, comment }) => ({ text: t.image, start: t.startOffset, end: t.startOffset + t.image.length, comment }));
}

/** The comments in order (trailing whitespace of a `//` comment is not part of it). */
function comments(text: string): string[] {
  return lex(text)
    .filter((t) => t.comment)
    .map((t) => (t.text.startsWith('//') ? t.text.trimEnd() : t.text));
}

/**
 * Formats `text` and checks what holds for every file: idempotent, same meaning, same comments;
 * idempotent with tabs too.
 */
function formatChecked(text: string): string {
  const out = formatText(text);
  assert.ok(out !== undefined, `did not format:\n${text}`);
  assert.equal(formatText(out), out, `not idempotent; first result:\n${out}`);
  assert.equal(meaning(out), meaning(text), `meaning changed:\n${text}\n-----\n${out}`);
  assert.deepEqual(comments(out), comments(text), 'comments changed');
  const tabs = { tabSize: 4, insertSpaces: false };
  const tabbed = formatText(text, tabs)!;
  assert.equal(formatText(tabbed, tabs), tabbed, `not idempotent with tabs; first result:\n${tabbed}`);
  assert.deepEqual(comments(tabbed), comments(text), 'comments changed (tabs)');
  return out;
}

// ------------------------------------------------------------------ examples and fixtures

describe('formatter: examples and fixtures', () => {
  for (const file of definitionFiles(path.resolve('examples'))) {
    it(`leaves ${path.relative(process.cwd(), file)} as it is`, () => {
      const text = readFileSync(file, 'utf8');
      assert.equal(formatChecked(text), text);
      assert.deepEqual(formatEdits(text), []);
    });
  }

  for (const file of definitionFiles(path.resolve('test/fixtures'))) {
    it(`formats ${path.relative(process.cwd(), file)} idempotently, keeping meaning and comments`, () => {
      formatChecked(readFileSync(file, 'utf8'));
    });
  }
});

// ------------------------------------------------------------------ the rules, one small case each

const MESSY = `

// A file header.${'   '}
team   Finance{user "f.weber@acme.com"   role admin // lead
    user "m.mustermann@acme.com" role analyst
        // own line, indented like the statement after it



  group "AP Clerks" members "m.mustermann@acme.com" ,"f.weber@acme.com"
  group "Controllers"   members "f.weber@acme.com"
}
pool "AP Source" in Finance
{

  engine etl   grant "m.mustermann@acme.com" edit // needed to share
  grant "AP Clerks" view

  connection SAP {   table T001 from "data/t001.csv"
  table LFA1 from "data/lfa1.parquet" /* vendors */ }
  share SAP with "Finance/Controlling"
  tables T001
  , LFA1 by "m.mustermann@acme.com"

}
pool "Controlling" in Finance {
  import SAP from "Finance/AP Source" tables T001, LFA1
  model AP { table SAP . LFA1 as Vendors
   table SAP.T001 as Companies

   join Vendors.BUKRS->Companies.BUKRS                  // c1
   join Companies.X -> Vendors.Y // c2
                                                        // c2, continued
  }
  perspective V // the header's comment
  {
    relate A <-> B via SAP.L ( x , y )
    /* a block comment
         kept verbatim */
  }
}
permissions for "Finance/Controlling" . AP { use data permissions combine by-column
  user "m.mustermann@acme.com" { Vendors.LAND1 in "DE","AT"
  Vendors.EKORG in }
  group "Controllers" unlimited
  table "perm/values.csv" values users by alias {
    user Reference_User
    column Reference_Column
  }
}`;

const EXPECTED = `// A file header.
team Finance {
  user "f.weber@acme.com"      role admin  // lead
  user "m.mustermann@acme.com" role analyst
  // own line, indented like the statement after it

  group "AP Clerks"   members "m.mustermann@acme.com", "f.weber@acme.com"
  group "Controllers" members "f.weber@acme.com"
}
pool "AP Source" in Finance {
  engine etl
  grant "m.mustermann@acme.com" edit  // needed to share
  grant "AP Clerks" view

  connection SAP {
    table T001 from "data/t001.csv"
    table LFA1 from "data/lfa1.parquet"  /* vendors */
  }
  share SAP with "Finance/Controlling"
    tables T001,
    LFA1 by "m.mustermann@acme.com"
}
pool "Controlling" in Finance {
  import SAP from "Finance/AP Source" tables T001, LFA1
  model AP {
    table SAP.LFA1 as Vendors
    table SAP.T001 as Companies

    join Vendors.BUKRS -> Companies.BUKRS               // c1
    join Companies.X   -> Vendors.Y                     // c2
                                                        // c2, continued
  }
  perspective V {  // the header's comment
    relate A <-> B via SAP.L (x, y)
    /* a block comment
         kept verbatim */
  }
}
permissions for "Finance/Controlling".AP {
  use data permissions
  combine by-column
  user "m.mustermann@acme.com" {
    Vendors.LAND1 in "DE", "AT"
    Vendors.EKORG in
  }
  group "Controllers" unlimited
  table "perm/values.csv" values users by alias {
    user   Reference_User
    column Reference_Column
  }
}
`;

describe('formatter: layout rules', () => {
  it('formats a messy file into the one layout (snapshot)', () => {
    assert.equal(formatChecked(MESSY), EXPECTED);
  });

  it('keeps a statement the author broke over lines, one level deeper', () => {
    const text = 'pool "P" in T {\n  share SAP with "T/A", "T/B"\n      tables A, B,\n  C\n        by "x@y.z"\n}\n';
    assert.equal(formatChecked(text), 'pool "P" in T {\n  share SAP with "T/A", "T/B"\n    tables A, B,\n    C\n    by "x@y.z"\n}\n');
  });

  it('joins what a line break cannot separate: `.`, `(`, `)` and `{`', () => {
    const text = 'pool "P" in T\n{\n  perspective V {\n    relate A <-> B via SAP\n    .L (\n      x, y\n    )\n  }\n}\n';
    assert.equal(formatChecked(text), 'pool "P" in T {\n  perspective V {\n    relate A <-> B via SAP.L (x, y)\n  }\n}\n');
  });

  it('puts one statement per line and `}` alone', () => {
    assert.equal(formatChecked('team T { user "a" role admin user "b" } team U { }'), 'team T {\n  user "a" role admin\n  user "b"\n}\nteam U {\n}\n');
  });

  it('lines up only paragraphs of one alignable shape', () => {
    const text = 'team T {\n  user "a" role x\n  user "bbb" role y\n\n  user "a" role x\n  user "bbb"\n\n  grant "a" x\n  grant "bbb" y\n  user "c" role z\n}\n';
    assert.equal(
      formatChecked(text),
      'team T {\n  user "a"   role x\n  user "bbb" role y\n\n  user "a" role x\n  user "bbb"\n\n  grant "a" x\n  grant "bbb" y\n  user "c" role z\n}\n',
    );
  });

  it('lines up trailing comments per group, keeping a column further right than needed', () => {
    const text = 'team T {\n  user "a" // one\n  user "bbbbbb" // two\n\n  user "c"                // far\n  user "d" // near\n}\n';
    assert.equal(formatChecked(text), 'team T {\n  user "a"       // one\n  user "bbbbbb"  // two\n\n  user "c"                // far\n  user "d"                // near\n}\n');
    // An own-line comment continues the trailing comment above only from its column on.
    assert.equal(formatChecked('team T {\n  user "a" // one\n           // two\n}\n'), 'team T {\n  user "a"  // one\n            // two\n}\n');
    assert.equal(formatChecked('team T {\n  user "a"   // one\n            // two\n}\n'), 'team T {\n  user "a"   // one\n  // two\n}\n');
  });

  it('moves a `,` or `{` ahead of the comments between it and the token before', () => {
    const text = 'team T // c1\n{\n  group "g" members "a" // c2\n  , "b"\n}\n';
    assert.equal(formatChecked(text), 'team T {  // c1\n  group "g" members "a",  // c2\n    "b"\n}\n');
  });

  it('keeps comments in order where punctuation moves past them', () => {
    const cases: [string, string][] = [
      ['team T {\n  group "g" members "a" // c1\n  /* c2 */ , "b"\n}\n', 'team T {\n  group "g" members "a",  // c1\n    /* c2 */\n    "b"\n}\n'],
      ['team T {\n  group "g" members "a"\n  // c1\n  /* c2 */ , /* c3 */ "b"\n}\n', 'team T {\n  group "g" members "a",\n    // c1\n    /* c2 */ /* c3 */\n    "b"\n}\n'],
      ['team T // c1\n/* c2 */ {\n}\n', 'team T {  // c1\n  /* c2 */\n}\n'],
      ['team T\n// c1\n{ // c2\n}\n', 'team T {\n  // c1\n  // c2\n}\n'],
      ['pool "P" in T { perspective V { relate a <-> b via c.d (x, y // c1\n /* c2 */ ) } }', 'pool "P" in T {\n  perspective V {\n    relate a <-> b via c.d (x, y)  // c1\n    /* c2 */\n  }\n}\n'],
      ['pool "P" in T { perspective V { relate a <-> b via c.d (x, y\n // c1\n ) } }', 'pool "P" in T {\n  perspective V {\n    relate a <-> b via c.d (x, y\n      // c1\n      )\n  }\n}\n'],
      ['team T { group "g" members "a" /* c1 */\n, /* c2 */ "b" }', 'team T {\n  group "g" members "a",  /* c1 */ /* c2 */\n    "b"\n}\n'],
    ];
    for (const [text, expected] of cases) assert.equal(formatChecked(text), expected, text);
  });

  it('keeps the line breaks of the file (\\r\\n) and ends it with exactly one', () => {
    assert.equal(formatChecked('team T {\r\n\r\n\r\n user "a"   }'), 'team T {\r\n  user "a"\r\n}\r\n');
    assert.equal(formatChecked('team T {}\n\n\n'), 'team T {\n}\n');
    assert.equal(formatText(''), '');
    assert.equal(formatText(' \n\n '), '');
    assert.equal(formatText('// only a comment'), '// only a comment\n');
  });

  it("follows the editor's indentation options", () => {
    const text = 'team T {\n  user "a" // c\n}\npool "P" in T { connection C { table X from "x" } }\n';
    const four = formatText(text, { tabSize: 4 })!;
    assert.equal(formatText(four, { tabSize: 4 }), four);
    assert.equal(four, 'team T {\n    user "a"  // c\n}\npool "P" in T {\n    connection C {\n        table X from "x"\n    }\n}\n');
    assert.equal(formatText(text, { tabSize: 4, insertSpaces: false }), 'team T {\n\tuser "a"  // c\n}\npool "P" in T {\n\tconnection C {\n\t\ttable X from "x"\n\t}\n}\n');
    const tabbed = formatText(text, { tabSize: 4, insertSpaces: false })!;
    assert.equal(formatText(tabbed, { tabSize: 4, insertSpaces: false }), tabbed);
  });

  it('reads every statement form and soft keywords used as names', () => {
    const text = [
      'team role { user "a" role data-x group "g" grant "a" manage-all-pools }',
      'pool "P" in role { engine etl grant "a" edit connection key { table value from "v.csv" }',
      '  share key with "A", "B" tables value, x by "a" share key by "a" { with "A" tables value with "B" tables x, y }',
      '  import key as via from "T/Q" tables a, b import z from "FIX ME: T/Q" tables c',
      '  model usage { table key.value as data table k.v join data.x -> v."quoted col" usage "a", "b" }',
      '  perspective object { object column from k.v key "k k" relate column.x -> o.y relate o <-> p via k.l ("a", b) usage "a" } }',
      'permissions for data { }',
      'permissions for "T/P".usage { use data permissions combine by-principal user "a" unlimited group "g" { values.x in "1" data."y" in }',
      '  table "t.csv" unlimited groups by name { user u unlimited "U" value v column c table t } table "u.csv" values users { } }',
    ].join('\n');
    formatChecked(text);
  });

  it('gives one whole-document edit, or none when the file is formatted or broken', () => {
    const text = 'team T {\r\n user "a"\r\n}';
    const edits = formatEdits(text);
    assert.deepEqual(edits, [{ startLine: 0, startColumn: 0, endLine: 2, endColumn: 1, newText: 'team T {\r\n  user "a"\r\n}\r\n' }]);
    assert.deepEqual(formatEdits(edits[0].newText), []);
    assert.deepEqual(formatEdits('team T {'), []);
  });

  it('leaves files with a syntax error alone', () => {
    for (const broken of ['team T {', 'team T { user }', 'team T { user "a" role }', 'pool "P" in T { share C tables X }', 'team @ { }', 'team T { "unterminated }', 'permissions for M { user "a" { X in "1" } }', 'team T { } }']) {
      assert.equal(formatText(broken), undefined, broken);
    }
  });
});

// ------------------------------------------------------------------ properties

/** Choices from fast-check's `gen`, so every choice shrinks. */
class Rand {
  constructor(private readonly g: fc.GeneratorValue) {}
  int(min: number, max: number): number {
    return this.g((a: number, b: number) => fc.noBias(fc.integer({ min: a, max: b })), min, max);
  }
  chance(percent: number): boolean {
    return this.int(0, 99) < percent;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }
}

const WORDS = ['note', 'see §P5', 'TODO: check "this"', 'ünïcödé 日本', '/ slash * star', 'trailing  ', ''];

/** The definition files of a random workspace: one statement per line, no comments. */
const randomDefinitionFile = randomWorkspace().chain((ws) =>
  fc.constantFrom(...[...ws.files].filter(([name]) => /\.(pool|perm)$/.test(name)).map(([, text]) => text as string)),
);

/**
 * Dresses a plain file up as an author might: line breaks inside statements, trailing comments
 * at random columns (sometimes continued on the next line), own-line and inline comments (also
 * inside statements and before punctuation), extra blank lines.
 */
function decorate(text: string, r: Rand): string {
  const toks = lex(text);
  let out = '';
  let col = 0;
  const write = (s: string) => {
    out += s;
    const nl = s.lastIndexOf('\n');
    col = nl < 0 ? col + s.length : s.length - nl - 1;
  };
  for (let k = 0; k < toks.length; k++) {
    const gap = text.slice(k === 0 ? 0 : toks[k - 1].end, toks[k].start);
    if (!gap.includes('\n')) {
      const indent = () => ' '.repeat(r.int(0, 8));
      if (k === 0) write(gap);
      else if (r.chance(5)) write(` /* ${r.pick(WORDS)} */ `);
      else if (r.chance(6)) write(`\n${indent()}`);
      else if (r.chance(2)) write(`\n${indent()}/* ${r.pick(WORDS)} */ `);
      else if (r.chance(2)) write(` // ${r.pick(WORDS)}\n${indent()}`);
      else if (r.chance(2)) write(`\n${indent()}// ${r.pick(WORDS)}\n${indent()}`);
      else write(gap);
    } else {
      if (k > 0 && r.chance(25)) {
        const at = Math.max(col + 1, r.int(16, 70));
        const line = r.chance(80);
        write(' '.repeat(at - col) + (line ? `// ${r.pick(WORDS)}` : `/* ${r.pick(WORDS)} */`));
        if (line && r.chance(30)) write(`\n${' '.repeat(at)}// ${r.pick(WORDS)}`);
      }
      write(gap.slice(0, gap.lastIndexOf('\n') + 1));
      if (r.chance(8)) write('\n');
      for (let n = r.chance(12) ? r.int(1, 2) : 0; n > 0; n--) {
        const c = r.pick([`// ${r.pick(WORDS)}`, `/* ${r.pick(WORDS)} */`, `/* ${r.pick(WORDS)}\n   * ${r.pick(WORDS)} */`]);
        write(`${' '.repeat(r.int(0, 4))}${c}\n`);
      }
      write(gap.slice(gap.lastIndexOf('\n') + 1));
    }
    write(toks[k].text);
  }
  write(text.slice(toks.length > 0 ? toks[toks.length - 1].end : 0));
  return out;
}

/** The column after `s` (one line) as the formatter counts it: tabs to the next multiple of 2 (the default tabSize). */
function column(s: string): number {
  let col = 0;
  for (const ch of s) col = ch === '\t' ? col + 2 - (col % 2) : col + ch.length;
  return col;
}

/**
 * Changes only whitespace the layout ignores: indentation, spaces and tabs between tokens,
 * trailing whitespace, more blank lines where there is one; with `joinLines` (files with no
 * line breaks inside statements and no comments) also the line breaks between statements.
 * Comments keep their columns (the layout reads those), so on a line with a comment the code
 * before it only grows, within the room the comment leaves; own-line comments stay put.
 */
function perturb(text: string, r: Rand, joinLines: boolean): string {
  const toks = lex(text);
  const spaces = (min: number, max: number, tabs: boolean) => Array.from({ length: r.int(min, max) }, () => (tabs && r.chance(30) ? '\t' : ' ')).join('');
  let out = '';
  let k = 0;
  while (k < toks.length) {
    // One source line: toks[k, e).
    let e = k + 1;
    while (e < toks.length && !text.slice(toks[e - 1].end, toks[e].start).includes('\n')) e++;
    const before = text.slice(k === 0 ? 0 : toks[k - 1].end, toks[k].start);
    const breaks = before.split('\n').length - 1;
    const lineStart = toks[k].start - (before.length - before.lastIndexOf('\n') - 1);
    const previousEndsInComment = k > 0 && toks[k - 1].comment;
    const hasComment = toks.slice(k, e).some((t) => t.comment);

    // The line break(s) before the line.
    let joined = false;
    if (k === 0) out += breaks > 0 ? '\n'.repeat(breaks) : '';
    else if (joinLines && breaks === 1 && !previousEndsInComment && !hasComment && r.chance(30)) {
      out += spaces(1, 2, true);
      joined = true;
    } else {
      out += spaces(0, 2, true);
      for (let b = 1; b < breaks + (breaks > 1 ? r.int(0, 1) : 0); b++) out += '\n' + spaces(0, 3, true);
      out += '\n';
    }

    // The line itself.
    const base = text.slice(lineStart, toks[e - 1].end);
    const free = () => {
      let s = joined ? '' : spaces(0, 8, true);
      for (let i = k; i < e; i++) {
        const gap = i === k ? '' : text.slice(toks[i - 1].end, toks[i].start);
        s += (i === k ? '' : gap === '' ? spaces(0, 2, false) : spaces(1, 3, true)) + toks[i].text;
      }
      return s;
    };
    const growing = () => {
      let s = toks[k].comment ? text.slice(lineStart, toks[k].start) : text.slice(lineStart, toks[k].start) + spaces(0, 3, false);
      for (let i = k; i < e; i++) {
        if (i > k) {
          const gap = text.slice(toks[i - 1].end, toks[i].start);
          if (toks[i].comment) {
            const target = column(text.slice(lineStart, toks[i].start));
            if (column(s) + 1 > target) return undefined;
            s += ' '.repeat(target - column(s));
          } else s += gap + spaces(0, 2, false);
        }
        s += toks[i].text;
        if (toks[i].text.includes('\n')) return undefined;
      }
      return s;
    };
    out += !hasComment ? free() : (growing() ?? base);
    k = e;
  }
  out += toks.length > 0 ? '\n' + r.pick(['', '\n', '  \n\n']) : text;
  return out;
}

describe('formatter: properties', function () {
  this.timeout(300_000);

  it(`ignores indentation, spacing and line breaks between statements (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(randomDefinitionFile, fc.gen(), (text, g) => {
        const expected = formatChecked(text);
        const perturbed = perturb(text, new Rand(g), true);
        assert.equal(formatChecked(perturbed), expected, `perturbed:\n${perturbed}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`keeps comments and the author's line breaks, whatever the other spacing (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(randomDefinitionFile, fc.gen(), (text, g) => {
        const r = new Rand(g);
        const decorated = decorate(text, r);
        const expected = formatChecked(decorated);
        const perturbed = perturb(decorated, r, false);
        assert.equal(formatChecked(perturbed), expected, `decorated:\n${decorated}\n-----perturbed:\n${perturbed}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  // Random edits of the examples: most break the syntax, some only move comments and line
  // breaks to odd places. Broken files are left alone exactly when Langium's parser reports an
  // error; the rest format idempotently with their meaning and comments intact. Token edits
  // (drop, repeat, move or replace one token) make near-misses of the grammar, where the
  // formatter's own syntax check is most likely to disagree with the parser.
  const EDIT_TOKENS = ['{', '}', '"', ',', '.', '->', '<->', '(', ')', 'table', 'user', 'in', 'unlimited', 'key', '\n', '\n\n', '  ', '//', '// c\n', '/*', '*/', '/* c */', '/* a\nb */', '""', 'x', '@'];
  const KEYWORDS = (
    'team user role group members grant pool in engine connection table from share with tables by import as model join usage ' +
    'perspective object key relate via permissions for use data combine unlimited values users groups column value { } , . -> <-> ( ) x "s" a-b'
  ).split(' ');
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...EDIT_TOKENS), fc.string({ maxLength: 4 })) }),
    fc.record({ kind: fc.constantFrom('drop' as const, 'repeat' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.constantFrom(...KEYWORDS) }),
  );
  type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;
  const apply = (t: string, e: Edit): string => {
    if (e.kind === 'delete' || e.kind === 'insert') {
      const at = e.at % (t.length + 1);
      return e.kind === 'delete' ? t.slice(0, at) + t.slice(at + e.length) : t.slice(0, at) + e.text + t.slice(at);
    }
    const toks = sightlineCoreServices().parser.Lexer.tokenize(t).tokens;
    if (toks.length === 0) return t;
    const a = toks[e.at % toks.length];
    const [start, end] = [a.startOffset, a.startOffset + a.image.length];
    if (e.kind === 'drop') return t.slice(0, start) + t.slice(end);
    if (e.kind === 'repeat') return t.slice(0, end) + ' ' + a.image + t.slice(end);
    if (e.kind === 'replace') return t.slice(0, start) + e.text + t.slice(end);
    if (e.kind !== 'move') return t;
    const without = t.slice(0, start) + t.slice(end);
    const at = toks[e.to % toks.length].startOffset;
    const to = at > start ? at - a.image.length : at;
    return without.slice(0, to) + a.image + ' ' + without.slice(to);
  };
  const examples = definitionFiles(path.resolve('examples')).map((f) => readFileSync(f, 'utf8'));

  it(`agrees with the parser on broken files, and formats the rest safely (${RUNS * 3} runs, seed ${SEED})`, () => {
    let formatted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.array(edit, { minLength: 1, maxLength: 4 }), (original, edits) => {
        const text = edits.reduce(apply, original);
        const broken = parseDocument(text).errors.length > 0;
        assert.equal(formatText(text) === undefined, broken, `parser says ${broken ? 'broken' : 'fine'}:\n${text}`);
        if (!broken) {
          formatChecked(text);
          formatted++;
        }
      }),
      { numRuns: RUNS * 3, seed: SEED },
    );
    assert.ok(formatted > 0, 'no edit left a valid file');
  });
});

// ------------------------------------------------------------------ speed

describe('formatter: speed', () => {
  it('formats a 5,000-rule file (time printed, not asserted)', () => {
    const lines = ['permissions for "Org/P1".M1 {', '  use data permissions      // the switch', '  combine by-column', ''];
    for (let i = 0; i < 1000; i++) {
      lines.push(`  // principal ${i}`, `  user   "u${i}@x.com" {  // user ${i}`);
      for (let j = 0; j < 5; j++) lines.push(`      A${j}.col${j} in "v${i}","w${j}", "x"${j === 2 ? '   // why' : ''}`);
      lines.push('  }', '');
    }
    lines.push('}');
    const text = lines.join('\n');
    formatText(text); // warm up
    const times: number[] = [];
    let out: string | undefined;
    for (let n = 0; n < 5; n++) {
      const t0 = performance.now();
      out = formatText(text);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    assert.ok(out !== undefined && formatText(out) === out);
    console.log(`      format of 5,000 rules (${Math.round(text.length / 1024)} KB): median ${times[2].toFixed(1)} ms, best ${times[0].toFixed(1)} ms`);
  });
});
