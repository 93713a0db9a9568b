// Read-only documents the commands open (scheme `sightline-preview`): the counts preview,
// an explanation (markdown), a diff. The text lives in memory, keyed by URI; showing a
// document again with the same name replaces its text in the open editor.
import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'sightline-preview';

export class VirtualDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Opens (or refreshes) the document `name`; a name ending in .md opens as markdown. */
  async show(name: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: '/' + name.replace(/[\\/]/g, '∕') });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
