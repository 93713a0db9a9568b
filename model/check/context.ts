// What every check reads (the model, its index, the data read from disk) and where it
// reports. Checks are plain functions over a CheckContext: no I/O, no editor types.
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../diagnostic-codes.js';
import type { LockFile } from '../lock.js';
import type { PermissionCsvResult } from '../schema/permission-csv.js';
import type { SchemaResult } from '../schema/read-schema.js';
import { closest, didYouMean } from '../suggest.js';
import type { Diagnostic, SourceRange, WorkspaceModel } from '../types.js';
import { WorkspaceIndex } from '../workspace-index.js';

/** What was read from disk before checking: data files' schemas, permission CSVs, the lock. */
export interface LoadedData {
  schemas: Map<string, SchemaResult>;
  permissionTables: Map<string, PermissionCsvResult>;
  lock?: LockFile;
}

/** Caps the diagnostics of one code in one file, so a 100,000-row CSV stays readable. */
const MAX_PER_FILE_AND_CODE = 200;

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly index: WorkspaceIndex;
  private readonly counts = new Map<string, number>();

  constructor(
    readonly model: WorkspaceModel,
    readonly data: LoadedData,
  ) {
    this.index = new WorkspaceIndex(model, data.lock);
  }

  report(code: DiagnosticCode, range: SourceRange, message: string, data?: Record<string, unknown>): void {
    const key = `${range.file}\u0000${code}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n > MAX_PER_FILE_AND_CODE) return;
    const info = DIAGNOSTIC_CODES[code];
    this.diagnostics.push({ range, severity: info.severity, code, message, ...('spec' in info ? { spec: info.spec } : {}), ...(data ? { data } : {}) });
  }

  /** Reports an unknown name with the closest known names as suggestions. */
  unknown(code: DiagnosticCode, range: SourceRange, message: string, name: string, candidates: Iterable<string>): void {
    // Past the cap nothing is reported: skip the (costly) search for close names too.
    if ((this.counts.get(`${range.file}\u0000${code}`) ?? 0) >= MAX_PER_FILE_AND_CODE) {
      this.report(code, range, message);
      return;
    }
    const suggestions = closest(name, candidates);
    this.report(code, range, message + didYouMean(suggestions), suggestions.length ? { suggestions } : undefined);
  }
}
