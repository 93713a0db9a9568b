// The extension's own requests (server/protocol.ts): lists for its pickers, and engine
// answers for its commands. Each handler finds the folder, then calls a plain function.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type Connection, ResponseError } from 'vscode-languageserver/node';
import type { AnalysisRef } from '../../engine/index.js';
import type { ServerContext } from '../context.js';
import type { EditorEngine } from '../engine-api.js';
import { copyPoolToTeam } from '../features/copy-pool.js';
import type { Snapshot } from '../features/snapshot.js';
import { groupsOf } from '../../model/check/team-lookup.js';
import {
  ANALYSES_REQUEST,
  COPY_POOL_REQUEST,
  COUNTS_REQUEST,
  DIFF_COUNTS_REQUEST,
  DIFF_REQUEST,
  EXPLAIN_REQUEST,
  EXPLAIN_ROW_REQUEST,
  MAX_PAGE_ROWS,
  PAGE_REQUEST,
  POOLS_REQUEST,
  REASONS_REQUEST,
  SUMMARY_REQUEST,
  PRINCIPALS_REQUEST,
  type AnalysesResult,
  type CopyPoolParams,
  type CopyPoolResult,
  type CountsParams,
  type CountsResult,
  type DiffCountsParams,
  type DiffCountsResult,
  type DiffParams,
  type ExplainParams,
  type ExplainRowParams,
  type ExplainRowResult,
  type PageParams,
  type PageResult,
  type ReasonsParams,
  type ReasonsResult,
  type SummaryParams,
  type SummaryResult,
  type PoolsResult,
  type PrincipalsParams,
  type PrincipalsResult,
} from '../protocol.js';

/** A request the user can fix (unknown pool, no engine): shown to them as is. */
const USER_ERROR = 1;

export function registerRequests(connection: Connection, ctx: ServerContext): void {
  const snapshots = async (): Promise<Snapshot[]> => (await Promise.all(ctx.runners().map((r) => r.current()))).filter((s): s is Snapshot => s !== undefined);

  /** The folder whose workspace holds the analysis, and its engine. */
  const folderOf = async (ref: AnalysisRef): Promise<{ snapshot: Snapshot; engine: EditorEngine }> => {
    for (const snapshot of await snapshots()) {
      const pool = snapshot.index.pools.get(ref.pool);
      if (pool && (pool.models.some((m) => m.name === ref.name) || pool.perspectives.some((p) => p.name === ref.name))) {
        const engine = ctx.engineFor(snapshot.root);
        if (!engine) throw new ResponseError(USER_ERROR, 'The Sightline engine is turned off (setting sightline.engine.enabled).');
        return { snapshot, engine };
      }
    }
    throw new ResponseError(USER_ERROR, `No model or perspective ${ref.name} in pool "${ref.pool}".`);
  };

  const asUserError = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      throw new ResponseError(USER_ERROR, e instanceof Error ? e.message : String(e));
    }
  };

  connection.onRequest(ANALYSES_REQUEST, async (): Promise<AnalysesResult> =>
    (await snapshots()).flatMap((s) =>
      s.model.pools.flatMap((p) => [
        ...p.models.map((m) => ({ pool: p.id, name: m.name, kind: 'model' as const, root: s.root })),
        ...p.perspectives.map((m) => ({ pool: p.id, name: m.name, kind: 'perspective' as const, root: s.root })),
      ]),
    ),
  );

  connection.onRequest(POOLS_REQUEST, async (): Promise<PoolsResult> =>
    (await snapshots()).flatMap((s) => s.model.pools.map((p) => ({ id: p.id, team: p.team.name, name: p.name }))),
  );

  connection.onRequest(PRINCIPALS_REQUEST, async (params: PrincipalsParams): Promise<PrincipalsResult> => {
    const { snapshot } = await folderOf(params.ref);
    const pool = snapshot.index.pools.get(params.ref.pool)!;
    const team = snapshot.index.teams.get(pool.team.name);
    if (!team) return [];
    return [
      ...team.users.map((u) => {
        const groups = groupsOf(snapshot.index, team.name, u.email).map((g) => g.name);
        return { kind: 'user' as const, name: u.email, role: u.role?.name, groups, detail: [u.role?.name, ...groups].filter(Boolean).join(' · ') };
      }),
      ...team.groups.map((g) => ({ kind: 'group' as const, name: g.name, detail: `group of ${g.members.length}` })),
    ];
  });

  // Counts, reasons, row explanations and diff counts carry the engine's data generation as pages
  // and summaries do (server/engine-host.ts tags them; server/protocol.ts): the panel never shows
  // them beside rows of another generation.
  connection.onRequest(COUNTS_REQUEST, (params: CountsParams): Promise<CountsResult> => asUserError(async () => (await folderOf(params.ref)).engine.counts(params.ref, params.principal)));
  connection.onRequest(EXPLAIN_REQUEST, (params: ExplainParams) =>
    asUserError(async () => (await folderOf(params.ref)).engine.explain(params.ref, params.email, params.table, params.conditions)),
  );
  const missing = (what: string): never => {
    throw new ResponseError(USER_ERROR, `This engine cannot answer ${what}.`);
  };
  connection.onRequest(PAGE_REQUEST, (params: PageParams): Promise<PageResult> =>
    asUserError(async () => {
      const p = checkPageParams(params);
      const { engine } = await folderOf(p.ref);
      if (!engine.page) return missing('pages');
      const compareWith = p.compareWith ? { kind: p.compareWith.kind, name: p.compareWith.name } : undefined;
      return engine.page(p.ref, p.principal, p.table, { offset: p.offset, limit: p.limit, sort: p.sort, filters: p.filters, includeHidden: p.includeHidden, explain: p.explain, compareWith, differencesOnly: p.differencesOnly, encoding: p.encoding });
    }),
  );
  connection.onRequest(REASONS_REQUEST, (params: ReasonsParams): Promise<ReasonsResult> =>
    asUserError(async () => {
      if (!Array.isArray(params?.rowIds) || !params.rowIds.every((id) => Number.isSafeInteger(id) && id >= 0) || params.rowIds.length > 200) throw new ResponseError(USER_ERROR, 'rowIds: at most 200 row ids (whole numbers ≥ 0)');
      const { engine } = await folderOf(params.ref);
      if (!engine.reasons) return missing('reasons');
      return engine.reasons(params.ref, params.principal, String(params.table), params.rowIds);
    }),
  );
  connection.onRequest(EXPLAIN_ROW_REQUEST, (params: ExplainRowParams): Promise<ExplainRowResult> =>
    asUserError(async () => {
      if (!params || typeof params.ref?.pool !== 'string' || typeof params.ref?.name !== 'string') throw new ResponseError(USER_ERROR, 'sightline/explainRow: ref must be {pool, name}');
      if ((params.principal?.kind !== 'user' && params.principal?.kind !== 'group') || typeof params.principal.name !== 'string') throw new ResponseError(USER_ERROR, 'sightline/explainRow: principal must be {kind: user|group, name}');
      if (typeof params.table !== 'string') throw new ResponseError(USER_ERROR, 'sightline/explainRow: table must be a string');
      if (!Number.isSafeInteger(params.rowId) || params.rowId < 0) throw new ResponseError(USER_ERROR, 'sightline/explainRow: rowId must be a whole number ≥ 0');
      const { engine } = await folderOf(params.ref);
      if (!engine.explainRow) return missing('row explanations');
      return engine.explainRow(params.ref, params.principal, params.table, params.rowId);
    }),
  );
  connection.onRequest(DIFF_COUNTS_REQUEST, (params: DiffCountsParams): Promise<DiffCountsResult> =>
    asUserError(async () => {
      const isPrincipal = (p: unknown) => typeof p === 'object' && p !== null && ((p as { kind?: unknown }).kind === 'user' || (p as { kind?: unknown }).kind === 'group') && typeof (p as { name?: unknown }).name === 'string';
      if (!params || typeof params.ref?.pool !== 'string' || typeof params.ref?.name !== 'string') throw new ResponseError(USER_ERROR, 'sightline/diffCounts: ref must be {pool, name}');
      if (!isPrincipal(params.a) || !isPrincipal(params.b)) throw new ResponseError(USER_ERROR, 'sightline/diffCounts: a and b must be {kind: user|group, name}');
      const { engine } = await folderOf(params.ref);
      if (!engine.diffCounts) return missing('diff counts');
      return engine.diffCounts(params.ref, { kind: params.a.kind, name: params.a.name }, { kind: params.b.kind, name: params.b.name });
    }),
  );
  connection.onRequest(SUMMARY_REQUEST, (params: SummaryParams): Promise<SummaryResult> =>
    asUserError(async () => {
      const { engine } = await folderOf(params.ref);
      if (!engine.summary) return missing('summaries');
      return engine.summary(params.ref, params.principal);
    }),
  );
  connection.onRequest(DIFF_REQUEST, (params: DiffParams) => asUserError(async () => (await folderOf(params.ref)).engine.diff(params.ref, params.a, params.b)));

  connection.onRequest(COPY_POOL_REQUEST, async (params: CopyPoolParams): Promise<CopyPoolResult> => {
    for (const snapshot of await snapshots()) {
      if (!snapshot.index.pools.has(params.pool)) continue;
      const copy = copyPoolToTeam(snapshot, params.pool, params.team, params.name);
      if ('error' in copy) throw new ResponseError(USER_ERROR, copy.error);
      return copy;
    }
    throw new ResponseError(USER_ERROR, `No pool "${params.pool}".`);
  });
}

/** A page request with its ranges checked (limit 0–MAX_PAGE_ROWS, offset ≥ 0, known filter ops). */
export function checkPageParams(p: PageParams): PageParams {
  const bad = (why: string): never => {
    throw new ResponseError(USER_ERROR, `sightline/page: ${why}`);
  };
  if (!p || typeof p !== 'object') bad('no parameters');
  if (typeof p.ref?.pool !== 'string' || typeof p.ref?.name !== 'string') bad('ref must be {pool, name}');
  if ((p.principal?.kind !== 'user' && p.principal?.kind !== 'group') || typeof p.principal.name !== 'string') bad('principal must be {kind: user|group, name}');
  if (typeof p.table !== 'string') bad('table must be a string');
  if (!Number.isSafeInteger(p.offset) || p.offset < 0) bad('offset must be a whole number ≥ 0');
  if (!Number.isSafeInteger(p.limit) || p.limit < 0 || p.limit > MAX_PAGE_ROWS) bad(`limit must be a whole number from 0 to ${MAX_PAGE_ROWS}`);
  for (const k of p.sort ?? []) if (typeof k?.column !== 'string' || typeof k.descending !== 'boolean') bad('sort keys are {column, descending}');
  for (const f of p.filters ?? [])
    if (typeof f?.column !== 'string' || !['contains', 'equals', 'is-null'].includes(f.op) || (f.op !== 'is-null' && typeof f.value !== 'string')) bad('filters are {column, op: contains|equals|is-null, value}');
  if (p.explain !== undefined && (!Number.isSafeInteger(p.explain) || p.explain < 0 || p.explain > 200)) bad('explain must be a whole number from 0 to 200');
  if (p.compareWith !== undefined && ((p.compareWith?.kind !== 'user' && p.compareWith?.kind !== 'group') || typeof p.compareWith.name !== 'string')) bad('compareWith must be {kind: user|group, name}');
  if (p.differencesOnly !== undefined && typeof p.differencesOnly !== 'boolean') bad('differencesOnly must be true or false');
  if (p.encoding !== undefined && p.encoding !== 'arrow') bad("encoding must be 'arrow' (or absent: plain rows)");
  return p;
}

/** Writes a file the server produced (the lock), creating its folder. */
export async function writeWorkspaceFile(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
}
