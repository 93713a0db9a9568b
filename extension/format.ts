// Texts the commands show in virtual documents, and the parser for the explain input box.
// Plain functions with no `vscode` import: unit tests (test/extension/) call them directly.
import type { AnalysisRef, Condition, Explanation, TableCount, TableDiff } from '../engine/index.js';
import type { PrincipalRef } from '../server/engine-api.js';

/** Left-aligned first column, right-aligned numbers. */
function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

export const principalLabel = (p: PrincipalRef) => (p.kind === 'group' ? `group "${p.name}"` : p.name);

export function formatCounts(ref: AnalysisRef, principal: PrincipalRef, counts: TableCount[]): string {
  const pct = (c: TableCount) => (c.total === 0 ? '' : `${Math.round((100 * c.visible) / c.total)}%`);
  const head = `${ref.name} (${ref.pool}) as ${principalLabel(principal)}\n\n`;
  if (counts.length === 0) return head + 'No tables.\n';
  const body = table(['table', 'visible', 'total', 'share'], counts.map((c) => [c.table, String(c.visible), String(c.total), pct(c)]));
  const errors = counts.filter((c) => c.error).map((c) => `! ${c.table}: ${c.error}`);
  return head + body + (errors.length ? '\n' + errors.join('\n') + '\n' : '');
}

export function formatDiff(ref: AnalysisRef, a: string, b: string, diffs: TableDiff[]): string {
  const head = `${ref.name} (${ref.pool}): rows only ${a} or only ${b} sees\n\n`;
  if (diffs.length === 0) return head + 'No tables.\n';
  const same = diffs.every((d) => d.onlyA === 0 && d.onlyB === 0);
  return head + table(['table', `only ${a}`, `only ${b}`, 'both'], diffs.map((d) => [d.table, String(d.onlyA), String(d.onlyB), String(d.both)])) + (same ? '\nBoth users see exactly the same rows.\n' : '');
}

const cell = (v: string | null) => (v === null ? 'NULL' : v);
// Not `_`: underscores inside names (ZTERM_DAYS) never start emphasis, and the raw text stays readable.
const escapeMd = (s: string) => s.replace(/[\\`*[\]<>|]/g, (c) => '\\' + c);

export function formatExplanations(ref: AnalysisRef, email: string, conditions: Condition[], rows: Explanation[]): string {
  const where = conditions.map((c) => `${c.column} = ${c.value}`).join(', ');
  const out = [`# Why ${escapeMd(email)} sees a row of ${escapeMd(rows[0]?.table ?? '')} or not`, '', `${escapeMd(ref.name)} (${escapeMd(ref.pool)}), rows where ${escapeMd(where)}.`, ''];
  for (const e of rows) {
    out.push(`## Row ${e.rowId + 1}: ${e.visible ? 'VISIBLE' : 'HIDDEN'}`, '');
    const keys = Object.keys(e.row);
    out.push(`| ${keys.map(escapeMd).join(' | ')} |`, `|${keys.map(() => ' --- |').join('')}`, `| ${keys.map((k) => escapeMd(cell(e.row[k]))).join(' | ')} |`, '');
    for (const r of e.reasons) {
      const who = r.principal ? `**${escapeMd(r.principal)}**: ` : '';
      const sources = r.sources.length ? ` — ${r.sources.map((s) => '`' + s + '`').join(', ')}` : '';
      out.push(`- ${r.passed ? '✓' : '✗'} ${who}${escapeMd(r.text)}${sources}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * Parses `COLUMN = value[, COLUMN = value]` (values may be quoted to hold commas or spaces).
 * Returns the conditions, or a message saying what is wrong.
 */
export function parseConditions(input: string): Condition[] | string {
  const conditions: Condition[] = [];
  const re = /\s*([A-Za-z_][\w.]*)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^,]*?)\s*(,|$)/y;
  let at = 0;
  if (input.trim() === '') return 'Type COLUMN = value, e.g. BELNR = 5100000001';
  while (at < input.length) {
    re.lastIndex = at;
    const m = re.exec(input);
    if (!m || m[0].length === 0) return `Expected COLUMN = value at "${input.slice(at).trim()}"`;
    let value = m[2];
    if (value.startsWith('"')) value = JSON.parse(value) as string;
    else if (value.startsWith("'")) value = value.slice(1, -1);
    if (value === '') return `${m[1]} has no value: write ${m[1]} = value`;
    conditions.push({ column: m[1], value });
    at = re.lastIndex;
    if (m[3] === ',' && at >= input.length) return 'Expected another COLUMN = value after the comma';
  }
  return conditions;
}
