// Loads a folder into the process's one engine (starting it costs ~1 s, so tests share it).
import { checkWorkspace } from '../../language/check-workspace.js';
import { nodeFiles } from '../../model/node-files.js';
import type { Engine, LoadReport } from '../../engine/index.js';
import { startNodeEngine } from '../../engine/node.js';
import { cpSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export async function loadFolder(dir: string): Promise<{ engine: Engine; report: LoadReport }> {
  const { model, data } = await checkWorkspace(dir);
  const engine = await startNodeEngine();
  const report = await engine.load(model, nodeFiles, data);
  return { engine, report };
}

/** A private copy of examples/acme that a test may change. */
export function copyOfExample(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-acme-'));
  cpSync('examples/acme', dir, { recursive: true });
  return dir;
}
