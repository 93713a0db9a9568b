// Remembers what was read from a data file or permission table while the file stays the
// same (size and modification time), so the language server, which checks the whole
// workspace after every keystroke, does not re-read unchanged files each time.
// With `trustStats` it does not even look at the file again until told that it changed
// (`invalidate`): the server hears of every change on disk from the editor's file watcher,
// and a stat per data file per keystroke was most of a check's data-loading time.
import type { FileAccess } from './files.js';

export interface ReadCacheOptions {
  /** Reuse what was read without checking the file until `invalidate` says it changed. */
  trustStats?: boolean;
}

export class ReadCache {
  private readonly entries = new Map<string, { path: string; stamp: string; value: unknown }>();
  /** See ReadCacheOptions. */
  readonly trustStats: boolean;

  constructor(options: ReadCacheOptions = {}) {
    this.trustStats = options.trustStats ?? false;
  }

  /** `read()`'s result for this file, reused while its size and mtime are unchanged. */
  async get<T>(files: FileAccess, kind: string, path: string, read: () => Promise<T>): Promise<T> {
    const key = `${kind}\u0000${path}`;
    const hit = this.entries.get(key);
    if (this.trustStats && hit) return hit.value as T;
    const stat = await files.stat(path).catch(() => undefined);
    // Without a modification time (an in-memory host, say) nothing is reused. A missing file
    // is remembered as missing only while trusting: its creation will be reported.
    const stamp = stat?.mtimeMs !== undefined ? `${stat.size}:${stat.mtimeMs}` : !stat && this.trustStats ? 'missing' : undefined;
    if (stamp !== undefined && hit?.stamp === stamp) return hit.value as T;
    const value = await read();
    if (stamp !== undefined) this.entries.set(key, { path, stamp, value });
    else this.entries.delete(key);
    return value;
  }

  /** Forgets what was read from `path` (it changed, appeared or went), or from every file. */
  invalidate(path?: string): void {
    if (path === undefined) this.entries.clear();
    else for (const [key, entry] of this.entries) if (entry.path === path) this.entries.delete(key);
  }
}
