// The preview panel's page (bundled by scripts/build-browser.mjs into dist/browser/preview-panel.js):
// a header line (switch, combine mode, unlimited paths), a user/group picker, a tab per table with
// visible/total counts, and a virtualized grid that fetches pages of about 1,000 rows as it
// scrolls. Sorting, filters and "show hidden rows" are sent to the engine; nothing is computed
// here. It talks only to the extension (postMessage), which checks and relays to the server.
// Styling only through --vscode-* variables (preview-panel.css); no inline style attributes
// (the CSP forbids them), only CSSOM properties set from this script.
import type { Column } from '../../model/types.js';
import type { CountsResult, DiffCountsResult, ExplainRowResult, GridCell, PageResult, PrincipalsResult, SummaryResult } from '../../server/protocol.js';
import type { HostMessage, Method, PanelState, Requests } from './messages.js';
import { toCsv } from '../../cli/format-rows.js';
import { csvText } from './csv-export.js';
import { decodePage } from './page-decode.js';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

export const PAGE_SIZE = 1000;
const ROW_HEIGHT = 22;
const OVERSCAN = 20;
/** Pages kept in memory; the farthest from the viewport go first. */
const KEPT_PAGES = 12;
/** Browsers cap element heights (~33 M px in Chromium); taller tables scroll proportionally. */
const MAX_SCROLL_PX = 8_000_000;
const REASON_BATCH = 100;

// ---------------------------------------------------------------- requests to the extension

let nextId = 1;
const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

function ask<M extends Method>(method: M, params: Requests[M]['params']): Promise<Requests[M]['result']> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    // Pages come with their cells as Arrow IPC (decoded where responses arrive, page-decode.ts).
    vscode.postMessage({ type: 'request', id, method, params: method === 'page' ? { ...params, encoding: 'arrow' } : params });
  });
}

// ---------------------------------------------------------------- state

let state: PanelState | undefined;
let principals: PrincipalsResult = [];
let principalsFor = '';
let counts: CountsResult = [];
let summary: SummaryResult | undefined;
/** Diff mode: per table, rows only the principal (A) sees, only the compared one (B) sees, both. */
let diffs: DiffCountsResult = [];
let columns: Column[] = [];
let rowCount = 0;
let visibleCount = 0;
let totalCount = 0;
/** Bumped whenever the query changes; answers for an older generation are dropped. */
let generation = 0;
const pages = new Map<number, PageResult>();
/**
 * The engine's data generation of the rows on screen (server/engine-host.ts). A page or summary
 * of another generation means the data, a permission table or the engine changed underneath:
 * the panel shows everything again rather than mixing old and new rows.
 */
let dataGeneration: number | undefined;
/**
 * The data generation of an answer that is a list (counts, reasons, diff counts: each entry
 * carries it, server/protocol.ts); undefined when it does not say (an empty list, an older host).
 */
function generationOf(list: readonly { generation?: number }[]): number | undefined {
  return list.find((x) => x.generation !== undefined)?.generation;
}
/** Whether an answer was computed on other data than the rows on screen (undefined: it does not say). */
function otherData(answer: number | undefined): boolean {
  return answer !== undefined && dataGeneration !== undefined && answer !== dataGeneration;
}
/**
 * Set while the header, tabs and diff counts of a newer generation wait for its first page: until
 * then the old rows stay with their own tabs, never beside counts of other data.
 */
let headerWaits = false;
/** Diff counts received with headerWaits set: they replace `diffs` (the status line's) with the first page. */
let nextDiffs: DiffCountsResult | undefined;
let staleReloads = 0;
const MAX_STALE_RELOADS = 3;
/** A changed generation: reload (a few times in a row at most, then say the data keeps changing). */
function stale(): void {
  if (staleReloads >= MAX_STALE_RELOADS) {
    pages.clear();
    pending.clear();
    error = 'The data changed while the preview loaded; it will show the new rows once the files stop changing.';
    setStatus();
    render();
    return;
  }
  staleReloads++;
  void refresh();
}
const pending = new Set<number>();
const reasons = new Map<number, string>();
const reasonsPending = new Set<number>();
let reasonTimer: ReturnType<typeof setTimeout> | undefined;
let pendingScrollTop: number | undefined;
let active = { row: 0, col: 0 };
let error: string | undefined;

let stateTimer: ReturnType<typeof setTimeout> | undefined;
function saveState(): void {
  if (!state) return;
  state.scrollTop = scroller.scrollTop;
  vscode.setState(state);
  // The extension keeps the latest too (to restore the panel after a reload), at most every 300 ms.
  clearTimeout(stateTimer);
  stateTimer = setTimeout(() => vscode.postMessage({ type: 'state', state }), 300);
}

// ---------------------------------------------------------------- DOM

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) (k === 'class' ? (e.className = v) : e.setAttribute(k, v));
  e.append(...children);
  return e;
}

/** A codicon (VS Code's icon font, bundled from @vscode/codicons): decorative, so hidden from screen readers; the control it sits in carries the label. */
function icon(name: string, extra = ''): HTMLSpanElement {
  return el('span', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, 'aria-hidden': 'true' });
}

const app = document.getElementById('app')!;
const summaryLine = el('div', { class: 'summary', role: 'status', 'aria-live': 'polite' });
const whoButton = el('button', { class: 'who', 'aria-haspopup': 'listbox', 'aria-expanded': 'false', title: 'View as another user or group' });
const search = el('input', { type: 'search', class: 'search', placeholder: 'Search users and groups (email, role, group)', 'aria-label': 'Search users and groups', 'aria-controls': 'principal-list', 'aria-autocomplete': 'list', role: 'combobox', 'aria-expanded': 'true' });
const list = el('ul', { id: 'principal-list', class: 'principal-list', role: 'listbox', 'aria-label': 'Users and groups' });
const popup = el('div', { class: 'popup' }, search, list);
popup.hidden = true;
const hiddenToggle = el('input', { type: 'checkbox', id: 'show-hidden' });
const status = el('span', { class: 'status', 'aria-live': 'polite' });
/** Spins while a page of rows is on its way (the status line says "loading…" for screen readers). */
const spinner = icon('loading', 'codicon-modifier-spin spinner');
spinner.hidden = true;
const compareSelect = el('select', { class: 'compare', id: 'compare-with', 'aria-label': 'Compare with another user or group (diff mode)' });
const differencesToggle = el('input', { type: 'checkbox', id: 'differences-only' });
const exportButton = el('button', { id: 'export-csv', class: 'action', title: 'Export the rows this user sees of this table (sort and filters as shown) to a CSV file', 'aria-label': 'Export visible rows to CSV' }, icon('export'), 'Export CSV…');
/** Icon-only toolbar buttons, as in VS Code's view title bars: the label and the tooltip say what they do. */
const copyButton = el('button', { id: 'copy-row', class: 'icon-button', title: 'Copy the active row as CSV (Ctrl+Shift+C; Ctrl+C copies the cell)', 'aria-label': 'Copy the active row as CSV' }, icon('copy'));
const refreshButton = el('button', { id: 'refresh', class: 'icon-button', title: 'Refresh (the panel also refreshes by itself when a definition, data file or permission table changes)', 'aria-label': 'Refresh' }, icon('refresh'));
const differencesLabel = el('label', { class: 'toggle', for: 'differences-only' }, differencesToggle, 'Only differences');
differencesLabel.hidden = true;
const toolbar = el(
  'div',
  { class: 'toolbar' },
  el('div', { class: 'picker' }, el('span', { class: 'label' }, 'View as'), whoButton, popup),
  // eye-closed while hidden rows stay hidden, eye while they show (CSS picks one from the checkbox).
  el('label', { class: 'toggle', for: 'show-hidden' }, hiddenToggle, icon('eye', 'eye-on'), icon('eye-closed', 'eye-off'), 'Show hidden rows'),
  el('label', { class: 'picker', for: 'compare-with' }, icon('diff', 'label'), el('span', { class: 'label' }, 'Compare with'), compareSelect),
  differencesLabel,
  el('div', { class: 'actions' }, refreshButton, copyButton, exportButton),
  spinner,
  status,
);
const tabs = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Tables' });
/** What to do when the preview is empty or unrestricted: no switch, or no permission applies. */
const banner = el('div', { class: 'banner', role: 'note' });
banner.hidden = true;
/** Indeterminate until the first page of the table arrives (the engine may still be loading). */
const progress = el('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Loading rows' }, el('div', { class: 'progress-bar' }));
const headerRow = el('div', { class: 'row header-row', role: 'row', 'aria-rowindex': '1' });
const filterRow = el('div', { class: 'row filter-row', role: 'row', 'aria-rowindex': '2' });
const head = el('div', { class: 'head', role: 'rowgroup' }, headerRow, filterRow);
const body = el('div', { class: 'body', role: 'rowgroup' });
const message = el('div', { class: 'message' });
message.hidden = true;
const scroller = el('div', { id: 'grid', class: 'grid', role: 'grid', tabindex: '0', 'aria-label': 'Rows', 'aria-multiselectable': 'false' }, head, body, message);
const details = el('section', { class: 'details', 'aria-label': 'Why this row', 'aria-live': 'polite', tabindex: '-1' });
details.hidden = true;
app.append(summaryLine, banner, toolbar, progress, tabs, scroller, details);
app.removeAttribute('aria-busy');

// ---------------------------------------------------------------- header, picker, tabs

const label = (p: { kind: string; name: string }) => (p.kind === 'group' ? `group "${p.name}"` : p.name);

function renderSummary(): void {
  if (!state) return;
  const parts: string[] = [];
  const s = summary;
  if (!s) parts.push(`${state.ref.name} as ${label(state.principal)}`);
  else {
    parts.push(`${state.ref.name} (${s.kind}) as ${label(state.principal)}`);
    if (!s.switchOn) parts.push('data permissions off: everyone sees every row');
    else {
      parts.push('data permissions on');
      parts.push(`combine ${s.combine}`);
      if (s.unlimited.length) parts.push(`unlimited through ${s.unlimited.join(', ')}`);
      else if (!s.applicable) parts.push('no permission applies: default deny, no rows');
      else if (s.principals.length) parts.push(`rules of ${s.principals.join(', ')}`);
      if (s.skipped) parts.push(`${s.skipped} grant${s.skipped === 1 ? '' : 's'} skipped (cannot be evaluated)`);
    }
  }
  summaryLine.textContent = parts.join(' · ');
  whoButton.textContent = '';
  whoButton.append(icon(state.principal.kind === 'group' ? 'organization' : 'person', state.principal.kind), el('span', { class: 'who-name' }, label(state.principal)), icon('chevron-down', 'chevron'));
  whoButton.setAttribute('aria-label', `Viewing as ${label(state.principal)}; change user or group`);
}

/** The banner for the states that need an action: permissions off, or none applies to this principal. */
function renderBanner(): void {
  const s = summary;
  banner.textContent = '';
  banner.hidden = true;
  if (!s || !state) return;
  const who = label(state.principal);
  let text: string | undefined;
  if (!s.switchOn) text = `Data permissions are off for ${state.ref.name}: there is no \`use data permissions\`, so everyone sees every row. Add \`use data permissions\` to its permissions to restrict rows.`;
  else if (!s.applicable && s.unlimited.length === 0)
    text = `No permission applies to ${who} in ${state.ref.name}, so ${state.principal.kind === 'group' ? 'the group sees' : 'they see'} no rows (default deny). Add a rule for ${state.principal.kind === 'group' ? `group "${state.principal.name}"` : `user "${state.principal.name}"`} (for example \`Table.COLUMN in "value"\`)${state.principal.kind === 'user' ? ', or add them to a group that has one' : ''}.${s.skipped ? ` ${s.skipped} grant${s.skipped === 1 ? ' was' : 's were'} skipped because ${s.skipped === 1 ? 'it cannot' : 'they cannot'} be evaluated.` : ''}`;
  if (!text) return;
  const open = el('button', { id: 'open-permissions', class: 'action link', title: `Open the permissions of ${state.ref.name} in the editor` }, icon('go-to-file'), 'Open permissions');
  open.addEventListener('click', async () => {
    if (!state) return;
    try {
      const r = await ask('openPermissions', { ref: state.ref });
      notice = r ? undefined : `${state.ref.name} has no permissions block yet: create a .perm file with \`permissions for "${state.ref.pool}".${state.ref.name} { use data permissions }\``;
    } catch (e) {
      notice = `cannot open the permissions: ${(e as Error).message}`;
    }
    setStatus();
  });
  // VS Code's notification icons: a warning when no rule applies, information when permissions are off.
  banner.append(icon(s.switchOn ? 'warning' : 'info', 'banner-icon'), el('span', { class: 'banner-text' }, text), open);
  banner.classList.toggle('warning', s.switchOn);
  banner.hidden = false;
}

function loading(on: boolean): void {
  progress.hidden = !on;
  app.setAttribute('aria-busy', String(on));
}

let listActive = 0;
function matches(): PrincipalsResult {
  const q = search.value.trim().toLowerCase();
  return principals.filter((p) => !q || `${p.name} ${p.kind} ${p.role ?? ''} ${(p.groups ?? []).join(' ')} ${p.detail ?? ''}`.toLowerCase().includes(q));
}
function renderList(): void {
  const items = matches();
  listActive = Math.min(listActive, Math.max(0, items.length - 1));
  list.textContent = '';
  items.forEach((p, i) => {
    const detail = p.kind === 'group' ? `group · ${p.detail ?? ''}` : [p.role, p.groups?.length ? `groups: ${p.groups.join(', ')}` : ''].filter(Boolean).join(' · ');
    const li = el('li', { id: `principal-${i}`, role: 'option', class: `option ${p.kind}`, 'aria-selected': String(i === listActive) }, icon(p.kind === 'group' ? 'organization' : 'person', p.kind), el('span', { class: 'name' }, p.name), el('span', { class: 'detail' }, detail));
    li.addEventListener('mousedown', (e) => {
      e.preventDefault();
      choose(p);
    });
    list.append(li);
  });
  if (items.length === 0) list.append(el('li', { class: 'option none', role: 'option', 'aria-disabled': 'true' }, 'No user or group matches'));
  search.setAttribute('aria-activedescendant', items.length ? `principal-${listActive}` : '');
  list.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
}
function openPicker(open: boolean): void {
  popup.hidden = !open;
  whoButton.setAttribute('aria-expanded', String(open));
  if (open) {
    search.value = '';
    listActive = 0;
    renderList();
    search.focus();
  }
}
function choose(p: { kind: 'user' | 'group'; name: string }): void {
  openPicker(false);
  whoButton.focus();
  if (!state) return;
  void show({ ...state, principal: { kind: p.kind, name: p.name }, scrollTop: 0 });
}
whoButton.addEventListener('click', () => openPicker(popup.hidden));
search.addEventListener('input', () => {
  listActive = 0;
  renderList();
});
search.addEventListener('keydown', (e) => {
  const items = matches();
  if (e.key === 'ArrowDown') listActive = Math.min(items.length - 1, listActive + 1);
  else if (e.key === 'ArrowUp') listActive = Math.max(0, listActive - 1);
  else if (e.key === 'Enter') {
    // preventDefault: otherwise the Enter also activates the button that gets the focus back.
    e.preventDefault();
    if (items[listActive]) choose(items[listActive]);
    return;
  } else if (e.key === 'Escape') {
    e.preventDefault();
    openPicker(false);
    whoButton.focus();
    return;
  } else return;
  e.preventDefault();
  renderList();
});
search.addEventListener('blur', () => setTimeout(() => !popup.contains(document.activeElement) && openPicker(false), 100));

/** Shows the header (summary, banner, compare bar, tabs) with the diff counts that waited for it. */
function showHeader(): void {
  headerWaits = false;
  if (nextDiffs) diffs = nextDiffs;
  nextDiffs = undefined;
  renderSummary();
  renderBanner();
  renderCompare();
  renderTabs();
}

function renderTabs(): void {
  tabs.textContent = '';
  const b = state?.compareWith;
  for (const c of counts) {
    const selected = c.table === state?.table;
    const d = b ? diffs.find((x) => x.table === c.table) : undefined;
    const diffLabel = d && b ? `${d.onlyA} rows only ${label(state!.principal)} sees, ${d.onlyB} only ${label(b)} sees, ${d.both} both` : '';
    const count = d
      ? el('span', { class: 'count diff', 'aria-label': diffLabel }, el('span', { class: 'only-a' }, `+${d.onlyA.toLocaleString('en-US')}`), ' / ', el('span', { class: 'only-b' }, `−${d.onlyB.toLocaleString('en-US')}`))
      : c.error
        ? el('span', { class: 'count error', 'aria-label': `not loaded: ${c.error}` }, 'not loaded')
        : el('span', { class: 'count', 'aria-label': `${c.visible} of ${c.total} rows visible` }, `${c.visible.toLocaleString('en-US')} / ${c.total.toLocaleString('en-US')}`);
    const tab = el(
      'button',
      { role: 'tab', class: 'tab', 'aria-selected': String(selected), 'aria-controls': 'grid', tabindex: selected ? '0' : '-1', 'data-table': c.table, title: c.error ? `not loaded: ${c.error}` : d ? diffLabel : `${c.visible} of ${c.total} rows visible` },
      ...(c.error ? [icon('error', 'tab-error')] : []),
      el('span', { class: 'tab-name' }, c.table),
      count,
    );
    tab.addEventListener('click', () => selectTable(c.table));
    tabs.append(tab);
  }
}
tabs.addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
  const i = counts.findIndex((c) => c.table === state?.table);
  const n = counts.length;
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : (i + (e.key === 'ArrowLeft' ? -1 : 1) + n) % n;
  if (counts[next]) {
    selectTable(counts[next].table);
    (tabs.children[next] as HTMLElement | undefined)?.focus();
  }
  e.preventDefault();
});

function selectTable(table: string): void {
  if (!state || state.table === table) return;
  state.table = table;
  state.sort = [];
  state.filters = [];
  pendingScrollTop = 0;
  renderTabs();
  void loadTable();
}

hiddenToggle.addEventListener('change', () => {
  if (!state) return;
  state.includeHidden = hiddenToggle.checked;
  pendingScrollTop = scroller.scrollTop;
  void loadTable();
});

const samePrincipal = (x: { kind: string; name: string } | undefined, y: { kind: string; name: string } | undefined) => !!x && !!y && x.kind === y.kind && x.name === y.name;

function renderCompare(): void {
  compareSelect.textContent = '';
  compareSelect.append(el('option', { value: '' }, 'nobody (no diff)'));
  principals.forEach((p, i) => {
    if (samePrincipal(p, state?.principal)) return;
    const o = el('option', { value: String(i) }, p.kind === 'group' ? `group "${p.name}"` : p.name);
    if (samePrincipal(p, state?.compareWith)) o.selected = true;
    compareSelect.append(o);
  });
  const diff = !!state?.compareWith;
  differencesLabel.hidden = !diff;
  differencesToggle.checked = !!state?.differencesOnly;
  hiddenToggle.disabled = diff;
  hiddenToggle.title = diff ? 'Not in diff mode' : '';
}

compareSelect.addEventListener('change', () => {
  if (!state) return;
  const p = compareSelect.value === '' ? undefined : principals[Number(compareSelect.value)];
  void show({ ...state, compareWith: p ? { kind: p.kind, name: p.name } : undefined, scrollTop: 0 });
});
differencesToggle.addEventListener('change', () => {
  if (!state) return;
  state.differencesOnly = differencesToggle.checked;
  pendingScrollTop = 0;
  void loadTable();
});

/** The last export's outcome, shown in the status line until the query changes. */
let notice: string | undefined;
exportButton.addEventListener('click', async () => {
  if (!state?.table) return;
  const table = state.table;
  exportButton.disabled = true;
  notice = `exporting ${table}…`;
  setStatus();
  try {
    const r = await ask('exportCsv', { ref: state.ref, principal: state.principal, table, sort: state.sort ?? [], filters: state.filters ?? [] });
    notice = r ? `${r.cancelled ? 'export cancelled after' : 'exported'} ${r.rows.toLocaleString('en-US')} rows of ${table} to ${r.file}` : undefined;
  } catch (e) {
    notice = `export failed: ${(e as Error).message}`;
  } finally {
    exportButton.disabled = false;
  }
  setStatus();
});
copyButton.addEventListener('click', () => void copy('row'));
refreshButton.addEventListener('click', () => void refresh());

// ---------------------------------------------------------------- grid: header and filters

const numeric = (c: Column) => c.type === 'BIGINT' || c.type === 'DOUBLE';
function width(c: Column): number {
  // Header: name, type and sort arrow side by side; cells: at least 14 characters of text.
  return Math.max(90, Math.min(340, 40 + 7.5 * Math.max(c.name.length + c.type.length + 1, c.type === 'VARCHAR' ? 14 : 8)));
}
const REASON_WIDTH = 360;
/** Diff mode: a principal to compare with is picked. */
const diffMode = () => !!state?.compareWith;
/** The leading column: "Why hidden" with hidden rows, "Seen by" in diff mode. */
const showReasons = () => diffMode() || !!state?.includeHidden;

function template(): string {
  // The reason comes first: why a row is hidden matters more than its cells.
  return [...(showReasons() ? [`${REASON_WIDTH}px`] : []), ...columns.map((c) => `${width(c)}px`)].join(' ');
}

function renderHead(): void {
  const cols = template();
  headerRow.style.gridTemplateColumns = cols;
  filterRow.style.gridTemplateColumns = cols;
  headerRow.textContent = '';
  filterRow.textContent = '';
  const shift = showReasons() ? 1 : 0;
  scroller.setAttribute('aria-colcount', String(columns.length + shift));
  if (showReasons()) {
    headerRow.append(el('div', { class: 'cell reason-head', role: 'columnheader', 'aria-colindex': '1' }, el('span', { class: 'col-name' }, diffMode() ? 'Seen by' : 'Why hidden')));
    filterRow.append(el('div', { class: 'cell', role: 'gridcell', 'aria-colindex': '1' }));
  }
  columns.forEach((c, i) => {
    const key = state?.sort?.findIndex((k) => k.column === c.name) ?? -1;
    const dir = key >= 0 ? (state!.sort![key].descending ? 'descending' : 'ascending') : 'none';
    const button = el(
      'button',
      { class: 'sort', title: `Sort by ${c.name} (shift-click: add as a further key)`, 'aria-label': `${c.name}, ${c.type}, sorted ${dir}; activate to sort` },
      el('span', { class: 'col-name' }, c.name),
      el('span', { class: 'col-type' }, c.type.toLowerCase()),
      el('span', { class: 'sort-arrow', 'aria-hidden': 'true' }, ...(dir === 'none' ? [] : [icon(dir === 'ascending' ? 'arrow-up' : 'arrow-down'), key >= 0 && state!.sort!.length > 1 ? String(key + 1) : ''])),
    );
    button.addEventListener('click', (e) => toggleSort(c.name, e.shiftKey));
    headerRow.append(el('div', { class: `cell${numeric(c) ? ' num' : ''}`, role: 'columnheader', 'aria-colindex': String(i + 1 + shift), 'aria-sort': dir }, button));
    const f = state?.filters?.find((x) => x.column === c.name);
    const input = el('input', {
      type: 'text',
      class: 'filter',
      placeholder: 'filter…',
      spellcheck: 'false',
      'aria-label': `Filter ${c.name}: text contains (any case); =text equals; :null NULL cells`,
      title: 'contains (any case) · =text equals · :null only NULL cells',
    });
    input.value = f ? (f.op === 'is-null' ? ':null' : f.op === 'equals' ? `=${f.value}` : (f.value ?? '')) : '';
    // The filter icon, filled while the column has a filter.
    const mark = icon(f ? 'filter-filled' : 'filter', 'filter-icon');
    input.addEventListener('input', () => {
      mark.className = `codicon codicon-${input.value.trim() ? 'filter-filled' : 'filter'} filter-icon`;
      filterChanged(c.name, input.value);
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') filterChanged(c.name, input.value, 0);
      else if (e.key === 'Escape' && input.value !== '') {
        // Escape clears the filter (a second Escape leaves it alone).
        e.preventDefault();
        input.value = '';
        mark.className = 'codicon codicon-filter filter-icon';
        filterChanged(c.name, '', 0);
      }
    });
    filterRow.append(el('div', { class: 'cell filter-cell', role: 'gridcell', 'aria-colindex': String(i + 1 + shift) }, mark, input));
  });
}

function toggleSort(column: string, add: boolean): void {
  if (!state) return;
  const sort = state.sort ?? [];
  const at = sort.findIndex((k) => k.column === column);
  let next: typeof sort;
  if (at < 0) next = add ? [...sort, { column, descending: false }] : [{ column, descending: false }];
  else if (!sort[at].descending) next = sort.map((k, i) => (i === at ? { column, descending: true } : k)).filter((_, i) => add || i === at);
  else next = sort.filter((_, i) => i !== at && add);
  state.sort = next;
  pendingScrollTop = 0;
  void loadTable();
}

let filterTimer: ReturnType<typeof setTimeout> | undefined;
function filterChanged(column: string, text: string, delay = 300): void {
  if (!state) return;
  const others = (state.filters ?? []).filter((f) => f.column !== column);
  const t = text.trim();
  const f = t === '' ? undefined : t.toLowerCase() === ':null' ? { column, op: 'is-null' as const } : t.startsWith('=') ? { column, op: 'equals' as const, value: t.slice(1) } : { column, op: 'contains' as const, value: t };
  state.filters = f ? [...others, f] : others;
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => {
    pendingScrollTop = 0;
    void loadTable(false);
  }, delay);
}

// ---------------------------------------------------------------- grid: virtualized body

/** Maps scroll position to rows when the table is taller than the browser allows. */
function geometry() {
  const full = rowCount * ROW_HEIGHT;
  const height = Math.min(full, MAX_SCROLL_PX);
  const view = Math.max(0, scroller.clientHeight - head.offsetHeight);
  const ratio = full > height ? (full - view) / Math.max(1, height - view) : 1;
  return { full, height, view, ratio };
}

/** The virtual offset (px into the full table) at the current scroll position. */
function virtualTop(): number {
  return scroller.scrollTop * geometry().ratio;
}

function cellNode(v: GridCell, c: Column | undefined): Node {
  if (v === null) return el('span', { class: 'null', title: 'NULL' }, 'NULL');
  if (v === '') return el('span', { class: 'empty', title: 'empty text', 'aria-label': 'empty text' });
  return document.createTextNode(typeof v === 'number' && c?.type === 'DOUBLE' && Number.isInteger(v) && Math.abs(v) < 1e15 ? `${v}.0` : String(v));
}

function rowAt(i: number): { cells: GridCell[]; rowId: number; hidden: boolean; reason: string | null; side?: 'a' | 'b' | 'both' } | undefined {
  const p = pages.get(Math.floor(i / PAGE_SIZE));
  if (!p) return undefined;
  const k = i - p.offset;
  if (k < 0 || k >= p.rows.length) return undefined;
  const rowId = p.rowIds[k];
  const hidden = !!p.hidden?.[k];
  return { cells: p.rows[k], rowId, hidden, reason: hidden ? (p.reasons?.[k] || reasons.get(rowId) || null) : '', side: p.side?.[k] };
}

function render(): void {
  const { height, ratio } = geometry();
  body.style.height = `${height}px`;
  scroller.setAttribute('aria-rowcount', String(rowCount + 2));
  const vtop = scroller.scrollTop * ratio;
  const first = Math.max(0, Math.floor(vtop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rowCount - 1, Math.ceil((vtop + scroller.clientHeight) / ROW_HEIGHT) + OVERSCAN);
  const cols = template();
  const nodes: HTMLElement[] = [];
  const wanted = new Set<number>();
  const unexplained: number[] = [];
  for (let i = first; i <= last; i++) {
    const r = rowAt(i);
    if (!r) wanted.add(Math.floor(i / PAGE_SIZE));
    const sideClass = r?.side === 'a' ? ' only-a' : r?.side === 'b' ? ' only-b' : '';
    const row = el('div', { class: `row${r?.hidden ? ' hidden-row' : ''}${sideClass}${r ? '' : ' loading'}`, role: 'row', 'aria-rowindex': String(i + 3), 'data-index': String(i) });
    if (r?.side) row.dataset.side = r.side;
    if (r) row.dataset.rowId = String(r.rowId);
    row.style.gridTemplateColumns = cols;
    // Rows sit at their virtual offset relative to the scroll position (exact when not scaled).
    row.style.transform = `translateY(${Math.round(scroller.scrollTop + (i * ROW_HEIGHT - vtop))}px)`;
    const shift = showReasons() ? 1 : 0;
    const n = columns.length + shift;
    for (let j = 0; j < n; j++) {
      const isReason = shift === 1 && j === 0;
      const c = isReason ? undefined : columns[j - shift];
      const cell = el('div', { class: `cell${c && numeric(c) ? ' num' : ''}${isReason ? ' reason' : ''}`, role: 'gridcell', 'aria-colindex': String(j + 1), id: `cell-${i}-${j}` });
      if (i === active.row && j === active.col) {
        cell.classList.add('active');
        cell.setAttribute('aria-selected', 'true');
      }
      if (r) {
        if (isReason && r.side) {
          const text = r.side === 'a' ? `+ only ${label(state!.principal)}` : r.side === 'b' ? `− only ${label(state!.compareWith!)}` : 'both';
          cell.textContent = text;
          cell.title = text;
          cell.classList.add(`side-${r.side}`);
        } else if (isReason) {
          if (r.hidden) {
            if (r.reason) {
              cell.textContent = r.reason;
              cell.title = r.reason;
            } else {
              cell.append(icon('loading', 'codicon-modifier-spin'), el('span', { class: 'null' }, 'explaining…'));
              if (!reasonsPending.has(r.rowId)) unexplained.push(r.rowId);
            }
          }
        } else cell.append(cellNode(r.cells[j - shift], c));
      }
      row.append(cell);
    }
    if (r?.hidden) row.setAttribute('aria-label', `hidden row${r.reason ? `: ${r.reason}` : ''}`);
    else if (r?.side === 'a' || r?.side === 'b') row.setAttribute('aria-label', r.side === 'a' ? `only ${label(state!.principal)} sees this row` : `only ${label(state!.compareWith!)} sees this row`);
    nodes.push(row);
  }
  body.replaceChildren(...nodes);
  scroller.setAttribute('aria-activedescendant', `cell-${active.row}-${active.col}`);
  for (const p of wanted) void fetchPage(p);
  if (unexplained.length) queueReasons(unexplained);
  evict(first, last);
}

function evict(first: number, last: number): void {
  if (pages.size <= KEPT_PAGES) return;
  const mid = (first + last) / 2 / PAGE_SIZE;
  const far = [...pages.keys()].sort((a, b) => Math.abs(b - mid) - Math.abs(a - mid));
  for (const p of far.slice(0, pages.size - KEPT_PAGES)) pages.delete(p);
}

function pageParams(offset: number, limit: number) {
  const s = state!;
  if (s.compareWith) return { ref: s.ref, principal: s.principal, table: s.table!, offset, limit, sort: s.sort ?? [], filters: s.filters ?? [], compareWith: s.compareWith, differencesOnly: !!s.differencesOnly };
  return { ref: s.ref, principal: s.principal, table: s.table!, offset, limit, sort: s.sort ?? [], filters: s.filters ?? [], includeHidden: !!s.includeHidden };
}

async function fetchPage(p: number): Promise<void> {
  if (!state?.table || pending.has(p) || pages.has(p)) return;
  const gen = generation;
  pending.add(p);
  setStatus();
  try {
    const page = await ask('page', pageParams(p * PAGE_SIZE, PAGE_SIZE));
    if (gen !== generation) return;
    if (page.generation !== dataGeneration) {
      // Computed on other data than the rows on screen: never appended, everything reloads.
      pending.delete(p);
      stale();
      return;
    }
    pages.set(p, page);
    pending.delete(p);
    render();
  } catch (e) {
    if (gen !== generation) return;
    pending.delete(p);
    error = (e as Error).message;
  } finally {
    if (gen === generation) setStatus();
  }
}

function queueReasons(ids: number[]): void {
  for (const id of ids) reasonsPending.add(id);
  clearTimeout(reasonTimer);
  reasonTimer = setTimeout(() => void fetchReasons(), 120);
}

async function fetchReasons(): Promise<void> {
  if (!state?.table) return;
  const gen = generation;
  const ids = [...reasonsPending].filter((id) => !reasons.has(id)).slice(0, REASON_BATCH);
  if (ids.length === 0) return;
  try {
    const answer = await ask('reasons', { ref: state.ref, principal: state.principal, table: state.table, rowIds: ids });
    if (gen !== generation) return;
    if (otherData(generationOf(answer))) {
      // Reasons of other data than the rows on screen: never shown; everything reloads (as for a page).
      for (const id of ids) reasonsPending.delete(id);
      stale();
      return;
    }
    for (const r of answer) reasons.set(r.rowId, r.reason);
    for (const id of ids) if (!reasons.has(id)) reasons.set(id, 'hidden');
  } catch (e) {
    if (gen !== generation) return;
    for (const id of ids) reasons.set(id, `cannot explain: ${(e as Error).message}`);
  }
  for (const id of ids) reasonsPending.delete(id);
  render();
  if (reasonsPending.size) queueReasons([]);
}

function setStatus(): void {
  status.classList.toggle('error', !!error);
  spinner.hidden = !!error || pending.size === 0;
  if (error) {
    status.textContent = error;
    return;
  }
  const filtered = (state?.filters?.length ?? 0) > 0;
  const loading = pending.size > 0 ? ' · loading…' : '';
  const d = state?.compareWith ? diffs.find((x) => x.table === state!.table) : undefined;
  const what = d
    ? `${label(state!.principal)}: ${d.onlyA.toLocaleString('en-US')} rows only they see · ${label(state!.compareWith!)}: ${d.onlyB.toLocaleString('en-US')} only they see · ${d.both.toLocaleString('en-US')} both`
    : state?.includeHidden ? `${totalCount.toLocaleString('en-US')} rows, ${(totalCount - visibleCount).toLocaleString('en-US')} hidden` : `${visibleCount.toLocaleString('en-US')} of ${totalCount.toLocaleString('en-US')} rows visible`;
  status.textContent = `${what}${filtered ? ` · ${rowCount.toLocaleString('en-US')} match the filters` : ''}${loading}${notice ? ` · ${notice}` : ''}`;
  scroller.setAttribute('aria-busy', String(pending.size > 0));
}

/** What the grid says instead of rows, with VS Code's icon for its kind (a bare string is an error). */
type GridMessage = string | { text: string; icon: 'error' | 'warning' | 'info' | 'filter' };

function showMessage(m: GridMessage | undefined): void {
  const { text, icon: kind } = typeof m === 'string' ? { text: m, icon: 'error' } : (m ?? { text: '', icon: 'info' });
  message.hidden = !text;
  message.className = `message ${kind}`;
  message.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  message.replaceChildren(...(text ? [icon(kind, 'message-icon'), el('span', { class: 'message-text' }, text)] : []));
}

/** Fetches the first page of the current query (columns and row count), then renders. */
async function loadTable(rebuildHead = true): Promise<void> {
  if (!state?.table) return;
  const gen = ++generation;
  if (detailsFor && detailsFor.table !== state.table) closeDetails();
  pages.clear();
  pending.clear();
  reasons.clear();
  reasonsPending.clear();
  error = undefined;
  hiddenToggle.checked = !!state.includeHidden;
  saveState();
  const scrollTo = pendingScrollTop;
  pendingScrollTop = undefined;
  // The first page at the row we scroll back to, so a refresh keeps the place.
  const firstPage = 0;
  loading(true);
  notice = undefined;
  pending.add(firstPage);
  setStatus();
  let page: PageResult;
  try {
    page = await ask('page', pageParams(firstPage * PAGE_SIZE, PAGE_SIZE));
  } catch (e) {
    if (gen !== generation) return;
    pending.clear();
    loading(false);
    error = (e as Error).message;
    setStatus();
    showMessage(`Cannot show ${state.table}: ${error}`);
    return;
  }
  if (gen !== generation) return;
  pending.clear();
  // The header, tabs and first page must come from the same data (a load in between: again).
  const tabCount = counts.find((c) => c.table === page.table);
  const countsDiffer = !state.compareWith && tabCount !== undefined && (tabCount.visible !== page.visible || tabCount.total !== page.total);
  // Every tab's counts and the diff counts too, by their generation (when they carry one).
  const of = (g: number | undefined) => g !== undefined && g !== page.generation;
  if (page.generation !== summary?.generation || countsDiffer || of(generationOf(counts)) || of(generationOf(nextDiffs ?? diffs))) {
    loading(false);
    stale();
    return;
  }
  staleReloads = 0;
  dataGeneration = page.generation;
  // The first page of the header's generation: header, tabs and rows change together.
  if (headerWaits) showHeader();
  loading(false);
  const sameColumns = columns.length === page.columns.length && columns.every((c, i) => c.name === page.columns[i].name && c.type === page.columns[i].type);
  columns = page.columns;
  rowCount = page.filtered;
  visibleCount = page.visible;
  totalCount = page.total;
  pages.set(firstPage, page);
  if (rebuildHead || !sameColumns) renderHead();
  else renderHead(); // sort arrows and aria-sort change with the query
  scroller.setAttribute('aria-label', `${state.table} as ${label(state.principal)}`);
  showMessage(emptyText(page));
  active = { row: Math.min(active.row, Math.max(0, rowCount - 1)), col: Math.min(active.col, Math.max(0, columns.length - 1)) };
  if (scrollTo !== undefined) {
    body.style.height = `${geometry().height}px`;
    scroller.scrollTop = scrollTo;
  }
  setStatus();
  render();
}

function emptyText(page: PageResult): GridMessage | undefined {
  if (page.filtered > 0 || !state) return undefined;
  const who = label(state.principal);
  const failed = counts.find((c) => c.table === page.table)?.error;
  if (failed) return { icon: 'error', text: `${page.table} is not loaded: ${failed}. Fix the data file (or its connection) and save: the panel refreshes.` };
  if ((state.filters?.length ?? 0) > 0) return { icon: 'filter', text: 'No row matches the filters. Clear a filter (Escape in it) to see more rows.' };
  if (page.total === 0) return { icon: 'info', text: `${page.table} has no rows (or its data file could not be read).` };
  if (summary && summary.switchOn && !summary.applicable && summary.unlimited.length === 0) return { icon: 'warning', text: `${who} sees no rows: no permission applies to them (default deny). Add a rule for them (Open permissions, above), or turn on "Show hidden rows" to see every row and why it is hidden.` };
  return { icon: 'info', text: `${who} sees none of the ${page.total.toLocaleString('en-US')} rows of ${page.table}. Turn on "Show hidden rows" to see why.` };
}

let scrollFrame = 0;
scroller.addEventListener('scroll', () => {
  if (scrollFrame) return;
  scrollFrame = requestAnimationFrame(() => {
    scrollFrame = 0;
    render();
    saveState();
  });
});
new ResizeObserver(() => render()).observe(scroller);

// ---------------------------------------------------------------- details pane: the full explanation of a row

/** The row the details pane explains (its row id in the current table), or undefined when closed. */
let detailsFor: { table: string; rowId: number } | undefined;
let detailsGen = 0;

function closeDetails(): void {
  detailsFor = undefined;
  detailsGen++;
  details.hidden = true;
  details.textContent = '';
}

/** Opens the details pane for the row at grid index `i`: the engine's full explanation for it. */
async function openDetails(i: number): Promise<void> {
  const r = rowAt(i);
  if (!state?.table || !r) return;
  await explainInPane(r.rowId);
}

/** Shows the engine's full explanation of this row (by row id) of the current table in the details pane. */
async function explainInPane(rowId: number): Promise<void> {
  if (!state?.table) return;
  const r = { rowId };
  const gen = ++detailsGen;
  const who = label(state.principal);
  detailsFor = { table: state.table, rowId: r.rowId };
  const close = el('button', { class: 'details-close', title: 'Close (Escape)', 'aria-label': 'Close the explanation' }, icon('close'));
  close.addEventListener('click', () => {
    closeDetails();
    scroller.focus();
  });
  const heading = el('h2', { class: 'details-title' }, `${state.table} row ${r.rowId + 1} as ${who}`);
  details.replaceChildren(el('div', { class: 'details-head' }, heading, close), el('div', { class: 'details-body' }, el('span', { class: 'null' }, 'explaining…')));
  details.hidden = false;
  details.setAttribute('aria-busy', 'true');
  let e: ExplainRowResult;
  try {
    e = await ask('explainRow', { ref: state.ref, principal: state.principal, table: state.table, rowId: r.rowId });
  } catch (err) {
    if (gen !== detailsGen) return;
    details.lastElementChild!.replaceChildren(el('p', { class: 'error' }, `Cannot explain this row: ${(err as Error).message}`));
    details.setAttribute('aria-busy', 'false');
    return;
  }
  if (gen !== detailsGen) return;
  details.setAttribute('aria-busy', 'false');
  const bodyNode = details.lastElementChild!;
  if (e && otherData(e.generation)) {
    // Explained on other data than the row on screen: not shown; the panel reloads (and asks again).
    bodyNode.replaceChildren(el('span', { class: 'null' }, 'the data changed; reloading…'));
    stale();
    return;
  }
  if (!e) {
    bodyNode.replaceChildren(el('p', { class: 'error' }, 'This row is no longer in the table (the data changed); refresh to see the current rows.'));
    return;
  }
  const verdict = el('p', { class: `verdict ${e.visible ? 'visible' : 'hidden'}` }, e.visible ? `${who} sees this row.` : `${who} does not see this row.`);
  const reasons = el('ul', { class: 'reasons', 'aria-label': 'Reasons' });
  for (const x of e.reasons) {
    const li = el(
      'li',
      { class: `reason-item ${x.passed ? 'passed' : 'failed'}`, 'data-kind': x.kind },
      el('span', { class: 'mark', role: 'img', 'aria-label': x.passed ? 'passes' : 'fails' }, icon(x.passed ? 'pass' : 'error')),
      el('span', { class: 'reason-text' }, (x.principal ? `${x.principal}: ` : '') + x.text),
    );
    if (x.sources.length) li.append(el('span', { class: 'sources' }, x.sources.join(', ')));
    reasons.append(li);
  }
  const cells = el('dl', { class: 'row-cells', 'aria-label': 'The row' });
  for (const [k, v] of Object.entries(e.row)) cells.append(el('dt', {}, k), el('dd', {}, v === null ? el('span', { class: 'null' }, 'NULL') : v === '' ? el('span', { class: 'empty', 'aria-label': 'empty text' }, '""') : v));
  bodyNode.replaceChildren(verdict, reasons, cells);
}

// ---------------------------------------------------------------- copy: Ctrl+C a cell, Ctrl+Shift+C or the context menu a row as CSV

/**
 * What a copy puts on the clipboard: the active cell as text (NULL as nothing, DOUBLE 12 as
 * 12.0, the reason or diff column as shown), or the row as CSV with its header line (the CLI's
 * convention: NULL an empty unquoted cell, '' as ""). undefined when the row is not loaded.
 */
function copyText(what: 'cell' | 'row', i: number, col: number): string | undefined {
  const r = rowAt(i);
  if (!r) return undefined;
  const shift = showReasons() ? 1 : 0;
  if (what === 'row') return toCsv(columns, [r.cells.map((v, j) => csvText(v, columns[j]))]);
  if (col < shift) return document.getElementById(`cell-${i}-${col}`)?.textContent ?? '';
  const c = columns[col - shift];
  return c ? (csvText(r.cells[col - shift], c) ?? '') : undefined;
}

async function copy(what: 'cell' | 'row', i = active.row, col = active.col): Promise<void> {
  const text = copyText(what, i, col);
  if (text === undefined) return;
  try {
    await navigator.clipboard.writeText(text);
    notice = what === 'row' ? `copied row ${i + 1} as CSV` : 'copied the cell';
  } catch (e) {
    notice = `cannot copy: ${(e as Error).message}`;
  }
  setStatus();
}

const menu = el('ul', { class: 'context-menu', role: 'menu', 'aria-label': 'Row actions' });
menu.hidden = true;
app.append(menu);
function menuItem(text: string, keys: string, run: () => void): HTMLElement {
  const li = el('li', { role: 'menuitem', tabindex: '-1', class: 'menu-item' }, el('span', {}, text), el('span', { class: 'keys' }, keys));
  li.addEventListener('click', () => {
    closeMenu();
    run();
  });
  li.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      closeMenu();
      run();
    }
  });
  return li;
}
function closeMenu(): void {
  if (menu.hidden) return;
  menu.hidden = true;
  scroller.focus({ preventScroll: true });
}
function openMenu(x: number, y: number): void {
  const { row, col } = active;
  menu.replaceChildren(menuItem('Copy cell', 'Ctrl+C', () => void copy('cell', row, col)), menuItem('Copy row as CSV', 'Ctrl+Shift+C', () => void copy('row', row, col)), menuItem('Explain this row', 'Enter', () => void openDetails(row)));
  menu.hidden = false;
  menu.style.left = `${Math.min(x, window.innerWidth - menu.offsetWidth - 4)}px`;
  menu.style.top = `${Math.min(y, window.innerHeight - menu.offsetHeight - 4)}px`;
  (menu.firstElementChild as HTMLElement | null)?.focus();
}
menu.addEventListener('keydown', (e) => {
  const items = Array.from(menu.children) as HTMLElement[];
  const at = items.indexOf(document.activeElement as HTMLElement);
  if (e.key === 'Escape') closeMenu();
  else if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
  else if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
  else return;
  e.preventDefault();
});
menu.addEventListener('focusout', () => setTimeout(() => !menu.contains(document.activeElement) && (menu.hidden = true), 0));
body.addEventListener('contextmenu', (e) => {
  const cell = (e.target as HTMLElement).closest('.cell');
  const row = cell?.parentElement;
  if (!cell || !row?.dataset.index || !row.dataset.rowId) return;
  e.preventDefault();
  active = { row: Number(row.dataset.index), col: Number(cell.getAttribute('aria-colindex')) - 1 };
  render();
  openMenu(e.clientX, e.clientY);
});

// ---------------------------------------------------------------- keyboard navigation

function scrollToRow(i: number): void {
  const { ratio, view } = geometry();
  const top = i * ROW_HEIGHT;
  const vtop = virtualTop();
  if (top < vtop) scroller.scrollTop = top / ratio;
  else if (top + ROW_HEIGHT > vtop + view) scroller.scrollTop = (top + ROW_HEIGHT - view) / ratio;
}

scroller.addEventListener('keydown', (e) => {
  if (e.target !== scroller) return;
  const n = columns.length + (showReasons() ? 1 : 0);
  const pageRows = Math.max(1, Math.floor(geometry().view / ROW_HEIGHT) - 1);
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c') {
    e.preventDefault();
    void copy(e.shiftKey ? 'row' : 'cell');
    return;
  }
  if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
    e.preventDefault();
    const r = document.getElementById(`cell-${active.row}-${active.col}`)?.getBoundingClientRect();
    openMenu(r?.left ?? 0, r?.bottom ?? 0);
    return;
  }
  let { row, col } = active;
  switch (e.key) {
    case 'ArrowDown':
      row++;
      break;
    case 'ArrowUp':
      row--;
      break;
    case 'ArrowRight':
      col++;
      break;
    case 'ArrowLeft':
      col--;
      break;
    case 'PageDown':
      row += pageRows;
      break;
    case 'PageUp':
      row -= pageRows;
      break;
    case 'Home':
      if (e.ctrlKey) row = 0;
      else col = 0;
      break;
    case 'End':
      if (e.ctrlKey) row = rowCount - 1;
      else col = n - 1;
      break;
    case 'Enter':
      e.preventDefault();
      void openDetails(active.row);
      return;
    case 'Escape':
      if (details.hidden) return;
      e.preventDefault();
      closeDetails();
      return;
    default:
      return;
  }
  e.preventDefault();
  active = { row: Math.max(0, Math.min(rowCount - 1, row)), col: Math.max(0, Math.min(n - 1, col)) };
  scrollToRow(active.row);
  render();
  document.getElementById(`cell-${active.row}-${active.col}`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
});
body.addEventListener('click', (e) => {
  const cell = (e.target as HTMLElement).closest('.cell');
  const row = cell?.parentElement;
  if (!cell || !row?.dataset.index) return;
  active = { row: Number(row.dataset.index), col: Number(cell.getAttribute('aria-colindex')) - 1 };
  scroller.focus({ preventScroll: true });
  render();
  void openDetails(active.row);
});
details.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape') return;
  e.preventDefault();
  closeDetails();
  scroller.focus();
});

// ---------------------------------------------------------------- showing an analysis

async function show(next: PanelState): Promise<void> {
  const gen = ++generation;
  const refChanged = !state || state.ref.pool !== next.ref.pool || state.ref.name !== next.ref.name;
  loading(true);
  const principalChanged = !state || state.principal.kind !== next.principal.kind || state.principal.name !== next.principal.name;
  if (refChanged || principalChanged) closeDetails();
  state = { ...next };
  error = undefined;
  summary = undefined;
  renderSummary();
  renderBanner();
  hiddenToggle.checked = !!state.includeHidden;
  const key = `${next.ref.pool}\u0000${next.ref.name}`;
  try {
    const [p, c, s, d] = await Promise.all([
      refChanged || principalsFor !== key ? ask('principals', { ref: next.ref }) : Promise.resolve(principals),
      ask('counts', { ref: next.ref, principal: next.principal }),
      ask('summary', { ref: next.ref, principal: next.principal }),
      next.compareWith && !samePrincipal(next.compareWith, next.principal) ? ask('diffCounts', { ref: next.ref, a: next.principal, b: next.compareWith }) : Promise.resolve([]),
    ]);
    if (gen !== generation) return;
    principals = p;
    principalsFor = key;
    counts = c;
    summary = s;
    // Rows on screen of other data than these answers (a reload, a load between the requests):
    // the header and tabs wait for the first page of their data (loadTable), which checks that
    // counts, summary, diff counts and rows share one generation, and reloads otherwise.
    headerWaits = [generationOf(c), s.generation, generationOf(d)].some((g) => otherData(g));
    if (headerWaits) nextDiffs = d;
    else {
      diffs = d;
      nextDiffs = undefined;
    }
    if (samePrincipal(state.compareWith, state.principal)) state.compareWith = undefined;
  } catch (e) {
    if (gen !== generation) return;
    error = (e as Error).message;
    loading(false);
    renderSummary();
    setStatus();
    showMessage(`Cannot preview ${next.ref.name} as ${label(next.principal)}: ${error}`);
    columns = [];
    rowCount = 0;
    render();
    return;
  }
  if (!state.table || !counts.some((c) => c.table === state!.table)) {
    state.table = (counts.find((c) => c.visible > 0) ?? counts[0])?.table;
    state.sort = [];
    state.filters = [];
    next.scrollTop = 0;
  }
  if (!headerWaits || !state.table) showHeader();
  pendingScrollTop = next.scrollTop ?? 0;
  if (!state.table) {
    loading(false);
    showMessage({ icon: 'info', text: `${next.ref.name} has no tables.` });
    return;
  }
  await loadTable();
}

async function refresh(): Promise<void> {
  if (!state) return;
  const keep = { ...state, scrollTop: scroller.scrollTop };
  const explained = detailsFor;
  await show(keep);
  // The open explanation follows the edit too (the same row, asked again).
  if (explained && detailsFor === explained && state?.table === explained.table) await explainInPane(explained.rowId);
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as HostMessage;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'response') {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if ('error' in m) w.reject(new Error(m.error));
    else {
      try {
        w.resolve(decodePage(m.result as PageResult));
      } catch (e) {
        w.reject(new Error(`cannot read the page's rows: ${(e as Error).message}`));
      }
    }
  } else if (m.type === 'show') void show(m.state);
  else if (m.type === 'refresh') void refresh();
});

// The extension answers 'ready' with the state to show: a command's newer one, or this restored one.
const restored = vscode.getState();
vscode.postMessage({ type: 'ready', ...(restored ? { state: restored } : {}) });
