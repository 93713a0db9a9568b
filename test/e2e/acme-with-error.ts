// The scenario both editor tests share (code-server here, VS Code desktop in test/electron):
// a copy of examples/acme with one deliberate error, and the diagnostics `sightline check`
// reports for that copy, which the editor must show.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { run } from './run.js';

export const ROOT = process.cwd();
export const ACME = path.join(ROOT, 'examples', 'acme');
export const ERROR_FILE = 'permissions/accounts-payable.perm';
/** Where the error is (1-based), and what check says about it. */
export const ERROR_AT = { line: 15, column: 5 };
export const ERROR_MESSAGE = 'model AccountsPayable has no table Vendor (did you mean "Vendors"?)';

/** Vendors → Vendor in one rule of a copy of examples/acme: `unknown-table` with a did-you-mean. */
export function introduceError(dir: string): void {
  const file = path.join(dir, ERROR_FILE);
  const text = readFileSync(file, 'utf8');
  const broken = text.replace('    Vendors.LAND1 in "DE", "AT"', '    Vendor.LAND1 in "DE", "AT"');
  assert.notEqual(broken, text, 'examples/acme changed: the deliberate error was not introduced');
  writeFileSync(file, broken);
}

export interface CheckDiagnostic {
  /** Relative to the workspace, with forward slashes. */
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

/** What `sightline check DIR` reports (dist/cli.js), less hints, which the Problems panel leaves out. */
export async function checkDiagnostics(dir: string): Promise<CheckDiagnostic[]> {
  const all = await checkReport(dir);
  assert.ok(all.some((d) => d.severity === 'error' && d.code === 'unknown-table' && d.message === ERROR_MESSAGE), `check does not report the deliberate error:\n${all.map(diagnosticKey).join('\n')}`);
  return all;
}

/** What `sightline check DIR` reports, less hints, with or without errors. */
export async function checkReport(dir: string): Promise<CheckDiagnostic[]> {
  const out = await run(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', dir, '--format', 'json'], { timeoutMs: 60_000, okCodes: [0, 1] });
  return (JSON.parse(out) as CheckDiagnostic[]).filter((d) => d.severity !== 'hint');
}

/** One line per diagnostic, for comparing lists: `file:line:col severity message`. */
export const diagnosticKey = (d: { file: string; line: number; column: number; severity: string; message: string }) =>
  `${d.file}:${d.line}:${d.column} ${d.severity === 'information' ? 'info' : d.severity} ${d.message}`;
