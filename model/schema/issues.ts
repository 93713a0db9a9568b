// Issues found while reading a data file's schema. Re-exported by read-schema.ts.
import type { TableSchema } from '../types.js';

export type SchemaIssueCode =
  | 'data-file-missing'
  | 'data-file-outside-workspace'
  | 'data-file-unreadable'
  | 'data-file-format'
  | 'data-file-empty'
  | 'csv-ragged'
  | 'csv-header-invalid'
  | 'column-case-collision';

export interface SchemaIssue {
  code: SchemaIssueCode;
  /** Says what is wrong and how to fix it; names the file by its base name. */
  message: string;
  /** 0-based line inside the data file, when the issue has a place there. */
  line?: number;
  /** 0-based column (UTF-16 units) inside the data file, when the issue has a place there. */
  column?: number;
  /** Where the place ends (exclusive), when it is a span such as a header cell; else it is one character. */
  endLine?: number;
  endColumn?: number;
}

/** `schema` is present whenever the columns could be determined; issues may accompany it. */
export type SchemaResult = { schema?: TableSchema; issues: SchemaIssue[] };

export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** Pairs of column names equal ignoring case but not exactly (DuckDB treats them as one). */
export function caseCollisions(
  names: readonly string[],
  file: string,
  options: { exactToo?: boolean; place?: (index: number) => Pick<SchemaIssue, 'line' | 'column' | 'endLine' | 'endColumn'> | undefined } = {},
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const first = new Map<string, number>();
  const reported = new Set<string>();
  names.forEach((name, i) => {
    const key = name.toLowerCase();
    const j = first.get(key);
    if (j === undefined) {
      first.set(key, i);
      return;
    }
    const other = names[j];
    if (other === name && !options.exactToo) return;
    const pair = `${other}\u0000${name}`;
    if (reported.has(pair)) return;
    reported.add(pair);
    const what =
      other === name
        ? `${file} has two columns named "${name}" (columns ${j + 1} and ${i + 1})`
        : `columns "${other}" (column ${j + 1}) and "${name}" (column ${i + 1}) of ${file} differ only in case, and DuckDB treats them as the same column`;
    issues.push({ code: 'column-case-collision', message: `${what}; rename one of them`, ...options.place?.(i) });
  });
  return issues;
}
