import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { detectDelimiter, parseCsv } from '../../model/csv.js';

const texts = (text: string, delimiter?: string) => parseCsv(text, { delimiter }).records.map((r) => r.cells.map((c) => c.text));

describe('parseCsv', () => {
  it('splits records and cells, with positions of raw cells', () => {
    const { records, truncated, error } = parseCsv('a,bb,\n"x",y,z');
    assert.equal(error, undefined);
    assert.equal(truncated, false);
    assert.deepEqual(records.map((r) => r.cells.map((c) => c.text)), [['a', 'bb', ''], ['x', 'y', 'z']]);
    assert.deepEqual(records[0].cells[2], { text: '', quoted: false, line: 0, column: 5, endLine: 0, endColumn: 5 });
    assert.deepEqual(records[1].cells[0], { text: 'x', quoted: true, line: 1, column: 0, endLine: 1, endColumn: 3 });
    assert.deepEqual(records[1].cells[1], { text: 'y', quoted: false, line: 1, column: 4, endLine: 1, endColumn: 5 });
  });

  it('unescapes "" and keeps embedded newlines; cells after a multi-line cell have the right position', () => {
    const text = 'id,note,who\n1,"first\r\nsecond ""q""\nthird",ann\n2,plain,"bo"\n';
    const { records } = parseCsv(text);
    assert.equal(records.length, 3);
    const note = records[1].cells[1];
    assert.equal(note.text, 'first\r\nsecond "q"\nthird');
    assert.deepEqual([note.line, note.column, note.endLine, note.endColumn], [1, 2, 3, 6]);
    const who = records[1].cells[2];
    assert.deepEqual([who.text, who.line, who.column, who.endLine, who.endColumn], ['ann', 3, 7, 3, 10]);
    assert.equal(records[2].line, 4);
    assert.deepEqual([records[2].cells[2].line, records[2].cells[2].column], [4, 8]);
  });

  it('handles CRLF, CR and LF line breaks, blank lines and a trailing newline', () => {
    assert.deepEqual(texts('a,b\r\n1,2\r\n\r\n3,4\r\n'), [['a', 'b'], ['1', '2'], ['3', '4']]);
    assert.deepEqual(texts('a,b\r1,2\r3,4\r'), [['a', 'b'], ['1', '2'], ['3', '4']]);
    assert.deepEqual(texts('a\n\n\nb\n'), [['a'], ['b']]);
    const { records } = parseCsv('a\r\n\r\nb');
    assert.equal(records[1].line, 2);
  });

  it('skips a BOM without counting it in columns', () => {
    const { records } = parseCsv('\uFEFFname,age\nx,1');
    assert.equal(records[0].cells[0].text, 'name');
    assert.deepEqual([records[0].cells[0].column, records[0].cells[1].column], [0, 5]);
  });

  it('reports an unterminated quote at the opening quote and keeps the records before it', () => {
    const { records, error } = parseCsv('a,b\n1,2\n3,"oops\n4,5\n');
    assert.deepEqual(records.map((r) => r.cells.map((c) => c.text)), [['a', 'b'], ['1', '2']]);
    assert.ok(error);
    assert.deepEqual([error.line, error.column], [2, 2]);
    assert.match(error.message, /line 3 is never closed/);
  });

  it('uses another delimiter and stops after maxRecords', () => {
    assert.deepEqual(texts('a;b\n"x;y";2', ';'), [['a', 'b'], ['x;y', '2']]);
    const r = parseCsv('a\nb\nc\n', { maxRecords: 2 });
    assert.equal(r.records.length, 2);
    assert.equal(r.truncated, true);
    assert.equal(parseCsv('a\nb\n\n', { maxRecords: 2 }).truncated, false);
  });

  it('is lenient with stray quotes', () => {
    assert.deepEqual(texts('a"b,"c"d\n'), [['a"b', 'cd']]);
  });

  it('returns the cells of any CSV serialized from string cells (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '"', ',', ';', '\n', '\r', '\r\n', 'é', '😀') });
    const table = fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }))
      .chain(([cols, rows]) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }));
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), fc.boolean(), (rows, eol, trailing) => {
        // Quote a cell when it needs it; also quote an empty single cell, whose line would be blank.
        const quote = (s: string, only: boolean) => (/[",\r\n]/.test(s) || (only && s === '') ? `"${s.replace(/"/g, '""')}"` : s);
        const text = rows.map((r) => r.map((c) => quote(c, r.length === 1)).join(',')).join(eol) + (trailing ? eol : '');
        const parsed = parseCsv(text);
        assert.equal(parsed.error, undefined);
        assert.deepEqual(parsed.records.map((r) => r.cells.map((c) => c.text)), rows);
        // Each cell's range covers exactly its raw text.
        const lines = text.split(/\r\n|\r|\n/);
        const offsets: number[] = [];
        let at = 0;
        for (const l of text.matchAll(/[^\r\n]*(\r\n|\r|\n|$)/g)) {
          offsets.push(at);
          at += l[0].length;
          if (l[0] === '') break;
        }
        for (const r of parsed.records) {
          for (const c of r.cells) {
            assert.ok(c.line < lines.length);
            const raw = text.slice(offsets[c.line] + c.column, offsets[c.endLine] + c.endColumn);
            assert.equal(raw, quote(c.text, r.cells.length === 1));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('detectDelimiter', () => {
  it('chooses the delimiter that splits lines consistently', () => {
    assert.equal(detectDelimiter('a,b,c\n1,2,3\n'), ',');
    // Tabs inside a quoted field do not make tab the delimiter (found by the hostile-names fuzz).
    assert.equal(detectDelimiter('"Ab","\t\tx"\n'), ',');
    assert.equal(detectDelimiter('"a\tb";"c"\n"d";"e"\n'), ';');
    assert.equal(detectDelimiter('name;amount\nx;1,5\ny;2,75\n'), ';');
    assert.equal(detectDelimiter('a\tb\n1\t2\n'), '\t');
    assert.equal(detectDelimiter('a|b|c\n1|2|3\n'), '|');
    assert.equal(detectDelimiter('"a;b",c\n"1;2",3\n'), ',');
  });

  it('defaults to comma', () => {
    assert.equal(detectDelimiter('name\nalice\n'), ',');
    assert.equal(detectDelimiter(''), ',');
  });
});
