// Conversions between the workspace model's plain types and LSP types. Nothing else lives
// here: no checking, no state. Positions are 0-based UTF-16 on both sides.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { Diagnostic, Severity, SourceRange } from '../model/types.js';

export const DIAGNOSTIC_SOURCE = 'sightline';

export function fileToUri(file: string): string {
  return URI.file(file).toString();
}

/** The absolute path of a `file:` URI; undefined for any other scheme. */
export function uriToFile(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
}

export function toLspRange(range: SourceRange): Range {
  return {
    start: { line: range.start.line, character: range.start.column },
    end: { line: range.end.line, character: range.end.column },
  };
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  return SEVERITIES[severity];
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toLspRange(d.range),
    severity: toLspSeverity(d.severity),
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
  if (d.data !== undefined) out.data = d.data;
  return out;
}

export function toLspLocation(range: SourceRange): { uri: string; range: Range } {
  return { uri: fileToUri(range.file), range: toLspRange(range) };
}

/** An LSP position as the model's 0-based line and column. */
export function fromLspPosition(p: { line: number; character: number }): { line: number; column: number } {
  return { line: p.line, column: p.character };
}
