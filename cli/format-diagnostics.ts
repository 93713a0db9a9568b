// Diagnostics for people (compiler-style lines) and for scripts (the JSON of the CLI contract).
import * as path from 'node:path';
import type { Diagnostic, Severity } from '../model/types.js';

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

/** `file` relative to DIR with forward slashes; lines and columns 1-based. */
export function toJsonDiagnostic(d: Diagnostic, dir: string): JsonDiagnostic {
  return {
    file: path.relative(dir, d.range.file).split(path.sep).join('/'),
    line: d.range.start.line + 1,
    column: d.range.start.column + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.column + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

export function formatJson(diagnostics: Diagnostic[], dir: string): string {
  return JSON.stringify(diagnostics.map((d) => toJsonDiagnostic(d, dir)), null, 2);
}

const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[90m' };
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export function formatText(diagnostics: Diagnostic[], dir: string, options: { color: boolean; files: number }): string {
  const c = (code: string, text: string) => (options.color ? code + text + RESET : text);
  const lines = diagnostics.map((d) => {
    const j = toJsonDiagnostic(d, dir);
    return `${c(BOLD, `${j.file}:${j.line}:${j.column}`)} ${c(COLORS[d.severity], d.severity)} ${c(DIM, d.code)} ${d.message}`;
  });
  const count = (s: Severity) => diagnostics.filter((d) => d.severity === s).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary = `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('information') + count('hint'), 'note')} in ${plural(options.files, 'definition file')}`;
  return [...lines, lines.length ? '' : undefined, summary].filter((l) => l !== undefined).join('\n') + '\n';
}
