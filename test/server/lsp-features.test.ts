// The editor features over LSP with the real server process and its engine worker, on a
// copy of examples/acme: per-user counts inline (CodeLens, inlay hints), data-aware
// diagnostics, quick fixes and the extension's own requests.
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { copyOfExample, loadFolder } from '../support/engine-workspace.js';
import { LspClient, positionOf } from '../support/lsp-client.js';
import type { Engine } from '../../engine/index.js';

const AP = 'permissions/accounts-payable.perm';
const REF = { pool: 'Procurement/AP Analytics', name: 'AccountsPayable' };

interface Lens {
  range: { start: { line: number; character: number } };
  command?: { title: string; command: string; arguments: unknown[] };
  data?: unknown;
}

describe('editor features over LSP (server + engine worker)', function () {
  this.timeout(120_000);
  let root: string;
  let client: LspClient;
  let engine: Engine;

  before(async function () {
    root = copyOfExample();
    client = await LspClient.start(root);
    // The same workspace in the test's own engine: what the server's answers must equal.
    engine = (await loadFolder(root)).engine;
    await client.waitFor('the engine to be ready', () => client.notifications.some((n) => n.method === 'sightline/status' && (n.params as { engine: { state: string } }).engine.state === 'ready'), 60_000);
  });

  after(async function () {
    await client?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const lenses = async (file: string): Promise<Lens[]> => {
    const list = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: client.uri(file) } });
    return Promise.all(list.map((l) => client.request<Lens>('codeLens/resolve', l)));
  };

  it('shows a CodeLens per user and group block with the counts the engine computes', async function () {
    const text = readFileSync(path.join(root, AP), 'utf8');
    const resolved = await lenses(AP);
    assert.deepEqual(
      resolved.map((l) => l.range.start.line),
      ['user "p.buyer@acme.com"', 'group "Buyers France"', 'group "Procurement Leads"'].map((n) => positionOf(text, n).line),
    );
    const counts = await engine.counts(REF, 'p.buyer@acme.com');
    const expected = `Preview as p.buyer@acme.com · ${counts.map((c) => `${c.table} ${c.visible}/${c.total}`).join(' · ')}`;
    assert.equal(resolved[0].command?.title, expected);
    assert.equal(resolved[0].command?.command, 'sightline.preview');
    assert.deepEqual(resolved[0].command?.arguments, [{ ref: REF, principal: { kind: 'user', name: 'p.buyer@acme.com' } }]);
    const france = await engine.countsFor(REF, { kind: 'group', name: 'Buyers France' });
    assert.equal(resolved[1].command?.title, `Preview as group Buyers France · ${france.map((c) => `${c.table} ${c.visible}/${c.total}`).join(' · ')}`);
  });

  it('shows after each rule the rows it keeps', async function () {
    const text = readFileSync(path.join(root, AP), 'utf8');
    const hints = await client.request<{ position: { line: number }; label: string }[]>('textDocument/inlayHint', {
      textDocument: { uri: client.uri(AP) },
      range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } },
    });
    const ekorg = await engine.ruleKeeps(REF, 'Vendors', 'EKORG', ['1000']);
    const land = await engine.ruleKeeps(REF, 'Vendors', 'LAND1', ['DE', 'AT']);
    assert.deepEqual(
      hints.map((h) => [h.position.line, h.label]),
      [
        [positionOf(text, 'Vendors.EKORG in "1000"').line, `keeps ${ekorg.kept}/${ekorg.total} Vendors`],
        [positionOf(text, 'Vendors.LAND1 in "DE", "AT"').line, `keeps ${land.kept}/${land.total} Vendors`],
        [positionOf(text, 'Vendors.EKORG in "2000"').line, `keeps ${(await engine.ruleKeeps(REF, 'Vendors', 'EKORG', ['2000'])).kept}/${ekorg.total} Vendors`],
      ],
    );
  });

  it('publishes data-aware diagnostics after the quick ones, and updates the lens when the file changes', async function () {
    const text = readFileSync(path.join(root, AP), 'utf8');
    const edited = text.replace('Vendors.LAND1 in "DE", "AT"', 'Vendors.LAND1 in "DE", "AT", "ZZ"');
    await client.open(AP, text);
    const refreshes = client.refreshes.codeLens;
    await client.change(AP, edited);
    await client.waitFor('value-matches-no-row for "ZZ"', () => client.codes(AP).includes('value-matches-no-row'));
    const d = client.diagnostics.get(client.uri(AP))!.find((x) => x.code === 'value-matches-no-row')!;
    assert.equal(d.range.start.line, positionOf(edited, '"ZZ"').line);
    await client.waitFor('the server to ask the editor to refresh its lenses', () => client.refreshes.codeLens > refreshes);

    // p.buyer's block loses its LAND1 rule: the lens counts grow to the EKORG rule alone.
    const wider = text.replace('    Vendors.LAND1 in "DE", "AT"\n', '');
    await client.change(AP, wider);
    const onlyEkorg = await engine.ruleKeeps(REF, 'Vendors', 'EKORG', ['1000']);
    await client.waitFor('the lens to show the wider count', () => client.refreshes.codeLens > refreshes + 1);
    const lens = (await lenses(AP))[0];
    assert.match(lens.command!.title, new RegExp(`Vendors ${onlyEkorg.kept}/${onlyEkorg.total}`));
    await client.change(AP, text);
    await client.waitFor('the diagnostics to clear', () => !client.codes(AP).includes('value-matches-no-row'));
    await client.close(AP);
  });

  it('answers the extension: analyses, principals, counts, explain, diff', async function () {
    const analyses = await client.request<{ pool: string; name: string; kind: string }[]>('sightline/analyses', {});
    assert.deepEqual(analyses.map((a) => `${a.pool}.${a.name}:${a.kind}`).sort(), engine.listAnalyses().map((a) => `${a.pool}.${a.name}:${a.kind}`).sort());
    const principals = await client.request<{ kind: string; name: string; role?: string; groups?: string[] }[]>('sightline/principals', { ref: REF });
    const nguyen = principals.find((p) => p.name === 't.nguyen@acme.com')!;
    assert.equal(nguyen.role, 'member');
    assert.deepEqual(nguyen.groups, ['Buyers France']);
    assert.ok(principals.some((p) => p.kind === 'group' && p.name === 'AP Auditors'));

    const counts = await client.request<{ generation?: number }[]>('sightline/counts', { ref: REF, principal: { kind: 'user', name: 'p.buyer@acme.com' } });
    // Every entry carries the engine's data generation (server/engine-host.ts), the same on all.
    const countsGeneration = counts[0]?.generation;
    assert.equal(typeof countsGeneration, 'number');
    assert.deepEqual(counts, (await engine.counts(REF, 'p.buyer@acme.com')).map((c) => ({ ...c, generation: countsGeneration })));
    const diff = await client.request('sightline/diff', { ref: REF, a: 'p.buyer@acme.com', b: 't.nguyen@acme.com' });
    assert.deepEqual(diff, await engine.diff(REF, 'p.buyer@acme.com', 't.nguyen@acme.com'));
    const explain = await client.request<{ visible: boolean }[]>('sightline/explain', { ref: REF, email: 'o.berg@acme.com', table: 'Vendors', conditions: [] });
    assert.ok(explain.length > 0 && explain.every((e) => e.visible === false), 'o.berg sees no vendor');
    await assert.rejects(client.request('sightline/counts', { ref: { pool: 'Procurement/AP Analytics', name: 'Nope' }, principal: { kind: 'user', name: 'x@y' } }), /No model or perspective Nope/);
  });

  it('offers a quick fix that synchronizes an import, and runs it', async function () {
    // A new source column: the lock no longer matches the source (import-needs-sync).
    const bkpf = path.join(root, 'data/ap/bkpf.csv');
    const lines = readFileSync(bkpf, 'utf8').split('\n');
    writeFileSync(bkpf, lines.map((l, i) => (l === '' ? l : `${l},${i === 0 ? 'XNEW' : 'x'}`)).join('\n'));
    await client.fileChanged('data/ap/bkpf.csv', 2);
    const pool = 'procurement.pool';
    await client.waitFor('import-needs-sync', () => client.codes(pool).includes('import-needs-sync'));
    const d = client.diagnostics.get(client.uri(pool))!.find((x) => x.code === 'import-needs-sync')!;
    const actions = await client.request<{ title: string; command?: { command: string; arguments: unknown[] } }[]>('textDocument/codeAction', {
      textDocument: { uri: client.uri(pool) },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const sync = actions.find((a) => a.command?.command === 'sightline.server.synchronize');
    assert.ok(sync, `no synchronize action among ${actions.map((a) => a.title).join('; ')}`);
    const result = await client.request<{ changes: string[] }>('workspace/executeCommand', sync.command);
    assert.ok(result.changes.some((c) => c.includes('XNEW')), result.changes.join('\n'));
    assert.match(readFileSync(path.join(root, 'sightline.lock'), 'utf8'), /XNEW/);
    await client.fileChanged('sightline.lock', 2);
    await client.waitFor('import-needs-sync to clear', () => !client.codes(pool).includes('import-needs-sync'));
  });

  it('goes to definitions, finds references and renames across files', async function () {
    const text = readFileSync(path.join(root, AP), 'utf8');
    const at = positionOf(text, 'Vendors.EKORG in "1000"');
    const defs = await client.request<{ uri: string; range: { start: { line: number } } }[]>('textDocument/definition', { textDocument: { uri: client.uri(AP) }, position: at });
    const pool = readFileSync(path.join(root, 'procurement.pool'), 'utf8');
    assert.deepEqual(defs.map((d) => [d.uri, d.range.start.line]), [[client.uri('procurement.pool'), positionOf(pool, 'as Vendors').line]]);

    const refs = await client.request<{ uri: string }[]>('textDocument/references', {
      textDocument: { uri: client.uri(AP) },
      position: positionOf(text, 'Buyers France'),
      context: { includeDeclaration: true },
    });
    const files = new Set(refs.map((r) => path.basename(r.uri)));
    // The group is declared in org.pool, has rules here, and a row in a permission table.
    for (const f of ['org.pool', 'accounts-payable.perm', 'ap_unlimited.csv']) assert.ok(files.has(f), `references of Buyers France miss ${f}: ${[...files].join(', ')}`);

    await assert.rejects(client.request('textDocument/prepareRename', { textDocument: { uri: client.uri(AP) }, position: positionOf(text, 'use data permissions') }));
    const edit = await client.request<{ documentChanges: { textDocument: { uri: string }; edits: { newText: string }[] }[] }>('textDocument/rename', {
      textDocument: { uri: client.uri(AP) },
      position: at,
      newName: 'Suppliers',
    });
    const edited = new Set(edit.documentChanges.map((c) => path.basename(c.textDocument.uri)));
    assert.ok(edited.has('procurement.pool') && edited.has('accounts-payable.perm'), [...edited].join(', '));
    assert.ok(edit.documentChanges.every((c) => c.edits.every((e) => e.newText.includes('Suppliers'))));
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: client.uri(AP) }, position: at, newName: 'Invoices' }), /Invoices/);
  });

  it('gives an outline and folding ranges', async function () {
    const symbols = await client.request<{ name: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri: client.uri(AP) } });
    assert.equal(symbols.length, 1);
    const names = symbols[0].children!.map((c) => c.name);
    for (const n of ['p.buyer@acme.com', 'Buyers France', 'Procurement Leads']) assert.ok(names.some((x) => x.includes(n)), `outline misses ${n}: ${names.join(', ')}`);
    const folds = await client.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri: client.uri(AP) } });
    const text = readFileSync(path.join(root, AP), 'utf8');
    assert.ok(folds.some((f) => f.startLine === positionOf(text, 'permissions for').line), 'the permissions block folds');
  });

  it('completes aliases and values from the data, and hovers with counts', async function () {
    const text = readFileSync(path.join(root, AP), 'utf8');
    const line = positionOf(text, 'Vendors.EKORG in "2000"').line;
    // Type a new rule in the "Buyers France" block.
    const typed = text.split('\n');
    typed.splice(line + 1, 0, '    Vendors.LAND1 in "');
    await client.open(AP, typed.join('\n'));
    type Items = { isIncomplete: boolean; items: { label: string; detail?: string; kind?: number }[] };
    const values = await client.request<Items>('textDocument/completion', { textDocument: { uri: client.uri(AP) }, position: { line: line + 1, character: '    Vendors.LAND1 in "'.length } });
    const land = await engine.columnValues(REF, 'Vendors', 'LAND1', { limit: 50 });
    assert.deepEqual(values.items.slice(0, 3).map((i) => i.label), land.slice(0, 3).map((v) => v.value));
    assert.match(values.items[0].detail ?? '', new RegExp(String(land[0].count)));
    assert.equal(values.isIncomplete, true);

    const aliases = await client.request<Items>('textDocument/completion', { textDocument: { uri: client.uri(AP) }, position: { line: line + 1, character: 4 } });
    for (const a of ['Vendors', 'Invoices', 'InvoiceItems', 'Payments']) assert.ok(aliases.items.some((i) => i.label === a), `no ${a} among ${aliases.items.map((i) => i.label).join(', ')}`);
    await client.close(AP);

    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: client.uri(AP) }, position: positionOf(text, 'p.buyer@acme.com') });
    const counts = await engine.counts(REF, 'p.buyer@acme.com');
    assert.ok(hover.contents.value.includes(`Vendors ${counts[0].visible}/${counts[0].total}`), hover.contents.value);
  });

  it('formats a messy file into the canonical layout, and leaves a formatted one alone', async function () {
    const text = readFileSync(path.join(root, AP), 'utf8');
    const messy = text.replace('  user "p.buyer@acme.com" {', 'user   "p.buyer@acme.com"{').replace('Vendors.LAND1 in "DE", "AT"', 'Vendors . LAND1 in "DE" ,"AT"');
    await client.open(AP, messy);
    type Edit = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
    const edits = await client.request<Edit[]>('textDocument/formatting', { textDocument: { uri: client.uri(AP) }, options: { tabSize: 2, insertSpaces: true } });
    assert.equal(edits.length, 1);
    assert.equal(edits[0].newText, text, 'the example is canonical, so formatting the messy copy gives it back');
    await client.change(AP, text);
    assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri: client.uri(AP) }, options: { tabSize: 2, insertSpaces: true } }), []);
    await client.close(AP);
  });

  it('pages, sorts, filters and explains for the preview panel through the engine worker', async function () {
    const principal = { kind: 'user', name: 'p.buyer@acme.com' };
    type Page = { rows: unknown[][]; rowIds: number[]; hidden?: boolean[]; visible: number; total: number; filtered: number; columns: { name: string }[] };
    const page = await client.request<Page>('sightline/page', { ref: REF, principal, table: 'Vendors', offset: 0, limit: 10, sort: [{ column: 'LIFNR', descending: true }] });
    const expected = await engine.gridPage(REF, principal as { kind: 'user'; name: string }, 'Vendors', { offset: 0, limit: 10, sort: [{ column: 'LIFNR', descending: true }] });
    assert.deepEqual(page.rows, expected.rows);
    assert.deepEqual([page.visible, page.total], [47, 160]);

    const filtered = await client.request<Page>('sightline/page', { ref: REF, principal, table: 'Vendors', offset: 0, limit: 100, filters: [{ column: 'LAND1', op: 'equals', value: 'AT' }] });
    const land = filtered.columns.findIndex((c) => c.name === 'LAND1');
    assert.ok(filtered.rows.length > 0 && filtered.rows.every((r) => r[land] === 'AT'), 'the filter runs in the engine');
    assert.equal(filtered.filtered, filtered.rows.length);

    const withHidden = await client.request<Page>('sightline/page', { ref: REF, principal, table: 'Vendors', offset: 0, limit: 50, includeHidden: true });
    const hiddenIds = withHidden.rowIds.filter((_, i) => withHidden.hidden![i]).slice(0, 3);
    assert.equal(hiddenIds.length, 3);
    const reasons = await client.request<{ rowId: number; reason: string; generation?: number }[]>('sightline/reasons', { ref: REF, principal, table: 'Vendors', rowIds: hiddenIds });
    assert.deepEqual(reasons.map((r) => r.rowId).sort(), [...hiddenIds].sort());
    assert.ok(reasons.every((r) => r.generation === (withHidden as { generation?: number }).generation), 'reasons carry the generation of the page they explain');
    assert.ok(reasons.every((r) => /Vendors\.(EKORG|LAND1)/.test(r.reason)), reasons.map((r) => r.reason).join('\n'));

    const summary = await client.request<Record<string, unknown>>('sightline/summary', { ref: REF, principal });
    assert.match(JSON.stringify(summary), /by-column/);
    await assert.rejects(client.request('sightline/page', { ref: REF, principal, table: 'Vendors', offset: -1, limit: 10 }));
    await assert.rejects(client.request('sightline/page', { ref: REF, principal, table: 'Vendors', offset: 0, limit: 1e9 }));
  });

  it('explains one row by row id and compares two principals for the preview panel through the engine worker', async function () {
    const principal = { kind: 'user' as const, name: 'p.buyer@acme.com' };
    const other = { kind: 'group' as const, name: 'Buyers France' };
    const withHidden = await client.request<{ rowIds: number[]; hidden: boolean[] }>('sightline/page', { ref: REF, principal, table: 'Vendors', offset: 0, limit: 50, includeHidden: true });
    const hiddenId = withHidden.rowIds.find((_, i) => withHidden.hidden[i])!;
    const explained = await client.request<{ rowId: number; visible: boolean; reasons: { kind: string; passed: boolean; text: string }[]; generation?: number }>('sightline/explainRow', { ref: REF, principal, table: 'Vendors', rowId: hiddenId });
    assert.equal(explained.generation, (withHidden as { generation?: number }).generation, 'the explanation carries the data generation, as the page');
    assert.deepEqual(explained, { ...(await engine.explainRow(REF, principal, 'Vendors', hiddenId)), generation: explained.generation });
    assert.equal(explained.visible, false);
    assert.ok(explained.reasons.some((r) => !r.passed && /Vendors\.(EKORG|LAND1)/.test(r.text)));
    assert.equal(await client.request('sightline/explainRow', { ref: REF, principal, table: 'Vendors', rowId: 10_000_000 }), null, 'no such row');
    await assert.rejects(client.request('sightline/explainRow', { ref: REF, principal, table: 'Vendors', rowId: -1 }), /rowId/);

    const diffs = await client.request<{ generation?: number }[]>('sightline/diffCounts', { ref: REF, a: principal, b: other });
    assert.equal(typeof diffs[0]?.generation, 'number');
    assert.deepEqual(diffs, (await engine.diffFor(REF, principal, other)).map((d) => ({ ...d, generation: diffs[0].generation })));
    const page = await client.request<{ rowIds: number[]; side: string[]; filtered: number }>('sightline/page', { ref: REF, principal, table: 'Vendors', offset: 0, limit: 100, compareWith: other, differencesOnly: true });
    // The server's page also carries the engine's data generation (server/engine-host.ts).
    assert.deepEqual(page, { ...(await engine.gridPage(REF, principal, 'Vendors', { offset: 0, limit: 100, compareWith: other, differencesOnly: true })), generation: (page as { generation?: number }).generation });
    assert.equal(typeof (page as { generation?: number }).generation, 'number');
    const vendors = (diffs as { table: string; onlyA: number; onlyB: number }[]).find((d) => d.table === 'Vendors')!;
    assert.equal(page.filtered, vendors.onlyA + vendors.onlyB);
    assert.ok(page.side.every((x) => x === 'a' || x === 'b'));
    await assert.rejects(client.request('sightline/page', { ref: REF, principal, table: 'Vendors', offset: 0, limit: 10, compareWith: { kind: 'admin', name: 'x' } }), /compareWith/);
    // The CSV export pulls pages of 10,000 rows (the grid's own pages stay at most 2,000).
    const big = await client.request<{ rows: unknown[]; visible: number }>('sightline/page', { ref: REF, principal, table: 'InvoiceItems', offset: 0, limit: 10_000 });
    assert.equal(big.rows.length, big.visible);
    await assert.rejects(client.request('sightline/page', { ref: REF, principal, table: 'Vendors', offset: 0, limit: 10_001 }), /limit/);
  });
});
