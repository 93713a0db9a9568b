// Renders docs/diagnostics.md from the registry (model/diagnostic-codes.ts), so the two
// cannot drift: `npm run docs` writes it, and a test fails when it is out of date.
import { DIAGNOSTIC_CODES, type CodeInfo } from '../model/diagnostic-codes.js';

export function renderDiagnosticsDoc(): string {
  const entries = Object.entries(DIAGNOSTIC_CODES) as [string, CodeInfo][];
  const areas = [...new Set(entries.map(([, info]) => info.area))];
  const lines = [
    '# Diagnostics',
    '',
    '<!-- Generated from model/diagnostic-codes.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Every diagnostic has a stable kebab-case code. `sightline check --format json` prints it in',
    '`code`, the editor shows it beside the message, and scripts may match on it. Severities:',
    '**error** (the definition is wrong, or a permission cannot be evaluated and grants nothing,',
    '§F1), **warning** (valid, but almost certainly not what you meant), **information** (worth',
    'knowing: who is denied by default, who has unlimited access).',
    '',
    'The checks below need no rows. Checks that need the data (values that match no row, NULLs',
    'in filtered columns, parents hidden by a child-only rule) come with the engine and use the',
    'same registry.',
    '',
  ];
  for (const area of areas) {
    lines.push(`## ${area}`, '', '| Code | Severity | Spec | Meaning |', '| --- | --- | --- | --- |');
    for (const [code, info] of entries.filter(([, i]) => i.area === area)) {
      lines.push(`| \`${code}\` | ${info.severity} | ${info.spec ?? ''} | ${info.summary.replace(/\|/g, '\\|')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
