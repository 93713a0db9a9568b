// Every LSP feature the server offers beyond diagnostics: the capabilities it announces and
// the handlers that map each request to server/features/.
import type { Connection, ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../context.js';
import { registerLenses } from './lenses.js';
import { registerRequests } from './requests.js';

export function registerFeatures(connection: Connection, ctx: ServerContext): void {
  registerLenses(connection, ctx);
  registerRequests(connection, ctx);
}

registerFeatures.capabilities = {} satisfies ServerCapabilities;
