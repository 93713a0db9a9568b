// The extension's plain parts, without an editor: the explain input parser, the texts of the
// result documents, and the status bar wording for each engine state.
import { strict as assert } from 'node:assert';
import { formatCounts, formatDiff, formatExplanations, parseConditions } from '../../extension/format.js';
import { statusText } from '../../extension/status-text.js';

const ref = { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' };

describe('extension: explain input (COLUMN = value, …)', () => {
  it('reads one or more conditions, quoted values included', () => {
    assert.deepEqual(parseConditions('BELNR = 5100000001'), [{ column: 'BELNR', value: '5100000001' }]);
    assert.deepEqual(parseConditions(' BUKRS=1000 , GJAHR = 2024'), [
      { column: 'BUKRS', value: '1000' },
      { column: 'GJAHR', value: '2024' },
    ]);
    assert.deepEqual(parseConditions('NAME1 = "Müller, Hans", LAND1 = \'DE\''), [
      { column: 'NAME1', value: 'Müller, Hans' },
      { column: 'LAND1', value: 'DE' },
    ]);
    assert.deepEqual(parseConditions('X = a b'), [{ column: 'X', value: 'a b' }]);
  });

  it('says what is wrong instead', () => {
    for (const bad of ['', 'BELNR', 'BELNR =', '= 5', 'A = 1,', 'A = 1, B']) assert.equal(typeof parseConditions(bad), 'string', bad);
    assert.match(parseConditions('BELNR =') as string, /BELNR has no value/);
  });
});

describe('extension: result documents', () => {
  it('counts: one aligned line per table with the share visible, and load errors', () => {
    const text = formatCounts(ref, { kind: 'user', name: 'p.buyer@acme.com' }, [
      { table: 'Vendors', visible: 3, total: 12 },
      { table: 'Invoices', visible: 0, total: 0, error: 'cannot read bkpf.csv' },
    ]);
    assert.equal(
      text,
      [
        'AccountsPayable (Procurement/AP Analytics) as p.buyer@acme.com',
        '',
        'table     visible  total  share',
        '--------  -------  -----  -----',
        'Vendors         3     12    25%',
        'Invoices        0      0',
        '',
        '! Invoices: cannot read bkpf.csv',
        '',
      ].join('\n'),
    );
    assert.match(formatCounts(ref, { kind: 'group', name: 'Buyers France' }, []), /as group "Buyers France"\n\nNo tables\./);
  });

  it('diff: rows only A or only B sees, and a note when they see the same', () => {
    const text = formatDiff(ref, 'a@x', 'b@x', [{ table: 'Vendors', onlyA: 2, onlyB: 0, both: 1 }]);
    assert.match(text, /table\s+only a@x\s+only b@x\s+both\n/);
    assert.match(text, /Vendors\s+2\s+0\s+1\n/);
    assert.match(formatDiff(ref, 'a@x', 'b@x', [{ table: 'Vendors', onlyA: 0, onlyB: 0, both: 1 }]), /exactly the same rows/);
  });

  it('explain: the verdict, the row and every reason with where it was written (markdown)', () => {
    const md = formatExplanations(ref, 'p.buyer@acme.com', [{ column: 'LIFNR', value: 'V100003' }], [
      {
        table: 'Vendors',
        rowId: 2,
        row: { LIFNR: 'V100003', LAND1: 'FR', NAME1: null, ZTERM_DAYS: '45' },
        visible: false,
        reasons: [{ kind: 'rule', passed: false, principal: 'user p.buyer@acme.com', text: 'LAND1 = "FR" is not one of "DE", "AT"', sources: ['accounts-payable.perm:15'] }],
      },
    ]);
    assert.match(md, /^# Why p\.buyer@acme\.com sees a row of Vendors or not/);
    assert.match(md, /## Row 3: HIDDEN/);
    assert.match(md, /\| LIFNR \| LAND1 \| NAME1 \| ZTERM_DAYS \|\n\| --- \| --- \| --- \| --- \|\n\| V100003 \| FR \| NULL \| 45 \|/);
    assert.match(md, /- ✗ \*\*user p\.buyer@acme\.com\*\*: LAND1 = "FR" is not one of "DE", "AT" — `accounts-payable\.perm:15`/);
  });
});

describe('extension: status bar wording', () => {
  const folders = [{ root: '/w', files: 6, errors: 1, warnings: 2 }];

  it('before the first status, and for each engine state', () => {
    assert.equal(statusText(undefined).text, '$(eye) Sightline');
    assert.equal(statusText({ engine: { state: 'idle' }, folders }).text, '$(eye) Sightline $(error) 1 $(warning) 2');
    assert.match(statusText({ engine: { state: 'loading' }, folders }).text, /^\$\(sync~spin\) /);
    const ready = statusText({ engine: { state: 'ready', tables: 12, errors: ['Vendors: cannot read lfa1.parquet'] }, folders });
    assert.equal(ready.label, 'Sightline: 12 tables loaded, 1 load error; 1 error, 2 warnings');
    assert.ok(ready.tooltip.includes('- Vendors: cannot read lfa1.parquet'));
    const failed = statusText({ engine: { state: 'failed', message: 'out of memory', restarts: 2 }, folders });
    assert.equal(failed.failed, true);
    assert.match(failed.text, /^\$\(error\) Sightline/);
    assert.ok(failed.tooltip.includes('out of memory (restarted 2 times)'));
  });
});
