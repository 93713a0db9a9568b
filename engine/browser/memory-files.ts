// FileAccess over bytes held in memory, by absolute path: what a browser host has after it
// received the workspace's files (a browser worker cannot read a disk). A path that is a
// prefix folder of stored files stats as a directory.
import type { FileAccess, FileStat } from '../../model/files.js';

export class MemoryFiles implements FileAccess {
  private readonly files = new Map<string, { bytes: Uint8Array; mtimeMs?: number }>();

  constructor(files?: Record<string, Uint8Array> | Map<string, Uint8Array>) {
    if (files) for (const [p, bytes] of files instanceof Map ? files : Object.entries(files)) this.set(p, bytes);
  }

  /**
   * Stores (or replaces) a file. Give `mtimeMs` when the host knows it: the engine's catalog
   * then keeps a loaded table whose file did not change; without it the file is read again
   * on every load.
   */
  set(path: string, bytes: Uint8Array, mtimeMs?: number): void {
    this.files.set(path, { bytes, mtimeMs });
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  get paths(): string[] {
    return [...this.files.keys()];
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const f = this.files.get(path);
    if (f) return { size: f.bytes.byteLength, isFile: true, ...(f.mtimeMs !== undefined ? { mtimeMs: f.mtimeMs } : {}) };
    const folder = path.endsWith('/') ? path : path + '/';
    for (const p of this.files.keys()) if (p.startsWith(folder)) return { size: 0, isFile: false };
    return undefined;
  }

  async read(path: string, start?: number, end?: number): Promise<Uint8Array> {
    const f = this.files.get(path);
    if (!f) throw new Error(`ENOENT: no such file, open '${path}'`);
    if (start === undefined && end === undefined) return f.bytes;
    return f.bytes.subarray(start ?? 0, end ?? f.bytes.byteLength);
  }
}
