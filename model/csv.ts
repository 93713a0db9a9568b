// A small RFC 4180 CSV tokenizer that keeps the position of every cell, so diagnostics can
// point at a cell of a CSV file. No dependencies, no Node APIs: runs in any host.
//
// Positions are 0-based lines and columns in UTF-16 code units of the decoded text, as LSP
// counts them. A leading byte order mark is skipped and not counted (editors do not show it).
// A cell's range is that of the raw cell, quotes included; an empty cell has an empty range.

export interface CsvCell {
  /** The cell's value: quotes removed and "" unescaped. */
  text: string;
  /** Written in quotes ("" is a quoted empty string; an empty unquoted cell is NULL to DuckDB). */
  quoted: boolean;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface CsvRecord {
  cells: CsvCell[];
  /** The line the record starts on. */
  line: number;
}

export interface CsvParseOptions {
  /** One character; `,` by default. */
  delimiter?: string;
  /** Stop after this many records; `truncated` then says whether more followed. */
  maxRecords?: number;
}

export interface CsvParseError {
  message: string;
  line: number;
  column: number;
}

export interface CsvParseResult {
  records: CsvRecord[];
  truncated: boolean;
  /** Set when the text is malformed; `records` holds every record before the bad one. */
  error?: CsvParseError;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const BOM = 0xfeff;

/**
 * Splits CSV text into records of cells.
 *
 * - Line breaks may be CRLF, LF or CR, also mixed; inside quotes they are part of the value.
 * - Blank lines are skipped, so a trailing line break gives no empty last record.
 * - A quote that is never closed stops parsing with an error at the opening quote.
 * - Lenient where RFC 4180 is strict: a quote inside an unquoted cell is kept as text, and
 *   text after a closing quote (`"ab"c`) is appended to the value.
 */
export function parseCsv(text: string, options: CsvParseOptions = {}): CsvParseResult {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1) throw new Error(`CSV delimiter must be one character, got ${JSON.stringify(delimiter)}`);
  const delim = delimiter.charCodeAt(0);
  if (delim === QUOTE || delim === CR || delim === LF) throw new Error(`invalid CSV delimiter ${JSON.stringify(delimiter)}`);
  const maxRecords = options.maxRecords ?? Infinity;

  const records: CsvRecord[] = [];
  const n = text.length;
  let pos = 0;
  let line = 0;
  /** Index in `text` where the current line starts (column = index - lineStart). */
  let lineStart = 0;
  if (n > 0 && text.charCodeAt(0) === BOM) {
    pos = 1;
    lineStart = 1;
  }

  /** Consumes one line break at `pos` (CRLF counts as one). Assumes text[pos] is CR or LF. */
  const newline = (): void => {
    if (text.charCodeAt(pos) === CR && pos + 1 < n && text.charCodeAt(pos + 1) === LF) pos += 2;
    else pos += 1;
    line++;
    lineStart = pos;
  };

  while (pos < n) {
    const c0 = text.charCodeAt(pos);
    if (c0 === CR || c0 === LF) {
      newline(); // blank line
      continue;
    }
    if (records.length >= maxRecords) return { records, truncated: true };

    const record: CsvRecord = { cells: [], line };
    // One iteration per cell; ends at a line break or the end of the text.
    for (;;) {
      const startLine = line;
      const startColumn = pos - lineStart;
      let value: string;
      let quoted = false;
      if (pos < n && text.charCodeAt(pos) === QUOTE) {
        quoted = true;
        const openLine = line;
        const openColumn = pos - lineStart;
        pos++;
        let parts = '';
        for (;;) {
          const q = text.indexOf('"', pos);
          const stop = q < 0 ? n : q;
          // Count line breaks inside the quoted part, to keep positions right.
          for (let i = pos; i < stop; i++) {
            const c = text.charCodeAt(i);
            if (c === LF || (c === CR && (i + 1 >= n || text.charCodeAt(i + 1) !== LF))) {
              line++;
              lineStart = i + 1;
            }
          }
          if (q < 0) {
            return {
              records,
              truncated: false,
              error: {
                message: `the quoted field starting on line ${openLine + 1} is never closed; add the closing quote, and write a quote inside a quoted field as ""`,
                line: openLine,
                column: openColumn,
              },
            };
          }
          parts += text.slice(pos, q);
          if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
            parts += '"';
            pos = q + 2;
            continue;
          }
          pos = q + 1;
          break;
        }
        // Lenient: text between the closing quote and the next delimiter joins the value.
        const rest = pos;
        while (pos < n) {
          const c = text.charCodeAt(pos);
          if (c === delim || c === CR || c === LF) break;
          pos++;
        }
        value = rest < pos ? parts + text.slice(rest, pos) : parts;
      } else {
        const from = pos;
        while (pos < n) {
          const c = text.charCodeAt(pos);
          if (c === delim || c === CR || c === LF) break;
          pos++;
        }
        value = text.slice(from, pos);
      }
      record.cells.push({ text: value, quoted, line: startLine, column: startColumn, endLine: line, endColumn: pos - lineStart });
      if (pos < n && text.charCodeAt(pos) === delim) {
        pos++;
        continue;
      }
      break;
    }
    records.push(record);
    if (pos < n) newline();
  }
  return { records, truncated: false };
}

const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

/**
 * Chooses the delimiter among , ; tab | that splits the first lines most consistently: the
 * share of records with as many fields as the first (the header) first, then the number of
 * fields. A candidate that leaves the header one field is not considered. Default `,`.
 */
export function detectDelimiter(sample: string): string {
  let best: string = ',';
  let bestScore: [number, number, number] = [-1, -Infinity, 1];
  for (const candidate of DELIMITER_CANDIDATES) {
    const { records, error } = parseCsv(sample, { delimiter: candidate, maxRecords: 20 });
    if (records.length === 0) continue;
    const fields = records[0].cells.length;
    if (fields < 2) continue;
    const share = records.filter((r) => r.cells.length === fields).length / records.length;
    // A delimiter that splits quoted fields leaves quotes inside cells ("Ab","x split at a
    // tab inside the quotes): fewer stray quotes wins before more fields does.
    const stray = records.reduce((n, r) => n + r.cells.filter((c) => c.text.includes('"')).length, 0) + (error ? 1 : 0);
    const score: [number, number, number] = [share, -stray, fields];
    if (score[0] > bestScore[0] || (score[0] === bestScore[0] && (score[1] > bestScore[1] || (score[1] === bestScore[1] && score[2] > bestScore[2])))) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
