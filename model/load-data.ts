// Reads what the checks need from disk, without loading rows: each data file's schema (CSV
// head or Parquet footer), each permission table (whole; they are small), and the lock file.
// Fills Table.schema in place, so the model carries the columns it was checked against.
// With a ReadCache, each file is read once while it stays unchanged (see read-cache.ts).
import * as path from 'node:path';
import type { LoadedData } from './check/context.js';
import type { FileAccess } from './files.js';
import { LOCK_FILE_NAME, parseLock } from './lock.js';
import type { ReadCache } from './read-cache.js';
import { readPermissionCsv } from './schema/permission-csv.js';
import { readTableSchema } from './schema/read-schema.js';
import { outsideWorkspaceIssue } from './schema/workspace-path.js';
import type { Diagnostic, WorkspaceModel } from './types.js';

export async function loadData(model: WorkspaceModel, files: FileAccess, cache?: ReadCache): Promise<{ data: LoadedData; diagnostics: Diagnostic[] }> {
  const cached = <T>(kind: string, file: string, read: () => Promise<T>) => (cache ? cache.get(files, kind, file, read) : read());
  const data: LoadedData = { schemas: new Map(), permissionTables: new Map() };
  const diagnostics: Diagnostic[] = [];
  const tables = model.pools.flatMap((p) => p.connections.flatMap((c) => c.tables));
  await Promise.all(
    [...new Set(tables.map((t) => t.file))].map(async (file) => {
      // Outside the workspace (`..`, absolute, a link): refused before anything is read.
      const refused = await outsideWorkspaceIssue(files, model.root, file);
      data.schemas.set(file, refused ? { issues: [refused] } : await cached('schema', file, () => readTableSchema(files, file)));
    }),
  );
  for (const t of tables) t.schema = data.schemas.get(t.file)?.schema;
  const permissionFiles = new Set(model.permissions.flatMap((s) => s.tables.map((t) => t.file)));
  await Promise.all(
    [...permissionFiles].map(async (file) => {
      const refused = await outsideWorkspaceIssue(files, model.root, file);
      data.permissionTables.set(file, refused ? { issues: [refused] } : await cached('permission-table', file, () => readPermissionCsv(files, file)));
    }),
  );

  const lockPath = path.join(model.root, LOCK_FILE_NAME);
  // A lock that links outside the workspace is not read (a JSON error would quote its text).
  const lockRefused = await outsideWorkspaceIssue(files, model.root, lockPath);
  const parsed = lockRefused
    ? ({ ok: false, message: 'sightline.lock leads outside the workspace folder (a symbolic link), so it is not read; replace the link with the file itself, or run `sightline sync` to write one' } as const)
    : await cached('lock', lockPath, async () => ((await files.stat(lockPath)) ? parseLock(new TextDecoder().decode(await files.read(lockPath))) : undefined));
  if (parsed) {
    if (parsed.ok) data.lock = parsed.lock;
    else {
      diagnostics.push({
        range: { file: lockPath, start: { line: 0, column: 0 }, end: { line: 0, column: 1 } },
        severity: 'error',
        code: 'lock-file-invalid',
        message: parsed.message,
        spec: '§S5',
      });
    }
  }
  return { data, diagnostics };
}
