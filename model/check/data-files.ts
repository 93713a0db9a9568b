// Data files behind tables (§S2): reports what the schema reader found, at the `from "…"` path.
import * as path from 'node:path';
import type { CheckContext } from './context.js';

export function checkDataFiles(ctx: CheckContext): void {
  for (const pool of ctx.model.pools) {
    for (const connection of pool.connections) {
      for (const table of connection.tables) {
        const result = ctx.data.schemas.get(table.file);
        for (const issue of result?.issues ?? []) {
          // The message names the file; add the line when the reader found a place but did not say it.
          const where = issue.line !== undefined && !/\bline \d+/.test(issue.message) ? ` (${path.basename(table.file)}:${issue.line + 1})` : '';
          ctx.report(issue.code, table.path.range, `table ${table.name}: ${issue.message}${where}`);
        }
      }
    }
  }
}
