// Tables the engine materializes per user (allowed values, visible row ids, perspective
// decisions) live in one schema, sl_work, under generated names, and are dropped together when
// a user's results are evicted or the workspace reloads.
import { ident } from '../duckdb/quote.js';
import type { SqlSession } from '../duckdb/session.js';

export const WORK_SCHEMA = 'sl_work';

let counter = 0;

export class WorkArea {
  private readonly created: string[] = [];

  constructor(readonly session: SqlSession) {}

  newName(prefix: string): string {
    const name = `${prefix}${++counter}`;
    this.created.push(name);
    return name;
  }

  /** Creates a table from a query and returns its quoted relation name. */
  materialize(prefix: string, select: string): string {
    return this.materializeCounted(prefix, select).relation;
  }

  /**
   * Creates a table from a query and returns its quoted relation name and how many rows it
   * holds: DuckDB answers CREATE TABLE … AS with the inserted row count, so counting the set
   * later costs no second statement.
   */
  materializeCounted(prefix: string, select: string): { relation: string; rows: number } {
    const relation = `${ident(WORK_SCHEMA)}.${ident(this.newName(prefix))}`;
    const result = this.session.query(`CREATE TABLE ${relation} AS ${select}`);
    return { relation, rows: Number(result.getChildAt(0)?.get(0) ?? Number.NaN) };
  }

  dispose(): void {
    for (const name of this.created.splice(0)) this.session.run(`DROP TABLE IF EXISTS ${ident(WORK_SCHEMA)}.${ident(name)}`);
  }
}
