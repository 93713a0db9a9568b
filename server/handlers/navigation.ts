// Go to definition, find references, rename, outline and folding, mapped from
// server/features/navigation.ts and outline.ts.
import { type Connection, FoldingRangeKind, ResponseError, SymbolKind } from 'vscode-languageserver/node';
import type { ServerContext } from '../context.js';
import { definition, prepareRename, references, rename } from '../features/navigation.js';
import { documentSymbols, foldingRanges } from '../features/outline.js';
import type { DocumentSymbol, SymbolKind as PlainSymbolKind } from '../features/results.js';
import { fromLspPosition, toLspLocation, toLspRange, toLspWorkspaceEdit } from '../lsp-convert.js';

const SYMBOL_KINDS: Record<PlainSymbolKind, SymbolKind> = {
  team: SymbolKind.Namespace,
  user: SymbolKind.Constant,
  group: SymbolKind.Array,
  pool: SymbolKind.Package,
  connection: SymbolKind.Module,
  table: SymbolKind.Class,
  import: SymbolKind.Module,
  share: SymbolKind.Event,
  model: SymbolKind.Struct,
  alias: SymbolKind.Field,
  join: SymbolKind.Operator,
  perspective: SymbolKind.Struct,
  'object-type': SymbolKind.Class,
  relationship: SymbolKind.Operator,
  permissions: SymbolKind.Object,
  principal: SymbolKind.Constant,
  rule: SymbolKind.Property,
  'permission-table': SymbolKind.File,
  grant: SymbolKind.Key,
};

function toLspSymbol(s: DocumentSymbol): import('vscode-languageserver/node').DocumentSymbol {
  return {
    name: s.name || '(unnamed)',
    ...(s.detail ? { detail: s.detail } : {}),
    kind: SYMBOL_KINDS[s.kind],
    range: toLspRange(s.range),
    selectionRange: toLspRange(s.selectionRange),
    children: s.children.map(toLspSymbol),
  };
}

export function registerNavigation(connection: Connection, ctx: ServerContext): void {
  connection.onDefinition(async (params) => {
    const found = await ctx.snapshotFor(params.textDocument.uri);
    return found ? definition(found.snapshot, found.file, fromLspPosition(params.position)).map(toLspLocation) : [];
  });

  connection.onReferences(async (params) => {
    const found = await ctx.snapshotFor(params.textDocument.uri);
    return found ? references(found.snapshot, found.file, fromLspPosition(params.position), params.context.includeDeclaration).map(toLspLocation) : [];
  });

  connection.onPrepareRename(async (params) => {
    const found = await ctx.snapshotFor(params.textDocument.uri);
    if (!found) return null;
    const r = prepareRename(found.snapshot, found.file, fromLspPosition(params.position));
    if ('error' in r) throw new ResponseError(1, r.error);
    return { range: toLspRange(r.range), placeholder: r.placeholder };
  });

  connection.onRenameRequest(async (params) => {
    const found = await ctx.snapshotFor(params.textDocument.uri);
    if (!found) return null;
    const change = rename(found.snapshot, found.file, fromLspPosition(params.position), params.newName);
    if ('error' in change) throw new ResponseError(1, change.error);
    return toLspWorkspaceEdit(change);
  });

  connection.onDocumentSymbol(async (params) => {
    const found = await ctx.snapshotFor(params.textDocument.uri);
    return found ? documentSymbols(found.snapshot, found.file).map(toLspSymbol) : [];
  });

  connection.onFoldingRanges(async (params) => {
    const found = await ctx.snapshotFor(params.textDocument.uri);
    const text = found?.snapshot.texts.get(found.file);
    if (text === undefined) return [];
    return foldingRanges(text).map((f) => ({ startLine: f.startLine, endLine: f.endLine, ...(f.kind === 'comment' ? { kind: FoldingRangeKind.Comment } : {}) }));
  });
}
