// The plain results editor features return. server/lsp-convert.ts turns them into LSP types;
// tests read them directly.
import type { SourceRange } from '../../model/types.js';

/** Replace the text at `range` (an empty range inserts). */
export interface TextEdit {
  range: SourceRange;
  newText: string;
}

/** A change to the workspace: text edits (by file) and files to create. */
export interface WorkspaceChange {
  edits: TextEdit[];
  /** New files with their whole content; an existing file is not overwritten. */
  create?: { file: string; text: string }[];
}

export type CompletionKind = 'keyword' | 'pool' | 'team' | 'connection' | 'table' | 'alias' | 'column' | 'object-type' | 'user' | 'group' | 'role' | 'grant' | 'value' | 'model' | 'file';

export interface Completion {
  label: string;
  kind: CompletionKind;
  /** Shown beside the label: a column's type, a value's row count, a user's role. */
  detail?: string;
  documentation?: string;
  /** Text to insert when different from the label (e.g. quoted). */
  insertText?: string;
  /** The range the completion replaces (the word or string being typed). */
  replace?: SourceRange;
  /** Orders items; lower sorts first. Defaults to the label. */
  sortText?: string;
}

export interface Hover {
  /** Markdown. */
  markdown: string;
  range: SourceRange;
}

export type SymbolKind = 'team' | 'user' | 'group' | 'pool' | 'connection' | 'table' | 'import' | 'share' | 'model' | 'alias' | 'join' | 'perspective' | 'object-type' | 'relationship' | 'permissions' | 'principal' | 'rule' | 'permission-table' | 'grant';

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: SourceRange;
  selectionRange: SourceRange;
  children: DocumentSymbol[];
}

export interface CodeAction {
  title: string;
  /** 'quickfix' for fixes of a diagnostic; 'refactor' otherwise. */
  kind: 'quickfix' | 'refactor';
  /** The diagnostic codes this fixes (matched against the request's diagnostics). */
  fixes?: string[];
  isPreferred?: boolean;
  change?: WorkspaceChange;
  /** A server command to run instead of (or after) the edit, e.g. synchronize. */
  command?: { title: string; command: string; arguments: unknown[] };
}

export interface CodeLens {
  range: SourceRange;
  title: string;
  command?: { command: string; arguments: unknown[] };
}

export interface InlayHint {
  /** Where the hint is drawn (after the rule). */
  position: { file: string; line: number; column: number };
  label: string;
  tooltip?: string;
}
