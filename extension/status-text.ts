// What the status bar item says for a `sightline/status` notification. Plain functions with
// no `vscode` import, so unit tests (test/extension/) check the wording without an editor.
import type { StatusParams } from '../server/protocol.js';

export interface StatusText {
  /** With $(codicon) names, as a StatusBarItem shows them. */
  text: string;
  /** For screen readers (and the e2e test): the same in words. */
  label: string;
  /** Markdown lines for the tooltip. */
  tooltip: string[];
  /** The engine failed: the item gets the error background. */
  failed: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function statusText(status: StatusParams | undefined): StatusText {
  if (!status) return { text: '$(eye) Sightline', label: 'Sightline: starting', tooltip: ['Sightline: starting the language server…'], failed: false };
  const errors = status.folders.reduce((n, f) => n + f.errors, 0);
  const warnings = status.folders.reduce((n, f) => n + f.warnings, 0);
  const files = status.folders.reduce((n, f) => n + f.files, 0);
  const e = status.engine;
  let icon = '$(eye)';
  let engine: string;
  switch (e.state) {
    case 'idle':
      engine = 'engine idle';
      break;
    case 'starting':
      icon = '$(sync~spin)';
      engine = 'engine starting';
      break;
    case 'loading':
      icon = '$(sync~spin)';
      engine = 'loading data';
      break;
    case 'ready':
      engine = `${plural(e.tables, 'table')} loaded` + (e.errors.length ? `, ${plural(e.errors.length, 'load error')}` : '');
      break;
    case 'failed':
      icon = '$(error)';
      engine = 'engine failed';
      break;
  }
  const text = `${icon} Sightline $(error) ${errors} $(warning) ${warnings}`;
  const tooltip = [`**Sightline**: ${engine}`];
  if (e.state === 'ready') tooltip.push(...e.errors.map((m) => `- ${m}`));
  if (e.state === 'failed') tooltip.push(`${e.message}` + (e.restarts ? ` (restarted ${plural(e.restarts, 'time')})` : ''));
  tooltip.push(`${plural(files, 'definition file')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  if (status.folders.length > 1) {
    for (const f of status.folders) tooltip.push(`- ${f.root}: ${plural(f.errors, 'error')}, ${plural(f.warnings, 'warning')}`);
  }
  tooltip.push('', 'Click to preview what a user sees.');
  const label = `Sightline: ${engine}; ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  return { text, label, tooltip, failed: e.state === 'failed' };
}
