// A Snapshot of a folder on disk, as the language server builds one: for tests of the
// plain editor features.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkWorkspace } from '../../language/check-workspace.js';
import { WorkspaceIndex } from '../../model/workspace-index.js';
import type { Snapshot } from '../../server/features/snapshot.js';

export async function snapshotOf(dir: string, overlay?: Map<string, string>): Promise<Snapshot> {
  const root = path.resolve(dir);
  const check = await checkWorkspace(root, overlay ? { overlay } : {});
  const texts = new Map(check.model.files.map((f) => [f, overlay?.get(f) ?? readFileSync(f, 'utf8')]));
  return { root, model: check.model, index: new WorkspaceIndex(check.model, check.data.lock), data: check.data, diagnostics: check.diagnostics, texts };
}
