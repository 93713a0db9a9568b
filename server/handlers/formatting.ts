// Document formatting: one canonical layout (language/format.ts), as a single edit or none,
// so a formatted file stays untouched and undo stays clean. Broken files are not formatted.
import type { Connection } from 'vscode-languageserver/node';
import { formatEdits } from '../../language/format.js';
import type { ServerContext } from '../context.js';

export function registerFormatting(connection: Connection, ctx: ServerContext): void {
  connection.onDocumentFormatting((params) => {
    const text = ctx.textOf(params.textDocument.uri);
    if (text === undefined) return [];
    return formatEdits(text, { tabSize: params.options.tabSize, insertSpaces: params.options.insertSpaces }).map((e) => ({
      range: { start: { line: e.startLine, character: e.startColumn }, end: { line: e.endLine, character: e.endColumn } },
      newText: e.newText,
    }));
  });
}
