// The preview's other answers under a data change, through the real language server
// (dist/server.js) and its engine worker: counts (the tabs), reasons (why hidden rows are
// hidden), a row's explanation (the details pane) and diff counts carry the engine's data
// generation as pages and summaries do (server/engine-host.ts, server/protocol.ts). A
// permission table is replaced mid-preview; every answer, asked before, during and after the
// reload, holds exactly what the in-process engine computes on its generation's files, so the
// panel (extension/webview/main.ts), which reloads when an answer's generation differs from the
// rows on screen, never shows counts or reasons of one version beside rows of another.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startNodeEngine } from '../../engine/node.js';
import { checkWorkspace } from '../../language/check-workspace.js';
import { nodeFiles } from '../../model/node-files.js';
import type { CountsResult, DiffCountsResult, ExplainRowResult, PageResult, ReasonsResult } from '../../server/protocol.js';
import { serverOnExampleCopy } from '../support/example-copy.js';

const AP = { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' };
const KOWALSKI = { kind: 'user' as const, name: 'a.kowalski@acme.com' }; // rows from perm/ap_values.csv
const LEAD = { kind: 'user' as const, name: 'l.meyer@acme.com' }; // unlimited

/** One version of the answers: what the panel asks for one table of one principal. */
interface Answers {
  counts: unknown;
  reasons: unknown;
  explain: unknown;
  diffs: unknown;
}

/** What the in-process engine answers on the files as they are now (the reference for one generation). */
async function expected(dir: string, rowIds: number[]): Promise<Answers> {
  const { model, data } = await checkWorkspace(dir);
  const engine = await startNodeEngine();
  await engine.load(model, nodeFiles, data);
  return {
    counts: await engine.countsFor(AP, KOWALSKI),
    reasons: await engine.hiddenReasons(AP, KOWALSKI, 'Vendors', rowIds),
    explain: await engine.explainRow(AP, KOWALSKI, 'Vendors', rowIds[0]),
    diffs: await engine.diffFor(AP, KOWALSKI, LEAD),
  };
}

/** An answer without its generation (on the object, or on each entry of a list). */
function plain(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(plain);
  if (x && typeof x === 'object' && 'generation' in x) {
    const { generation: _generation, ...rest } = x as Record<string, unknown>;
    return rest;
  }
  return x;
}

/** The one generation a list answer carries (every entry the same). */
function generationOfList(list: { generation?: number }[]): number {
  assert.ok(list.length > 0, 'a non-empty answer');
  const g = list[0].generation;
  assert.equal(typeof g, 'number', 'each entry carries the data generation');
  assert.ok(list.every((x) => x.generation === g), 'every entry carries the same generation');
  return g!;
}

describe('faults: counts, reasons, explanations and diff counts carry the data generation (real server)', function () {
  this.timeout(300_000);
  const lsp = serverOnExampleCopy();

  it('counts, reasons, explainRow and diffCounts of a generation hold that generation’s data, before, during and after a permission table is replaced', async () => {
    const { dir, client } = lsp;
    const ask = {
      page: () => client.request<PageResult>('sightline/page', { ref: AP, principal: KOWALSKI, table: 'Vendors', offset: 0, limit: 200, includeHidden: true }),
      counts: () => client.request<CountsResult>('sightline/counts', { ref: AP, principal: KOWALSKI }),
      reasons: (rowIds: number[]) => client.request<ReasonsResult>('sightline/reasons', { ref: AP, principal: KOWALSKI, table: 'Vendors', rowIds }),
      explain: (rowId: number) => client.request<ExplainRowResult>('sightline/explainRow', { ref: AP, principal: KOWALSKI, table: 'Vendors', rowId }),
      diffs: () => client.request<DiffCountsResult>('sightline/diffCounts', { ref: AP, a: KOWALSKI, b: LEAD }),
    };
    const first = await ask.page();
    // Vendors a.kowalski sees now through purchasing organisation 2000 (and loses below): hidden afterwards.
    const ekorg = first.columns.findIndex((c) => c.name === 'EKORG');
    const losing = first.rowIds.filter((_, i) => !first.hidden![i] && String(first.rows[i][ekorg]) === '2000').slice(0, 5);
    const hiddenNow = first.rowIds.filter((_, i) => first.hidden![i]).slice(0, 5);
    assert.equal(losing.length, 5, 'vendors of purchasing organisation 2000 that a.kowalski sees');
    assert.equal(hiddenNow.length, 5);
    const rowIds = [...losing, ...hiddenNow];
    const g1 = first.generation!;
    assert.equal(typeof g1, 'number');

    // Nothing changed: every answer carries the page's generation and the current files' data.
    const before = await expected(dir, rowIds);
    const counts1 = await ask.counts();
    const reasons1 = await ask.reasons(rowIds);
    const explain1 = await ask.explain(rowIds[0]);
    const diffs1 = await ask.diffs();
    assert.equal(generationOfList(counts1), g1);
    assert.equal(generationOfList(reasons1), g1);
    assert.equal(explain1?.generation, g1);
    assert.equal(generationOfList(diffs1), g1);
    assert.deepEqual({ counts: plain(counts1), reasons: plain(reasons1), explain: plain(explain1), diffs: plain(diffs1) }, before);
    // The permission table is replaced: a.kowalski loses purchasing organisation 2000.
    const values = path.join(dir, 'permissions/perm/ap_values.csv');
    const text = readFileSync(values, 'utf8');
    assert.ok(text.includes('a.kowalski@acme.com,Vendors,EKORG,2000\n'));
    writeFileSync(values, text.replace('a.kowalski@acme.com,Vendors,EKORG,2000\n', ''));
    const afterFiles = await expected(dir, rowIds);
    assert.notDeepEqual(afterFiles.counts, before.counts, 'the counts change (else the test could not tell the versions apart)');
    assert.notDeepEqual(afterFiles.reasons, before.reasons, 'the reasons change');
    assert.notDeepEqual(afterFiles.explain, before.explain, 'the explanation changes');
    assert.notDeepEqual(afterFiles.diffs, before.diffs, 'the diff counts change');
    await client.fileChanged('permissions/perm/ap_values.csv', 2);

    // While the server reloads, the panel's requests arrive in bursts, as on a refresh: each
    // answer of the old generation holds the old data, each of any newer one the new data.
    const seen = new Set<number>();
    const end = Date.now() + 60_000;
    let newer = 0;
    while (newer < 3) {
      if (Date.now() > end) throw new Error('timed out waiting for answers of the new generation');
      const [counts, reasons, explain, diffs] = await Promise.all([ask.counts(), ask.reasons(rowIds), ask.explain(rowIds[0]), ask.diffs()]);
      const answers: [keyof Answers, number, unknown][] = [
        ['counts', generationOfList(counts), counts],
        ['reasons', generationOfList(reasons), reasons],
        ['explain', explain!.generation!, explain],
        ['diffs', generationOfList(diffs), diffs],
      ];
      for (const [what, g, answer] of answers) {
        seen.add(g);
        assert.ok(g >= g1, 'generations only grow');
        assert.deepEqual(plain(answer), g === g1 ? before[what] : afterFiles[what], `${what} of generation ${g} (the old one is ${g1}) holds that generation’s data`);
      }
      if (answers.every(([, g]) => g !== g1)) newer++;
    }
    assert.ok([...seen].some((g) => g > g1), 'a newer generation was seen');
    // After the reload: the page, and every other answer, agree on one generation.
    const last = await ask.page();
    const [counts2, reasons2, explain2, diffs2] = await Promise.all([ask.counts(), ask.reasons(rowIds), ask.explain(rowIds[0]), ask.diffs()]);
    for (const g of [generationOfList(counts2), generationOfList(reasons2), explain2!.generation, generationOfList(diffs2)]) assert.equal(g, last.generation, 'one generation for page and answers');
  });
});
