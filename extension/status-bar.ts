// The Sightline status bar item: engine state, data loaded, errors and warnings, fed by the
// server's `sightline/status` notification. Clicking it opens the preview (sightline.preview).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../server/protocol.js';
import { statusText } from './status-text.js';

export function createStatusBar(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem('sightline.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Sightline';
  item.command = 'sightline.preview';
  const show = (status: StatusParams | undefined) => {
    const s = statusText(status);
    item.text = s.text;
    item.accessibilityInformation = { label: s.label };
    item.tooltip = new vscode.MarkdownString(s.tooltip.join('\n\n'), true);
    item.backgroundColor = s.failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  };
  show(undefined);
  item.show();
  context.subscriptions.push(item, client.onNotification(STATUS_NOTIFICATION, (status: StatusParams) => show(status)));
}
