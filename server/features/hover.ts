// Hover: what the element under the cursor is and what it means for the data. The element is
// found from the model's source ranges (hover-target.ts); keywords, which the model does not
// keep, from the text (hover-keywords.ts). Engine facts (row counts, frequent values, what a
// user sees) are added when the engine answers in time, and left out otherwise.
import type { Position } from '../../model/types.js';
import type { EditorEngine } from '../engine-api.js';
import { HOVER_ENGINE_MS } from './engine-call.js';
import { aliasHover, analysisHover, columnHover, connectionHover, permissionTableHover, poolHover, ruleHover, tableHover, type HoverEnv } from './hover-data.js';
import { keywordAt, keywordDoc } from './hover-keywords.js';
import { groupHover, teamHover, userHover } from './hover-principals.js';
import { findTarget, type HoverTarget } from './hover-target.js';
import type { Hover } from './results.js';
import type { Snapshot } from './snapshot.js';
import { offsetAt, positionAt, scan } from './text-scan.js';

export interface HoverOptions {
  /** How long to wait for each engine answer (ms). */
  timeoutMs?: number;
}

export async function hover(snapshot: Snapshot, file: string, pos: Position, engine?: EditorEngine, options: HoverOptions = {}): Promise<Hover | undefined> {
  const env: HoverEnv = { snapshot, engine, timeoutMs: options.timeoutMs ?? HOVER_ENGINE_MS };
  const text = snapshot.texts.get(file);
  if (text !== undefined && insideComment(text, pos)) return undefined;
  const found = findTarget(snapshot, file, pos);
  if (found) {
    const markdown = await describe(env, found.target);
    if (markdown) return { markdown, range: found.range };
  }
  if (text === undefined) return undefined;
  const kw = keywordAt(text, offsetAt(text, pos));
  if (!kw) return undefined;
  return { markdown: kw.doc, range: { file, start: positionAt(text, kw.start), end: positionAt(text, kw.end) } };
}

function insideComment(text: string, pos: Position): boolean {
  return scan(text, offsetAt(text, pos)).inComment;
}

async function describe(env: HoverEnv, t: HoverTarget): Promise<string | undefined> {
  switch (t.kind) {
    case 'team':
      return teamHover(env, t.team);
    case 'user':
      return userHover(env, t.email, t.team, t.analysis);
    case 'group':
      return groupHover(env, t.name, t.team, t.analysis);
    case 'pool':
      return poolHover(env, t.pool, t.written, t.fixMe);
    case 'connection':
      return connectionHover(env, t.pool, t.name);
    case 'table':
      return tableHover(env, t.pool, t.connection, t.table, t.analysis, t.alias);
    case 'alias':
      return aliasHover(env, t.analysis, t.name);
    case 'column':
      return columnHover(env, t.pool, t.column, t.analysis, t.alias, t.connection, t.table);
    case 'analysis':
      return analysisHover(env, t.pool, t.target, t.analysisKind);
    case 'rule':
      return ruleHover(env, t.set, t.rule, t.analysis, t.value);
    case 'permission-table':
      return permissionTableHover(env, t.set, t.table);
    case 'word': {
      return keywordDoc(t.where === 'switch' ? 'switch' : t.word) ?? `**${t.word}**: not a known ${wordKind(t.where)}.`;
    }
  }
}

function wordKind(where: Extract<HoverTarget, { kind: 'word' }>['where']): string {
  switch (where) {
    case 'role':
      return 'role (admin, analyst, member, viewer; §O1)';
    case 'service-grant':
      return 'service permission (§O2)';
    case 'pool-grant':
      return 'pool permission (§O2)';
    case 'engine':
      return 'engine (etl, vertica; §S1)';
    case 'combine':
      return 'combine mode (by-column, by-principal; §P5)';
    default:
      return 'setting';
  }
}
