// The messages between the preview panel's webview (main.ts, in the browser) and the extension
// (preview-panel.ts). The webview asks; the extension checks every message (type, fields,
// ranges) with `parseWebviewMessage` before relaying it to the language server. No `vscode`
// import here: both sides and the Chromium test bundle this file.
import type { AnalysisRef } from '../../engine/engine.js';
import type { PrincipalRef } from '../../server/engine-api.js';
import type {
  CountsResult,
  DiffCountsResult,
  ExplainRowParams,
  ExplainRowResult,
  PageParams,
  PageResult,
  PrincipalsResult,
  ReasonsParams,
  ReasonsResult,
  SummaryResult,
} from '../../server/protocol.js';

export const MAX_PAGE_ROWS = 2000;
export const MAX_REASON_IDS = 200;
const MAX_TEXT = 1000;
const MAX_KEYS = 64;

/** What the panel shows; kept with vscode.setState and by the serializer across reloads. */
export interface PanelState {
  ref: AnalysisRef;
  principal: PrincipalRef;
  table?: string;
  sort?: { column: string; descending: boolean }[];
  filters?: { column: string; op: 'contains' | 'equals' | 'is-null'; value?: string }[];
  includeHidden?: boolean;
  scrollTop?: number;
  /** Diff mode: compare with this principal (rows only one of the two sees are marked). */
  compareWith?: PrincipalRef;
  /** Diff mode: only the rows exactly one of the two sees. */
  differencesOnly?: boolean;
}

/** The webview's requests, by method: parameters and answer. */
export interface Requests {
  principals: { params: { ref: AnalysisRef }; result: PrincipalsResult };
  counts: { params: { ref: AnalysisRef; principal: PrincipalRef }; result: CountsResult };
  summary: { params: { ref: AnalysisRef; principal: PrincipalRef }; result: SummaryResult };
  page: { params: PageParams; result: PageResult };
  reasons: { params: ReasonsParams; result: ReasonsResult };
  explainRow: { params: ExplainRowParams; result: ExplainRowResult };
  diffCounts: { params: { ref: AnalysisRef; a: PrincipalRef; b: PrincipalRef }; result: DiffCountsResult };
  /**
   * Answered by the extension itself: asks where to save, then streams the rows the principal
   * sees of the table (with this sort and these filters) to a CSV file. null: no file chosen.
   */
  exportCsv: { params: ExportCsvParams; result: { file: string; rows: number; cancelled: boolean } | null };
  /** Answered by the extension itself: opens the analysis's permissions block in an editor; null when it has none. */
  openPermissions: { params: { ref: AnalysisRef }; result: { file: string; line: number } | null };
}

export interface ExportCsvParams {
  ref: AnalysisRef;
  principal: PrincipalRef;
  table: string;
  sort: { column: string; descending: boolean }[];
  filters: NonNullable<PanelState['filters']>;
}
export type Method = keyof Requests;

export type WebviewMessage =
  /** The page loaded; `state` is what it had before a reload (vscode.getState). */
  | { type: 'ready'; state?: PanelState }
  | { type: 'state'; state: PanelState }
  | { [M in Method]: { type: 'request'; id: number; method: M; params: Requests[M]['params'] } }[Method];

export type HostMessage =
  /** Show this analysis as this principal (the command's or the restored state). */
  | { type: 'show'; state: PanelState }
  | { type: 'response'; id: number; result: unknown }
  | { type: 'response'; id: number; error: string }
  /** The workspace changed: fetch again, keeping user, table, scroll and sort. */
  | { type: 'refresh' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const isCount = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;

function ref(v: unknown): AnalysisRef | undefined {
  return isObj(v) && isText(v.pool) && isText(v.name) ? { pool: v.pool, name: v.name } : undefined;
}
function principal(v: unknown): PrincipalRef | undefined {
  return isObj(v) && (v.kind === 'user' || v.kind === 'group') && isText(v.name) ? { kind: v.kind, name: v.name } : undefined;
}
function sort(v: unknown): PanelState['sort'] | undefined | false {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > MAX_KEYS) return false;
  const out: NonNullable<PanelState['sort']> = [];
  for (const k of v) {
    if (!isObj(k) || !isText(k.column) || typeof k.descending !== 'boolean') return false;
    out.push({ column: k.column, descending: k.descending });
  }
  return out;
}
function filters(v: unknown): PanelState['filters'] | undefined | false {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > MAX_KEYS) return false;
  const out: NonNullable<PanelState['filters']> = [];
  for (const f of v) {
    if (!isObj(f) || !isText(f.column)) return false;
    if (f.op === 'is-null') out.push({ column: f.column, op: 'is-null' });
    else if ((f.op === 'contains' || f.op === 'equals') && isText(f.value)) out.push({ column: f.column, op: f.op, value: f.value });
    else return false;
  }
  return out;
}

/** The value copied into plain data if it is an object within the limits; undefined otherwise. */
function plainObject(raw: unknown): Record<string, unknown> | undefined {
  try {
    const v = plain(raw);
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function parseState(raw: unknown): PanelState | undefined {
  const v = plainObject(raw);
  if (!v) return undefined;
  const r = ref(v.ref);
  const p = principal(v.principal);
  const s = sort(v.sort);
  const f = filters(v.filters);
  if (!r || !p || s === false || f === false) return undefined;
  if (v.table !== undefined && !isText(v.table)) return undefined;
  if (v.includeHidden !== undefined && typeof v.includeHidden !== 'boolean') return undefined;
  if (v.scrollTop !== undefined && !(typeof v.scrollTop === 'number' && Number.isFinite(v.scrollTop) && v.scrollTop >= 0)) return undefined;
  const c = v.compareWith === undefined ? undefined : principal(v.compareWith);
  if (v.compareWith !== undefined && !c) return undefined;
  if (v.differencesOnly !== undefined && typeof v.differencesOnly !== 'boolean') return undefined;
  const out: PanelState = { ref: r, principal: p, table: v.table as string | undefined, sort: s, filters: f, includeHidden: v.includeHidden as boolean | undefined, scrollTop: v.scrollTop as number | undefined };
  if (c) out.compareWith = c;
  if (v.differencesOnly !== undefined) out.differencesOnly = v.differencesOnly as boolean;
  return out;
}

function params(method: Method, v: unknown): Requests[Method]['params'] | undefined {
  if (!isObj(v)) return undefined;
  const r = ref(v.ref);
  if (!r) return undefined;
  if (method === 'principals' || method === 'openPermissions') return { ref: r };
  if (method === 'diffCounts') {
    const a = principal(v.a);
    const b = principal(v.b);
    return a && b ? { ref: r, a, b } : undefined;
  }
  const p = principal(v.principal);
  if (!p) return undefined;
  if (method === 'counts' || method === 'summary') return { ref: r, principal: p };
  if (!isText(v.table)) return undefined;
  if (method === 'exportCsv') {
    const s = sort(v.sort);
    const f = filters(v.filters);
    return s === false || f === false ? undefined : { ref: r, principal: p, table: v.table, sort: s ?? [], filters: f ?? [] };
  }
  if (method === 'explainRow') return isCount(v.rowId) ? { ref: r, principal: p, table: v.table, rowId: v.rowId } : undefined;
  if (method === 'reasons') {
    if (!Array.isArray(v.rowIds) || v.rowIds.length > MAX_REASON_IDS || !v.rowIds.every((id) => isCount(id))) return undefined;
    return { ref: r, principal: p, table: v.table, rowIds: v.rowIds as number[] };
  }
  const s = sort(v.sort);
  const f = filters(v.filters);
  if (!isCount(v.offset) || !isCount(v.limit, MAX_PAGE_ROWS) || s === false || f === false) return undefined;
  if (v.includeHidden !== undefined && typeof v.includeHidden !== 'boolean') return undefined;
  if (v.explain !== undefined && !isCount(v.explain, MAX_REASON_IDS)) return undefined;
  const c = v.compareWith === undefined ? undefined : principal(v.compareWith);
  if (v.compareWith !== undefined && !c) return undefined;
  if (v.differencesOnly !== undefined && typeof v.differencesOnly !== 'boolean') return undefined;
  const out: PageParams = { ref: r, principal: p, table: v.table, offset: v.offset, limit: v.limit, sort: s, filters: f, includeHidden: v.includeHidden as boolean | undefined, explain: v.explain as number | undefined };
  if (c) out.compareWith = c;
  if (v.differencesOnly !== undefined) out.differencesOnly = v.differencesOnly as boolean;
  if (v.encoding !== undefined && v.encoding !== 'arrow') return undefined;
  if (v.encoding === 'arrow') out.encoding = 'arrow'; // the cells as Arrow IPC (page-decode.ts)
  return out;
}

const METHODS: readonly Method[] = ['principals', 'counts', 'summary', 'page', 'reasons', 'explainRow', 'diffCounts', 'exportCsv', 'openPermissions'];

/** Deepest nesting, most array elements and most keys per object a message may have. */
const MAX_DEPTH = 6;
const MAX_ITEMS = 4096;

/**
 * A copy of `v` made of plain data only: objects become null-prototype objects holding their
 * own enumerable properties (so no key, `__proto__` and `constructor` included, can reach a
 * prototype, and nothing inherited is read), arrays stay arrays; getters, functions, symbols,
 * class instances, deep nesting and huge collections make the whole message invalid.
 */
function plain(v: unknown, depth = 0): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === undefined) return v;
  if (depth >= MAX_DEPTH || typeof v !== 'object') throw new Error('not plain data');
  if (Array.isArray(v)) {
    if (v.length > MAX_ITEMS) throw new Error('too many items');
    return Array.from(v, (x) => plain(x, depth + 1));
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw new Error('not a plain object');
  const keys = Object.keys(v);
  if (keys.length > MAX_ITEMS) throw new Error('too many keys');
  const out = Object.create(null) as Obj;
  for (const k of keys) {
    const d = Object.getOwnPropertyDescriptor(v, k)!;
    if (!('value' in d)) throw new Error('an accessor');
    out[k] = plain(d.value, depth + 1);
  }
  return out;
}

/** Why a message from the webview was refused, short and safe to log (no message content beyond its type and method). */
export function describeRejected(v: unknown): string {
  const o = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const type = o && Object.hasOwn(o, 'type') && typeof o.type === 'string' ? JSON.stringify(o.type.slice(0, 40)) : '?';
  const method = o && Object.hasOwn(o, 'method') && typeof o.method === 'string' ? ` ${JSON.stringify(o.method.slice(0, 40))}` : '';
  return `refused a malformed message from the preview webview (type ${type}${method}; ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v})`;
}

/** The message if it is well-formed (unknown fields dropped), undefined otherwise. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  const v = plainObject(raw);
  if (!v) return undefined;
  if (v.type === 'ready') {
    const state = v.state === undefined ? undefined : parseState(v.state);
    return state ? { type: 'ready', state } : { type: 'ready' };
  }
  if (v.type === 'state') {
    const state = parseState(v.state);
    return state ? { type: 'state', state } : undefined;
  }
  if (v.type === 'request' && isCount(v.id) && METHODS.includes(v.method as Method)) {
    const method = v.method as Method;
    const p = params(method, v.params);
    return p ? ({ type: 'request', id: v.id, method, params: p } as WebviewMessage) : undefined;
  }
  return undefined;
}
