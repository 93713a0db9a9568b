// The preview panel: one webview panel per model or perspective, reused when asked again. The
// page (extension/webview/main.ts, bundled into dist/browser/preview-panel.js) asks for
// principals, counts, a summary, pages of rows and reasons; every message is checked
// (extension/webview/messages.ts) before it is relayed to the language server. The panel keeps
// the page's latest state, so a reload (or a window reload, through the serializer) shows the
// same user, table, sort, filters and scroll position. Edits to definition files and permission
// CSVs refresh it.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { AnalysisRef } from '../engine/engine.js';
import type { PrincipalRef } from '../server/engine-api.js';
import { COUNTS_REQUEST, DIFF_COUNTS_REQUEST, EXPLAIN_ROW_REQUEST, MAX_PAGE_ROWS, PAGE_REQUEST, type PageParams, type PageResult, PRINCIPALS_REQUEST, REASONS_REQUEST, SUMMARY_REQUEST } from '../server/protocol.js';
import { makeNonce, panelHtml } from './webview/html.js';
import { streamCsv } from './webview/csv-export.js';
import { describeRejected, parseState, parseWebviewMessage, type ExportCsvParams, type HostMessage, type Method, type PanelState } from './webview/messages.js';

export const PREVIEW_VIEW_TYPE = 'sightline.preview';
const EXTENSION_ID = 'sightline.sightline';

/** The webview's requests relayed to the language server (exportCsv and openPermissions the panel answers itself). */
const METHODS: Record<Exclude<Method, 'exportCsv' | 'openPermissions'>, string> = {
  principals: PRINCIPALS_REQUEST,
  counts: COUNTS_REQUEST,
  summary: SUMMARY_REQUEST,
  page: PAGE_REQUEST,
  reasons: REASONS_REQUEST,
  explainRow: EXPLAIN_ROW_REQUEST,
  diffCounts: DIFF_COUNTS_REQUEST,
};

const keyOf = (ref: AnalysisRef) => `${ref.pool}\u0000${ref.name}`;

class PreviewPanel {
  private state: PanelState;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    state: PanelState,
    private readonly client: LanguageClient,
    extensionUri: vscode.Uri,
    private readonly onDispose: () => void,
  ) {
    this.state = state;
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    this.title();
    const nonce = makeNonce();
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      nonce,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'browser', 'preview-panel.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'browser', 'preview-panel.css')).toString(),
      title: `Preview ${state.ref.name}`,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Shows this principal (keeping the table when it exists for them). */
  show(principal: PrincipalRef | undefined): void {
    if (principal) this.state = { ...this.state, principal, scrollTop: 0 };
    this.title();
    if (this.ready) this.post({ type: 'show', state: this.state });
    this.panel.reveal(undefined, false);
  }

  refresh(): void {
    if (this.ready) this.post({ type: 'refresh' });
  }

  private title(): void {
    const p = this.state.principal;
    this.panel.title = `${this.state.ref.name} as ${p.kind === 'group' ? `group ${p.name}` : p.name}`;
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const m = parseWebviewMessage(raw);
    if (!m) {
      // Not one of ours, or malformed: refused, never relayed, and logged (type and method only).
      this.client.outputChannel.appendLine(`[preview ${this.state.ref.name}] ${describeRejected(raw)}`);
      return;
    }
    if (m.type === 'ready') {
      // A reloaded page brings its state; a command asked since then wins (its principal differs).
      if (m.state && keyOf(m.state.ref) === keyOf(this.state.ref) && m.state.principal.kind === this.state.principal.kind && m.state.principal.name === this.state.principal.name) this.state = m.state;
      this.ready = true;
      this.post({ type: 'show', state: this.state });
      return;
    }
    if (m.type === 'state') {
      if (keyOf(m.state.ref) !== keyOf(this.state.ref)) return; // a panel stays on its analysis
      this.state = m.state;
      this.title();
      return;
    }
    // Requests stay within this panel's analysis.
    if (keyOf(m.params.ref) !== keyOf(this.state.ref)) {
      this.post({ type: 'response', id: m.id, error: 'this panel previews another model' });
      return;
    }
    try {
      const result =
        m.method === 'exportCsv' ? await this.exportCsv(m.params) : m.method === 'openPermissions' ? await openPermissions(m.params.ref) : await this.client.sendRequest(METHODS[m.method], m.params);
      this.post({ type: 'response', id: m.id, result });
    } catch (e) {
      this.post({ type: 'response', id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
  }

  /**
   * Asks where to save, then streams the rows the principal sees (sort and filters as in the
   * grid) page by page from the server into the file, with a cancellable progress notification.
   */
  private async exportCsv(params: ExportCsvParams): Promise<{ file: string; rows: number; cancelled: boolean } | null> {
    const who = params.principal.name.replace(/[^\w.@-]+/g, '_');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${params.table}-as-${who}.csv`;
    const target = await vscode.window.showSaveDialog({ title: `Export the rows ${params.principal.name} sees of ${params.table}`, filters: { CSV: ['csv'] }, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}) });
    if (!target) return null;
    const file = await fs.open(target.fsPath, 'w');
    let changed = false;
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${params.table} to ${target.fsPath}`, cancellable: true }, async (progress, token) => {
        let reported = 0;
        // Every page must come from the same data generation: a file replaced mid-export fails it
        // (and the partial file is removed) rather than mixing old and new rows.
        let generation: number | undefined;
        const fetchPage = async (offset: number, limit: number): Promise<PageResult> => {
          const page = await this.client.sendRequest<PageResult>(PAGE_REQUEST, { ref: params.ref, principal: params.principal, table: params.table, offset, limit, sort: params.sort, filters: params.filters, encoding: 'arrow' } satisfies PageParams);
          if (offset === 0) generation = page.generation;
          else if (page.generation !== generation) {
            changed = true;
            throw new Error(`the data changed during the export (after ${offset.toLocaleString('en-US')} rows), so nothing was saved: export again`);
          }
          return page;
        };
        const result = await streamCsv(
          fetchPage,
          async (text) => void (await file.write(text)),
          {
            pageRows: MAX_PAGE_ROWS,
            cancelled: () => token.isCancellationRequested,
            progress: (written, total) => {
              const pct = total > 0 ? (100 * written) / total : 100;
              progress.report({ increment: pct - reported, message: `${written.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows` });
              reported = pct;
            },
          },
        );
        return { file: target.fsPath, ...result };
      });
    } finally {
      await file.close();
      // Rows of two data generations never land in one file: a stale export is removed.
      if (changed) await fs.rm(target.fsPath, { force: true });
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDispose();
  }
}

/** Opens the `permissions for "Pool".Model` block of the analysis beside the panel; null when no .perm file has one. */
async function openPermissions(ref: AnalysisRef): Promise<{ file: string; line: number } | null> {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const header = new RegExp(`permissions\\s+for\\s+"${esc(ref.pool)}"\\s*\\.\\s*"?${esc(ref.name)}"?(?![\\w])`);
  for (const uri of await vscode.workspace.findFiles('**/*.perm', '**/node_modules/**')) {
    const doc = await vscode.workspace.openTextDocument(uri);
    const m = header.exec(doc.getText());
    if (!m) continue;
    const at = doc.positionAt(m.index);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(at, at) });
    return { file: uri.fsPath, line: at.line };
  }
  return null;
}

/** One panel per analysis; reused by later commands; restored after a window reload. */
export class PreviewPanels implements vscode.Disposable {
  private readonly panels = new Map<string, PreviewPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly client: LanguageClient) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, raw) => {
          const state = parseState(raw);
          if (!state) {
            panel.dispose();
            return;
          }
          this.adopt(panel, state);
        },
      }),
    );
    // Live: a changed definition file or permission table refreshes every panel (the server
    // reloads the engine; its queries wait for the newest snapshot).
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{pool,perm,csv,parquet,lock}');
    const changed = () => this.scheduleRefresh();
    this.disposables.push(
      watcher,
      watcher.onDidChange(changed),
      watcher.onDidCreate(changed),
      watcher.onDidDelete(changed),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.languageId === 'sightline' || e.document.fileName.endsWith('.csv')) changed();
      }),
    );
  }

  open(ref: AnalysisRef, principal: PrincipalRef): void {
    const existing = this.panels.get(keyOf(ref));
    if (existing) {
      existing.show(principal);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, ref.name, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, { enableScripts: true, localResourceRoots: [this.dist()] });
    this.adopt(panel, { ref, principal }).show(undefined);
  }

  private adopt(panel: vscode.WebviewPanel, state: PanelState): PreviewPanel {
    const key = keyOf(state.ref);
    this.panels.get(key)?.panel.dispose();
    const p = new PreviewPanel(panel, state, this.client, this.extensionUri(), () => {
      if (this.panels.get(key) === p) this.panels.delete(key);
    });
    this.panels.set(key, p);
    return p;
  }

  private scheduleRefresh(): void {
    if (this.panels.size === 0) return;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      for (const p of this.panels.values()) p.refresh();
    }, 700);
  }

  private extensionUri(): vscode.Uri {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (!ext) throw new Error(`extension ${EXTENSION_ID} not found`);
    return ext.extensionUri;
  }

  private dist(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri(), 'dist');
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const p of [...this.panels.values()]) p.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
