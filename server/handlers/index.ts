// Every LSP feature the server offers beyond diagnostics: the capabilities it announces and
// the handlers that map each request to server/features/.
import { CodeActionKind, type Connection, type ServerCapabilities } from 'vscode-languageserver/node';
import { SERVER_COMMANDS } from '../protocol.js';
import type { ServerContext } from '../context.js';
import { registerCodeActions } from './code-actions.js';
import { COMPLETION_TRIGGERS, registerCompletionAndHover } from './completion-hover.js';
import { registerFormatting } from './formatting.js';
import { registerLenses } from './lenses.js';
import { registerNavigation } from './navigation.js';
import { registerRequests } from './requests.js';

export function registerFeatures(connection: Connection, ctx: ServerContext): void {
  registerLenses(connection, ctx);
  registerCodeActions(connection, ctx);
  registerNavigation(connection, ctx);
  registerCompletionAndHover(connection, ctx);
  registerFormatting(connection, ctx);
  registerRequests(connection, ctx);
}

registerFeatures.capabilities = {
  completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
  hoverProvider: true,
  documentFormattingProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: true,
  foldingRangeProvider: true,
  codeLensProvider: { resolveProvider: true },
  inlayHintProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor] },
  executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
} satisfies ServerCapabilities;
