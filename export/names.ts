// The names an export gives the workspace's objects, shared by the PostgreSQL and Snowflake
// exports: one schema per pool (its tables named `connection.table`), one per model (its name,
// or `pool/model` when two pools have a model of that name), next to the export's own schema,
// and one role per user (email) and per group (name). Names that would collide are reported,
// never renamed. Only the target's quoting and error reporting differ. Also the import views
// (§S4, §S5), which differ only in the target's types and casts, and the rows of a model's
// mapping tables, which differ only in the target's string literals.
import type { ColumnType, Pool } from '../model/types.js';
import type { ExportInput, ExportModel, ExportPerspective } from './source.js';

export interface ExportNames {
  /** Every pool with a table or a model, in order of first appearance. */
  pools: Pool[];
  /** The quoted relation (`"pool"."connection.table"`) of a table of a pool, if exported. */
  rel(pool: string, connection: string, table: string): string | undefined;
  /** A model's schema (unquoted). */
  modelSchema(m: ExportModel | ExportPerspective): string;
  /** Role name -> 'user' or 'group', in order of first claim. */
  roleKinds: Map<string, string>;
}

const tableKey = (pool: string, connection: string, table: string) => `${pool}\u0000${connection}\u0000${table}`;

/**
 * Names the input's objects for a target whose identifiers `q.ident` quotes (and checks), and
 * reports each collision through `report`.
 */
export function exportNames(input: ExportInput, internalSchema: string, q: { ident(name: string, what: string): string }, report: (message: string) => void): ExportNames {
  const schemaNames = new Map<string, string>(); // schema name -> what
  const claimSchema = (name: string, what: string) => {
    const other = schemaNames.get(name);
    if (other !== undefined) report(`${what}: schema ${JSON.stringify(name)} is also ${other}`);
    else schemaNames.set(name, what);
  };
  claimSchema(internalSchema, "the export's own schema");
  const pools = [...new Map(input.tables.map((t) => [t.pool.id, t.pool])).values()];
  for (const m of input.models) if (!pools.includes(m.pool)) pools.push(m.pool);
  for (const p of pools) claimSchema(p.id, `pool "${p.id}"`);
  const relName = new Map<string, string>(); // table key -> quoted relation
  const relsInPool = new Map<string, string>();
  for (const t of input.tables) {
    const name = `${t.connection}.${t.table}`;
    const k = `${t.pool.id}\u0000${name}`;
    const prev = relsInPool.get(k);
    if (prev !== undefined) report(`pool "${t.pool.id}": tables ${prev} and ${t.connection} ${t.table} would both be named ${JSON.stringify(name)}`);
    relsInPool.set(k, `${t.connection} ${t.table}`);
    relName.set(tableKey(t.pool.id, t.connection, t.table), `${q.ident(t.pool.id, 'pool')}.${q.ident(name, `table of "${t.pool.id}"`)}`);
  }
  const modelNameCount = new Map<string, number>();
  for (const m of [...input.models, ...input.perspectives.filter((p) => !p.shadowed)]) modelNameCount.set(m.analysis.name, (modelNameCount.get(m.analysis.name) ?? 0) + 1);
  /** A model's schema: its name; `Team/Pool/Model` when two pools have a model of that name. */
  const modelSchema = (m: ExportModel | ExportPerspective) => (modelNameCount.get(m.analysis.name)! > 1 ? `${m.pool.id}/${m.analysis.name}` : m.analysis.name);
  for (const m of input.models) claimSchema(modelSchema(m), `model ${m.analysis.name} of "${m.pool.id}"`);
  for (const p of input.perspectives) if (!p.shadowed) claimSchema(modelSchema(p), `perspective ${p.analysis.name} of "${p.pool.id}"`);

  const roleKinds = new Map<string, string>();
  const claimRole = (name: string, what: string) => {
    const other = roleKinds.get(name);
    if (other !== undefined && other !== what) report(`role ${JSON.stringify(name)} would be both a ${other} and a ${what}`);
    roleKinds.set(name, what);
    q.ident(name, what);
  };
  for (const team of input.teams) {
    for (const u of team.users) claimRole(u, 'user');
    for (const g of team.groups) claimRole(g.name, 'group');
  }

  return {
    pools,
    rel: (pool, connection, table) => relName.get(tableKey(pool, connection, table)),
    modelSchema,
    roleKinds,
  };
}

/** Text for a one-line SQL comment. */
export function comment(s: string): string {
  return s.replace(/[\r\n\u0000]/g, ' ');
}

/** What `importViews` needs of a target: its column types and text forms. */
export interface ImportDialect {
  ident(name: string, what: string): string;
  /** The target's type of a column type. */
  type: Record<ColumnType, string>;
  /** The SQL of a column compared as text (§P6). */
  asText(expr: string, type: ColumnType | undefined): string;
  /** `text` cast to `type`, NULL when it does not fit (TRY_CAST). */
  tryCast(text: string, type: ColumnType): string;
}

/**
 * The statements (a comment, then CREATE VIEW) of each import: a view of the physical table it
 * reads with the synchronized columns, each read as the engine reads it (§S4, §S5).
 */
export function importViews(input: ExportInput, names: Pick<ExportNames, 'rel'>, d: ImportDialect): string[] {
  const out: string[] = [];
  for (const t of input.tables) {
    if (!t.importOf) continue;
    const src = t.importOf;
    const from = names.rel(src.pool.id, src.connection, src.table);
    if (!from) continue;
    const select = t.columns.map((c) => {
      const qc = d.ident(c.name, 'column');
      const inSource = src.sourceColumns.find((s) => s.name === c.name);
      if (!inSource) return `CAST(NULL AS ${d.type[c.type]}) AS ${qc}`;
      if (inSource.type === c.type) return qc;
      const text = d.asText(qc, inSource.type);
      return c.type === 'VARCHAR' ? `${text} AS ${qc}` : `${d.tryCast(text, c.type)} AS ${qc}`;
    });
    out.push(`\n-- "${comment(t.pool.id)}" imports ${comment(src.connection)}.${comment(src.table)} of "${comment(src.pool.id)}" as ${comment(t.connection)}: a view with the synchronized columns (§S4, §S5)`);
    out.push(`CREATE VIEW ${names.rel(t.pool.id, t.connection, t.table)!} AS SELECT "__sl_row"${select.map((s) => `, ${s}`).join('')} FROM ${from};`);
  }
  return out;
}

/**
 * The VALUES rows of a model's mapping tables (§P3, §P4, §P8), each `  (…)`: `unlimited`
 * (model, kind, principal) and `grants` (model, kind, principal, tbl, col, value), with the
 * target's string literals.
 */
export function mappingRows(m: { principals: ExportModel['principals'] }, id: number, literal: (value: string, what: string) => string): { unlimited: string[]; grants: string[] } {
  const unlimited = m.principals.filter((p) => p.unlimited).map((p) => `  (${id}, '${p.principal.kind}', ${literal(p.key, p.principal.kind)})`);
  const grants: string[] = [];
  for (const p of m.principals) {
    for (const [table, columns] of p.rules) {
      for (const [column, rule] of columns) {
        const head = `  (${id}, '${p.principal.kind}', ${literal(p.key, p.principal.kind)}, ${literal(table, 'table')}, ${literal(column, 'column')}, `;
        if (rule.values.size === 0) grants.push(head + 'NULL)');
        for (const v of rule.values.keys()) grants.push(head + `${literal(v, `a value of ${table}.${column}`)})`);
      }
    }
  }
  return { unlimited, grants };
}
