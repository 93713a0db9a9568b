// One connection to a DuckDB-WASM database through its synchronous ("blocking") bindings,
// which both hosts use: Node (CLI, tests, the server's worker) and a browser Web Worker.
// Results are read from the Arrow IPC bytes DuckDB returns, decoded by *our* apache-arrow,
// so a second Arrow copy inside duckdb-wasm can never silently break inserts or instanceof.
import { tableFromIPC, type Table } from 'apache-arrow';

/** The subset of duckdb-wasm's DuckDBBindings the engine uses. */
export interface DuckDbBindings {
  connect(): { useUnsafe<T>(cb: (bindings: DuckDbBindings, conn: number) => T): T };
  runQuery(conn: number, text: string): Uint8Array;
  createPrepared(conn: number, text: string): number;
  closePrepared(conn: number, statement: number): void;
  runPrepared(conn: number, statement: number, params: unknown[]): Uint8Array;
  insertArrowFromIPCStream(conn: number, buffer: Uint8Array, options?: { name: string; schema?: string; create?: boolean }): void;
  registerFileBuffer(name: string, buffer: Uint8Array): void;
  dropFile(name: string): void;
}

/** Parameters bind as DOUBLE (numbers) or VARCHAR (strings): cast in SQL where it matters. */
export type SqlParam = string | number | boolean | null;

export class SqlSession {
  private readonly conn: number;
  /** Every statement run, newest last, when logging is on (hardening tests assert on it). */
  statementLog: string[] | undefined;

  constructor(private readonly db: DuckDbBindings) {
    this.conn = db.connect().useUnsafe((_, id) => id);
  }

  /** Runs SQL that holds no user-supplied text; user values go in `params`. */
  query(sql: string, params?: SqlParam[]): Table {
    this.statementLog?.push(sql);
    if (!params || params.length === 0) return tableFromIPC(this.db.runQuery(this.conn, sql));
    const statement = this.db.createPrepared(this.conn, sql);
    try {
      return tableFromIPC(this.db.runPrepared(this.conn, statement, params));
    } finally {
      this.db.closePrepared(this.conn, statement);
    }
  }

  run(sql: string, params?: SqlParam[]): void {
    this.query(sql, params);
  }

  /** The first column of the first row, as a number (counts). */
  scalarNumber(sql: string, params?: SqlParam[]): number {
    const t = this.query(sql, params);
    const v = t.numRows > 0 ? t.getChildAt(0)?.get(0) : null;
    return v === null || v === undefined ? 0 : Number(v);
  }

  /** Creates `schema.name` from Arrow IPC stream bytes (values never pass through SQL text). */
  insertArrow(schema: string, name: string, ipcStream: Uint8Array): void {
    this.statementLog?.push(`-- insert arrow ${schema}.${name}`);
    this.db.insertArrowFromIPCStream(this.conn, ipcStream, { schema, name, create: true });
  }

  registerFile(virtualPath: string, bytes: Uint8Array): void {
    this.db.registerFileBuffer(virtualPath, bytes);
  }

  dropFile(virtualPath: string): void {
    this.db.dropFile(virtualPath);
  }
}
