// Finds the definition files of a workspace: every *.pool and *.perm below the root,
// skipping dependency and hidden folders.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const SKIPPED = new Set(['node_modules', 'dist', 'out']);

export function isDefinitionFile(file: string): boolean {
  return /\.(pool|perm)$/i.test(file);
}

export async function discoverDefinitionFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIPPED.has(e.name)) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && isDefinitionFile(e.name)) found.push(full);
    }
  };
  await walk(root);
  return found.sort();
}
