// `sightline sync`: records in sightline.lock the table configuration each import sees now
// (§S5). Until then an import keeps the columns of its last synchronization. The work itself
// is server/features/synchronize.ts, which the editor's "Synchronize" quick fix runs too.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { checkWorkspace } from '../language/check-workspace.js';
import { LOCK_FILE_NAME } from '../model/lock.js';
import { SynchronizeError, synchronizeImports } from '../server/features/synchronize.js';
import { parseOptions, UsageError, workspaceDir } from './usage.js';

export { columnChanges } from '../server/features/synchronize.js';

const HELP = `Usage: sightline sync [DIR] [--pool "Team/Pool"] [--connection NAME]

Synchronizes imported connections: writes each import's current source tables and columns to
DIR/sightline.lock, so new columns become visible through the import (§S5). With --pool or
--connection, only those imports; the others keep their recorded state.
Exit status: 0, 1 if an import could not be synchronized, 2 on a usage error.`;

export async function runSync(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('sync', args, {
    pool: { type: 'string' },
    connection: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const dir = workspaceDir('sync', positionals);
  const { model, data } = await checkWorkspace(dir);
  let outcome;
  try {
    outcome = synchronizeImports({ model, data }, { pool: values.pool, connection: values.connection });
  } catch (e) {
    if (e instanceof SynchronizeError) throw new UsageError(`sync: ${e.message}`);
    throw e;
  }
  const { lockText, changes, errors } = outcome;
  for (const error of errors) process.stderr.write(`sightline: ${error}\n`);
  const file = path.join(dir, LOCK_FILE_NAME);
  const previous = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (previous !== lockText) await fs.writeFile(file, lockText);
  process.stdout.write(changes.length ? changes.map((c) => c + '\n').join('') + `wrote ${LOCK_FILE_NAME}\n` : `every import is synchronized; ${LOCK_FILE_NAME} unchanged\n`);
  return errors.length > 0 ? 1 : 0;
}
