// FileAccess over files held in memory, so a workspace can be checked (and loaded into the
// engine) without touching the disk. Paths are relative to `root`; a folder exists when
// some file lies below it.
import * as path from 'node:path';
import type { FileAccess, FileStat } from '../../model/files.js';

export function memoryFiles(root: string, files: Map<string, string | Uint8Array>): FileAccess {
  const absolute = new Map<string, Uint8Array>();
  for (const [relative, content] of files) {
    absolute.set(path.resolve(root, relative), typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }
  const folders = new Set<string>();
  for (const file of absolute.keys()) {
    for (let dir = path.dirname(file); !folders.has(dir); dir = path.dirname(dir)) {
      folders.add(dir);
      if (dir === path.dirname(dir)) break;
    }
  }
  return {
    async stat(p: string): Promise<FileStat | undefined> {
      const key = path.resolve(p);
      const bytes = absolute.get(key);
      if (bytes) return { size: bytes.length, isFile: true, mtimeMs: 0 };
      if (folders.has(key)) return { size: 0, isFile: false, mtimeMs: 0 };
      return undefined;
    },
    async read(p: string, start?: number, end?: number): Promise<Uint8Array> {
      const bytes = absolute.get(path.resolve(p));
      if (!bytes) throw new Error(`ENOENT: no such file in memory: ${p}`);
      return bytes.slice(start ?? 0, end ?? bytes.length);
    },
  };
}
