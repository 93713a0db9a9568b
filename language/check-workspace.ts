// The whole static check of a workspace: parse every definition file, build the workspace
// model, read schemas and permission tables, run the checks. Used by the CLI and the server.
import * as path from 'node:path';
import type { LoadedData } from '../model/check/context.js';
import { checkModel } from '../model/check/index.js';
import type { FileAccess } from '../model/files.js';
import { loadData } from '../model/load-data.js';
import { nodeFiles } from '../model/node-files.js';
import type { ReadCache } from '../model/read-cache.js';
import type { Diagnostic, SourceRange, WorkspaceModel } from '../model/types.js';
import { discoverDefinitionFiles } from './discover.js';
import { lineStarts, positionAt } from './lines.js';
import { type ParseCache, parseWhole } from './parse-cache.js';

export interface CheckOptions {
  files?: FileAccess;
  /** Texts that replace what is on disk (unsaved editor buffers), by absolute path. */
  overlay?: Map<string, string>;
  /** The definition files to read; discovered below the root when omitted. */
  definitionFiles?: string[];
  /** Reuses schemas and permission tables of unchanged files across checks (the server keeps one). */
  cache?: ReadCache;
  /** Reuses what unchanged definition files and chunks parsed to (the server keeps one). */
  parseCache?: ParseCache;
}

export interface WorkspaceCheck {
  model: WorkspaceModel;
  diagnostics: Diagnostic[];
  /** What was read besides the definitions (schemas, permission tables, lock): the engine reuses it. */
  data: LoadedData;
  /** The text of every definition file as checked (an overlay's, else the disk's). */
  texts: Map<string, string>;
}

export async function checkWorkspace(rootDir: string, options: CheckOptions = {}): Promise<WorkspaceCheck> {
  const root = path.resolve(rootDir);
  const files = options.files ?? nodeFiles;
  const definitionFiles = options.definitionFiles ?? (await discoverDefinitionFiles(root));
  const model: WorkspaceModel = { root, files: definitionFiles, teams: [], pools: [], permissions: [] };
  const diagnostics: Diagnostic[] = [];

  const texts = new Map<string, string>();
  const read = (file: string) => files.read(file).then((bytes) => new TextDecoder().decode(bytes));
  for (const file of definitionFiles) {
    // Definition files are read at every check, unless the cache trusts its stats (the server
    // then says when a file changed on disk).
    const text = options.overlay?.get(file) ?? (await (options.cache?.trustStats ? options.cache.get(files, 'definition', file, () => read(file)) : read(file)));
    texts.set(file, text);
    const { declarations, errors } = options.parseCache ? options.parseCache.parse(file, text) : parseWhole(file, text);
    if (errors.length > 0) {
      const lines = lineStarts(text);
      for (const e of errors) {
        diagnostics.push({ range: { file, start: positionAt(lines, e.start), end: positionAt(lines, e.end) }, severity: 'error', code: 'syntax-error', message: e.message });
      }
    }
    model.teams.push(...declarations.teams);
    // loadData fills Table.schema: the parse cache's tables must stay as parsed.
    model.pools.push(...declarations.pools.map((p) => ({ ...p, connections: p.connections.map((c) => ({ ...c, tables: c.tables.map((t) => ({ ...t })) })) })));
    model.permissions.push(...declarations.permissions);
    for (const d of declarations.duplicateSettings) {
      diagnostics.push({ range: d.range, severity: 'warning', code: 'duplicate-setting', message: `${d.setting} is given twice in this block; the last one counts — remove the other` });
    }
  }

  const loaded = await loadData(model, files, options.cache);
  diagnostics.push(...loaded.diagnostics, ...checkModel(model, loaded.data));
  return { model, diagnostics: sortDiagnostics(diagnostics), data: loaded.data, texts };
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const key = (r: SourceRange) => [r.file, r.start.line, r.start.column] as const;
  return [...list].sort((a, b) => {
    const [fa, la, ca] = key(a.range);
    const [fb, lb, cb] = key(b.range);
    return fa < fb ? -1 : fa > fb ? 1 : la - lb || ca - cb || a.code.localeCompare(b.code);
  });
}
