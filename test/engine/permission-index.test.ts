// Effective permissions read a permission table through an index by principal (issue 7:
// per-user work proportional to the user's rows, not the table's). This compares them, on
// random workspaces, with the straightforward reading that scans every row of every table
// for every principal (the implementation before the index), for each user (also written in
// another case), each group alone, no principal, and every user with all their groups:
// unlimited paths, rules with their sources in order, and skipped grants must be identical.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import fc from 'fast-check';
import { startNodeEngine } from '../../engine/node.js';
import { permissionSetsFor, permissionsOfPrincipals, permissionTableEntries, principalsOf, type ColumnRule, type EffectivePermissions, type GrantSource, type Principal, type PrincipalRules, type SkippedGrant, type UnlimitedPath } from '../../engine/permissions/effective.js';
import type { Analysis, AnalysisTable } from '../../engine/analysis/analysis.js';
import { checkWorkspace } from '../../language/check-workspace.js';
import type { PermissionCsvResult } from '../../model/schema/permission-csv.js';
import type { CombineMode, SourceRange } from '../../model/types.js';
import type { WorkspaceIndex } from '../../model/workspace-index.js';
import { memoryFiles } from '../support/memory-files.js';
import { definitionFilesOf, randomWorkspace } from '../support/random-workspace.js';

const ROOT = '/permission-index';
const SEED = Number(process.env.SIGHTLINE_PROP_SEED ?? 20261122);
const RUNS = Number(process.env.SIGHTLINE_PROP_RUNS_INDEX ?? 300);

/** The reading by full scan: every row of every table, matched against the principals. */
function scanned(index: WorkspaceIndex, analysis: Analysis, tables: Map<string, PermissionCsvResult>, mine: Principal[]): EffectivePermissions {
  const sets = permissionSetsFor(index, analysis);
  const switchOn = sets.some((s) => s.switchRange !== undefined);
  const mode = sets.map((s) => s.combine?.name).find((m) => m === 'by-column' || m === 'by-principal');
  const combine: CombineMode = (mode as CombineMode | undefined) ?? 'by-column';
  const matches = (kind: 'user' | 'group', name: string) => mine.find((p) => p.kind === kind && (kind === 'user' ? p.name.toLowerCase() === name.toLowerCase() : p.name === name));
  const unlimited: UnlimitedPath[] = [];
  const skipped: SkippedGrant[] = [];
  const byPrincipal = new Map<string, PrincipalRules>();
  const addRule = (principal: Principal, table: AnalysisTable, column: string, value: string | undefined, source: GrantSource) => {
    const k = `${principal.kind}:${principal.name}`;
    const entry = byPrincipal.get(k) ?? { principal, rules: new Map() };
    byPrincipal.set(k, entry);
    const columns = entry.rules.get(table.name) ?? new Map<string, ColumnRule>();
    entry.rules.set(table.name, columns);
    const rule = columns.get(column) ?? { table: table.name, column, values: new Map() };
    columns.set(column, rule);
    if (value !== undefined) rule.values.set(value, [...(rule.values.get(value) ?? []), source]);
  };
  const tableNamed = (name: string) => analysis.tables.find((t) => t.name === name);
  for (const set of sets) {
    const permFile = path.basename(set.range.file);
    for (const block of set.principals) {
      const principal = matches(block.kind, block.principal.name);
      if (!principal) continue;
      const source = (range: SourceRange): GrantSource => ({ file: range.file, line: range.start.line, where: `${permFile}:${range.start.line + 1}`, range });
      if (block.unlimited) unlimited.push({ principal, source: source(block.principal.range) });
      for (const rule of block.rules) {
        const table = tableNamed(rule.table.name);
        const why = !table ? `${analysis.name} has no ${analysis.kind === 'model' ? 'table' : 'object type'} ${rule.table.name}` : !table.columns.some((x) => x.name === rule.column.name) ? `${rule.table.name} has no column ${rule.column.name}` : undefined;
        if (why || !table) {
          skipped.push({ principal, source: source(rule.range), reason: why ?? '' });
          continue;
        }
        if (rule.values.length === 0) addRule(principal, table, rule.column.name, undefined, source(rule.range));
        for (const v of rule.values) addRule(principal, table, rule.column.name, v.name, source(v.range));
      }
    }
    for (const table of set.tables) {
      const { entries, problem, source } = permissionTableEntries(set, table, tables.get(table.file), analysis);
      if (problem) skipped.push({ source, reason: problem });
      const kind = table.principals === 'users' ? 'user' : 'group';
      for (const e of entries) {
        const principal = e.principal === undefined ? undefined : matches(kind, e.principal);
        if (!principal) continue;
        if (e.kind === 'unlimited') {
          if (e.granted) unlimited.push({ principal, source: e.source });
          else skipped.push({ principal, source: e.source, reason: 'a FALSE (or non-TRUE) unlimited value grants nothing (§P3)' });
        } else if (e.kind === 'skipped') skipped.push({ principal, source: e.source, reason: e.reason });
        else for (const t of e.targets) addRule(principal, t, e.column, e.value, e.source);
      }
    }
  }
  const principals = [...byPrincipal.values()];
  return { switchOn, combine, unlimited, principals, skipped, applicable: unlimited.length > 0 || principals.length > 0 };
}

/** Maps as entry lists, so deepEqual compares contents and order. */
const plain = (x: EffectivePermissions) => JSON.parse(JSON.stringify(x, (_k, v: unknown) => (v instanceof Map ? [...v] : v))) as unknown;

describe('effective permissions: permission tables indexed by principal', function () {
  this.timeout(10 * 60_000);

  it(`equal a scan of every row, on ${RUNS} random workspaces (seed ${SEED})`, async () => {
    const engine = await startNodeEngine();
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(randomWorkspace(), async (ws) => {
        const files = memoryFiles(ROOT, ws.files);
        const { model, data } = await checkWorkspace(ROOT, { files, definitionFiles: definitionFilesOf(ROOT, ws) });
        await engine.load(model, files, data);
        const { index } = engine.workspace;
        for (const ref of ws.analyses) {
          const analysis = engine.analysis(ref);
          const cases: Principal[][] = [[]];
          for (const email of ws.emails) {
            cases.push(principalsOf(index, analysis, email), principalsOf(index, analysis, email.toUpperCase()), [{ kind: 'user', name: email }]);
          }
          for (const g of engine.groupsOf(ref)) cases.push([{ kind: 'group', name: g }]);
          for (const mine of cases) {
            // Twice: the first call builds the index, the second reads it.
            for (let i = 0; i < 2; i++) {
              assert.deepEqual(plain(permissionsOfPrincipals(index, analysis, data.permissionTables, mine)), plain(scanned(index, analysis, data.permissionTables, mine)), `${JSON.stringify(mine)} on ${ref.pool}.${ref.name}`);
              compared++;
            }
          }
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    assert.ok(compared > RUNS, `compared ${compared} readings`);
  });
});
