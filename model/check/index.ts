// Runs every check that needs no rows over a loaded workspace. The order only affects the
// order of diagnostics; each check reads the model and reports independently.
// Seam for data-aware diagnostics (values matching no row, NULLs in filtered columns, parents
// hidden by child rules): the engine adds them after loading rows, with codes from the same
// registry (model/diagnostic-codes.ts).
import type { Diagnostic, WorkspaceModel } from '../types.js';
import { CheckContext, type LoadedData } from './context.js';
import { checkDataFiles } from './data-files.js';
import { checkModels } from './models.js';
import { checkOrganisation, checkPools } from './organisation.js';
import { checkPermissions } from './permissions.js';
import { checkSharing } from './sharing.js';

export function checkModel(model: WorkspaceModel, data: LoadedData): Diagnostic[] {
  const ctx = new CheckContext(model, data);
  checkOrganisation(ctx);
  checkPools(ctx);
  checkDataFiles(ctx);
  checkSharing(ctx);
  checkModels(ctx);
  checkPermissions(ctx);
  return ctx.diagnostics;
}
