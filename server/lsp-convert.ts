// Conversions between the workspace model's plain types and LSP types. Nothing else lives
// here: no checking, no state. Positions are 0-based UTF-16 on both sides.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { Diagnostic, Severity, SourceRange } from '../model/types.js';
import type { WorkspaceChange } from './features/results.js';

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

/** A model diagnostic from one the editor sent back (code actions receive them). */
export function fromLspDiagnostic(file: string, d: LspDiagnostic): Diagnostic {
  const severity = (Object.entries(SEVERITIES).find(([, v]) => v === d.severity)?.[0] ?? 'error') as Severity;
  return {
    range: { file, start: { line: d.range.start.line, column: d.range.start.character }, end: { line: d.range.end.line, column: d.range.end.character } },
    severity,
    code: String(d.code ?? ''),
    message: d.message,
    ...(d.data !== undefined ? { data: d.data as Record<string, unknown> } : {}),
  };
}

export function fromLspRange(file: string, r: Range): SourceRange {
  return { file, start: { line: r.start.line, column: r.start.character }, end: { line: r.end.line, column: r.end.character } };
}

/**
 * A WorkspaceChange as an LSP WorkspaceEdit: files to create first, then the text edits per
 * file (documentChanges, so a created file can be filled in the same edit).
 */
export function toLspWorkspaceEdit(change: WorkspaceChange): WorkspaceEdit {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of change.edits) {
    const list = byFile.get(e.range.file) ?? [];
    list.push({ range: toLspRange(e.range), newText: e.newText });
    byFile.set(e.range.file, list);
  }
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  for (const c of change.create ?? []) {
    documentChanges.push({ kind: 'create', uri: fileToUri(c.file), options: { ignoreIfExists: true } });
    documentChanges.push({ textDocument: { uri: fileToUri(c.file), version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.text }] });
  }
  for (const [file, edits] of byFile) documentChanges.push({ textDocument: { uri: fileToUri(file), version: null }, edits });
  return { documentChanges };
}
