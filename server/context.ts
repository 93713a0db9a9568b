// What LSP handlers get from the server: the folder snapshot for a document, the folder's
// engine, and the user's settings. Handlers convert LSP to plain calls of server/features/
// and back; they hold no state of their own.
import type { EditorEngine } from './engine-api.js';
import type { FolderRunner } from './folder-runner.js';
import type { Snapshot } from './features/snapshot.js';

export interface Settings {
  /** Run the engine (data diagnostics, counts, values); off leaves the static features. */
  engine: boolean;
  codeLens: boolean;
  inlayHints: boolean;
}

export interface ServerContext {
  /** The snapshot of the folder that holds the document, after any check that is due. */
  snapshotFor(uri: string): Promise<{ snapshot: Snapshot; file: string } | undefined>;
  engineFor(root: string): EditorEngine | undefined;
  runners(): FolderRunner[];
  settings(): Settings;
  /** The open document's text (what the user sees now), else the snapshot's. */
  textOf(uri: string): string | undefined;
}
