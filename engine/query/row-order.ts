// Cached row orders for the preview grid's deep pages (issue 5: "scrolling and paging stay
// responsive on a 10 M-row table"). Paging with ORDER BY … LIMIT … OFFSET re-reads, re-filters
// and re-sorts the whole table on every request (~0.75 ms per 1,000 rows skipped, 3 s at
// offset 3.9 M of 10 M; any sort ~0.7 s). Instead, the ordered row ids of one query (principal
// visibility, table, sort, filters, includeHidden or diff) are materialized once into a table
// with a position column (__sl_pos, stored in position order, so a page is a zone-map range
// scan), and every page is a range on __sl_pos. In file order the ids ascend with the position,
// so a page joins back to the data by row id over a narrow id range (a few ms). Sorted orders
// scatter the ids over the whole table, and a join back would scan it all (~0.3–0.5 s per page
// at 10 M rows); so, within a cell budget, a sorted order also keeps a copy of the row's cells.
//
// Lifetime: the same as the visibility it was computed from (engine.ts). Engine.load drops
// every order (the data or the permissions may have changed, like the visibility cache), and
// when a principal's visibility is evicted its orders go too. Each order lives in its own
// WorkArea (schema sl_work) and is dropped when evicted (least recently used, a few at most).
import type { UserVisibility } from '../engine.js';
import type { SqlParam, SqlSession } from '../duckdb/session.js';
import { WORK_SCHEMA, WorkArea } from '../permissions/work-area.js';
import { ident } from '../duckdb/quote.js';

export const ORDER_LIMITS = {
  /** Orders kept (least recently used dropped first). */
  orders: 4,
  /** Cells (rows × stored columns) all kept orders may hold; about 10–12 bytes each in DuckDB. */
  cachedCells: 40_000_000,
  /** A sorted order copies its rows' cells only while rows × (columns + 3) stays under this. */
  copiedCells: 32_000_000,
};
/** Keys answered once without an order (the first page of a new sort or filter) remembered. */
const SEEN_KEYS = 64;

export interface RowOrder {
  /** Table with __sl_pos (0-based, in storage order), __sl_row, the flags, then c0…cn if copied. */
  relation: string;
  /** Rows in the order (the query's filtered count). */
  rows: number;
  /** True when the columns' cells are stored (c0…cn, in the table's column order). */
  copied: boolean;
}

interface Entry extends RowOrder {
  work: WorkArea;
  cells: number;
  principals: UserVisibility[];
}

export class RowOrders {
  private readonly entries = new Map<string, Entry>();
  private readonly seen = new Set<string>();
  private readonly ids = new WeakMap<UserVisibility, number>();
  private nextId = 1;

  constructor(private readonly session: SqlSession) {}

  /** A stable id per visibility object: a recomputed visibility is a new object, so a new key. */
  idOf(v: UserVisibility): number {
    let id = this.ids.get(v);
    if (id === undefined) this.ids.set(v, (id = this.nextId++));
    return id;
  }

  /** The cached order for `key`, marked most recently used. */
  get(key: string): RowOrder | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  /**
   * True the first time a key is asked for (then remembered): the caller may answer that one
   * page directly (a new sort's first page costs a top-N, cheaper than sorting everything).
   */
  firstAsk(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > SEEN_KEYS) this.seen.delete(this.seen.values().next().value!);
    return true;
  }

  /**
   * Materializes `select` (already in the wanted order, with __sl_row, the flags and the copied
   * cells) with its position, and keeps it. `columns` counts the stored columns per row.
   */
  build(key: string, principals: UserVisibility[], select: string, params: SqlParam[], columns: number, copied: boolean): RowOrder {
    this.drop(key);
    const work = new WorkArea(this.session);
    const relation = `${ident(WORK_SCHEMA)}.${ident(work.newName('ord'))}`;
    // row_number() OVER () numbers the rows as the ordered subquery yields them (single-threaded
    // DuckDB-WASM keeps insertion order, as the row ids of loaded tables rely on too). Filter
    // values stay bound parameters (a prepared CREATE TABLE … AS).
    this.session.run(`CREATE TABLE ${relation} AS SELECT row_number() OVER () - 1 AS __sl_pos, * FROM (${select})`, params);
    const rows = this.session.scalarNumber(`SELECT count(*) FROM ${relation}`);
    const entry: Entry = { relation, rows, copied, work, cells: rows * (columns + 1), principals };
    this.entries.set(key, entry);
    this.evict();
    return entry;
  }

  /** Drops every order (the engine loaded new data; visibility was recomputed). */
  clear(): void {
    for (const e of this.entries.values()) e.work.dispose();
    this.entries.clear();
    this.seen.clear();
  }

  /** Drops the orders computed from this visibility (it was evicted). */
  forget(v: UserVisibility): void {
    for (const [k, e] of [...this.entries]) if (e.principals.includes(v)) this.drop(k);
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    e.work.dispose();
    this.entries.delete(key);
  }

  private evict(): void {
    let cells = [...this.entries.values()].reduce((n, e) => n + e.cells, 0);
    while (this.entries.size > 1 && (this.entries.size > ORDER_LIMITS.orders || cells > ORDER_LIMITS.cachedCells)) {
      const [oldest, e] = this.entries.entries().next().value!;
      cells -= e.cells;
      this.drop(oldest);
    }
  }
}
