// FileAccess over the real disk, for Node hosts (CLI, language server, tests).
import { promises as fs } from 'node:fs';
import type { FileAccess, FileStat } from './files.js';

export const nodeFiles: FileAccess = {
  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const s = await fs.stat(path);
      return { size: s.size, isFile: s.isFile(), mtimeMs: s.mtimeMs };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw e;
    }
  },
  async realPath(path: string): Promise<string | undefined> {
    try {
      return await fs.realpath(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw e;
    }
  },
  async read(path: string, start?: number, end?: number): Promise<Uint8Array> {
    if (start === undefined && end === undefined) return new Uint8Array(await fs.readFile(path));
    const handle = await fs.open(path, 'r');
    try {
      const from = start ?? 0;
      const length = Math.max(0, (end ?? (await handle.stat()).size) - from);
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, from);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  },
};
