// A describe block's own copy of examples/acme with something started on it (an engine, the
// real language server), made in its `before` hook and stopped and removed in its `after` hook.
import { rmSync } from 'node:fs';
import { copyOfExample } from './engine-workspace.js';
import { LspClient } from './lsp-client.js';

/**
 * Registers the enclosing describe block's hooks: `before` copies examples/acme and runs `start`
 * on the copy; `after` runs `stop` (when `start` got that far) and removes the copy. The fields
 * are set once `before` has run.
 */
export function onExampleCopy<T>(start: (dir: string) => Promise<T>, stop?: (value: T) => Promise<unknown>): { dir: string; value: T } {
  const copy = {} as { dir: string; value: T };
  before(async () => {
    copy.dir = copyOfExample();
    copy.value = await start(copy.dir);
  });
  after(async () => {
    if (stop && copy.value !== undefined) await stop(copy.value);
    if (copy.dir) rmSync(copy.dir, { recursive: true, force: true });
  });
  return copy;
}

/** onExampleCopy with the real language server on the copy (`start` may prepare the copy first). */
export function serverOnExampleCopy(start: (dir: string) => Promise<LspClient> = (dir) => LspClient.start(dir)): { readonly dir: string; readonly client: LspClient } {
  const copy = onExampleCopy(start, (client) => client.stop());
  return {
    get dir() {
      return copy.dir;
    },
    get client() {
      return copy.value;
    },
  };
}
