// Per-user results inline: a CodeLens on every user and group block of a permissions file
// ("Preview as alice@acme.com · Invoices 4/7 · Vendors 3/4") and an inlay hint after every
// rule with the rows it keeps. Lenses come in two steps, as LSP resolves them: `lensesFor`
// is instant (no engine), `resolveLens` asks the engine for the counts of one lens — the
// editor resolves only the lenses on screen, so a 1,000-user file costs what is visible.
import type { AnalysisRef, TableCount } from '../../engine/index.js';
import type { Position, PrincipalRules } from '../../model/types.js';
import type { EditorEngine, PrincipalRef } from '../engine-api.js';
import { CLIENT_COMMANDS } from '../protocol.js';
import { permissionSetsIn } from './analysis-ref.js';
import type { CodeLens, InlayHint } from './results.js';
import type { Snapshot } from './snapshot.js';

/** What a lens needs to be resolved later (sent to the editor and back). */
export interface LensData {
  ref: AnalysisRef;
  principal: PrincipalRef;
}

/** Tables named in a lens title before it says "+N more". */
const TABLES_IN_TITLE = 5;

export function lensesFor(snapshot: Snapshot, file: string): (CodeLens & { data: LensData })[] {
  const out: (CodeLens & { data: LensData })[] = [];
  for (const { set, ref } of permissionSetsIn(snapshot, file)) {
    if (!ref) continue;
    for (const block of set.principals) {
      const principal = principalOf(block);
      out.push({ range: block.principal.range, title: previewTitle(principal), command: previewCommand(ref, principal), data: { ref, principal } });
    }
  }
  return out;
}

/** The lens title with counts; the bare title when the engine cannot answer. */
export async function resolveLens(engine: EditorEngine | undefined, data: LensData): Promise<{ title: string; command: CodeLens['command'] }> {
  const base = previewTitle(data.principal);
  const command = previewCommand(data.ref, data.principal);
  if (!engine) return { title: base, command };
  try {
    const counts = await engine.counts(data.ref, data.principal);
    return { title: `${base} · ${countsText(counts)}`, command };
  } catch (e) {
    return { title: `${base} · counts unavailable: ${e instanceof Error ? e.message : String(e)}`, command };
  }
}

export function countsText(counts: TableCount[]): string {
  const shown = counts.slice(0, TABLES_IN_TITLE).map((c) => (c.error ? `${c.table} not loaded` : `${c.table} ${c.visible}/${c.total}`));
  const more = counts.length - TABLES_IN_TITLE;
  return [...shown, ...(more > 0 ? [`+${more} more`] : [])].join(' · ') || 'no tables';
}

function principalOf(block: PrincipalRules): PrincipalRef {
  return { kind: block.kind, name: block.principal.name };
}

function previewTitle(p: PrincipalRef): string {
  return p.kind === 'user' ? `Preview as ${p.name}` : `Preview as group ${p.name}`;
}

function previewCommand(ref: AnalysisRef, principal: PrincipalRef): CodeLens['command'] {
  return { command: CLIENT_COMMANDS.preview, arguments: [{ ref, principal }] };
}

/**
 * An inlay hint after every rule between lines `from` and `to`: the rows of its table whose
 * column holds one of its values. Rules of an unresolved block get no hint.
 */
export async function ruleHints(snapshot: Snapshot, file: string, from: number, to: number, engine: EditorEngine): Promise<InlayHint[]> {
  const jobs: Promise<InlayHint | undefined>[] = [];
  for (const { set, ref } of permissionSetsIn(snapshot, file)) {
    if (!ref || set.range.end.line < from || set.range.start.line > to) continue;
    for (const block of set.principals) {
      if (block.range.end.line < from || block.range.start.line > to) continue;
      for (const rule of block.rules) {
        if (rule.range.end.line < from || rule.range.start.line > to) continue;
        const values = rule.values.map((v) => v.name);
        jobs.push(
          engine
            .ruleKeeps(ref, rule.table.name, rule.column.name, values)
            .then(({ kept, total }) => hint(rule.range.end, file, `keeps ${kept}/${total} ${rule.table.name}`, `This rule alone keeps ${kept} of the ${total} rows of ${rule.table.name}.`))
            .catch(() => undefined),
        );
      }
    }
  }
  return (await Promise.all(jobs)).filter((h): h is InlayHint => h !== undefined);
}

function hint(at: Position, file: string, label: string, tooltip: string): InlayHint {
  return { position: { file, line: at.line, column: at.column }, label, tooltip };
}
