// What preview, explain and diff share: read and check the workspace, start the engine, load
// the data, and find the model or perspective the options name.
import { checkWorkspace, type WorkspaceCheck } from '../language/check-workspace.js';
import { nodeFiles } from '../model/node-files.js';
import { closest, didYouMean } from '../model/suggest.js';
import { WorkspaceIndex } from '../model/workspace-index.js';
import { EngineError, type AnalysisRef, type Engine } from '../engine/index.js';
import { startNodeEngine } from '../engine/node.js';
import { UsageError } from './usage.js';

/** The options preview, explain and diff share: which analysis, as whom. */
export const ANALYSIS_OPTIONS = {
  model: { type: 'string' },
  pool: { type: 'string' },
  as: { type: 'string' },
  table: { type: 'string' },
  limit: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface OpenWorkspace extends WorkspaceCheck {
  engine: Engine;
}

export async function openWorkspace(dir: string): Promise<OpenWorkspace> {
  const checked = await checkWorkspace(dir);
  const engine = await startNodeEngine();
  const report = await engine.load(checked.model, nodeFiles, checked.data);
  for (const e of report.errors) process.stderr.write(`sightline: warning: ${e.message}; its table counts as empty\n`);
  return { ...checked, engine };
}

/** `--model NAME [--pool "Team/Pool"]` → the analysis, with suggestions when it is not found. */
export function findAnalysis(command: string, ws: OpenWorkspace, model: string | undefined, pool: string | undefined): AnalysisRef {
  if (!model) throw new UsageError(`${command}: --model MODEL is required; models and perspectives: ${names(ws).join(', ') || '(none)'}`);
  const index = new WorkspaceIndex(ws.model, ws.data.lock);
  let found = index.analysesNamed(model);
  if (pool) {
    const p = index.lookupPool(pool);
    if (!('pool' in p)) {
      const hint = 'candidates' in p ? ` (in ${p.candidates.map((c) => `"${c.id}"`).join(' and ')}: write "Team/Pool")` : didYouMean(closest(pool, index.pools.keys()));
      throw new UsageError(`${command}: no pool "${pool}"${hint}`);
    }
    found = found.filter((f) => f.pool === p.pool);
  }
  if (found.length === 0) throw new UsageError(`${command}: no model or perspective ${model}${pool ? ` in "${pool}"` : ''}${didYouMean(closest(model, names(ws)))}`);
  if (found.length > 1) throw new UsageError(`${command}: ${model} exists in ${found.map((f) => `"${f.pool.id}"`).join(' and ')}; add --pool "Team/Pool"`);
  return { pool: found[0].pool.id, name: model };
}

function names(ws: OpenWorkspace): string[] {
  return ws.model.pools.flatMap((p) => [...p.models, ...p.perspectives].map((m) => m.name));
}

/** Runs an engine call, turning its errors about names into usage errors with suggestions. */
export async function engineCall<T>(command: string, call: () => Promise<T>, subject?: string): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    const near = subject ? closest(subject, e.suggestions) : [];
    const hint = near.length > 0 ? didYouMean(near) : e.suggestions.length > 0 ? `; one of: ${e.suggestions.slice(0, 12).join(', ')}${e.suggestions.length > 12 ? ', …' : ''}` : '';
    throw new UsageError(`${command}: ${e.message}${hint}`);
  }
}
