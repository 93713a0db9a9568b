// One workspace folder as last checked: what every editor feature reads. Plain data only (no
// LSP types): features are plain functions `(snapshot, file, position, …) → plain result`,
// and server/handlers/ map them to LSP.
import type { LoadedData } from '../../model/check/context.js';
import type { Diagnostic, Position, SourceRange, WorkspaceModel } from '../../model/types.js';
import type { WorkspaceIndex } from '../../model/workspace-index.js';

export interface Snapshot {
  /** Absolute path of the workspace folder. */
  root: string;
  model: WorkspaceModel;
  index: WorkspaceIndex;
  /** Schemas, permission tables and the lock as read for this check. */
  data: LoadedData;
  /** Syntax and semantic diagnostics of this check (data-aware ones come from the engine). */
  diagnostics: Diagnostic[];
  /** The text of every definition file as checked (an open buffer, else the file on disk). */
  texts: Map<string, string>;
}

/** Whether `pos` lies within `range` (end inclusive, so a cursor right after a name counts). */
export function contains(range: SourceRange, file: string, pos: Position): boolean {
  if (range.file !== file) return false;
  const afterStart = pos.line > range.start.line || (pos.line === range.start.line && pos.column >= range.start.column);
  const beforeEnd = pos.line < range.end.line || (pos.line === range.end.line && pos.column <= range.end.column);
  return afterStart && beforeEnd;
}
