// The custom requests and notifications between the extension and the language server,
// beyond standard LSP. Both sides import this file; it holds names and plain types only.
import type { AnalysisRef, TableCount, TableDiff, Explanation, Condition } from '../engine/index.js';
import type { EngineStatus, PrincipalRef } from './engine-api.js';
import type { PreviewSummary } from '../engine/engine.js';
import type { GridPage, GridCell } from '../engine/query/grid-page.js';

export const STATUS_NOTIFICATION = 'sightline/status';
export interface StatusParams {
  engine: EngineStatus;
  /** Per workspace folder: definition files, errors and warnings of the last check. */
  folders: { root: string; files: number; errors: number; warnings: number }[];
}

export const ANALYSES_REQUEST = 'sightline/analyses';
export type AnalysesResult = (AnalysisRef & { kind: 'model' | 'perspective'; root: string })[];

export const PRINCIPALS_REQUEST = 'sightline/principals';
export interface PrincipalsParams {
  ref: AnalysisRef;
}
export type PrincipalsResult = (PrincipalRef & { role?: string; groups?: string[]; detail?: string })[];

export const COUNTS_REQUEST = 'sightline/counts';
export interface CountsParams {
  ref: AnalysisRef;
  principal: PrincipalRef;
}
/**
 * One entry per table. `generation` (on every entry: a JSON array has no field of its own, and
 * callers that only count keep reading an array): the engine's data generation the counts were
 * computed on, as a page's (PageResult); counts of another generation than the rows on screen
 * describe other data.
 */
export type CountsResult = (TableCount & { generation?: number })[];

/**
 * Most rows one sightline/page request returns: the panel's CSV export pulls pages this size
 * (the webview's grid asks for 1,000 and may ask for at most 2,000: extension/webview/messages.ts).
 */
export const MAX_PAGE_ROWS = 10_000;

export interface PageSort {
  column: string;
  descending: boolean;
}
export interface PageFilterParam {
  column: string;
  op: 'contains' | 'equals' | 'is-null';
  value?: string;
}

/** One page of a table as a user (or a group's own rules) sees it: the preview panel's grid. */
export const PAGE_REQUEST = 'sightline/page';
export interface PageParams {
  ref: AnalysisRef;
  principal: PrincipalRef;
  table: string;
  offset: number;
  /** 0 to MAX_PAGE_ROWS. */
  limit: number;
  sort?: PageSort[];
  filters?: PageFilterParam[];
  /** Hidden rows too, flagged in `hidden`. */
  includeHidden?: boolean;
  /** With includeHidden: explain the first N hidden rows of the page (at most 200; explain is slow). */
  explain?: number;
  /** Diff mode: the rows `principal` or this principal sees, marked in `side` ('a' only principal, 'b' only this one, 'both'). */
  compareWith?: PrincipalRef;
  /** Diff mode: only the rows exactly one of the two sees. */
  differencesOnly?: boolean;
  /**
   * 'arrow': the cells come as a base64 Arrow IPC stream in the result's `arrow` (and `rows` is
   * empty); the panel decodes it with extension/webview/page-decode.ts. Absent: plain `rows`.
   */
  encoding?: 'arrow';
}
/**
 * Cells are string | number | boolean | null (NULL); `filtered` counts the rows the filters keep.
 * `generation`: the engine's data generation the page was computed on (a new one after every
 * load and worker restart, server/engine-host.ts); pages of different generations never mix.
 */
export type PageResult = GridPage & { generation?: number };
export type { GridCell };

/** Short reasons why a principal does not see some rows (explain's first failed reason), at most 200 ids. */
export const REASONS_REQUEST = 'sightline/reasons';
export interface ReasonsParams {
  ref: AnalysisRef;
  principal: PrincipalRef;
  table: string;
  rowIds: number[];
}
/**
 * Only hidden rows get an entry. `generation` (on every entry): the data generation the
 * reasons were computed on; reasons of another generation than the page they explain are not shown.
 */
export type ReasonsResult = { rowId: number; reason: string; generation?: number }[];

/** The full explanation of one row (by row id) for a user or a group's own rules: the panel's details pane. */
export const EXPLAIN_ROW_REQUEST = 'sightline/explainRow';
export interface ExplainRowParams {
  ref: AnalysisRef;
  principal: PrincipalRef;
  table: string;
  /** The row id (0-based ordinal in the data file) from a page's rowIds. */
  rowId: number;
}
/**
 * null when the table has no row with that id (the data changed since the page was fetched).
 * `generation`: the data generation the explanation was computed on (as a page's).
 */
export type ExplainRowResult = (Explanation & { generation?: number }) | null;

/** What decides a principal's rows: switch, combine mode, unlimited paths (the panel's header line). */
export const SUMMARY_REQUEST = 'sightline/summary';
export interface SummaryParams {
  ref: AnalysisRef;
  principal: PrincipalRef;
}
export type SummaryResult = PreviewSummary & { generation?: number };

export const EXPLAIN_REQUEST = 'sightline/explain';
export interface ExplainParams {
  ref: AnalysisRef;
  email: string;
  table: string;
  conditions: Condition[];
}
export type ExplainResult = Explanation[];

export const DIFF_REQUEST = 'sightline/diff';
export interface DiffParams {
  ref: AnalysisRef;
  a: string;
  b: string;
}
export type DiffResult = TableDiff[];

/** Per table, the rows only `a` sees, only `b` sees and both see (users or groups): the diff mode's tab counts. */
export const DIFF_COUNTS_REQUEST = 'sightline/diffCounts';
export interface DiffCountsParams {
  ref: AnalysisRef;
  a: PrincipalRef;
  b: PrincipalRef;
}
/** `generation` on every entry, as CountsResult's. */
export type DiffCountsResult = (TableDiff & { generation?: number })[];

/** Records the import's current source columns in sightline.lock (§S5); all imports when omitted. */
export const SYNCHRONIZE_REQUEST = 'sightline/synchronize';
export interface SynchronizeParams {
  root: string;
  pool?: string;
  connection?: string;
}
export interface SynchronizeResult {
  /** Human-readable lines: what changed. */
  changes: string[];
}

/** The definition of a copy of `pool` in `team` (§S7): own connections kept, imports as FIX ME. */
export const COPY_POOL_REQUEST = 'sightline/copyPoolToTeam';
export interface CopyPoolParams {
  pool: string;
  team: string;
  name?: string;
}
export interface CopyPoolResult {
  text: string;
  /** A suggested file name for the copy, beside the original. */
  file: string;
}

/** Every pool of every workspace folder, for pickers (copy to team). `id` is "Team/Pool". */
export const POOLS_REQUEST = 'sightline/pools';
export type PoolsResult = { id: string; team: string; name: string }[];

/**
 * The extension's `sightline.*` settings (the shape of the "sightline" configuration
 * section), sent as initializationOptions.settings; later changes the server pulls.
 */
export interface SightlineSettings {
  engine: { enabled: boolean };
  inlayHints: { enabled: boolean };
  codeLens: { enabled: boolean };
}
export interface InitializationOptions {
  settings: SightlineSettings;
}

/** Server commands (workspace/executeCommand) that code actions and CodeLenses use. */
export const SERVER_COMMANDS = {
  synchronize: 'sightline.server.synchronize',
} as const;

/** Client commands that CodeLenses name (run by the extension). */
export const CLIENT_COMMANDS = {
  preview: 'sightline.preview',
} as const;
