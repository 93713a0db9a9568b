// A team-to-team copy of a pool (§S7): the configuration, not the data. The copy keeps the
// pool's own connections (same data files), models and perspectives; its imports lose their
// source and become `FIX ME` imports naming the original source pool; grants, shares and
// usage lines are dropped, because they name people of the old team and a pool grant may
// only name a member of the pool's own team. Works on the text, so comments survive.
import * as path from 'node:path';
import type { Ref, SourceRange } from '../../model/types.js';
import { FIX_ME_PREFIX } from '../../model/types.js';
import type { Snapshot } from './snapshot.js';

export interface PoolCopy {
  text: string;
  /** A new file beside the original, so relative data paths stay valid. */
  file: string;
}

export function copyPoolToTeam(snapshot: Snapshot, poolId: string, team: string, name?: string): PoolCopy | { error: string } {
  const pool = snapshot.index.pools.get(poolId);
  if (!pool) return { error: `no pool "${poolId}"` };
  if (!snapshot.index.teams.has(team)) return { error: `no team ${team}; declare it first (known: ${[...snapshot.index.teams.keys()].join(', ')})` };
  const newName = name ?? pool.name;
  if (newName.includes('"') || newName.includes('\\') || newName.includes('/') || newName.trim() === '') return { error: `"${newName}" cannot name a pool: use letters, digits, spaces, - or _` };
  if (snapshot.index.pools.has(`${team}/${newName}`)) return { error: `team ${team} already has a pool "${newName}"` };
  const text = snapshot.texts.get(pool.range.file);
  if (text === undefined) return { error: `cannot read ${pool.range.file}` };

  const lines = text.split(/\r?\n/);
  const edits: { range: SourceRange; newText: string; wholeLines?: boolean }[] = [];
  edits.push({ range: pool.nameRange, newText: quote(newName) });
  edits.push({ range: pool.team.range, newText: team });
  for (const imp of pool.imports) {
    if (!imp.fixMe) edits.push({ range: imp.source.range, newText: quote(`${FIX_ME_PREFIX}: ${qualified(snapshot, imp.source.name)}`) });
  }
  const usages = [...pool.models, ...pool.perspectives].map((m) => usageStatement(lines, m.usage)).filter((r): r is SourceRange => r !== undefined);
  for (const r of [...pool.grants.map((g) => g.range), ...pool.shares.map((s) => s.range), ...usages]) {
    edits.push({ range: r, newText: '', wholeLines: true });
  }
  const body = applyWithin(lines, pool.range, edits);
  const header = `// Copied from "${pool.id}" to team ${team} (§S7): imports are FIX ME until their source\n// shares with this pool; grants, shares and usage were left out (they name ${pool.team.name}'s people).\n`;
  const base = path.basename(pool.range.file, path.extname(pool.range.file));
  const slug = `${team}-${newName}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return { text: header + body + '\n', file: path.join(path.dirname(pool.range.file), `${base}.${slug}.pool`) };
}

/** The `usage "a", "b"` statement around its names (the model keeps only the names' ranges). */
function usageStatement(lines: string[], names: Ref[]): SourceRange | undefined {
  if (names.length === 0) return undefined;
  const first = names[0].range;
  const keyword = lines[first.start.line].lastIndexOf('usage', first.start.column);
  if (keyword < 0) return undefined;
  return { file: first.file, start: { line: first.start.line, column: keyword }, end: names[names.length - 1].range.end };
}

/** "Pool" → "Team/Pool" where it resolves, so the FIX ME names the source unambiguously. */
function qualified(snapshot: Snapshot, written: string): string {
  const found = snapshot.index.lookupPool(written);
  return 'pool' in found ? found.pool.id : written;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The text of `outer` with the edits applied; `wholeLines` edits remove their lines when nothing else is on them. */
function applyWithin(lines: string[], outer: SourceRange, edits: { range: SourceRange; newText: string; wholeLines?: boolean }[]): string {
  const offsetOf = (line: number, column: number) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
  const full = lines.join('\n');
  const start = offsetOf(outer.start.line, outer.start.column);
  const end = offsetOf(outer.end.line, outer.end.column);
  const spans = edits.map((e) => {
    let s = offsetOf(e.range.start.line, e.range.start.column);
    let t = offsetOf(e.range.end.line, e.range.end.column);
    if (e.wholeLines) {
      const lineStart = full.lastIndexOf('\n', s - 1) + 1;
      const lineEnd = full.indexOf('\n', t);
      const before = full.slice(lineStart, s);
      const after = full.slice(t, lineEnd < 0 ? full.length : lineEnd);
      if (before.trim() === '' && (after.trim() === '' || after.trim().startsWith('//'))) {
        s = lineStart;
        t = lineEnd < 0 ? full.length : lineEnd + 1;
      }
    }
    return { s, t, text: e.newText };
  });
  spans.sort((a, b) => b.s - a.s);
  let out = full.slice(start, end);
  for (const { s, t, text } of spans) out = out.slice(0, s - start) + text + out.slice(t - start);
  return out;
}

