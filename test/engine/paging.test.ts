// Issue 5: the preview grid's pages come from row-id ranges and cached row orders
// (engine/query/row-order.ts), not ORDER BY … LIMIT … OFFSET. Every page must still equal the
// naive query: the same rows in the same order (sort keys, NULLS LAST, row id tie-break), the
// same filtered count, hidden flags and diff sides, and the same cells when sent as Arrow IPC.
// The naive reference is written out here (the SQL the engine ran before), and
// test/support/naive-diff-page.ts (the plain OFFSET query) for diff mode.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkWorkspace } from '../../language/check-workspace.js';
import { nodeFiles } from '../../model/node-files.js';
import { startNodeEngine } from '../../engine/node.js';
import type { Engine, UserVisibility } from '../../engine/index.js';
import { ROW_ID } from '../../engine/catalog/row-id.js';
import { ident } from '../../engine/duckdb/quote.js';
import { diffPage } from '../support/naive-diff-page.js';
import { cellValue, type GridCell, type GridPage, type GridPageOptions } from '../../engine/query/grid-page.js';
import { filterCondition, findTable, orderBy, type PageFilter, type SortKey } from '../../engine/query/page.js';
import { ORDER_LIMITS } from '../../engine/query/row-order.js';
import { decodePage } from '../../extension/webview/page-decode.js';
import { base64ToBytes, bytesToBase64 } from '../../engine/query/page-ipc.js';

const REF = { pool: 'Team1/P', name: 'M' };
const USERS = ['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com'] as const; // rows, rows, unlimited, none
const COLUMNS = ['K', 'N', 'X', 'D', 'S', 'B'] as const;
const ROWS = 300;

/** A seeded generator (mulberry32), so the data file is the same on every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CSV rows: K with duplicates, '' and NULL; N with a BIGINT beyond 2^53; DOUBLE, DATE, mixed-case text, BOOLEAN. */
function dataCsv(rows: number, seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const lines = ['K,N,X,D,S,B'];
  for (let i = 0; i < rows; i++) {
    const k = pick(['a', 'b', 'c', 'd', '""', '']);
    const n = r() < 0.1 ? '' : r() < 0.03 ? '9007199254740993' : String(Math.floor(r() * 20) - 5);
    const x = r() < 0.1 ? '' : (Math.floor(r() * 50) / 4).toFixed(2);
    const d = r() < 0.1 ? '' : `2024-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`;
    const s = r() < 0.1 ? '' : pick(['Alpha', 'alpha', 'BETA', 'beta gamma', 'Gamma', 'x']);
    const b = r() < 0.1 ? '' : pick(['true', 'false']);
    lines.push([k, n, x, d, s, b].join(','));
  }
  return lines.join('\n') + '\n';
}

function writeWorkspace(dir: string, seed: number): void {
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  writeFileSync(path.join(dir, 'data', 't.csv'), dataCsv(ROWS, seed));
  writeFileSync(
    path.join(dir, 'w.pool'),
    `team Team1 {\n${USERS.map((u) => `  user "${u}" role analyst\n`).join('')}}\n\npool "P" in Team1 {\n  engine etl\n  connection C {\n    table TT from "data/t.csv"\n  }\n  model M {\n    table C.TT as T\n  }\n}\n`,
  );
  writeFileSync(
    path.join(dir, 'w.perm'),
    `permissions for "Team1/P".M {\n  use data permissions\n  combine by-column\n  user "a@x.com" {\n    T.K in "a", "b"\n  }\n  user "b@x.com" {\n    T.K in "b", "c", ""\n  }\n  user "c@x.com" unlimited\n}\n`,
  );
}

async function load(engine: Engine, dir: string): Promise<void> {
  const { model, data } = await checkWorkspace(dir);
  const report = await engine.load(model, nodeFiles, data);
  assert.deepEqual(report.errors, []);
}

type Scope = { kind: 'visible' } | { kind: 'hidden' } | { kind: 'diff'; other: (typeof USERS)[number]; differencesOnly: boolean };

/** The page as the engine computed it before issue 5: one ORDER BY … LIMIT … OFFSET over the table. */
function naive(engine: Engine, user: string, scope: Scope, options: { offset: number; limit: number; sort: SortKey[]; filters: PageFilter[] }): Omit<GridPage, 'reasons'> {
  const v = engine.visibleAs(REF, { kind: 'user', name: user });
  const t = findTable(v, 'T');
  const total = t.source!.total;
  const visibleOf = (u: UserVisibility) => {
    const set = u.tables.get('T')!;
    return set.kind === 'all' ? total : set.kind === 'none' ? 0 : engine.session.scalarNumber(`SELECT count(*) FROM ${set.relation}`);
  };
  const counts = { visible: visibleOf(v), total };
  if (scope.kind === 'diff') return diffPage(engine.session, v, engine.visibleAs(REF, { kind: 'user', name: scope.other }), 'T', { ...options, differencesOnly: scope.differencesOnly }, counts);
  const set = v.tables.get('T')!;
  const inA = set.kind === 'all' ? 'TRUE' : set.kind === 'none' ? 'FALSE' : `t0.${ROW_ID} IN (SELECT ${ROW_ID} FROM ${set.relation})`;
  const filter = filterCondition(t, options.filters);
  const where = `(${scope.kind === 'hidden' ? 'TRUE' : inA}) AND (${filter.sql})`;
  const cols = [...t.columns.map((c) => `t0.${ident(c.name)}`), `t0.${ROW_ID}`, `(${inA}) AS vis`];
  const rel = t.source!.relation;
  const page = engine.session.query(`SELECT ${cols.join(', ')} FROM ${rel} t0 WHERE ${where} ORDER BY ${orderBy(t, options.sort)} LIMIT CAST(? AS BIGINT) OFFSET CAST(? AS BIGINT)`, [...filter.params, options.limit, options.offset]);
  const filtered = engine.session.scalarNumber(`SELECT count(*) FROM ${rel} t0 WHERE ${where}`, filter.params);
  const rows: GridCell[][] = [];
  const rowIds: number[] = [];
  const hidden: boolean[] = [];
  for (let i = 0; i < page.numRows; i++) {
    rows.push(t.columns.map((c) => cellValue(page.getChild(c.name)?.get(i), c)));
    rowIds.push(Number(page.getChild(ROW_ID)?.get(i)));
    hidden.push(!page.getChild('vis')?.get(i));
  }
  const out: Omit<GridPage, 'reasons'> = { table: 'T', columns: t.columns, offset: options.offset, rows, rowIds, ...counts, filtered };
  if (scope.kind === 'hidden') out.hidden = hidden;
  return out;
}

function optionsOf(scope: Scope, o: { offset: number; limit: number; sort: SortKey[]; filters: PageFilter[] }): GridPageOptions {
  if (scope.kind === 'diff') return { ...o, compareWith: { kind: 'user', name: scope.other }, differencesOnly: scope.differencesOnly };
  return { ...o, includeHidden: scope.kind === 'hidden' };
}

function strip(p: GridPage): Omit<GridPage, 'reasons'> {
  const { reasons: _reasons, ...rest } = p;
  return rest;
}

/** Row-order tables the engine keeps (in sl_work, named ord…). */
function orderTables(engine: Engine): number {
  return engine.session.scalarNumber(`SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'sl_work' AND starts_with(table_name, 'ord')`);
}

const sortArb = fc.array(fc.record({ column: fc.constantFrom(...COLUMNS), descending: fc.boolean() }), { maxLength: 2 });
const filterArb = fc.array(
  fc.oneof(
    fc.record({ column: fc.constantFrom(...COLUMNS), op: fc.constant('contains' as const), value: fc.constantFrom('a', 'A', 'be', 'ta', '', '2', '-', 'ru') }),
    fc.record({ column: fc.constantFrom(...COLUMNS), op: fc.constant('equals' as const), value: fc.constantFrom('a', 'b', '', 'Alpha', 'true', '3', '2024-03-15') }),
    fc.record({ column: fc.constantFrom(...COLUMNS), op: fc.constant('is-null' as const) }),
  ),
  { maxLength: 2 },
);
const scopeArb: fc.Arbitrary<Scope> = fc.oneof(
  fc.constant({ kind: 'visible' as const }),
  fc.constant({ kind: 'hidden' as const }),
  fc.record({ kind: fc.constant('diff' as const), other: fc.constantFrom(...USERS), differencesOnly: fc.boolean() }),
);
const pageArb = fc.record({
  user: fc.constantFrom(...USERS),
  scope: scopeArb,
  sort: sortArb,
  filters: filterArb,
  offset: fc.oneof(fc.integer({ min: 0, max: ROWS + 20 }), fc.constant(0)),
  limit: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constant(10_001)),
});

describe('engine: preview pages from row-id ranges and cached row orders (issue 5)', function () {
  this.timeout(300_000);
  let engine: Engine;
  let dir: string;
  const saved = { ...ORDER_LIMITS };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-paging-'));
    writeWorkspace(dir, 1);
    engine = await startNodeEngine();
    await load(engine, dir);
  });
  after(() => {
    Object.assign(ORDER_LIMITS, saved);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the data has what the properties need: NULLs, "", a BIGINT beyond 2^53, and each kind of visible set', async () => {
    const kinds = USERS.map((u) => engine.visibleAs(REF, { kind: 'user', name: u }).tables.get('T')!.kind);
    assert.deepEqual(kinds, ['rows', 'rows', 'all', 'none']);
    const p = await engine.gridPage(REF, { kind: 'user', name: 'c@x.com' }, 'T', { offset: 0, limit: ROWS, sort: [{ column: 'N', descending: true }] });
    assert.equal(p.rows[0][1], '9007199254740993', 'unsafe BIGINT as text');
    assert.ok(p.rows.some((r) => r[0] === '') && p.rows.some((r) => r[0] === null));
  });

  for (const [label, copiedCells] of [
    ['sorted orders keep their cells', saved.copiedCells],
    ['sorted orders join back by row id (no copy)', 0],
  ] as const) {
    it(`every page equals ORDER BY … LIMIT … OFFSET, asked twice (direct, then from the order): ${label}`, async () => {
      ORDER_LIMITS.copiedCells = copiedCells;
      try {
        await fc.assert(
          fc.asyncProperty(pageArb, async ({ user, scope, sort, filters, offset, limit }) => {
            const o = { offset, limit, sort, filters };
            const want = naive(engine, user, scope, o);
            for (let i = 0; i < 2; i++) {
              const got = await engine.gridPage(REF, { kind: 'user', name: user }, 'T', optionsOf(scope, o));
              assert.deepEqual(strip(got), want, `ask ${i + 1}`);
            }
            const arrow = await engine.gridPage(REF, { kind: 'user', name: user }, 'T', { ...optionsOf(scope, o), encoding: 'arrow' });
            assert.equal(typeof arrow.arrow, 'string');
            assert.deepEqual(arrow.rows, []);
            assert.deepEqual(strip(decodePage(arrow)), want, 'Arrow IPC decoded in the webview');
          }),
          { numRuns: 150, seed: 5, endOnFailure: true },
        );
      } finally {
        ORDER_LIMITS.copiedCells = saved.copiedCells;
      }
    });
  }

  it('walks every page of a sorted, filtered query and of file order with hidden rows, as the grid and the CSV export do', async () => {
    const user = { kind: 'user' as const, name: 'a@x.com' };
    const cases: [Scope, SortKey[], PageFilter[]][] = [
      [{ kind: 'visible' }, [{ column: 'X', descending: true }, { column: 'S' }], [{ column: 'S', op: 'contains', value: 'a' }]],
      [{ kind: 'hidden' }, [], []],
      [{ kind: 'visible' }, [], []],
      [{ kind: 'diff', other: 'b@x.com', differencesOnly: false }, [{ column: 'D' }], []],
    ];
    for (const [scope, sort, filters] of cases) {
      const all = naive(engine, user.name, scope, { offset: 0, limit: 1_000_000, sort, filters });
      const got: number[] = [];
      for (let offset = 0; offset < all.filtered + 7; offset += 7) {
        const p = await engine.gridPage(REF, user, 'T', optionsOf(scope, { offset, limit: 7, sort, filters }));
        assert.equal(p.filtered, all.filtered);
        got.push(...p.rowIds);
      }
      assert.deepEqual(got, all.rowIds, JSON.stringify(scope));
    }
  });

  it('engine.page (the CLI) pages the same way', async () => {
    const sort = [{ column: 'K', descending: true }];
    const whole = await engine.page(REF, 'b@x.com', 'T', { offset: 0, limit: 1_000_000, sort });
    const ids = [...whole.rows.getChild(ROW_ID)!].map(Number);
    assert.deepEqual(ids, naive(engine, 'b@x.com', { kind: 'visible' }, { offset: 0, limit: 1_000_000, sort, filters: [] }).rowIds);
    const deep = await engine.page(REF, 'b@x.com', 'T', { offset: 40, limit: 5, sort });
    assert.deepEqual([...deep.rows.getChild(ROW_ID)!].map(Number), ids.slice(40, 45));
  });

  it('keeps a few orders at most, and drops them all when the engine loads again (new data is paged, not the old order)', async () => {
    const user = { kind: 'user' as const, name: 'c@x.com' };
    for (const column of COLUMNS) await engine.gridPage(REF, user, 'T', { offset: 0, limit: 10_001, sort: [{ column }] });
    assert.ok(orderTables(engine) > 0 && orderTables(engine) <= ORDER_LIMITS.orders, `${orderTables(engine)} orders kept`);
    const sort = [{ column: 'X', descending: true }];
    const before = await engine.gridPage(REF, user, 'T', { offset: 0, limit: 10_001, sort });
    assert.equal(orderTables(engine) <= ORDER_LIMITS.orders, true);

    writeWorkspace(dir, 2); // other rows in the same file
    await load(engine, dir);
    assert.equal(orderTables(engine), 0, 'every order dropped on load');
    const after = await engine.gridPage(REF, user, 'T', { offset: 0, limit: 10_001, sort });
    assert.notDeepEqual(after.rows, before.rows);
    assert.deepEqual(strip(after), naive(engine, user.name, { kind: 'visible' }, { offset: 0, limit: 10_001, sort, filters: [] }));
    // A reload without changes drops them too (the visibility is recomputed).
    await load(engine, dir);
    assert.equal(orderTables(engine), 0);
    writeWorkspace(dir, 1);
    await load(engine, dir);
  });

  it('encodes base64 without Node (the browser worker and the webview) exactly as Node does', () => {
    const g = globalThis as { Buffer?: unknown };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40_000 }), (bytes) => {
        const node = Buffer.from(bytes).toString('base64');
        const saved = g.Buffer;
        g.Buffer = undefined;
        try {
          assert.equal(bytesToBase64(bytes), node);
          assert.deepEqual([...base64ToBytes(node)], [...bytes]);
        } finally {
          g.Buffer = saved;
        }
        assert.deepEqual([...base64ToBytes(node)], [...bytes]);
      }),
      { numRuns: 60, seed: 5 },
    );
  });
});
