// CodeLens ("Preview as … · Table v/t") and inlay hints (rows a rule keeps), mapped from
// server/features/lenses.ts. Both are asked again when the engine has loaded new data.
import { type Connection, InlayHintKind } from 'vscode-languageserver/node';
import type { ServerContext } from '../context.js';
import { lensesFor, resolveLens, ruleHints, type LensData } from '../features/lenses.js';
import { toLspRange } from '../lsp-convert.js';

export function registerLenses(connection: Connection, ctx: ServerContext): void {
  connection.onCodeLens(async (params) => {
    if (!ctx.settings().codeLens) return [];
    const found = await ctx.snapshotFor(params.textDocument.uri);
    if (!found) return [];
    return lensesFor(found.snapshot, found.file).map((l) => ({ range: toLspRange(l.range), data: { ...l.data, root: found.snapshot.root } }));
  });

  connection.onCodeLensResolve(async (lens) => {
    const data = lens.data as LensData & { root: string };
    const { title, command } = await resolveLens(ctx.engineFor(data.root), data);
    return { ...lens, command: { title, command: command!.command, arguments: command!.arguments } };
  });

  connection.languages.inlayHint.on(async (params) => {
    if (!ctx.settings().inlayHints) return [];
    const found = await ctx.snapshotFor(params.textDocument.uri);
    const engine = found && ctx.engineFor(found.snapshot.root);
    if (!found || !engine) return [];
    const hints = await ruleHints(found.snapshot, found.file, params.range.start.line, params.range.end.line, engine);
    return hints.map((h) => ({
      position: { line: h.position.line, character: h.position.column },
      label: h.label,
      kind: InlayHintKind.Parameter,
      paddingLeft: true,
      ...(h.tooltip ? { tooltip: h.tooltip } : {}),
    }));
  });
}
