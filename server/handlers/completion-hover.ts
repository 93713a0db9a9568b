// Completion and hover, mapped from server/features/completion.ts and hover.ts. Values come
// from the engine and are filtered on the server, so a list that holds values is marked
// incomplete: the editor asks again as the user types.
import { type Connection, CompletionItemKind, MarkupKind } from 'vscode-languageserver/node';
import type { ServerContext } from '../context.js';
import { complete } from '../features/completion.js';
import { hover } from '../features/hover.js';
import type { CompletionKind } from '../features/results.js';
import { fromLspPosition, toLspRange } from '../lsp-convert.js';

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  pool: CompletionItemKind.Module,
  team: CompletionItemKind.Folder,
  connection: CompletionItemKind.Interface,
  table: CompletionItemKind.Class,
  alias: CompletionItemKind.Class,
  column: CompletionItemKind.Field,
  'object-type': CompletionItemKind.Class,
  user: CompletionItemKind.Constant,
  group: CompletionItemKind.Reference,
  role: CompletionItemKind.EnumMember,
  grant: CompletionItemKind.EnumMember,
  value: CompletionItemKind.Value,
  model: CompletionItemKind.Struct,
  file: CompletionItemKind.File,
};

/** Characters after which the editor asks for completion by itself. */
export const COMPLETION_TRIGGERS = ['.', '"', ' ', ','];

export function registerCompletionAndHover(connection: Connection, ctx: ServerContext): void {
  connection.onCompletion(async (params) => {
    const found = await ctx.snapshotFor(params.textDocument.uri);
    if (!found) return { isIncomplete: false, items: [] };
    const text = ctx.textOf(params.textDocument.uri) ?? found.snapshot.texts.get(found.file) ?? '';
    const items = await complete(found.snapshot, found.file, fromLspPosition(params.position), text, ctx.engineFor(found.snapshot.root));
    return {
      isIncomplete: items.some((i) => i.kind === 'value'),
      items: items.map((c, i) => ({
        label: c.label,
        kind: KINDS[c.kind],
        ...(c.detail ? { detail: c.detail } : {}),
        // A value's row count on every row of the list, not only on the selected one.
        ...(c.kind === 'value' && c.detail ? { labelDetails: { description: c.detail } } : {}),
        ...(c.documentation ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
        sortText: c.sortText ?? String(i).padStart(5, '0'),
        // The editor filters by the text the edit replaces; without an edit, by the label.
        ...(c.replace ? { textEdit: { range: toLspRange(c.replace), newText: c.insertText ?? c.label }, filterText: c.insertText ?? c.label } : c.insertText ? { insertText: c.insertText } : {}),
      })),
    };
  });

  connection.onHover(async (params) => {
    const found = await ctx.snapshotFor(params.textDocument.uri);
    if (!found) return null;
    const h = await hover(found.snapshot, found.file, fromLspPosition(params.position), ctx.engineFor(found.snapshot.root));
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toLspRange(h.range) } : null;
  });
}
