// `sightline export`: compiles the workspace's pools, tables, imports, roles and data
// permissions into the warehouse's own row security (issue 6). PostgreSQL: export/postgres.ts,
// Snowflake: export/snowflake.ts (both build their row predicates in export/predicate.ts).
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import { checkWorkspace } from '../language/check-workspace.js';
import { toJsonDiagnostic } from './format-diagnostics.js';
import { nodeFiles } from '../model/node-files.js';
import { openExportReader } from '../export/node.js';
import { postgresScript } from '../export/postgres.js';
import { exportSnowflake } from '../export/snowflake.js';
import { parseOptions, UsageError, workspaceDir } from './usage.js';

const HELP = `Usage: sightline export [DIR] --target postgres|snowflake [--out FILE] [--schema-only]

Writes one SQL script (to FILE, or standard output) that recreates the workspace in the
target warehouse with row security equal to the preview's (spec §P1–§P9, §F1).
  postgres     PostgreSQL 15+: run as a superuser on an empty database with
               psql -v ON_ERROR_STOP=1 -d DB -f FILE. Each model becomes a schema with one
               security-barrier view per table alias; SET ROLE "user@example.com" to see as them.
  snowflake    Snowflake: run in an empty database with snowsql -d DB -f FILE. Each model
               becomes a schema with one secure view per table alias, each protected by one
               row access policy; users are created with their quoted, lower-case email as
               name, so CURRENT_USER() is the email (docs/export.md).
  --schema-only  omit the data (COPY blocks, INSERT batches): schema, roles, permissions and
               views only.
Perspectives (§P10): PostgreSQL exports them (one view per object type); Snowflake does not
yet: each is reported on standard error and left out.
Exit status: 0; 1 when a name or value cannot be held by the target (nothing is written);
2 on a usage error.`;

export async function runExport(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('export', args, {
    target: { type: 'string' },
    out: { type: 'string' },
    'schema-only': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const target = values.target;
  if (target !== 'postgres' && target !== 'snowflake') throw new UsageError(`export: --target postgres|snowflake is required${target ? ` (got "${target}")` : ''}`);
  const dir = workspaceDir('export', positionals);
  const { model, data, diagnostics } = await checkWorkspace(dir);
  // Data files and permission tables outside the workspace folder are never read (the check
  // refuses them, and the catalog checks again right before reading): say so, with the code.
  for (const d of diagnostics.filter((x) => x.code === 'data-file-outside-workspace')) {
    const j = toJsonDiagnostic(d, dir);
    process.stderr.write(`sightline: warning: ${j.file}:${j.line}:${j.column}: ${j.code}: ${j.message}; it is exported empty and grants nothing\n`);
  }
  const reader = await openExportReader();
  const input = await reader.read(model, data, nodeFiles, !values['schema-only']);
  for (const t of input.tables) if (t.error) process.stderr.write(`sightline: warning: ${t.error}; its table is exported empty\n`);
  // PostgreSQL: the script streams (table rows are read in batches as they are written), and
  // every error is known before the first chunk. Snowflake's script is one string.
  const result =
    target === 'postgres'
      ? postgresScript(input, { schemaOnly: values['schema-only'] })
      : (() => {
          const r = exportSnowflake(input, { schemaOnly: values['schema-only'] });
          return { ...r, chunks: function* () { yield r.sql; } };
        })();
  const targetName = target === 'postgres' ? 'PostgreSQL' : 'Snowflake';
  for (const r of result.refused) process.stderr.write(`sightline: ${r}\n`);
  if (result.errors.length > 0) {
    for (const e of result.errors) process.stderr.write(`sightline: error: ${e}\n`);
    process.stderr.write(`sightline: export: ${result.errors.length} name(s) or value(s) ${targetName} cannot hold; nothing written\n`);
    return 1;
  }
  if (values.out) writeFileAtomically(values.out, result.chunks());
  else for (const chunk of result.chunks()) await writeOut(chunk);
  return 0;
}

/**
 * Writes the chunks to a temporary file beside `file` and renames it to `file` when all are
 * written: if anything fails on the way, the temporary file is removed and `file` is untouched.
 */
export function writeFileAtomically(file: string, chunks: Iterable<string>): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'wx');
  try {
    try {
      for (const chunk of chunks) {
        const bytes = Buffer.from(chunk, 'utf8');
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** One chunk to standard output, waiting for the pipe to drain when it is full. */
async function writeOut(chunk: string): Promise<void> {
  if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}
