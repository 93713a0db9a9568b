// The data files (CSV, Parquet) below a workspace folder, for completing the paths of tables
// and permission tables. Features take the lister as a parameter (a test or another host may
// pass its own); this Node default walks the folder, skipping hidden and dependency folders,
// and keeps the answer for a moment so typing a path does not walk the disk on every key.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Absolute paths of the data files below `root`. */
export type ListFiles = (root: string) => Promise<string[]>;

const SKIPPED = new Set(['node_modules', 'dist', 'out']);
const MAX_FILES = 5000;
const KEEP_MS = 2000;
const cache = new Map<string, { at: number; files: Promise<string[]> }>();

export const listDataFiles: ListFiles = (root) => {
  const hit = cache.get(root);
  if (hit && Date.now() - hit.at < KEEP_MS) return hit.files;
  const files = walk(root);
  cache.set(root, { at: Date.now(), files });
  return files;
};

async function walk(root: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    if (found.length >= MAX_FILES) return;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (found.length >= MAX_FILES) return;
      if (e.name.startsWith('.') || SKIPPED.has(e.name)) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await visit(full);
      else if (e.isFile() && /\.(csv|parquet)$/i.test(e.name)) found.push(full);
    }
  };
  await visit(root);
  return found.sort();
}
