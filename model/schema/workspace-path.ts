// Data files and permission tables are read only from inside the workspace folder: a path
// written with `..`, an absolute path such as /etc/passwd, or a symbolic link (of the file or
// of a folder on its way) whose target lies outside is refused before anything is read, so
// nothing from outside the workspace can reach a diagnostic, a preview or an export.
import * as path from 'node:path';
import type { FileAccess } from '../files.js';
import { baseName, type SchemaIssue } from './issues.js';

/** Whether `file` is `root` itself or lies below it (both absolute, normalized). */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + path.sep) && !rel.startsWith('../') && !path.isAbsolute(rel);
}

/**
 * The issue that refuses `file` (data-file-outside-workspace, or data-file-unreadable when its
 * links cannot be resolved), or undefined when it may be read. A file that does not exist is
 * not refused here: the reader reports it as missing.
 */
export async function outsideWorkspaceIssue(files: FileAccess, root: string, file: string): Promise<SchemaIssue | undefined> {
  const name = baseName(file);
  const fix = 'data files and permission tables are read only from inside the workspace folder; copy the file into it and name it by a relative path';
  if (!isInside(path.resolve(root), path.resolve(file))) {
    return { code: 'data-file-outside-workspace', message: `${name} lies outside the workspace folder, so it is not read; ${fix}` };
  }
  if (!files.realPath) return undefined;
  let realRoot: string | undefined;
  let realFile: string | undefined;
  try {
    realRoot = (await files.realPath(root)) ?? path.resolve(root);
    realFile = await files.realPath(file);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    return { code: 'data-file-unreadable', message: `${name} cannot be read: its path cannot be resolved (${why}); check its symbolic links and permissions` };
  }
  if (realFile !== undefined && !isInside(realRoot, realFile)) {
    return { code: 'data-file-outside-workspace', message: `${name} is a symbolic link (or lies in a linked folder) that leads outside the workspace folder, so it is not read; ${fix}` };
  }
  return undefined;
}
