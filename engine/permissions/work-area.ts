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
    const rel = `${ident(WORK_SCHEMA)}.${ident(this.newName(prefix))}`;
    this.session.run(`CREATE TABLE ${rel} AS ${select}`);
    return rel;
  }

  dispose(): void {
    for (const name of this.created.splice(0)) this.session.run(`DROP TABLE IF EXISTS ${ident(WORK_SCHEMA)}.${ident(name)}`);
  }
}
