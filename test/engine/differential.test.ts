// The engine against the reference evaluator (test/reference/) on random workspaces
// (test/support/random-workspace.ts): for every model and perspective and every user of the
// team, the visible row ids must be exactly the same.
//
//   SIGHTLINE_PROP_SEED  seed of the run (default 20261122)
//   SIGHTLINE_PROP_RUNS  number of workspaces (default 1000)
//
// A failure prints its seed and path. To keep a failing case as a regression, add
// {"seed": …, "path": "…", "note": "…"} to test/engine/regressions.json: the second test below
// replays every entry (as long as the generator is unchanged).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { startNodeEngine } from '../../engine/node.js';
import { checkWorkspace } from '../../language/check-workspace.js';
import { loadReferenceInput, referenceVisibleRows } from '../reference/index.js';
import { memoryFiles } from '../support/memory-files.js';
import { definitionFilesOf, describeWorkspace, randomWorkspace, type RandomWorkspace } from '../support/random-workspace.js';

type Engine = Awaited<ReturnType<typeof startNodeEngine>>;

const ROOT = '/differential';
const SEED = Number(process.env.SIGHTLINE_PROP_SEED ?? 20261122);
const RUNS = Number(process.env.SIGHTLINE_PROP_RUNS ?? 1000);
const REGRESSIONS = new URL('./regressions.json', import.meta.url);

interface Regression {
  seed: number;
  path: string;
  note?: string;
}

/** Compares engine and reference on one workspace; throws with everything needed to debug. */
async function compareOn(engine: Engine, ws: RandomWorkspace): Promise<void> {
  let problems: string[];
  try {
    problems = await differences(engine, ws);
  } catch (e) {
    throw new Error(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n\nworkspace:\n${describeWorkspace(ws)}`);
  }
  if (problems.length > 0) {
    throw new Error(`engine and reference differ (row ids are 0-based ordinals in the data file)\n${problems.join('\n')}\n\nworkspace:\n${describeWorkspace(ws)}`);
  }
}

/** One line per user and analysis where the engine's rows differ from the reference's. */
async function differences(engine: Engine, ws: RandomWorkspace): Promise<string[]> {
  const files = memoryFiles(ROOT, ws.files);
  const { model } = await checkWorkspace(ROOT, { files, definitionFiles: definitionFilesOf(ROOT, ws) });
  const input = await loadReferenceInput(model, files);
  // The reference reads the rows as generated, not through the project's CSV reader.
  input.data = (file) => ws.rows.get(path.relative(ROOT, file).split(path.sep).join('/'));
  await engine.load(model, files);

  const problems: string[] = [];
  for (const target of ws.analyses) {
    for (const email of ws.emails) {
      const expected = referenceVisibleRows(input, target, email);
      const actual = await engine.visibleRowIds({ pool: target.pool, name: target.name }, email);
      const differences: string[] = [];
      for (const table of new Set([...expected.keys(), ...actual.keys()])) {
        const want = [...(expected.get(table) ?? [])].sort((a, b) => a - b);
        const got = [...(actual.get(table) ?? [])].sort((a, b) => a - b);
        if (!expected.has(table) || !actual.has(table)) {
          differences.push(`  ${table}: ${expected.has(table) ? 'missing from the engine' : 'not a table of the reference'} (reference ${JSON.stringify(want)}, engine ${JSON.stringify(got)})`);
        } else if (JSON.stringify(want) !== JSON.stringify(got)) {
          const onlyEngine = got.filter((r) => !want.includes(r));
          const onlyReference = want.filter((r) => !got.includes(r));
          differences.push(`  ${table}: engine ${JSON.stringify(got)}, reference ${JSON.stringify(want)} (only engine: ${JSON.stringify(onlyEngine)}, only reference: ${JSON.stringify(onlyReference)})`);
        }
      }
      // The counts (sizes the engine keeps from materializing each set) match the rows.
      for (const c of await engine.counts({ pool: target.pool, name: target.name }, email)) {
        const rows = expected.get(c.table)?.size;
        if (rows !== undefined && c.visible !== rows) differences.push(`  ${c.table}: counts say ${c.visible} visible, the reference ${rows}`);
      }
      if (differences.length > 0) problems.push(`${email} on ${target.kind} "${target.pool}".${target.name}:\n${differences.join('\n')}`);
    }
  }
  return problems;
}

/** The failure (it holds the workspace's files) and how to replay it; not fast-check's dump of the counterexample. */
async function replayingReporter(details: fc.RunDetails<[RandomWorkspace]>): Promise<void> {
  if (!details.failed) return;
  if (details.counterexamplePath === null) throw new Error((await fc.asyncDefaultReportMessage(details)) ?? `failed (seed ${details.seed})`);
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    [
      `Property failed after ${details.numRuns} workspace(s); seed ${details.seed}, path "${details.counterexamplePath}".`,
      `Replay: SIGHTLINE_PROP_SEED=${details.seed} npx mocha --no-config --node-option import=tsx test/engine/differential.test.ts`,
      `or keep it: add {"seed": ${details.seed}, "path": "${details.counterexamplePath}", "note": "…"} to test/engine/regressions.json`,
      '',
      error,
    ].join('\n'),
  );
}

describe('engine vs reference evaluator (differential)', function () {
  this.timeout(10 * 60_000);
  let engine: Engine;

  // The process's engine: shared with other test files, so it is not closed here.
  before(async () => {
    engine = await startNodeEngine();
  });

  it(`agrees on ${RUNS} random workspaces (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(randomWorkspace(), (ws) => compareOn(engine, ws)),
      { seed: SEED, numRuns: RUNS, endOnFailure: true, asyncReporter: replayingReporter },
    );
  });

  it('agrees on every case kept in regressions.json', async () => {
    const regressions = JSON.parse(readFileSync(REGRESSIONS, 'utf8')) as Regression[];
    assert.ok(Array.isArray(regressions), 'regressions.json holds a list');
    for (const r of regressions) {
      try {
        await fc.assert(
          fc.asyncProperty(randomWorkspace(), (ws) => compareOn(engine, ws)),
          { seed: r.seed, path: r.path, numRuns: 1, endOnFailure: true, asyncReporter: replayingReporter },
        );
      } catch (e) {
        throw new Error(`regression ${JSON.stringify(r)} fails again:\n${e instanceof Error ? e.message : String(e)}`);
      }
    }
  });
});
