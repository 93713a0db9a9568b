// The candidates for each kind of expectation (expectations.ts), from the workspace and, for
// rule values, from the engine. Candidates are raw names and values: completion.ts quotes
// them where the grammar wants a string and sets the range they replace.
import * as path from 'node:path';
import { COMBINE_MODES, POOL_ENGINES, POOL_GRANTS, SERVICE_GRANTS, TEAM_ROLES, type Pool, type Team } from '../../model/types.js';
import type { EditorEngine } from '../engine-api.js';
import type { CompletionKind } from './results.js';
import { ask } from './engine-call.js';
import type { Expectation } from './expectations.js';
import { analysisTable, analysisTables, columnsOf, poolNamed, resolveAnalysis, tableColumns, teamOf } from './scope.js';
import type { Snapshot } from './snapshot.js';
import type { ListFiles } from './workspace-files.js';

export interface Candidate {
  /** The name or value itself (unquoted). */
  value: string;
  kind: CompletionKind;
  /** The grammar wants a string here. */
  quoted: boolean;
  detail?: string;
  documentation?: string;
  sortText?: string;
}

export interface SourceContext {
  snapshot: Snapshot;
  file: string;
  /** The word or string contents typed so far. */
  partial: string;
  engine?: EditorEngine;
  timeoutMs: number;
  limit: number;
  listFiles: ListFiles;
}

export const ROLE_DETAIL: Record<string, string> = {
  admin: 'all objects of the team (§O1, §O4)',
  analyst: 'edits pools with edit permission (§O4)',
  member: 'uses apps; cannot open objects (§O4)',
  viewer: 'reads apps and dashboards (§O1)',
};

export const GRANT_DETAIL: Record<string, string> = {
  'use-all-models': 'service: link any model of the team (§O2)',
  'view-all-pools': 'service: view every pool of the team (§O2)',
  'edit-all-pools': 'service: edit every pool of the team (§O2)',
  'create-pools': 'service: create pools, manage the ones created (§O2)',
  'manage-all-pools': 'service: manage every pool of the team (§O2)',
  'use-models': 'pool: link the pool\'s models (§O2)',
  view: 'pool: view the pool (§O2)',
  edit: 'pool: edit; needed to share (§O2, §S3)',
  manage: 'pool: edit, delete, manage permissions (§O2)',
};

const ENGINE_DETAIL: Record<string, string> = { etl: 'the ETL engine; can share and import (§S1)', vertica: 'legacy; no sharing or importing (§S1)' };
const COMBINE_DETAIL: Record<string, string> = {
  'by-column': 'pool all principals\' values per column, then AND (§P5, default)',
  'by-principal': 'each principal\'s rules alone, then OR (§P5)',
};

const keyword = (value: string): Candidate => ({ value, kind: 'keyword', quoted: false, sortText: `9${value}` });
const fixed = (values: readonly string[], kind: CompletionKind, details: Record<string, string>): Candidate[] =>
  values.map((value, i) => ({ value, kind, quoted: false, detail: details[value], sortText: String(i).padStart(3, '0') }));

export async function candidates(e: Expectation, c: SourceContext): Promise<Candidate[]> {
  const { snapshot } = c;
  const index = snapshot.index;
  switch (e.kind) {
    case 'keyword':
      return e.words.map(keyword);
    case 'role':
      return fixed(TEAM_ROLES, 'role', ROLE_DETAIL);
    case 'grant':
      return fixed(e.level === 'service' ? SERVICE_GRANTS : POOL_GRANTS, 'grant', GRANT_DETAIL);
    case 'engine':
      return fixed(POOL_ENGINES, 'keyword', ENGINE_DETAIL);
    case 'combine':
      return fixed(COMBINE_MODES, 'keyword', COMBINE_DETAIL);
    case 'team':
      return [...index.teams.values()].map((t) => ({ value: t.name, kind: 'team', quoted: false, detail: `${t.users.length} users, ${t.groups.length} groups` }));
    case 'pool':
      return pools(c, e);
    case 'analysis': {
      const inPool = e.pool === undefined ? undefined : poolNamed(snapshot, e.pool);
      const list = e.pool === undefined ? [...index.pools.values()] : inPool ? [inPool] : [];
      return list.flatMap((p) => [
        ...p.models.map((m): Candidate => ({ value: m.name, kind: 'model', quoted: false, detail: `model · ${m.tables.length} tables${e.pool === undefined ? ` · "${p.id}"` : ''}` })),
        ...p.perspectives.map((m): Candidate => ({ value: m.name, kind: 'model', quoted: false, detail: `perspective · ${m.objects.length} object types${e.pool === undefined ? ` · "${p.id}"` : ''}` })),
      ]);
    }
    case 'connection': {
      const pool = index.pools.get(e.pool.id);
      if (!pool) return [];
      return index
        .connections(pool)
        .filter((entry) => !e.ownOnly || entry.kind === 'own')
        .map((entry) =>
          entry.kind === 'own'
            ? { value: entry.connection.name, kind: 'connection', quoted: false, detail: `${entry.connection.tables.length} tables` }
            : { value: entry.import.name, kind: 'connection', quoted: false, detail: `imported from "${entry.import.source.name}"` },
        );
    }
    case 'shared-connection':
      return sharedWith(snapshot, e.pool.id).map(({ source, connection, tables }) => ({
        value: connection,
        kind: 'connection',
        quoted: false,
        detail: `shared by "${source.id}"`,
        documentation: `Tables: ${tables.join(', ')}`,
      }));
    case 'table': {
      const pool = index.pools.get(e.pool.id);
      const entry = pool && index.connection(pool, e.connection);
      if (!pool || !entry) return [];
      return index
        .tableNames(entry)
        .filter((t) => !e.exclude.includes(t))
        .map((t) => {
          const found = index.resolveTable(pool, e.connection, t);
          const file = found.ok ? path.relative(snapshot.root, found.resolved.table.file).replace(/\\/g, '/') : undefined;
          return { value: t, kind: 'table', quoted: false, detail: found.ok ? `${found.resolved.columns?.length ?? '?'} columns · ${file}` : undefined };
        });
    }
    case 'shared-table': {
      const shared = sharedWith(snapshot, e.pool.id).find((s) => s.connection === e.connection && s.source === poolNamed(snapshot, e.source));
      let tables = shared?.tables;
      if (!tables) {
        const source = poolNamed(snapshot, e.source);
        const entry = source && index.connection(source, e.connection);
        tables = entry ? index.tableNames(entry) : [];
      }
      return tables.filter((t) => !e.exclude.includes(t)).map((t) => ({ value: t, kind: 'table', quoted: false, detail: shared ? 'shared with this pool' : 'not shared with this pool' }));
    }
    case 'alias': {
      const kind = resolveAnalysis(snapshot, e.scope)?.kind === 'perspective' ? 'object-type' : 'alias';
      return analysisTables(snapshot, e.scope).map((t) => ({ value: t.name, kind, quoted: false, detail: `${t.connection}.${t.table}` }));
    }
    case 'column':
      return columnsOf(analysisTable(snapshot, e.scope, e.table)).map((col) => ({ value: col.name, kind: 'column', quoted: !isName(col.name), detail: col.type }));
    case 'table-column':
      return (tableColumns(snapshot, e.pool.id, e.connection, e.table) ?? []).map((col) => ({ value: col.name, kind: 'column', quoted: !isName(col.name), detail: col.type }));
    case 'value':
      return values(c, e);
    case 'user':
      return users(c, e);
    case 'group': {
      const team = teamOf(snapshot, e.team, e.scope);
      const groups = team ? team.groups : [...index.teams.values()].flatMap((t) => t.groups);
      return groups
        .filter((g) => !e.exclude.includes(g.name))
        .map((g) => ({ value: g.name, kind: 'group', quoted: true, detail: `group · ${g.members.length} member${g.members.length === 1 ? '' : 's'}`, documentation: g.members.map((m) => m.name).join(', ') }));
    }
    case 'file':
      return files(c, e.extensions);
    case 'csv-column': {
      const abs = path.resolve(path.dirname(c.file), e.path.replace(/\\/g, '/'));
      const header = snapshot.data.permissionTables.get(abs)?.table?.header ?? [];
      return header.map((h) => ({ value: h.text, kind: 'column', quoted: !isName(h.text), detail: `column of ${e.path}` }));
    }
  }
}

/** An identifier the grammar accepts unquoted. */
export function isName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

/** The connections other pools share with `target`, with the tables shared. */
function sharedWith(snapshot: Snapshot, target: string): { source: Pool; connection: string; tables: string[] }[] {
  const out: { source: Pool; connection: string; tables: string[] }[] = [];
  for (const pool of snapshot.model.pools) {
    for (const share of pool.shares) {
      for (const t of share.targets) {
        if (poolNamed(snapshot, t.pool.name)?.id !== target) continue;
        const entry = out.find((o) => o.source === pool && o.connection === share.connection.name);
        const names = t.tables.map((x) => x.name);
        if (entry) entry.tables.push(...names.filter((n) => !entry.tables.includes(n)));
        else out.push({ source: pool, connection: share.connection.name, tables: names });
      }
    }
  }
  return out;
}

function pools(c: SourceContext, e: Extract<Expectation, { kind: 'pool' }>): Candidate[] {
  const { snapshot } = c;
  const sources = e.sharing ? sharedWith(snapshot, e.sharing.target).filter((s) => s.connection === e.sharing!.connection) : [];
  const out: Candidate[] = [];
  for (const pool of snapshot.index.pools.values()) {
    if (pool.id === e.exclude) continue;
    const share = sources.find((s) => s.source === pool);
    const detail = share ? `shares ${share.connection} with this pool (${share.tables.join(', ')})` : `pool of team ${pool.team.name} · ${snapshot.index.engineOf(pool)}`;
    const sortText = `${share ? 0 : 1}${pool.id}`;
    out.push({ value: pool.id, kind: 'pool', quoted: true, detail, sortText });
    // within its own team a pool may be named alone, where that name is unique
    const unique = [...snapshot.index.pools.values()].filter((p) => p.name === pool.name).length === 1;
    if (e.from && pool.team.name === e.from.team && unique) out.push({ value: pool.name, kind: 'pool', quoted: true, detail, sortText: `${share ? 0 : 1}${pool.id}~` });
  }
  return out;
}

function users(c: SourceContext, e: Extract<Expectation, { kind: 'user' }>): Candidate[] {
  const { snapshot } = c;
  const team = teamOf(snapshot, e.team, e.scope);
  const excluded = new Set(e.exclude.map((x) => x.toLowerCase()));
  const describe = (t: Team, email: string) => {
    const groups = snapshot.index.groupsOf(t.name, email).map((g) => g.name);
    return groups.length ? `groups: ${groups.join(', ')}` : undefined;
  };
  if (e.others && team) {
    // declaring a user: offer people declared in other teams but not yet in this one
    const here = new Set(team.users.map((u) => u.key));
    const out = new Map<string, Candidate>();
    for (const t of snapshot.index.teams.values()) {
      if (t === team) continue;
      for (const u of t.users) {
        if (here.has(u.key) || out.has(u.key) || excluded.has(u.key)) continue;
        out.set(u.key, { value: u.email, kind: 'user', quoted: true, detail: `${u.role?.name ?? 'no role'} in ${t.name}` });
      }
    }
    return [...out.values()];
  }
  if (!team) {
    return snapshot.index
      .allUserEmails()
      .filter((u) => !excluded.has(u.toLowerCase()))
      .map((u) => ({ value: u, kind: 'user', quoted: true }));
  }
  return team.users
    .filter((u) => !excluded.has(u.key))
    .map((u) => ({ value: u.email, kind: 'user', quoted: true, detail: u.role?.name ?? 'no role', documentation: describe(team, u.email) }));
}

async function values(c: SourceContext, e: Extract<Expectation, { kind: 'value' }>): Promise<Candidate[]> {
  const { snapshot, engine } = c;
  const excluded = new Set(e.exclude);
  const ref = resolveAnalysis(snapshot, e.scope)?.ref;
  if (engine && ref) {
    const found = await ask(() => engine.columnValues(ref, e.table, e.column, { prefix: c.partial || undefined, limit: c.limit + excluded.size }), c.timeoutMs);
    if (found) {
      return found
        .filter((v): v is { value: string; count: number } => v.value !== null && !excluded.has(v.value))
        .map((v, i) => ({ value: v.value, kind: 'value', quoted: true, detail: `${v.count} row${v.count === 1 ? '' : 's'}`, sortText: String(i).padStart(6, '0') }));
    }
  }
  // without the engine: the values other rules of this analysis already use for this column
  const seen = new Set<string>();
  for (const set of snapshot.model.permissions) {
    if (set.target.name !== e.scope.name) continue;
    for (const p of set.principals)
      for (const r of p.rules) if (r.table.name === e.table && r.column.name === e.column) for (const v of r.values) if (!excluded.has(v.name)) seen.add(v.name);
  }
  return [...seen].sort().map((v) => ({ value: v, kind: 'value', quoted: true, detail: 'used in another rule' }));
}

async function files(c: SourceContext, extensions: readonly string[]): Promise<Candidate[]> {
  const all = (await c.listFiles(c.snapshot.root).catch(() => [] as string[])) ?? [];
  const dir = path.dirname(c.file);
  return all
    .filter((f) => extensions.some((x) => f.toLowerCase().endsWith(`.${x}`)))
    .map((f) => {
      const rel = path.relative(dir, f).replace(/\\/g, '/');
      return { value: rel, kind: 'file' as const, quoted: true, detail: f.toLowerCase().endsWith('.parquet') ? 'Parquet' : 'CSV', sortText: `${rel.startsWith('..') ? 1 : 0}${rel}` };
    });
}
