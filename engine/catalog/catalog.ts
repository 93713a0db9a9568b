// The catalog: one DuckDB schema per pool, each connection table as a table, each imported
// table as a view over the source pool's table restricted to the columns recorded at the last
// synchronization (§S4, §S5) — so new source rows show through at once, new columns only after
// `sightline sync`. Internal names (p1, t3, i7) are generated: DuckDB identifiers are
// case-insensitive, user names are not, and generated names can never collide or inject.
//
// Reloading is incremental: a physical table is rebuilt only when its file (size, mtime) or
// its schema changed; views are cheap and are recreated on every sync.
import type { FileAccess } from '../../model/files.js';
import type { Column, Pool, Table, WorkspaceModel } from '../../model/types.js';
import type { WorkspaceIndex } from '../../model/workspace-index.js';
import { ident, relation } from '../duckdb/quote.js';
import type { SqlSession } from '../duckdb/session.js';
import { VIRTUAL_ROOT } from '../duckdb/lockdown.js';
import { loadCsv } from './load-csv.js';
import { loadParquet } from './load-parquet.js';
import { ROW_ID } from './row-id.js';
import { outsideWorkspaceIssue } from '../../model/schema/workspace-path.js';

/** A table as a model sees it: a loaded table or an import's view. */
export interface CatalogTable {
  /** Quoted SQL name, e.g. "p1"."t3". */
  relation: string;
  /** The columns visible here (for imports: those of the last synchronization). */
  columns: Column[];
  /** The physical data file. */
  file: string;
  /** Rows in the data file (all visible through any import). */
  total: number;
  /** Why the data could not be loaded: the table is then empty (§F1: it grants nothing). */
  error?: string;
}

export interface LoadReport {
  /** Data files (re)loaded by this sync. */
  loaded: string[];
  /** Physical tables kept from before because nothing about them changed. */
  reused: number;
  errors: { file: string; message: string }[];
}

interface PhysicalTable extends CatalogTable {
  name: string;
  schema: string;
  fingerprint: string;
}

const key = (...parts: string[]) => parts.join('\u0000');

export class Catalog {
  private readonly schemas = new Map<string, string>();
  private physical = new Map<string, PhysicalTable>();
  private views = new Map<string, CatalogTable & { schema: string; name: string }>();
  private counter = 0;

  constructor(private readonly session: SqlSession) {}

  /** The table `connection.table` as seen from `poolId` (own connection or import). */
  lookup(poolId: string, connection: string, table: string): CatalogTable | undefined {
    const k = key(poolId, connection, table);
    return this.physical.get(k) ?? this.views.get(k);
  }

  async sync(model: WorkspaceModel, index: WorkspaceIndex, files: FileAccess): Promise<LoadReport> {
    const report: LoadReport = { loaded: [], reused: 0, errors: [] };
    const wanted = new Map<string, PhysicalTable>();
    for (const pool of model.pools) {
      for (const connection of pool.connections) {
        for (const table of connection.tables) {
          const k = key(pool.id, connection.name, table.name);
          if (wanted.has(k)) continue;
          const loaded = await this.syncPhysical(k, model.root, pool, table, files, report);
          wanted.set(k, loaded);
        }
      }
    }
    for (const [k, old] of this.physical) if (!wanted.has(k)) this.session.run(`DROP TABLE IF EXISTS ${old.relation}`);
    this.physical = wanted;
    this.syncViews(model, index);
    return report;
  }

  private schemaOf(poolId: string): string {
    let schema = this.schemas.get(poolId);
    if (!schema) {
      schema = `p${this.schemas.size + 1}`;
      this.schemas.set(poolId, schema);
      this.session.run(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
    }
    return schema;
  }

  private async syncPhysical(k: string, root: string, pool: Pool, table: Table, files: FileAccess, report: LoadReport): Promise<PhysicalTable> {
    // Checked again here, right before reading: a file may have become a link to outside the
    // workspace since the schema was read (and the engine may be given a model read elsewhere).
    const refused = await outsideWorkspaceIssue(files, root, table.file);
    const stat = refused ? undefined : await files.stat(table.file).catch(() => undefined);
    const columns = table.schema?.columns ?? [];
    const fingerprint = JSON.stringify([table.file, stat?.size, stat?.mtimeMs, columns, table.schema?.delimiter]);
    const previous = this.physical.get(k);
    if (previous && previous.fingerprint === fingerprint && stat?.mtimeMs !== undefined) {
      report.reused++;
      return previous;
    }
    const schema = this.schemaOf(pool.id);
    const name = previous?.name ?? `t${++this.counter}`;
    const rel = relation(schema, name);
    this.session.run(`DROP TABLE IF EXISTS ${rel}`);
    let error: string | undefined;
    if (refused) error = `${table.path.name} is not read: ${refused.message}`;
    else if (!stat?.isFile) error = `${table.path.name} does not exist`;
    else if (!table.schema) error = `${table.path.name} could not be read`;
    else if (holdable(columns).length !== columns.length) error = `${table.path.name} is not loaded: its header has an empty column name or two names that differ only in case`;
    else {
      try {
        const bytes = await files.read(table.file);
        if (table.schema.format === 'parquet') await loadParquet(this.session, schema, name, bytes, columns);
        else loadCsv(this.session, rel, `${VIRTUAL_ROOT}${name}.csv`, bytes, columns, table.schema.delimiter ?? ',');
        report.loaded.push(table.file);
      } catch (e) {
        error = `${table.path.name} could not be loaded: ${condense(e)}`;
        this.session.run(`DROP TABLE IF EXISTS ${rel}`);
      }
    }
    if (error) {
      report.errors.push({ file: table.file, message: error });
      // An empty table with the declared columns keeps every query valid; it grants nothing.
      const declared = [`${ROW_ID} BIGINT`, ...holdable(columns).map((c) => `${ident(c.name)} ${c.type}`)];
      this.session.run(`CREATE TABLE ${rel} (${declared.join(', ')})`);
    }
    const total = error ? 0 : this.session.scalarNumber(`SELECT count(*) FROM ${rel}`);
    return { name, schema, relation: rel, columns, file: table.file, total, error, fingerprint };
  }

  private syncViews(model: WorkspaceModel, index: WorkspaceIndex): void {
    const wanted = new Map<string, CatalogTable & { schema: string; name: string }>();
    for (const pool of model.pools) {
      for (const imp of pool.imports) {
        for (const t of imp.tables) {
          const k = key(pool.id, imp.name, t.name);
          if (wanted.has(k) || this.physical.has(k)) continue;
          const found = index.resolveTable(pool, imp.name, t.name);
          if (!found.ok) continue;
          const r = found.resolved;
          const source = this.physical.get(key(r.sourcePool.id, r.sourceConnection.name, r.table.name));
          if (!source) continue;
          const schema = this.schemaOf(pool.id);
          const name = this.views.get(k)?.name ?? `i${++this.counter}`;
          const columns = holdable(r.columns ?? source.columns);
          const select = columns.map((c) => {
            const inSource = source.columns.find((s) => s.name === c.name);
            // §S5: the import keeps the configuration of its last synchronization. A column
            // removed at the source reads as NULL; a changed type is cast back (NULL if it no
            // longer fits). Both are reported by `check` as needing synchronization.
            if (!inSource) return `CAST(NULL AS ${c.type}) AS ${ident(c.name)}`;
            if (inSource.type !== c.type) return `TRY_CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`;
            return ident(c.name);
          });
          const rel = relation(schema, name);
          this.session.run(`CREATE OR REPLACE VIEW ${rel} AS SELECT ${[ROW_ID, ...select].join(', ')} FROM ${source.relation}`);
          wanted.set(k, { schema, name, relation: rel, columns, file: source.file, total: source.total, error: source.error });
        }
      }
    }
    for (const [k, old] of this.views) if (!wanted.has(k)) this.session.run(`DROP VIEW IF EXISTS ${old.relation}`);
    this.views = wanted;
  }
}

/**
 * The columns DuckDB can hold: an empty name, or a second name equal to another but for
 * case (DuckDB matches identifiers case-insensitively), would make any statement fail. The
 * checker reports such headers (csv-header-invalid); the engine leaves those tables empty.
 */
function holdable(columns: readonly Column[]): Column[] {
  const seen = new Set<string>();
  return columns.filter((c) => c.name !== '' && !seen.has(c.name.toLowerCase()) && seen.add(c.name.toLowerCase()) !== undefined);
}

/** DuckDB's errors run to many lines ("Possible fixes: …"); keep what says what is wrong. */
export function condense(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const keep = lines.filter((l) => !/^(Possible fixes|\*|file =|delimiter =|quote =|escape =|new_line =|header =|skip_rows =|comment =|strict_mode =|date_format =|timestamp_format =|null_padding =|sample_size =|ignore_errors =|all_varchar =)/.test(l));
  return keep.slice(0, 3).join(' ');
}
