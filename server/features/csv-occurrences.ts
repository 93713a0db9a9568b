// Occurrences in one CSV permission table, produced on demand. A permission table may hold
// hundreds of thousands of rows (§P11), three names each: instead of an object per cell, the
// distinct values of each role are resolved once, and the rows are scanned only for the
// symbol asked about (references, rename) or at the line asked about (definition).
import type { CsvCell, CsvRecord } from '../../model/csv.js';
import type { PermissionCsv } from '../../model/schema/permission-csv.js';
import type { Position, SourceRange } from '../../model/types.js';
import { contains } from './snapshot.js';
import type { Occurrence, SymbolInfo } from './symbols.js';

/** What one cell names. */
export interface CellSymbol {
  key: string;
  info: SymbolInfo;
  name: string;
}

/** A column of the table whose cells name symbols; `classify` should be memoized by value. */
export interface CsvRole {
  column: number;
  classify: (row: CsvRecord) => CellSymbol | undefined;
}

export class CsvOccurrences {
  private readonly roles: (CsvRole & { keys: Set<string> })[];
  private readonly rows: CsvRecord[];

  constructor(
    readonly file: string,
    private readonly csv: PermissionCsv,
    roles: CsvRole[],
    onSymbol: (key: string, info: SymbolInfo) => void,
  ) {
    // A ragged row is reported by the check and its cells may not sit under their header: skipped.
    this.rows = csv.rows.filter((r) => r.cells.length === csv.header.length);
    this.roles = roles.filter((r) => r.column >= 0).map((r) => ({ ...r, keys: new Set<string>() }));
    for (const role of this.roles) {
      for (const row of this.rows) {
        const s = role.classify(row);
        if (!s || role.keys.has(s.key)) continue;
        role.keys.add(s.key);
        onSymbol(s.key, s.info);
      }
    }
  }

  of(key: string): Occurrence[] {
    const out: Occurrence[] = [];
    for (const role of this.roles) {
      if (!role.keys.has(key)) continue;
      for (const row of this.rows) {
        const s = role.classify(row);
        if (s?.key === key) out.push(this.occurrence(row.cells[role.column], s));
      }
    }
    return out;
  }

  at(pos: Position): Occurrence | undefined {
    // The last row starting on or before the line (a quoted cell may span lines).
    let lo = 0;
    let hi = this.rows.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.rows[mid].line <= pos.line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const row = this.rows[found];
    for (const role of this.roles) {
      const cell = row.cells[role.column];
      if (!contains(cellRange(this.file, cell), this.file, pos)) continue;
      const s = role.classify(row);
      return s && this.occurrence(cell, s);
    }
    return undefined;
  }

  all(): Occurrence[] {
    return [...new Set(this.roles.flatMap((r) => [...r.keys]))].flatMap((k) => this.of(k));
  }

  private occurrence(cell: CsvCell, s: CellSymbol): Occurrence {
    const range = cellRange(this.file, cell);
    // Inside the quotes when the cell is quoted and holds no escaped quote.
    const inner = cell.quoted && cell.line === cell.endLine && cell.endColumn - cell.column === s.name.length + 2;
    const nameRange = inner ? { file: this.file, start: { line: cell.line, column: cell.column + 1 }, end: { line: cell.endLine, column: cell.endColumn - 1 } } : range;
    return { key: s.key, kind: s.info.kind, name: s.name, range, nameRange, declaration: false, spelling: { kind: 'csv', quoted: cell.quoted, delimiter: this.csv.delimiter } };
  }
}

export function cellRange(file: string, cell: CsvCell): SourceRange {
  return { file, start: { line: cell.line, column: cell.column }, end: { line: cell.endLine, column: cell.endColumn } };
}
