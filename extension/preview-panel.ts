// The preview panel: one webview panel per model or perspective, reused when asked again. The
// page (extension/webview/main.ts, bundled into dist/browser/preview-panel.js) asks for
// principals, counts, a summary, pages of rows and reasons; every message is checked
// (extension/webview/messages.ts) before it is relayed to the language server. The panel keeps
// the page's latest state, so a reload (or a window reload, through the serializer) shows the
// same user, table, sort, filters and scroll position. Edits to definition files and permission
// CSVs refresh it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { AnalysisRef } from '../engine/engine.js';
import type { PrincipalRef } from '../server/engine-api.js';
import { COUNTS_REQUEST, PAGE_REQUEST, PRINCIPALS_REQUEST, REASONS_REQUEST, SUMMARY_REQUEST } from '../server/protocol.js';
import { makeNonce, panelHtml } from './webview/html.js';
import { parseState, parseWebviewMessage, type HostMessage, type Method, type PanelState } from './webview/messages.js';

export const PREVIEW_VIEW_TYPE = 'sightline.preview';
const EXTENSION_ID = 'sightline.sightline';

const METHODS: Record<Method, string> = {
  principals: PRINCIPALS_REQUEST,
  counts: COUNTS_REQUEST,
  summary: SUMMARY_REQUEST,
  page: PAGE_REQUEST,
  reasons: REASONS_REQUEST,
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
    if (!m) return; // not one of ours, or malformed: ignored
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
      const result = await this.client.sendRequest(METHODS[m.method], m.params);
      this.post({ type: 'response', id: m.id, result });
    } catch (e) {
      this.post({ type: 'response', id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDispose();
  }
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
