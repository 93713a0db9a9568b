import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parquetWriteBuffer, schemaFromColumnData } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import type { FileAccess } from '../../model/files.js';
import { nodeFiles } from '../../model/node-files.js';
import { parquetColumnType } from '../../model/schema/parquet-schema.js';
import { readPermissionCsv } from '../../model/schema/permission-csv.js';
import { readTableSchema, type SchemaIssue, type SchemaIssueCode } from '../../model/schema/read-schema.js';

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-schema-'));
});
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Real disk access that counts the bytes read. */
function counting(): FileAccess & { bytes: number; reads: number } {
  const counter = {
    bytes: 0,
    reads: 0,
    stat: (p: string) => nodeFiles.stat(p),
    async read(p: string, start?: number, end?: number) {
      const data = await nodeFiles.read(p, start, end);
      counter.bytes += data.length;
      counter.reads++;
      return data;
    },
  };
  return counter;
}

function only(issues: SchemaIssue[], code: SchemaIssueCode): SchemaIssue {
  assert.equal(issues.length, 1, `expected one ${code}, got ${JSON.stringify(issues)}`);
  assert.equal(issues[0].code, code, JSON.stringify(issues));
  return issues[0];
}

describe('readTableSchema: CSV', () => {
  it('infers every column type, with leading zeros as BIGINT', async () => {
    const file = write(
      'types.csv',
      'flag,count,amount,day,at,name,zip,empty\n' +
        'true,1,1.5,2024-01-31,2024-01-31 10:00:00,Ann,0500,\n' +
        'FALSE,-2,2,2024-02-29,2024-02-29T23:59:59.5,Bob,0010,\n' +
        ',,,,,,,\n',
    );
    const { schema, issues } = await readTableSchema(nodeFiles, file);
    assert.deepEqual(issues, []);
    assert.deepEqual(schema, {
      format: 'csv',
      delimiter: ',',
      columns: [
        { name: 'flag', type: 'BOOLEAN' },
        { name: 'count', type: 'BIGINT' },
        { name: 'amount', type: 'DOUBLE' },
        { name: 'day', type: 'DATE' },
        { name: 'at', type: 'TIMESTAMP' },
        { name: 'name', type: 'VARCHAR' },
        { name: 'zip', type: 'BIGINT' },
        { name: 'empty', type: 'VARCHAR' },
      ],
    });
  });

  it('reads CRLF, a BOM, a semicolon delimiter and an upper-case extension', async () => {
    const file = write('semi.CSV', '\uFEFFid;price;label\r\n1;2,5;"a;b"\r\n2;3,75;c\r\n');
    const { schema, issues } = await readTableSchema(nodeFiles, file);
    assert.deepEqual(issues, []);
    assert.deepEqual(schema?.columns, [
      { name: 'id', type: 'BIGINT' },
      { name: 'price', type: 'VARCHAR' },
      { name: 'label', type: 'VARCHAR' },
    ]);
  });

  it('reads a header-only file as VARCHAR columns', async () => {
    const { schema, issues } = await readTableSchema(nodeFiles, write('header-only.csv', 'a,b\n'));
    assert.deepEqual(issues, []);
    assert.deepEqual(schema?.columns.map((c) => c.type), ['VARCHAR', 'VARCHAR']);
  });

  it('reports a missing file', async () => {
    const issue = only((await readTableSchema(nodeFiles, path.join(dir, 'nope.csv'))).issues, 'data-file-missing');
    assert.match(issue.message, /nope\.csv does not exist/);
  });

  it('reports a directory and an I/O error as unreadable', async () => {
    fs.mkdirSync(path.join(dir, 'folder.csv'));
    const dirIssue = only((await readTableSchema(nodeFiles, path.join(dir, 'folder.csv'))).issues, 'data-file-unreadable');
    assert.match(dirIssue.message, /directory/);
    const file = write('io.csv', 'a\n1\n');
    const failing: FileAccess = {
      stat: (p) => nodeFiles.stat(p),
      read: async () => {
        throw new Error('EIO: i/o error, read');
      },
    };
    const ioIssue = only((await readTableSchema(failing, file)).issues, 'data-file-unreadable');
    assert.match(ioIssue.message, /io\.csv cannot be read \(EIO/);
  });

  it('reports a file that is neither CSV nor Parquet', async () => {
    const issue = only((await readTableSchema(nodeFiles, write('data.xlsx', 'PK\u0003\u0004'))).issues, 'data-file-format');
    assert.match(issue.message, /data\.xlsx is neither a \.csv nor a \.parquet file/);
  });

  it('reports an empty file and a CSV without a header line', async () => {
    only((await readTableSchema(nodeFiles, write('empty.csv', ''))).issues, 'data-file-empty');
    only((await readTableSchema(nodeFiles, write('blank.csv', '\r\n\n'))).issues, 'data-file-empty');
    only((await readTableSchema(nodeFiles, write('empty.parquet', ''))).issues, 'data-file-empty');
  });

  it('reports invalid UTF-8 with its line', async () => {
    const bytes = new Uint8Array([...Buffer.from('name\nok\nbad '), 0xe9, ...Buffer.from('t\u00e9\n')]);
    const issue = only((await readTableSchema(nodeFiles, write('latin1.csv', bytes))).issues, 'data-file-unreadable');
    assert.match(issue.message, /latin1\.csv is not valid UTF-8.*line 3.*save it as UTF-8/);
    assert.deepEqual([issue.line, issue.column], [2, 4]);
  });

  it('reports an empty and a duplicate header name, at their cells', async () => {
    const { schema, issues } = await readTableSchema(nodeFiles, write('header.csv', 'id,,name,id\n1,2,3,4\n'));
    assert.ok(schema, 'the columns are still known');
    assert.deepEqual(
      issues.map((i) => [i.code, i.line, i.column]),
      [
        ['csv-header-invalid', 0, 3],
        ['csv-header-invalid', 0, 9],
      ],
    );
    assert.match(issues[0].message, /column 2 of the header of header\.csv has no name/);
    assert.match(issues[1].message, /two columns "id" \(columns 1 and 4\)/);
  });

  it('reports names that differ only in case', async () => {
    const { schema, issues } = await readTableSchema(nodeFiles, write('case.csv', 'Name,age,name\nA,1,a\n'));
    assert.ok(schema);
    const issue = only(issues, 'column-case-collision');
    assert.match(issue.message, /"Name".*"name".*DuckDB treats them as the same column/);
    assert.deepEqual([issue.line, issue.column], [0, 9]);
  });

  it('reports ragged rows once, at the first, after a multi-line quoted cell', async () => {
    const text = 'a,b,c,d\n1,"two\nlines",3,4\n5,6,7,8,9\n1,2,3,4\n1,2,3\n';
    const { schema, issues } = await readTableSchema(nodeFiles, write('ragged.csv', text));
    assert.equal(schema?.columns.length, 4);
    const issue = only(issues, 'csv-ragged');
    assert.equal(
      issue.message,
      'line 4 of ragged.csv has 5 fields but the header has 4 (2 of 4 rows differ); quote fields that contain the delimiter (comma), or add the missing column names to the header',
    );
    assert.deepEqual([issue.line, issue.column], [3, 8]);
  });

  it('reports an unterminated quote at its position', async () => {
    const { schema, issues } = await readTableSchema(nodeFiles, write('quote.csv', 'a,b\n1,2\n3,"oops\n4,5\n'));
    assert.ok(schema);
    const issue = only(issues, 'data-file-format');
    assert.match(issue.message, /never closed/);
    assert.deepEqual([issue.line, issue.column], [2, 2]);
  });

  it('reads only the first MiB of a large CSV', async () => {
    const lines = ['id,code,when,note'];
    let size = lines[0].length + 1;
    for (let i = 0; size < 3 << 20; i++) {
      const line = `${i},${String(i % 1000).padStart(4, '0')},2024-01-01 00:00:${String(i % 60).padStart(2, '0')},"note ${i}, with comma"`;
      lines.push(line);
      size += line.length + 1;
    }
    // Beyond the first MiB: values that would change every type, and a ragged row.
    lines.push('x,y,z,w,extra');
    const file = write('big.csv', lines.join('\n') + '\n');
    assert.ok(fs.statSync(file).size > 3 << 20);
    const files = counting();
    const { schema, issues } = await readTableSchema(files, file);
    assert.deepEqual(issues, []);
    assert.deepEqual(schema?.columns.map((c) => c.type), ['BIGINT', 'BIGINT', 'TIMESTAMP', 'VARCHAR']);
    assert.ok(files.bytes <= 1 << 20, `read ${files.bytes} bytes`);
  });

  it('does not report a quote left open by the cut at 1 MiB', async () => {
    const head = 'id,note\n1,"' + 'x'.repeat(1 << 20) + '"\n2,b\n';
    const { schema, issues } = await readTableSchema(nodeFiles, write('open-quote.csv', head));
    assert.deepEqual(issues, []);
    assert.deepEqual(schema?.columns.map((c) => c.name), ['id', 'note']);
  });
});

describe('readTableSchema: Parquet', () => {
  const rows = 5000;
  const columnData = [
    { name: 'i32', data: Int32Array.from({ length: rows }, (_, i) => i), type: 'INT32' as const },
    { name: 'i64', data: Array.from({ length: rows }, (_, i) => BigInt(i) * 1000000000000n), type: 'INT64' as const },
    { name: 'dbl', data: Float64Array.from({ length: rows }, (_, i) => i / 3), type: 'DOUBLE' as const },
    { name: 'str', data: Array.from({ length: rows }, (_, i) => `value number ${i}`), type: 'STRING' as const },
    { name: 'flag', data: Array.from({ length: rows }, (_, i) => i % 2 === 0), type: 'BOOLEAN' as const },
    { name: 'ts', data: Array.from({ length: rows }, (_, i) => new Date(1700000000000 + i * 1000)), type: 'TIMESTAMP' as const },
    { name: 'day', data: Array.from({ length: rows }, (_, i) => new Date(Date.UTC(2024, 0, 1 + (i % 365)))) },
  ];
  const schema = schemaFromColumnData({
    columnData,
    schemaOverrides: { day: { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' } },
  });
  // schemaFromColumnData turns each basic type into a schema element; the writer takes either.
  const untyped = columnData.map(({ name, data }) => ({ name, data }));
  const bytes = new Uint8Array(parquetWriteBuffer({ columnData: untyped, schema, rowGroupSize: 1000 }));

  it('maps column types and reads the row count from the footer only', async () => {
    const file = write('typed.parquet', bytes);
    const files = counting();
    const result = await readTableSchema(files, file);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.schema, {
      format: 'parquet',
      rowCount: rows,
      columns: [
        { name: 'i32', type: 'BIGINT' },
        { name: 'i64', type: 'BIGINT' },
        { name: 'dbl', type: 'DOUBLE' },
        { name: 'str', type: 'VARCHAR' },
        { name: 'flag', type: 'BOOLEAN' },
        { name: 'ts', type: 'TIMESTAMP' },
        { name: 'day', type: 'DATE' },
      ],
    });
    assert.ok(files.bytes < bytes.length / 4, `read ${files.bytes} of ${bytes.length} bytes`);
  });

  it('reports a truncated Parquet file', async () => {
    const issue = only((await readTableSchema(nodeFiles, write('cut.parquet', bytes.subarray(0, bytes.length - 100)))).issues, 'data-file-format');
    assert.match(issue.message, /cut\.parquet is not a Parquet file/);
  });

  it('reports a damaged footer', async () => {
    const damaged = bytes.slice();
    const footerLength = new DataView(damaged.buffer).getUint32(damaged.length - 8, true);
    damaged.fill(0xff, damaged.length - 8 - footerLength, damaged.length - 8);
    only((await readTableSchema(nodeFiles, write('damaged.parquet', damaged))).issues, 'data-file-format');
  });

  it('reports a CSV named .parquet', async () => {
    const issue = only((await readTableSchema(nodeFiles, write('fake.parquet', 'a,b\n1,2\n'))).issues, 'data-file-format');
    assert.match(issue.message, /not a Parquet file/);
  });

  it('reports Parquet column names that differ only in case', async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'Region', data: ['a'], type: 'STRING' },
        { name: 'region', data: [1], type: 'INT32' },
      ],
    });
    const { schema, issues } = await readTableSchema(nodeFiles, write('case.parquet', new Uint8Array(buf)));
    assert.equal(schema?.rowCount, 1);
    assert.match(only(issues, 'column-case-collision').message, /"Region".*"region"/);
  });
});

describe('readPermissionCsv', () => {
  it('reads the whole table with cell positions', async () => {
    const lines = ['user,table,column,value'];
    for (let i = 0; i < 30000; i++) lines.push(`u${i}@x.com,orders,region,"R${i}, north"`);
    const file = write('perm.csv', lines.join('\r\n'));
    assert.ok(fs.statSync(file).size > 1 << 20);
    const { table, issues } = await readPermissionCsv(nodeFiles, file);
    assert.deepEqual(issues, []);
    assert.ok(table);
    assert.deepEqual(table.header.map((c) => c.text), ['user', 'table', 'column', 'value']);
    assert.equal(table.rows.length, 30000);
    const last = table.rows[29999].cells[3];
    assert.deepEqual([last.text, last.line, last.column], ['R29999, north', 30000, 27]);
  });

  it('reports ragged rows over the whole file, and keeps the rows', async () => {
    const { table, issues } = await readPermissionCsv(nodeFiles, write('perm-ragged.csv', 'group,unlimited\nsales,TRUE\nops\n'));
    assert.equal(table?.rows.length, 2);
    const issue = only(issues, 'csv-ragged');
    assert.match(issue.message, /line 3 of perm-ragged\.csv has 1 field but the header has 2 \(it is the only row that differs\)/);
    assert.deepEqual([issue.line, issue.column], [2, 3]);
  });

  it('reports missing, non-CSV and empty permission tables', async () => {
    only((await readPermissionCsv(nodeFiles, path.join(dir, 'gone.csv'))).issues, 'data-file-missing');
    only((await readPermissionCsv(nodeFiles, write('perm.parquet', bytes()))).issues, 'data-file-format');
    only((await readPermissionCsv(nodeFiles, write('perm-empty.csv', ''))).issues, 'data-file-empty');
    function bytes() {
      return new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'a', data: [1], type: 'INT32' }] }));
    }
  });
});

describe('parquetColumnType', () => {
  it('maps logical, converted and physical types', () => {
    const cases: [SchemaElement, string][] = [
      [{ name: 'a', type: 'FIXED_LEN_BYTE_ARRAY', logical_type: { type: 'DECIMAL', precision: 10, scale: 2 } }, 'DOUBLE'],
      [{ name: 'a', type: 'INT32', converted_type: 'DECIMAL', precision: 9, scale: 2 }, 'DOUBLE'],
      [{ name: 'a', type: 'INT32', logical_type: { type: 'INTEGER', bitWidth: 8, isSigned: false } }, 'BIGINT'],
      [{ name: 'a', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } }, 'TIMESTAMP'],
      [{ name: 'a', type: 'INT32', logical_type: { type: 'DATE' } }, 'DATE'],
      [{ name: 'a', type: 'INT64', logical_type: { type: 'TIME', isAdjustedToUTC: false, unit: 'MICROS' } }, 'VARCHAR'],
      [{ name: 'a', type: 'BYTE_ARRAY', logical_type: { type: 'STRING' } }, 'VARCHAR'],
      [{ name: 'a', type: 'BYTE_ARRAY' }, 'VARCHAR'],
      [{ name: 'a', type: 'INT96' }, 'TIMESTAMP'],
      [{ name: 'a', type: 'FLOAT' }, 'DOUBLE'],
      [{ name: 'a', type: 'BOOLEAN' }, 'BOOLEAN'],
    ];
    for (const [element, type] of cases) assert.equal(parquetColumnType(element), type, JSON.stringify(element));
  });
});
