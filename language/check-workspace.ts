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
import { parseDocument } from './parse.js';
import { toModel } from './to-model.js';

export interface CheckOptions {
  files?: FileAccess;
  /** Texts that replace what is on disk (unsaved editor buffers), by absolute path. */
  overlay?: Map<string, string>;
  /** The definition files to read; discovered below the root when omitted. */
  definitionFiles?: string[];
  /** Reuses schemas and permission tables of unchanged files across checks (the server keeps one). */
  cache?: ReadCache;
}

export interface WorkspaceCheck {
  model: WorkspaceModel;
  diagnostics: Diagnostic[];
  /** What was read besides the definitions (schemas, permission tables, lock): the engine reuses it. */
  data: LoadedData;
}

export async function checkWorkspace(rootDir: string, options: CheckOptions = {}): Promise<WorkspaceCheck> {
  const root = path.resolve(rootDir);
  const files = options.files ?? nodeFiles;
  const definitionFiles = options.definitionFiles ?? (await discoverDefinitionFiles(root));
  const model: WorkspaceModel = { root, files: definitionFiles, teams: [], pools: [], permissions: [] };
  const diagnostics: Diagnostic[] = [];

  for (const file of definitionFiles) {
    const text = options.overlay?.get(file) ?? new TextDecoder().decode(await files.read(file));
    const { ast, errors } = parseDocument(text);
    const lines = lineStarts(text);
    for (const e of errors) {
      diagnostics.push({ range: { file, start: position(lines, e.start), end: position(lines, e.end) }, severity: 'error', code: 'syntax-error', message: e.message });
    }
    const declarations = toModel(ast, file);
    model.teams.push(...declarations.teams);
    model.pools.push(...declarations.pools);
    model.permissions.push(...declarations.permissions);
    for (const d of declarations.duplicateSettings) {
      diagnostics.push({ range: d.range, severity: 'warning', code: 'duplicate-setting', message: `${d.setting} is given twice in this block; the last one counts — remove the other` });
    }
  }

  const loaded = await loadData(model, files, options.cache);
  diagnostics.push(...loaded.diagnostics, ...checkModel(model, loaded.data));
  return { model, diagnostics: sortDiagnostics(diagnostics), data: loaded.data };
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const key = (r: SourceRange) => [r.file, r.start.line, r.start.column] as const;
  return [...list].sort((a, b) => {
    const [fa, la, ca] = key(a.range);
    const [fb, lb, cb] = key(b.range);
    return fa < fb ? -1 : fa > fb ? 1 : la - lb || ca - cb || a.code.localeCompare(b.code);
  });
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: offset - starts[lo] };
}
