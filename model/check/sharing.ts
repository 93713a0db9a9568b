// Sharing and importing connections between pools (§S1, §S3–§S7, with §O2 for edit rights).
import type { Import, Pool, Ref, Share } from '../types.js';
import { WorkspaceIndex } from '../workspace-index.js';
import type { CheckContext } from './context.js';
import { resolvePoolRef } from './references.js';
import { groupsOf } from './team-lookup.js';

const EDIT_SERVICE_GRANTS = new Set(['edit-all-pools', 'manage-all-pools']);
const EDIT_POOL_GRANTS = new Set(['edit', 'manage']);

/** §O2: edit on a pool comes from a pool grant or a service grant of the pool's team, to the user or a group of theirs. */
export function hasEdit(ctx: CheckContext, email: string, pool: Pool): boolean {
  const team = pool.team.name;
  const principals = new Set([email.toLowerCase(), ...groupsOf(ctx.index, team, email).map((g) => g.name)]);
  const matches = (p: Ref) => principals.has(p.name) || principals.has(p.name.toLowerCase());
  const service = ctx.index.teams.get(team)?.serviceGrants ?? [];
  return service.some((g) => EDIT_SERVICE_GRANTS.has(g.level.name) && matches(g.principal)) || pool.grants.some((g) => EDIT_POOL_GRANTS.has(g.level.name) && matches(g.principal));
}

export function checkSharing(ctx: CheckContext): void {
  for (const pool of ctx.model.pools) {
    for (const share of pool.shares) checkShare(ctx, pool, share);
    for (const imp of pool.imports) checkImport(ctx, pool, imp);
  }
  checkCopyLoops(ctx);
}

function checkShare(ctx: CheckContext, pool: Pool, share: Share): void {
  const entry = ctx.index.connection(pool, share.connection.name);
  if (!entry) {
    ctx.unknown('unknown-connection', share.connection.range, `pool "${pool.id}" has no connection ${share.connection.name} to share`, share.connection.name, ctx.index.connections(pool).map((c) => (c.kind === 'own' ? c.connection.name : c.import.name)));
  }
  const sharerKnown = ctx.index.usersNamed(share.by.name).length > 0;
  if (!sharerKnown) ctx.unknown('unknown-user', share.by.range, `unknown user ${share.by.name}`, share.by.name, ctx.index.allUserEmails());
  else if (!hasEdit(ctx, share.by.name, pool)) {
    ctx.report('share-missing-edit', share.by.range, `${share.by.name} needs edit on the source pool "${pool.id}" to share from it; grant \`grant "${share.by.name}" edit\` in that pool`, { user: share.by.name, pool: pool.id });
  }
  // An engine other than etl or vertica is an unknown-engine error already, not a vertica one.
  if (ctx.index.engineOf(pool) === 'vertica') {
    ctx.report('vertica-sharing', share.connection.range, `pool "${pool.id}" runs on ${ctx.index.engineOf(pool)}; sharing works only between pools on the etl engine: migrate it first`);
  }
  for (const target of share.targets) {
    if (entry) {
      const offered = ctx.index.tableNames(entry);
      for (const t of target.tables) {
        if (!offered.includes(t.name)) ctx.unknown('unknown-table', t.range, `connection ${share.connection.name} of "${pool.id}" has no table ${t.name} to share`, t.name, offered);
      }
    }
    const targetPool = resolvePoolRef(ctx, target.pool);
    if (!targetPool) continue;
    if (targetPool === pool) {
      ctx.report('share-to-self', target.pool.range, `"${pool.id}" cannot share with itself; its own models use the connection directly`);
      continue;
    }
    if (targetPool.name === pool.name) {
      ctx.report('same-pool-name', target.pool.range, `source and target pool are both named "${pool.name}"; rename one so a later team-to-team copy back cannot loop`);
    }
    if (ctx.index.engineOf(targetPool) === 'vertica') {
      ctx.report('vertica-sharing', target.pool.range, `target pool "${targetPool.id}" runs on ${ctx.index.engineOf(targetPool)}; sharing works only between pools on the etl engine`);
    }
    if (sharerKnown && !hasEdit(ctx, share.by.name, targetPool)) {
      ctx.report('share-missing-edit', target.pool.range, `${share.by.name} needs edit on the target pool "${targetPool.id}" to share with it; grant \`grant "${share.by.name}" edit\` in that pool`, { user: share.by.name, pool: targetPool.id });
    }
  }
}

/** The tables of `connection` that `source` shares with `target`, or undefined if it shares none. */
export function sharedTables(ctx: CheckContext, source: Pool, connection: string, target: Pool): Set<string> | undefined {
  let tables: Set<string> | undefined;
  for (const share of source.shares) {
    if (share.connection.name !== connection) continue;
    for (const t of share.targets) {
      const found = ctx.index.lookupPool(t.pool.name);
      if ('pool' in found && found.pool === target) {
        tables ??= new Set();
        for (const table of t.tables) tables.add(table.name);
      }
    }
  }
  return tables;
}

function checkImport(ctx: CheckContext, pool: Pool, imp: Import): void {
  if (imp.fixMe) {
    checkFixMe(ctx, pool, imp);
    return;
  }
  const source = resolvePoolRef(ctx, imp.source);
  if (!source) return;
  if (source === pool) {
    ctx.report('share-to-self', imp.source.range, `"${pool.id}" cannot import from itself; use the connection directly`);
    return;
  }
  if (source.name === pool.name) {
    ctx.report('same-pool-name', imp.source.range, `source and target pool are both named "${pool.name}"; rename one so a later team-to-team copy back cannot loop`);
  }
  for (const p of [pool, source]) {
    if (ctx.index.engineOf(p) === 'vertica') {
      ctx.report('vertica-sharing', imp.source.range, `pool "${p.id}" runs on ${ctx.index.engineOf(p)}; importing works only between pools on the etl engine`);
    }
  }
  const entry = ctx.index.connection(source, imp.connection.name);
  if (!entry) {
    ctx.unknown('unknown-connection', imp.connection.range, `pool "${source.id}" has no connection ${imp.connection.name}`, imp.connection.name, ctx.index.connections(source).map((c) => (c.kind === 'own' ? c.connection.name : c.import.name)));
    return;
  }
  const shared = sharedTables(ctx, source, imp.connection.name, pool);
  if (!shared) {
    ctx.report('import-not-shared', imp.connection.range, `"${source.id}" does not share ${imp.connection.name} with "${pool.id}"; add \`share ${imp.connection.name} with "${pool.id}" tables … by "…"\` to "${source.id}"`, {
      source: source.id,
      connection: imp.connection.name,
      target: pool.id,
    });
    return;
  }
  const offered = ctx.index.tableNames(entry);
  checkSynchronized(ctx, pool, source, imp, offered);
  for (const t of imp.tables) {
    if (!offered.includes(t.name)) ctx.unknown('unknown-table', t.range, `connection ${imp.connection.name} of "${source.id}" has no table ${t.name}`, t.name, offered);
    else if (!shared.has(t.name)) {
      ctx.report('import-not-shared', t.range, `"${source.id}" shares ${imp.connection.name} with "${pool.id}" but not its table ${t.name}; shared: ${[...shared].join(', ') || 'none'}`, {
        source: source.id,
        connection: imp.connection.name,
        target: pool.id,
        table: t.name,
      });
    }
  }
}

function checkFixMe(ctx: CheckContext, pool: Pool, imp: Import): void {
  const original = WorkspaceIndex.fixMeOriginal(imp.source.name);
  const found = original ? ctx.index.lookupPool(original) : undefined;
  const originalPool = found && 'pool' in found ? found.pool : undefined;
  const sharesNow = originalPool ? sharedTables(ctx, originalPool, imp.connection.name, pool) : undefined;
  const next = sharesNow
    ? `"${originalPool!.id}" now shares ${imp.connection.name} with this pool: re-point the import with \`from "${originalPool!.id}"\``
    : `ask "${original || 'the source pool'}" to share ${imp.connection.name} with "${pool.id}", then re-point the import`;
  // Every pool that now shares a connection of that name with this one (the original first): where the import may point.
  const candidates = [...ctx.index.pools.values()].filter((p) => p !== pool && sharedTables(ctx, p, imp.connection.name, pool)).map((p) => p.id);
  if (sharesNow) candidates.sort((a, b) => Number(b === originalPool!.id) - Number(a === originalPool!.id));
  ctx.report('fix-me-import', imp.source.range, `import ${imp.name} lost its source in a team-to-team copy (it was ${imp.connection.name} of "${original || '?'}"); ${next}`, {
    original,
    ...(sharesNow ? { repoint: originalPool!.id } : {}),
    candidates,
  });
}

/** §S7: a pool that imports, through other pools, from itself. FIX ME imports count as edges to their original. */
function checkCopyLoops(ctx: CheckContext): void {
  const edges = new Map<Pool, { to: Pool; imp: Import }[]>();
  for (const pool of ctx.model.pools) {
    const out: { to: Pool; imp: Import }[] = [];
    for (const imp of pool.imports) {
      const name = imp.fixMe ? WorkspaceIndex.fixMeOriginal(imp.source.name) : imp.source.name;
      const found = ctx.index.lookupPool(name);
      if ('pool' in found && found.pool !== pool) out.push({ to: found.pool, imp });
    }
    edges.set(pool, out);
  }
  const state = new Map<Pool, 'open' | 'done'>();
  const stack: { pool: Pool; imp?: Import }[] = [];
  const reported = new Set<Import>();
  const visit = (pool: Pool, via?: Import) => {
    state.set(pool, 'open');
    stack.push({ pool, imp: via });
    for (const { to, imp } of edges.get(pool) ?? []) {
      if (state.get(to) === 'open') {
        const start = stack.findIndex((s) => s.pool === to);
        const cycle = [...stack.slice(start).map((s) => s.pool.id), to.id];
        if (!reported.has(imp)) {
          reported.add(imp);
          ctx.report('copy-loop', imp.source.range, `imports form a loop: ${cycle.map((c) => `"${c}"`).join(' imports from ')}; data would be copied back to where it came from`);
        }
      } else if (!state.has(to)) visit(to, imp);
    }
    stack.pop();
    state.set(pool, 'done');
  };
  for (const pool of ctx.model.pools) if (!state.has(pool)) visit(pool);
}

/**
 * §S5: with a sightline.lock present, each imported table must match the structure recorded
 * at the last synchronization; otherwise the import still shows the old columns.
 */
function checkSynchronized(ctx: CheckContext, pool: Pool, source: Pool, imp: Import, offered: string[]): void {
  const lock = ctx.data.lock;
  if (!lock) return;
  const entry = lock.imports.find((i) => i.pool === pool.id && i.connection === imp.name);
  const fix = { pool: pool.id, connection: imp.name };
  for (const t of imp.tables) {
    if (!offered.includes(t.name)) continue;
    const found = ctx.index.resolveTable(source, imp.connection.name, t.name);
    const now = found.ok ? found.resolved.columns : undefined;
    if (!now) continue;
    const recorded = entry?.tables.find((x) => x.name === t.name)?.columns;
    if (!recorded) {
      ctx.report('import-needs-sync', t.range, `${t.name} has never been synchronized into "${pool.id}" (sightline.lock has no entry for it); run \`sightline sync --pool "${pool.id}" --connection ${imp.name}\``, fix);
      continue;
    }
    const added = now.filter((c) => !recorded.some((r) => r.name === c.name)).map((c) => `+${c.name}`);
    const removed = recorded.filter((r) => !now.some((c) => c.name === r.name)).map((c) => `-${c.name}`);
    const retyped = now.filter((c) => recorded.some((r) => r.name === c.name && r.type !== c.type)).map((c) => `${c.name} is now ${c.type}`);
    const changes = [...added, ...removed, ...retyped];
    if (changes.length > 0) {
      ctx.report('import-needs-sync', t.range, `${t.name} changed at the source since the last synchronization (${changes.join(', ')}); the import keeps its old columns until you run \`sightline sync --pool "${pool.id}" --connection ${imp.name}\``, fix);
    }
  }
}
