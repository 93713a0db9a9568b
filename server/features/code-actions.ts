// Quick fixes for the diagnostics the editor sends with a code-action request. Each fix is a
// small function in ./fixes/ keyed by diagnostic code; this file only picks the fixes, runs
// them (a fix that fails offers nothing, it never fails the request) and merges actions that
// two diagnostics produce alike (one split for every mixed row of a table).
import type { DiagnosticCode } from '../../model/diagnostic-codes.js';
import type { FileAccess } from '../../model/files.js';
import { nodeFiles } from '../../model/node-files.js';
import type { Diagnostic, SourceRange } from '../../model/types.js';
import type { EditorEngine } from '../engine-api.js';
import { addSwitch } from './fixes/add-switch.js';
import { fixContext, sameRange, type Fix } from './fixes/context.js';
import { didYouMean, hasCandidates } from './fixes/did-you-mean.js';
import { grantEdit } from './fixes/grant-edit.js';
import { moveRuleToParent } from './fixes/move-rule-to-parent.js';
import { fillNullReference } from './fixes/null-reference-value.js';
import { repointFixMe } from './fixes/repoint-fix-me.js';
import { splitPermissionTable } from './fixes/split-permission-table.js';
import { rewriteLock, synchronizeImport } from './fixes/synchronize-import.js';
import type { CodeAction } from './results.js';
import type { Snapshot } from './snapshot.js';

const FIXES: Partial<Record<DiagnosticCode, Fix>> = {
  'import-needs-sync': synchronizeImport,
  'lock-file-invalid': rewriteLock,
  'permission-table-null-value': fillNullReference,
  'child-only-rule': moveRuleToParent,
  'parents-without-child': moveRuleToParent,
  'permission-table-mixed-principals': splitPermissionTable,
  'share-missing-edit': grantEdit,
  'fix-me-import': repointFixMe,
  'rules-without-switch': addSwitch,
};

export async function codeActions(
  snapshot: Snapshot,
  file: string,
  range: SourceRange,
  diagnostics: Diagnostic[],
  engine?: EditorEngine,
  files: FileAccess = nodeFiles,
): Promise<CodeAction[]> {
  const ctx = fixContext(snapshot, files, engine);
  const out: CodeAction[] = [];
  for (const sent of diagnostics) {
    if (sent.range.file !== file || !overlaps(sent.range, range)) continue;
    const d = withData(snapshot, sent);
    const fixes = [FIXES[d.code as DiagnosticCode], hasCandidates(d) ? didYouMean : undefined].filter((f): f is Fix => !!f);
    for (const fix of fixes) {
      try {
        merge(out, await fix(ctx, d));
      } catch {
        // A fix that cannot be computed is not offered.
      }
    }
  }
  return out;
}

/**
 * The editor sends diagnostics back as it got them; a client that drops `data` still gets
 * its fixes from the snapshot's diagnostic of the same code and range.
 */
function withData(snapshot: Snapshot, d: Diagnostic): Diagnostic {
  if (d.data) return d;
  const known = snapshot.diagnostics.find((s) => s.code === d.code && sameRange(s.range, d.range));
  return known?.data ? { ...d, data: known.data } : d;
}

/** Adds actions; one already offered (same title and change) only adds the codes it fixes. */
function merge(out: CodeAction[], actions: CodeAction[]): void {
  const key = (a: CodeAction) => JSON.stringify([a.title, a.change, a.command]);
  for (const a of actions) {
    const same = out.find((o) => key(o) === key(a));
    if (!same) out.push(a);
    else same.fixes = [...new Set([...(same.fixes ?? []), ...(a.fixes ?? [])])];
  }
}

function overlaps(a: SourceRange, b: SourceRange): boolean {
  const before = (p: SourceRange['start'], q: SourceRange['start']) => p.line < q.line || (p.line === q.line && p.column < q.column);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
