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
import {
  ANALYSES_REQUEST,
  COPY_POOL_REQUEST,
  COUNTS_REQUEST,
  DIFF_REQUEST,
  EXPLAIN_REQUEST,
  POOLS_REQUEST,
  PRINCIPALS_REQUEST,
  type AnalysesResult,
  type CopyPoolParams,
  type CopyPoolResult,
  type CountsParams,
  type DiffParams,
  type ExplainParams,
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
        const groups = snapshot.index.groupsOf(team.name, u.email).map((g) => g.name);
        return { kind: 'user' as const, name: u.email, role: u.role?.name, groups, detail: [u.role?.name, ...groups].filter(Boolean).join(' · ') };
      }),
      ...team.groups.map((g) => ({ kind: 'group' as const, name: g.name, detail: `group of ${g.members.length}` })),
    ];
  });

  connection.onRequest(COUNTS_REQUEST, (params: CountsParams) => asUserError(async () => (await folderOf(params.ref)).engine.counts(params.ref, params.principal)));
  connection.onRequest(EXPLAIN_REQUEST, (params: ExplainParams) =>
    asUserError(async () => (await folderOf(params.ref)).engine.explain(params.ref, params.email, params.table, params.conditions)),
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

/** Writes a file the server produced (the lock), creating its folder. */
export async function writeWorkspaceFile(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
}
