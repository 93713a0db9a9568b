// Remembers what was read from a data file or permission table while the file stays the
// same (size and modification time), so the language server, which checks the whole
// workspace after every keystroke, does not re-read unchanged files each time.
import type { FileAccess } from './files.js';

export class ReadCache {
  private readonly entries = new Map<string, { stamp: string; value: unknown }>();

  /** `read()`'s result for this file, reused while its size and mtime are unchanged. */
  async get<T>(files: FileAccess, kind: string, path: string, read: () => Promise<T>): Promise<T> {
    const key = `${kind}\u0000${path}`;
    const stat = await files.stat(path).catch(() => undefined);
    // Without a modification time (an in-memory host, say) nothing is reused.
    const stamp = stat?.mtimeMs !== undefined ? `${stat.size}:${stat.mtimeMs}` : undefined;
    const hit = this.entries.get(key);
    if (stamp !== undefined && hit?.stamp === stamp) return hit.value as T;
    const value = await read();
    if (stamp !== undefined) this.entries.set(key, { stamp, value });
    else this.entries.delete(key);
    return value;
  }
}
