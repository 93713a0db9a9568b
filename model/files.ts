// How the model layer reads files. An interface, not node:fs, so the same code runs in the
// language server (with unsaved editor buffers on top), the CLI, and later a browser host.

export interface FileStat {
  size: number;
  isFile: boolean;
  /** Last modification, when the host knows it; lets callers reuse what they read before. */
  mtimeMs?: number;
}

export interface FileAccess {
  /** undefined when nothing exists at the path. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Bytes [start, end) of the file (the whole file when both are omitted). Throws when unreadable. */
  read(path: string, start?: number, end?: number): Promise<Uint8Array>;
  /**
   * The path with every symbolic link resolved (undefined when nothing exists there). Hosts
   * that have links (the disk) must give it: data files are read only when their real path
   * lies inside the workspace folder (model/schema/workspace-path.ts).
   */
  realPath?(path: string): Promise<string | undefined>;
}
