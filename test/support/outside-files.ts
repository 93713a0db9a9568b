// For the containment tests (test/hardening/): folders outside every workspace, holding what
// must never be read from inside one (a secret marker), and a FileAccess that records the real
// path of every read, so a test can show that nothing outside was read.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileAccess } from '../../model/files.js';
import { nodeFiles } from '../../model/node-files.js';
import { AP_PERM, type FixtureWorkspace } from './fixture-workspace.js';

const outsideDirs: string[] = [];

/** A new folder outside every workspace (its real path); removeOutsideDirs removes it. */
export function outsideDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  outsideDirs.push(dir);
  return dir;
}

/** A file `name` holding `content` in a new folder outside every workspace (see outsideDir). */
export function fileOutside(prefix: string, name: string, content: string): string {
  const file = path.join(outsideDir(prefix), name);
  fs.writeFileSync(file, content);
  return file;
}

/** Removes every folder outsideDir made. */
export function removeOutsideDirs(): void {
  for (const d of outsideDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/**
 * Points the fixture workspace's permission table (permissions/perm/ap_values.csv) at `file`
 * outside it: by a path with .. in accounts-payable.perm ('dotdot'), or by replacing the table
 * with a symbolic link ('link').
 */
export function valuesTableOutside(ws: FixtureWorkspace, file: string, how: 'dotdot' | 'link'): void {
  if (how === 'link') {
    fs.rmSync(ws.file('permissions/perm/ap_values.csv'));
    fs.symlinkSync(file, ws.file('permissions/perm/ap_values.csv'));
  } else {
    const rel = path.relative(ws.file('permissions'), file).split(path.sep).join('/');
    fs.writeFileSync(ws.file('permissions/accounts-payable.perm'), AP_PERM.replace('"perm/ap_values.csv"', JSON.stringify(rel)));
  }
}

/**
 * nodeFiles, recording the real path of everything read (after links are followed; a missing
 * file: its own path). Without `withLinks` it has no realPath, so links are not resolved.
 */
export function spyFiles(withLinks = true): { files: FileAccess; reads: string[] } {
  const reads: string[] = [];
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const files: FileAccess = {
    stat: (p) => nodeFiles.stat(p),
    ...(withLinks ? { realPath: (p: string) => nodeFiles.realPath!(p) } : {}),
    read: (p, start, end) => {
      reads.push(real(p));
      return nodeFiles.read(p, start, end);
    },
  };
  return { files, reads };
}
