// "The same SQL on native DuckDB": the engine's DuckDB-WASM bindings are wrapped so that every
// statement, prepared statement, Arrow insert and registered file is recorded, in order, under
// the label of the figure being measured. NativeReplay then runs that log on native DuckDB
// (@duckdb/node-api, SET threads = n): registered files are written to a temporary folder and
// their virtual paths rewritten, Arrow inserts (the allowed-values tables) go through an
// appender, the lockdown's SET statements are skipped. Times accumulate per label, so each
// engine figure gets its native counterpart over exactly the statements the engine ran.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { tableFromIPC } from 'apache-arrow';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DuckDbBindings, SqlParam } from '../engine/duckdb/session.js';

export type Event =
  | { kind: 'sql'; label: string | undefined; text: string; params?: unknown[] }
  | { kind: 'arrow'; label: string | undefined; schema: string; name: string; ipc: Uint8Array }
  | { kind: 'file'; label: string | undefined; name: string; bytes: Uint8Array };

/** Records what the engine sends to DuckDB-WASM. */
export class Recorder {
  readonly events: Event[] = [];
  label: string | undefined;
  on = true;

  wrap(db: DuckDbBindings): DuckDbBindings {
    const prepared = new Map<number, string>();
    const push = (e: Event) => {
      if (this.on) this.events.push(e);
    };
    const self = this;
    const wrapped: DuckDbBindings = {
      connect: () => {
        const c = db.connect();
        return { useUnsafe: <T>(cb: (b: DuckDbBindings, conn: number) => T) => c.useUnsafe((_b, conn) => cb(wrapped, conn)) };
      },
      runQuery(conn, text) {
        push({ kind: 'sql', label: self.label, text });
        return db.runQuery(conn, text);
      },
      createPrepared(conn, text) {
        const id = db.createPrepared(conn, text);
        prepared.set(id, text);
        return id;
      },
      closePrepared(conn, statement) {
        prepared.delete(statement);
        db.closePrepared(conn, statement);
      },
      runPrepared(conn, statement, params) {
        push({ kind: 'sql', label: self.label, text: prepared.get(statement)!, params });
        return db.runPrepared(conn, statement, params);
      },
      insertArrowFromIPCStream(conn, buffer, options) {
        push({ kind: 'arrow', label: self.label, schema: options?.schema ?? 'main', name: options!.name, ipc: buffer.slice() });
        db.insertArrowFromIPCStream(conn, buffer, options);
      },
      registerFileBuffer(name, buffer) {
        push({ kind: 'file', label: self.label, name, bytes: buffer });
        db.registerFileBuffer(name, buffer);
      },
      dropFile(name) {
        db.dropFile(name);
      },
    };
    return wrapped;
  }
}

/** A DuckDB-WASM instance as engine/node.ts opens it, plus its WASM memory size when reachable. */
export async function openWasm(): Promise<{ db: DuckDbBindings; wasmBytes: () => number | undefined }> {
  const wasm = createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm');
  const bundles = { mvp: { mainModule: wasm, mainWorker: '' }, eh: { mainModule: wasm, mainWorker: '' } };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  db.open({ path: ':memory:' });
  const mod = (db as unknown as { mod?: { HEAPU8?: Uint8Array } }).mod;
  return { db: db as unknown as DuckDbBindings, wasmBytes: () => mod?.HEAPU8?.byteLength };
}

/**
 * Applies the events in order and sums each figure's time: a run of a figure is a maximal
 * stretch of events with its label (the part after a NUL tells runs apart).
 */
async function timedRuns(events: Event[], apply: (e: Event) => void | Promise<void>): Promise<[string, number][]> {
  const runs: [string, number][] = [];
  let last: string | undefined;
  for (const e of events) {
    if (e.label !== undefined && e.label !== last) runs.push([e.label.split('\u0000')[0], 0]);
    last = e.label;
    const t = performance.now();
    await apply(e);
    if (e.label !== undefined) runs[runs.length - 1][1] += performance.now() - t;
  }
  return runs;
}

/** Adds each run's time to its figure. */
function record(times: Map<string, number[]>, runs: [string, number][]): void {
  for (const [label, ms] of runs) times.set(label, [...(times.get(label) ?? []), ms]);
}

/**
 * The same log replayed on a fresh DuckDB-WASM (the engine's bundle), without the engine: each
 * figure's statements, Arrow inserts and files straight through the bindings, results left as
 * the IPC bytes DuckDB returns. Against the engine it shows what the engine's JavaScript adds
 * (planning, Arrow decoding); against native DuckDB, what WASM itself costs.
 */
export class WasmReplay {
  readonly times = new Map<string, number[]>();

  private constructor(
    private readonly db: DuckDbBindings,
    private readonly conn: number,
  ) {}

  static async open(): Promise<WasmReplay> {
    const { db } = await openWasm();
    return new WasmReplay(db, db.connect().useUnsafe((_, id) => id));
  }

  async replay(events: Event[]): Promise<void> {
    record(this.times, await timedRuns(events, (e) => this.apply(e)));
  }

  private apply(e: Event): void {
    if (e.kind === 'file') this.db.registerFileBuffer(e.name, e.bytes);
    else if (e.kind === 'arrow') this.db.insertArrowFromIPCStream(this.conn, e.ipc, { schema: e.schema, name: e.name, create: true });
    else if (e.params && e.params.length) {
      const statement = this.db.createPrepared(this.conn, e.text);
      try {
        this.db.runPrepared(this.conn, statement, e.params);
      } finally {
        this.db.closePrepared(this.conn, statement);
      }
    } else this.db.runQuery(this.conn, e.text);
  }
}

export class NativeReplay {
  readonly times = new Map<string, number[]>();
  private readonly files = new Map<string, string>();
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-native-'));
  version = '';

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(threads: number): Promise<NativeReplay> {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(`SET threads = ${threads}`);
    const r = new NativeReplay(instance, conn);
    r.version = String((await conn.runAndReadAll('SELECT version()')).getRows()[0][0]);
    return r;
  }

  /** Runs the events in order; events with a label add their time to that label's current run. */
  async replay(events: Event[]): Promise<void> {
    record(this.times, await timedRuns(events, (e) => this.apply(e)));
  }

  private async apply(e: Event): Promise<void> {
    if (e.kind === 'file') {
      const real = path.join(this.dir, `f${this.files.size}${path.extname(e.name)}`);
      writeFileSync(real, e.bytes);
      this.files.set(e.name, real);
      return;
    }
    if (e.kind === 'arrow') {
      const table = tableFromIPC(e.ipc);
      const fields = table.schema.fields;
      const types = fields.map((f) => (String(f.type).startsWith('Int') ? 'INTEGER' : 'VARCHAR'));
      await this.conn.run(`CREATE TABLE "${e.schema}"."${e.name}" (${fields.map((f, i) => `"${f.name}" ${types[i]}`).join(', ')})`);
      const app = await this.conn.createAppender(e.name, e.schema);
      const cols = fields.map((_, i) => table.getChildAt(i)!);
      for (let r = 0; r < table.numRows; r++) {
        for (let c = 0; c < cols.length; c++) {
          const v = cols[c].get(r);
          if (v === null || v === undefined) app.appendNull();
          else if (types[c] === 'INTEGER') app.appendInteger(Number(v));
          else app.appendVarchar(String(v));
        }
        app.endRow();
      }
      app.closeSync();
      return;
    }
    if (/^SET /i.test(e.text)) return; // the lockdown (it would also forbid reading the copied files)
    let text = e.text;
    for (const [virtual, real] of this.files) if (text.includes(virtual)) text = text.split(`'${virtual}'`).join(`'${real}'`);
    if (e.params && e.params.length) {
      // DuckDB-WASM binds numbers as DOUBLE and strings as VARCHAR; node-api infers the same.
      const reader = await this.conn.runAndReadAll(text, e.params as SqlParam[] as (string | number | boolean | null)[]);
      reader.getRows();
    } else {
      const reader = await this.conn.runAndReadAll(text);
      reader.getRows(); // the rows reach JavaScript, as the engine's Arrow result does
    }
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
