// The preview panel's CSV export (extension/webview/csv-export.ts): pages pulled from the real
// engine one at a time and appended, written with the CLI's CSV convention (NULL empty and
// unquoted, '' as ""). The save dialog around it is VS Code's.
import { strict as assert } from 'node:assert';
import { textRows, toCsv } from '../../cli/format-rows.js';
import { csvLines, streamCsv } from '../../extension/webview/csv-export.js';
import type { PageResult } from '../../server/protocol.js';
import { loadFolder } from '../support/engine-workspace.js';
import { onExampleCopy } from '../support/example-copy.js';

const REF = { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' };

describe('extension: CSV export of the visible rows, streamed from the engine', function () {
  this.timeout(60_000);
  const example = onExampleCopy(async (dir) => (await loadFolder(dir)).engine);

  it('writes what the CLI writes for the rows the user sees, page by page', async () => {
    const engine = example.value;
    const principal = { kind: 'user' as const, name: 'p.buyer@acme.com' };
    for (const table of ['Vendors', 'Invoices']) {
      const asked: number[] = [];
      const chunks: string[] = [];
      const sort = [{ column: engine.analysis(REF).tables.find((t) => t.name === table)!.columns[0].name, descending: true }];
      const result = await streamCsv(
        (offset, limit) => {
          asked.push(offset);
          return engine.gridPage(REF, principal, table, { offset, limit, sort });
        },
        async (text) => void chunks.push(text),
        { pageRows: 17 },
      );
      const all = await engine.page(REF, principal.name, table, { offset: 0, limit: 1_000_000, sort });
      assert.equal(result.rows, all.visible);
      assert.equal(chunks.join(''), toCsv(all.columns, textRows(all.rows, all.columns)), `${table}: the CLI's CSV of the same rows`);
      assert.deepEqual(asked, Array.from({ length: Math.ceil((all.visible + (all.visible % 17 === 0 ? 1 : 0)) / 17) }, (_, i) => i * 17), 'one page at a time, in order');
      assert.ok(chunks.length > 2, 'appended in chunks');
    }
  });

  it('writes NULL as an empty unquoted cell, the empty string as "", and quotes what needs it', () => {
    const columns = [
      { name: 'NOTE', type: 'VARCHAR' as const },
      { name: 'AMOUNT', type: 'DOUBLE' as const },
      { name: 'OK', type: 'BOOLEAN' as const },
    ];
    assert.equal(csvLines(columns as never, [[null, 12, true], ['', 2.5, null], ['a,"b"', null, false]]), ',12.0,true\n"",2.5,\n"a,""b""",,false\n');
    assert.equal(csvLines(columns as never, []), '');
  });

  it('stops when cancelled, keeping what was written', async () => {
    const page = (offset: number): PageResult => ({ table: 'T', columns: [{ name: 'A', type: 'BIGINT' }] as never, offset, rows: [[offset], [offset + 1]], rowIds: [offset, offset + 1], visible: 10, total: 10, filtered: 10 });
    const out: string[] = [];
    let pages = 0;
    const r = await streamCsv(async (offset) => (pages++, page(offset)), async (t) => void out.push(t), { pageRows: 2, cancelled: () => pages >= 2 });
    assert.deepEqual(r, { rows: 4, cancelled: true });
    assert.equal(out.join(''), 'A\n0\n1\n2\n3\n');
  });
});
