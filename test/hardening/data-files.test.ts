// Hardening (issue 8, "Data files"): broken, odd and hostile data files. For each case:
//   (a) `checkWorkspace` reports it clearly, at the table's `from "…"` in the .pool file (the
//       message names the data file and, where the problem is on a line, that line);
//   (b) the engine's load does not throw; a file that cannot be loaded is reported as such
//       and its table is empty, so it grants and shows nothing (§F1); a file that is merely
//       unusual (BOM, other delimiters, quoted line breaks, a huge field) loads, and the engine
//       then agrees with the reference evaluator (test/reference/) for every user;
//   (c) nothing outside the workspace folder is ever read: paths with `..`, absolute paths and
//       symbolic links out of the workspace are refused before any read (a spying FileAccess
//       records the real path of every read), and a secret marker placed outside appears in
//       no diagnostic, no load report, no engine result and no DuckDB table.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Engine, LoadReport } from '../../engine/index.js';
import { ident } from '../../engine/duckdb/quote.js';
import { startNodeEngine } from '../../engine/node.js';
import { checkWorkspace } from '../../language/check-workspace.js';
import type { FileAccess } from '../../model/files.js';
import type { Diagnostic, WorkspaceModel } from '../../model/types.js';
import { loadReferenceInput, referenceVisibleRows } from '../reference/index.js';
import { FINANCE_POOL, LFA1_CSV, AP_PERM, edits, makeWorkspace, removeWorkspaces, type FixtureWorkspace, type Overrides } from '../support/fixture-workspace.js';
import { fileOutside, removeOutsideDirs, spyFiles, valuesTableOutside } from '../support/outside-files.js';

const SECRET = 'SECRET_MARKER_7f3a9c';
const LFA1_FROM = 'table LFA1 from "data/lfa1.csv"';
const MODEL = { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' };
const PERSPECTIVE = { pool: 'Procurement/AP Analytics', name: 'InvoiceFlow' };
const USERS = ['l.admin@acme.com', 'p.analyst@acme.com', 'm.analyst@acme.com', 't.member@acme.com', 'r.viewer@acme.com'];

/** A folder outside every workspace holding `name` with the secret marker in it. */
const secretOutside = (name = 'secret.csv', content = `LIFNR,NAME1,LAND1,EKORG\nV100,${SECRET},DE,1000\n`) => fileOutside('sightline-outside-', name, content);

after(() => {
  removeWorkspaces();
  removeOutsideDirs();
});

interface Outcome {
  ws: FixtureWorkspace;
  model: WorkspaceModel;
  diagnostics: Diagnostic[];
  report: LoadReport;
  engine: Engine;
  files: FileAccess;
  reads: string[];
}

let engine: Engine;

/** Checks the workspace and loads it into the engine through a spying FileAccess. */
async function run(overrides: Overrides, prepare?: (ws: FixtureWorkspace) => void, between?: (ws: FixtureWorkspace) => void): Promise<Outcome> {
  const ws = makeWorkspace(overrides);
  prepare?.(ws);
  const { files, reads } = spyFiles();
  const { model, diagnostics, data } = await checkWorkspace(ws.dir, { files });
  between?.(ws);
  const report = await engine.load(model, files, data);
  return { ws, model, diagnostics, report, engine, files, reads };
}

const errors = (o: Outcome) => o.diagnostics.filter((d) => d.severity === 'error');
const show = (o: Outcome, d: Diagnostic) => `${d.code} ${path.relative(o.ws.dir, d.range.file)}:${d.range.start.line + 1} ${d.message}`;

/** (a): exactly one error, of `code`, at LFA1's `from "…"` in finance.pool, naming the file (and the line). */
function assertReportedAtTable(o: Outcome, code: string, mentions: (string | RegExp)[]): Diagnostic {
  const errs = errors(o);
  assert.equal(errs.length, 1, `one error expected, got:\n${errs.map((d) => show(o, d)).join('\n') || '(none)'}`);
  const d = errs[0];
  assert.equal(d.code, code, show(o, d));
  assert.equal(d.range.file, o.ws.file('finance.pool'));
  const line = FINANCE_POOL.split('\n').findIndex((l) => l.includes('table LFA1 from'));
  assert.equal(d.range.start.line, line, `reported on the table's line: ${show(o, d)}`);
  assert.ok(FINANCE_POOL.split('\n')[line].slice(d.range.start.column).startsWith('"'), 'reported at the path string');
  assert.match(d.message, /^table LFA1: /);
  for (const m of mentions) assert.ok(typeof m === 'string' ? d.message.includes(m) : m.test(d.message), `message mentions ${m}: ${d.message}`);
  return d;
}

/** (b): the table is reported as not loaded and is empty for every user, even an unlimited one. */
async function assertNotLoaded(o: Outcome, reason?: RegExp): Promise<void> {
  const lfa1 = o.model.pools.flatMap((p) => p.connections.flatMap((c) => c.tables)).find((t) => t.name === 'LFA1')!;
  const err = o.report.errors.find((e) => e.file === lfa1.file);
  assert.ok(err, `the load report names ${lfa1.file}: ${JSON.stringify(o.report.errors)}`);
  if (reason) assert.match(err.message, reason);
  assert.ok(!o.report.loaded.includes(lfa1.file));
  for (const email of USERS) {
    const counts = await o.engine.counts(MODEL, email);
    const vendors = counts.find((c) => c.table === 'Vendors')!;
    assert.equal(vendors.total, 0, `${email}: Vendors is empty`);
    assert.equal(vendors.visible, 0, `${email}: Vendors shows nothing`);
    const rows = await o.engine.visibleRowIds(PERSPECTIVE, email);
    assert.equal([...(rows.get('Vendor') ?? [])].length, 0, `${email}: no Vendor object`);
  }
  // A user restricted by rules on the broken table sees nothing of its component (§F1).
  const restricted = await o.engine.counts(MODEL, 'p.analyst@acme.com');
  assert.deepEqual(restricted.map((c) => c.visible), [0, 0, 0], JSON.stringify(restricted));
}

/** (b): the engine's rows equal the reference evaluator's, for both analyses and every user. */
async function assertMatchesReference(o: Outcome): Promise<void> {
  const input = await loadReferenceInput(o.model, o.files);
  for (const target of [MODEL, PERSPECTIVE]) {
    for (const email of USERS) {
      const want = referenceVisibleRows(input, target, email);
      const got = await o.engine.visibleRowIds(target, email);
      const norm = (m: Map<string, Iterable<number>>) => JSON.stringify([...m].map(([k, v]) => [k, [...v].sort((a, b) => a - b)]).sort());
      assert.equal(norm(got), norm(want), `${email} on ${target.name}`);
    }
  }
}

/** Every row of every table DuckDB holds, as text. */
function everythingInDuckDb(e: Engine): string {
  const tables = e.session.query(`SELECT table_schema, table_name FROM information_schema.tables`).toArray() as { table_schema: string; table_name: string }[];
  return tables
    .map((t) => JSON.stringify(e.session.query(`SELECT * FROM ${ident(String(t.table_schema))}.${ident(String(t.table_name))}`).toArray(), (_, v) => (typeof v === 'bigint' ? String(v) : v)))
    .join('\n');
}

/** (c): nothing was read outside the workspace, and the marker is nowhere. */
async function assertNothingFromOutside(o: Outcome, marker: string | RegExp = SECRET): Promise<void> {
  const inside = (p: string) => p.startsWith(o.ws.dir + path.sep);
  assert.deepEqual(o.reads.filter((p) => !inside(p)), [], 'no read outside the workspace');
  const has = (text: string) => (typeof marker === 'string' ? text.includes(marker) : marker.test(text));
  for (const d of o.diagnostics) assert.ok(!has(d.message) && !has(JSON.stringify(d.data ?? {})), `diagnostic leaks: ${d.message}`);
  assert.ok(!has(JSON.stringify(o.report)), 'load report leaks');
  for (const email of USERS) {
    assert.ok(!has(JSON.stringify(await o.engine.counts(MODEL, email))), 'counts leak');
    for (const table of ['Vendors', 'Invoices', 'Items']) {
      assert.ok(!has(JSON.stringify(await o.engine.columnValues(MODEL, table, 'LIFNR', { limit: 1000 }).catch(() => []))), 'values leak');
    }
  }
  assert.ok(!has(everythingInDuckDb(o.engine)), 'no DuckDB table holds the marker');
}

describe('hardening: data files', function () {
  this.timeout(120_000);

  before(async () => {
    engine = await startNodeEngine();
  });

  // ------------------------------------------------------------ cannot be read: reported, fails closed

  it('a missing file: data-file-missing at the table; the table is not loaded and grants nothing', async () => {
    const o = await run({ 'data/lfa1.csv': null });
    assertReportedAtTable(o, 'data-file-missing', ['lfa1.csv', 'does not exist']);
    await assertNotLoaded(o, /does not exist/);
  });

  it('an unreadable file (chmod 000): data-file-unreadable; not loaded (skipped when running as root)', async function () {
    const probe = makeWorkspace();
    fs.chmodSync(probe.file('data/lfa1.csv'), 0o000);
    let readable = false;
    try {
      fs.readFileSync(probe.file('data/lfa1.csv'));
      readable = true;
    } catch {
      /* as expected */
    }
    if (readable) {
      // root (or CAP_DAC_OVERRIDE) reads through mode 000: the case cannot be produced here.
      console.log(`      skipped: running as uid ${process.getuid?.()}, which reads files whatever their mode; run as an ordinary user to test this`);
      this.skip();
    }
    const o = await run({}, (ws) => fs.chmodSync(ws.file('data/lfa1.csv'), 0o000));
    assertReportedAtTable(o, 'data-file-unreadable', ['lfa1.csv', 'cannot be read']);
    await assertNotLoaded(o);
  });

  it('a directory where a file is expected: data-file-unreadable; not loaded', async () => {
    const o = await run({ 'data/lfa1.csv': null, 'data/lfa1.csv/part-0.csv': LFA1_CSV });
    assertReportedAtTable(o, 'data-file-unreadable', ['lfa1.csv', 'directory']);
    await assertNotLoaded(o, /does not exist/);
  });

  it('an empty file: data-file-empty; not loaded', async () => {
    const o = await run({ 'data/lfa1.csv': '' });
    assertReportedAtTable(o, 'data-file-empty', ['lfa1.csv', 'empty']);
    await assertNotLoaded(o);
  });

  it('a header with an empty or case-duplicate column name: reported; the load does not throw and fails closed', async () => {
    for (const [header, code] of [['LIFNR,,LAND1,EKORG', 'csv-header-invalid'], ['LIFNR,NAME1,LAND1,lifnr', 'column-case-collision']]) {
      const o = await run({ 'data/lfa1.csv': LFA1_CSV.replace('LIFNR,NAME1,LAND1,EKORG', header) });
      assert.ok(o.diagnostics.some((d) => d.code === code), `${header}: ${o.diagnostics.map((d) => d.code).join(', ')}`);
      await assertNotLoaded(o);
    }
  });

  it('ragged rows (too few fields): csv-ragged naming the data file line; not loaded', async () => {
    const o = await run({ 'data/lfa1.csv': LFA1_CSV.replace('V300,Rossi SpA,IT,2000', 'V300,Rossi SpA,IT') });
    assertReportedAtTable(o, 'csv-ragged', ['lfa1.csv', 'line 4', '3 fields']);
    await assertNotLoaded(o, /Line: 4/);
  });

  it('ragged rows (too many fields): csv-ragged naming the data file line; not loaded', async () => {
    const o = await run({ 'data/lfa1.csv': LFA1_CSV.replace('Dupont SA,FR,2000', 'Dupont, SA,FR,2000') });
    assertReportedAtTable(o, 'csv-ragged', ['lfa1.csv', 'line 3', '5 fields']);
    await assertNotLoaded(o);
  });

  it('a value beyond the sampled first MiB that does not fit the sniffed type: the load fails closed, naming the line', async () => {
    // The schema reader types EKORG from the first MiB (all integers); DuckDB meets "abc" later.
    const filler = Array.from({ length: 40_000 }, (_, i) => `V${1000 + i},Filler ${i} GmbH,DE,1000`).join('\n');
    const o = await run({ 'data/lfa1.csv': `${LFA1_CSV}${filler}\nV9,Late,DE,abc\n` });
    assert.deepEqual(errors(o).map((d) => show(o, d)), [], 'the static check samples the head only');
    await assertNotLoaded(o, /lfa1\.csv could not be loaded: .*(Line|line)/);
  });

  // ------------------------------------------------------------ Parquet

  function lfa1Parquet(): Uint8Array {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'LIFNR', type: 'STRING', data: ['V100', 'V200', 'V300'], nullable: false },
        { name: 'NAME1', type: 'STRING', data: ['Muster GmbH', 'Dupont SA', 'Rossi SpA'], nullable: false },
        { name: 'LAND1', type: 'STRING', data: ['DE', 'FR', 'IT'], nullable: false },
        { name: 'EKORG', type: 'INT64', data: [1000n, 2000n, 2000n], nullable: false },
      ],
    });
    return new Uint8Array(buffer);
  }
  const parquetPool = () => ({ 'finance.pool': edits(FINANCE_POOL, [LFA1_FROM, 'table LFA1 from "data/lfa1.parquet"']), 'data/lfa1.csv': null });

  it('a valid Parquet file loads and agrees with the reference (the baseline for the corrupt ones)', async () => {
    const o = await run({ ...parquetPool(), 'data/lfa1.parquet': lfa1Parquet() });
    assert.deepEqual(errors(o).map((d) => show(o, d)), []);
    assert.deepEqual(o.report.errors, []);
    await assertMatchesReference(o);
    assert.equal((await o.engine.counts(MODEL, 'l.admin@acme.com')).find((c) => c.table === 'Vendors')!.total, 3);
  });

  it('a truncated Parquet file: data-file-format; not loaded', async () => {
    const bytes = lfa1Parquet();
    const o = await run({ ...parquetPool(), 'data/lfa1.parquet': bytes.subarray(0, Math.floor(bytes.length / 2)) });
    assertReportedAtTable(o, 'data-file-format', ['lfa1.parquet', /truncated|PAR1/]);
    await assertNotLoaded(o);
  });

  it('random bytes named .parquet: data-file-format; not loaded', async () => {
    let x = 12345;
    const random = new Uint8Array(4096).map(() => (x = (x * 1103515245 + 12345) & 0x7fffffff) & 0xff);
    const o = await run({ ...parquetPool(), 'data/lfa1.parquet': random });
    assertReportedAtTable(o, 'data-file-format', ['lfa1.parquet', 'PAR1']);
    await assertNotLoaded(o);
  });

  it('a Parquet file with its footer intact but its data pages overwritten: the load does not throw; rows are the reference\'s or the table fails closed', async () => {
    const bytes = lfa1Parquet().slice();
    // Keep "PAR1" at the start and the footer at the end; scribble over the column chunks.
    const footerLength = new DataView(bytes.buffer, bytes.length - 8, 4).getUint32(0, true);
    for (let i = 4; i < bytes.length - 8 - footerLength; i++) bytes[i] = (i * 37) & 0xff;
    const o = await run({ ...parquetPool(), 'data/lfa1.parquet': bytes });
    if (o.report.errors.length > 0) await assertNotLoaded(o, /lfa1\.parquet could not be loaded/);
    else await assertMatchesReference(o);
  });

  // ------------------------------------------------------------ unusual but valid CSV: loads, agrees with the reference

  const VALID: [string, Overrides, number][] = [
    ['a UTF-8 BOM', { 'data/lfa1.csv': '\uFEFF' + LFA1_CSV }, 3],
    ['the ; delimiter', { 'data/lfa1.csv': LFA1_CSV.replace(/,/g, ';') }, 3],
    ['the tab delimiter', { 'data/lfa1.csv': LFA1_CSV.replace(/,/g, '\t') }, 3],
    ['quoted line breaks (LF and CRLF) and quoted delimiters', { 'data/lfa1.csv': LFA1_CSV.replace('Muster GmbH', '"Muster\nGmbH, ""Berlin"""').replace('Dupont SA', '"Dupont\r\nSA"') }, 3],
    ['mixed types in a column (integers and text: VARCHAR)', { 'data/lfa1.csv': LFA1_CSV.replace('V300,Rossi SpA,IT,2000', 'V300,Rossi SpA,IT,20x0') }, 3],
    ['mixed integers and decimals (DOUBLE)', { 'data/lfa1.csv': LFA1_CSV.replace('V300,Rossi SpA,IT,2000', 'V300,Rossi SpA,IT,2000.5') }, 3],
    ['a 5 MB field', { 'data/lfa1.csv': LFA1_CSV.replace('Muster GmbH', 'x'.repeat(5 << 20)) }, 3],
    ['a header-only file (an empty table, not an error)', { 'data/lfa1.csv': 'LIFNR,NAME1,LAND1,EKORG\n' }, 0],
  ];
  for (const [name, overrides, rows] of VALID) {
    it(`${name}: no error, loads ${rows} rows, engine = reference for every user`, async () => {
      const o = await run(overrides);
      assert.deepEqual(errors(o).map((d) => show(o, d)), []);
      assert.deepEqual(o.report.errors, []);
      const lfa1 = o.model.pools.flatMap((p) => p.connections.flatMap((c) => c.tables)).find((t) => t.name === 'LFA1')!;
      assert.deepEqual(lfa1.schema?.columns.map((c) => c.name), ['LIFNR', 'NAME1', 'LAND1', 'EKORG'], 'header names as written (no BOM)');
      assert.equal((await o.engine.counts(MODEL, 'l.admin@acme.com')).find((c) => c.table === 'Vendors')!.total, rows);
      await assertMatchesReference(o);
    });
  }

  it('the 5 MB field arrives whole in DuckDB', async () => {
    const o = await run({ 'data/lfa1.csv': LFA1_CSV.replace('Muster GmbH', 'x'.repeat(5 << 20)) });
    assert.deepEqual(o.report.errors, []);
    const lengths = everythingInDuckDb(o.engine).match(/x{1000,}/g) ?? [];
    assert.ok(lengths.some((s) => s.length === 5 << 20), 'the huge field is loaded, not cut');
  });

  // ------------------------------------------------------------ outside the workspace: refused, never read

  it('a path with .. out of the workspace: data-file-outside-workspace; never read; nothing leaks', async () => {
    const secret = secretOutside();
    const o = await run({}, (ws) => {
      const rel = path.relative(ws.dir, secret).split(path.sep).join('/');
      assert.ok(rel.startsWith('../'));
      fs.writeFileSync(ws.file('finance.pool'), FINANCE_POOL.replace('"data/lfa1.csv"', JSON.stringify(rel)));
    });
    assertReportedAtTable(o, 'data-file-outside-workspace', ['secret.csv', 'outside the workspace']);
    await assertNotLoaded(o, /outside the workspace/);
    await assertNothingFromOutside(o);
  });

  it('an absolute path (/etc/passwd, and a secret file): data-file-outside-workspace; never read; nothing leaks', async () => {
    const o1 = await run({ 'finance.pool': FINANCE_POOL.replace('"data/lfa1.csv"', '"/etc/passwd"') });
    assertReportedAtTable(o1, 'data-file-outside-workspace', ['passwd']);
    await assertNotLoaded(o1);
    await assertNothingFromOutside(o1, /root:|\/bin\/(ba)?sh|nologin/);

    const secret = secretOutside();
    const o2 = await run({ 'finance.pool': FINANCE_POOL.replace('"data/lfa1.csv"', JSON.stringify(secret)) });
    assertReportedAtTable(o2, 'data-file-outside-workspace', ['secret.csv']);
    await assertNotLoaded(o2);
    await assertNothingFromOutside(o2);
  });

  it('a symbolic link to a file outside the workspace: refused; never read; nothing leaks', async () => {
    const secret = secretOutside();
    const o = await run({ 'data/lfa1.csv': null }, (ws) => fs.symlinkSync(secret, ws.file('data/lfa1.csv')));
    assertReportedAtTable(o, 'data-file-outside-workspace', ['lfa1.csv', 'symbolic link']);
    await assertNotLoaded(o, /outside the workspace/);
    await assertNothingFromOutside(o);
  });

  it('a data folder that is a symbolic link out of the workspace: refused; never read', async () => {
    const secret = secretOutside('lfa1.csv');
    const o = await run({}, (ws) => {
      fs.rmSync(ws.file('data/lfa1.csv'));
      fs.mkdirSync(ws.file('linked'));
      fs.symlinkSync(path.dirname(secret), ws.file('linked/data'));
      fs.writeFileSync(ws.file('finance.pool'), FINANCE_POOL.replace('"data/lfa1.csv"', '"linked/data/lfa1.csv"'));
    });
    assertReportedAtTable(o, 'data-file-outside-workspace', ['lfa1.csv']);
    await assertNothingFromOutside(o);
  });

  it('a symbolic link inside the workspace to a file inside it is read as usual', async () => {
    const o = await run({}, (ws) => {
      fs.renameSync(ws.file('data/lfa1.csv'), ws.file('data/lfa1-real.csv'));
      fs.symlinkSync(ws.file('data/lfa1-real.csv'), ws.file('data/lfa1.csv'));
    });
    assert.deepEqual(errors(o).map((d) => show(o, d)), []);
    assert.deepEqual(o.report.errors, []);
    await assertMatchesReference(o);
  });

  it('a permission table out of the workspace (.. and a link): refused, grants nothing, never read', async () => {
    const secret = secretOutside('ap_values.csv', `Reference_User,Reference_Table,Reference_Column,Reference_Value\nt.member@acme.com,Vendors,LAND1,${SECRET}\nr.viewer@acme.com,Vendors,LAND1,IT\n`);
    // The same workspace without the values table: what "grants nothing" must equal.
    const without = await run({ 'permissions/accounts-payable.perm': AP_PERM.replace(/  table "perm\/ap_values\.csv"[^}]*}\n/, '') });
    const expected = await Promise.all(USERS.map((u) => without.engine.counts(MODEL, u)));
    for (const how of ['dotdot', 'link'] as const) {
      const o = await run({}, (ws) => valuesTableOutside(ws, secret, how));
      const errs = errors(o);
      assert.deepEqual(errs.map((d) => d.code), ['data-file-outside-workspace'], errs.map((d) => show(o, d)).join('\n'));
      assert.equal(errs[0].range.file, o.ws.file('permissions/accounts-payable.perm'));
      assert.ok(errs[0].message.includes('ap_values.csv'));
      for (const [i, u] of USERS.entries()) assert.deepEqual(await o.engine.counts(MODEL, u), expected[i], `${how}: ${u} is granted nothing by the refused table`);
      await assertNothingFromOutside(o);
    }
  });

  it('a sightline.lock that links outside the workspace: lock-file-invalid, and its text is not quoted', async () => {
    const secret = secretOutside('lock.json', `${SECRET} this is not JSON`);
    const o = await run({}, (ws) => fs.symlinkSync(secret, ws.file('sightline.lock')));
    const lock = o.diagnostics.filter((d) => d.code === 'lock-file-invalid');
    assert.equal(lock.length, 1, o.diagnostics.map((d) => show(o, d)).join('\n'));
    assert.match(lock[0].message, /outside the workspace/);
    await assertNothingFromOutside(o);
  });

  // ------------------------------------------------------------ the file changes between the schema read and the load

  it('changes between schema read and load (column added, type broken, deleted): the load does not throw and fails closed', async () => {
    const changes: [string, (ws: FixtureWorkspace) => void, RegExp][] = [
      ['a column added', (ws) => fs.writeFileSync(ws.file('data/lfa1.csv'), LFA1_CSV.replace('EKORG\n', 'EKORG,EXTRA\n').replace(/(\d{4})\n/g, '$1,x\n')), /could not be loaded/],
      ['a column removed', (ws) => fs.writeFileSync(ws.file('data/lfa1.csv'), LFA1_CSV.replace(/,(EKORG|1000|2000)\n/g, '\n')), /could not be loaded/],
      ['an integer column now holds text', (ws) => fs.writeFileSync(ws.file('data/lfa1.csv'), LFA1_CSV.replace('DE,1000', 'DE,abc')), /could not be loaded/],
      ['the file deleted', (ws) => fs.rmSync(ws.file('data/lfa1.csv')), /does not exist/],
      ['the file replaced by a directory', (ws) => (fs.rmSync(ws.file('data/lfa1.csv')), fs.mkdirSync(ws.file('data/lfa1.csv'))), /does not exist/],
    ];
    for (const [name, change, reason] of changes) {
      const o = await run({}, undefined, change);
      assert.deepEqual(errors(o).map((d) => show(o, d)), [], `${name}: the check saw the old file`);
      await assertNotLoaded(o, reason).catch((e) => {
        throw new Error(`${name}: ${e instanceof Error ? e.message : e}`);
      });
    }
  });

  it('a file replaced by a link out of the workspace between schema read and load: the engine refuses it (checked again before reading)', async () => {
    const secret = secretOutside();
    const o = await run({}, undefined, (ws) => {
      fs.rmSync(ws.file('data/lfa1.csv'));
      fs.symlinkSync(secret, ws.file('data/lfa1.csv'));
    });
    await assertNotLoaded(o, /outside the workspace/);
    await assertNothingFromOutside(o);
  });

  it('rows appended between schema read and load are loaded (same columns and types) and agree with the reference', async () => {
    const o = await run({}, undefined, (ws) => fs.appendFileSync(ws.file('data/lfa1.csv'), 'V400,Nuevo SL,ES,1000\n'));
    assert.deepEqual(o.report.errors, []);
    assert.equal((await o.engine.counts(MODEL, 'l.admin@acme.com')).find((c) => c.table === 'Vendors')!.total, 4);
    await assertMatchesReference(o);
  });
});
