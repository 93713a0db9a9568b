// What may be typed at the cursor, by block and by the shape of the statement before it:
// the grammar (language/sightline.langium) read backwards from the cursor. Names stay as
// written here (a pool's id, an alias, a column); completion.ts resolves them against the
// workspace. Each function below follows one statement form of the grammar.
import { enclosingPool, enclosingTeam, permissionsTarget, shape, STATEMENT_KEYWORDS, type Block, type CursorContext } from './cursor-context.js';
import type { Token } from './text-scan.js';

/** A model or perspective as named where the cursor is: in its pool, or by a permissions header. */
export interface AnalysisScope {
  /** The pool as written ("Team/Pool" or "Pool"); absent in `permissions for Target`. */
  pool?: string;
  name: string;
  /** Aliases / object types declared earlier in the block being typed (not yet in the model). */
  declared?: { name: string; connection: string; table: string }[];
}

/** A pool by its id, as the enclosing `pool "Name" in Team` header gives it. */
export interface PoolScope {
  id: string;
  team: string;
}

export type Expectation =
  | { kind: 'keyword'; words: readonly string[] }
  | { kind: 'team' }
  /** Pools for a string: all of them, or the ones sharing `connection` with `target` first. */
  | { kind: 'pool'; from?: PoolScope; exclude?: string; sharing?: { connection: string; target: string } }
  /** Models and perspectives: of one pool (`permissions for "Pool".`), or all (unqualified). */
  | { kind: 'analysis'; pool?: string }
  | { kind: 'connection'; pool: PoolScope; ownOnly?: boolean }
  /** `import C`: connections other pools share with this one. */
  | { kind: 'shared-connection'; pool: PoolScope }
  | { kind: 'table'; pool: PoolScope; connection: string; exclude: string[] }
  /** `import C from "Source" tables …`: the tables the source shares with this pool. */
  | { kind: 'shared-table'; pool: PoolScope; source: string; connection: string; exclude: string[] }
  | { kind: 'alias'; scope: AnalysisScope }
  | { kind: 'column'; scope: AnalysisScope; table: string }
  /** Columns of a table named by connection and table (an object's key, a link table). */
  | { kind: 'table-column'; pool: PoolScope; connection: string; table: string }
  | { kind: 'value'; scope: AnalysisScope; table: string; column: string; exclude: string[] }
  /** Users of a team (all teams when absent); `others`: declared in other teams but not this one. */
  | { kind: 'user'; team?: string; scope?: AnalysisScope; exclude: string[]; others?: boolean }
  | { kind: 'group'; team?: string; scope?: AnalysisScope; exclude: string[] }
  | { kind: 'role' }
  | { kind: 'grant'; level: 'service' | 'pool' }
  | { kind: 'engine' }
  | { kind: 'combine' }
  /** Data files below the workspace, written relative to the current file. */
  | { kind: 'file'; extensions: readonly string[] }
  /** Header columns of a permission table (the mapping block's CSV, path as written). */
  | { kind: 'csv-column'; path: string };

const kw = (...words: string[]): Expectation => ({ kind: 'keyword', words });
const strings = (tokens: Token[]) => tokens.filter((t) => t.kind === 'string').map((t) => t.text);
const words = (tokens: Token[]) => tokens.filter((t) => t.kind === 'word').map((t) => t.text);

export function expectations(ctx: CursorContext): Expectation[] {
  const s = ctx.statement;
  const block = ctx.block;
  const startKeywords = STATEMENT_KEYWORDS[block.kind];
  const continuing = s.length > 0 ? continuation(ctx) : [];
  if (!ctx.atStatementStart) return continuing;
  // the cursor may start a new statement: offer that, plus keywords that would continue the last one
  const starts = statementStart(ctx, startKeywords);
  return [...starts, ...continuing.filter((e) => e.kind === 'keyword')];
}

function statementStart(ctx: CursorContext, startKeywords: readonly string[]): Expectation[] {
  if (ctx.inString) return [];
  if (ctx.block.kind === 'principal') {
    const scope = analysisScopeOf(ctx.blocks);
    return scope ? [{ kind: 'alias', scope }] : [];
  }
  if (ctx.block.kind === 'mapping') {
    const kind = ctx.block.header.find((t) => t.kind === 'word' && (t.text === 'values' || t.text === 'unlimited'))?.text;
    const roles = kind === 'unlimited' ? ['user', 'unlimited'] : kind === 'values' ? ['user', 'table', 'column', 'value'] : [...startKeywords];
    const mapped = new Set([...ctx.block.statements, ctx.statement].map((st) => st[0]?.text));
    return [kw(...roles.filter((r) => !mapped.has(r)))];
  }
  if (ctx.block.kind === 'permissions') {
    const done = new Set([...ctx.block.statements, ctx.statement].map((st) => st[0]?.text));
    return [kw(...startKeywords.filter((k) => !((k === 'use' || k === 'combine') && done.has(k))))];
  }
  if (ctx.block.kind === 'pool') {
    const done = new Set([...ctx.block.statements, ctx.statement].map((st) => st[0]?.text));
    return [kw(...startKeywords.filter((k) => !(k === 'engine' && done.has(k))))];
  }
  return startKeywords.length ? [kw(...startKeywords)] : [];
}

/** What continues the statement under the cursor. */
function continuation(ctx: CursorContext): Expectation[] {
  const s = ctx.statement;
  switch (ctx.block.kind) {
    case 'top':
      return topLevel(s);
    case 'team':
      return teamMember(s, enclosingTeam(ctx.blocks));
    case 'pool': {
      const pool = poolScope(ctx.blocks);
      return pool ? poolMember(s, pool) : [];
    }
    case 'connection':
      return tableDecl(s);
    case 'share': {
      const pool = poolScope(ctx.blocks);
      const connection = ctx.block.header[1]?.kind === 'word' ? ctx.block.header[1].text : undefined;
      return pool && connection ? shareTarget(s, pool, connection) : [];
    }
    case 'model': {
      const pool = poolScope(ctx.blocks);
      const scope = analysisScopeOf(ctx.blocks);
      return pool && scope ? modelMember(s, pool, scope) : [];
    }
    case 'perspective': {
      const pool = poolScope(ctx.blocks);
      const scope = analysisScopeOf(ctx.blocks);
      return pool && scope ? perspectiveMember(s, pool, scope) : [];
    }
    case 'permissions':
      return permissionMember(s, analysisScopeOf(ctx.blocks));
    case 'principal': {
      const scope = analysisScopeOf(ctx.blocks);
      return scope ? rule(s, scope) : [];
    }
    case 'mapping': {
      const path = ctx.block.header[1]?.kind === 'string' ? ctx.block.header[1].text : undefined;
      return s.length === 1 && path !== undefined ? [{ kind: 'csv-column', path }] : [];
    }
    default:
      return [];
  }
}

// ---------------------------------------------------------------- scopes from block headers

function poolScope(blocks: Block[]): PoolScope | undefined {
  const p = enclosingPool(blocks);
  return p ? { id: p.id, team: p.team } : undefined;
}

/** The analysis the cursor is in: the enclosing model/perspective, or the permissions header. */
export function analysisScopeOf(blocks: Block[]): AnalysisScope | undefined {
  const perm = blocks.find((b) => b.kind === 'permissions');
  if (perm) {
    const t = permissionsTarget(perm.header);
    return t ? { pool: t.pool, name: t.target } : undefined;
  }
  const m = blocks.find((b) => b.kind === 'model' || b.kind === 'perspective');
  const pool = enclosingPool(blocks);
  if (!m || !pool || m.header[1]?.kind !== 'word') return undefined;
  const declared: NonNullable<AnalysisScope['declared']> = [];
  for (const st of m.statements) {
    const w = shape(st);
    // table C.T [as A]  /  object N from C.T key K
    if (w[0] === 'table' && w[2] === '.' && st[1] && st[3]) declared.push({ connection: st[1].text, table: st[3].text, name: w[4] === 'as' && st[5] ? st[5].text : st[3].text });
    if (w[0] === 'object' && w[2] === 'from' && w[4] === '.' && st[1] && st[3] && st[5]) declared.push({ name: st[1].text, connection: st[3].text, table: st[5].text });
  }
  return { pool: pool.id, name: m.header[1].text, declared };
}

// ---------------------------------------------------------------- statement forms

function topLevel(s: Token[]): Expectation[] {
  const w = shape(s);
  if (w[0] === 'pool') {
    if (w.length === 2) return [kw('in')];
    if (w.length === 3 && w[2] === 'in') return [{ kind: 'team' }];
    return [];
  }
  if (w[0] === 'permissions') {
    if (w.length === 1) return [kw('for')];
    if (w.length === 2) return [{ kind: 'pool' }, { kind: 'analysis' }];
    if (w.length === 4 && w[2] === '"' && w[3] === '.') return [{ kind: 'analysis', pool: s[2].text }];
  }
  return [];
}

function teamMember(s: Token[], team: string | undefined): Expectation[] {
  const w = shape(s);
  const last = w[w.length - 1];
  switch (w[0]) {
    case 'user':
      if (w.length === 1) return [{ kind: 'user', team, exclude: [], others: true }];
      if (w.length === 2) return [kw('role')];
      if (w.length === 3 && last === 'role') return [{ kind: 'role' }];
      return [];
    case 'group':
      if (w.length === 2) return [kw('members')];
      if (w.length >= 3 && w[2] === 'members' && (last === 'members' || last === ',')) return [{ kind: 'user', team, exclude: strings(s.slice(3)) }];
      return [];
    case 'grant':
      if (w.length === 1) return [{ kind: 'user', team, exclude: [] }, { kind: 'group', team, exclude: [] }];
      if (w.length === 2) return [{ kind: 'grant', level: 'service' }];
      return [];
  }
  return [];
}

function poolMember(s: Token[], pool: PoolScope): Expectation[] {
  const w = shape(s);
  const last = w[w.length - 1];
  switch (w[0]) {
    case 'engine':
      return w.length === 1 ? [{ kind: 'engine' }] : [];
    case 'grant':
      if (w.length === 1) return [{ kind: 'user', team: pool.team, exclude: [] }, { kind: 'group', team: pool.team, exclude: [] }];
      if (w.length === 2) return [{ kind: 'grant', level: 'pool' }];
      return [];
    case 'share': {
      if (w.length === 1) return [{ kind: 'connection', pool, ownOnly: true }];
      const connection = s[1].text;
      if (w.length === 2) return [kw('with', 'by')];
      if (last === 'by') return [{ kind: 'user', team: pool.team, exclude: [] }];
      const tablesAt = w.indexOf('tables');
      if (tablesAt > 0 && (last === 'tables' || last === ',')) return [{ kind: 'table', pool, connection, exclude: words(s.slice(tablesAt + 1)) }];
      if (tablesAt > 0 && last !== 'by' && s[s.length - 1].kind === 'word' && !w.includes('by')) return [kw('by')];
      if (w[2] === 'with' && (last === 'with' || (last === ',' && tablesAt < 0))) return [{ kind: 'pool', from: pool, exclude: pool.id }];
      if (w[2] === 'with' && tablesAt < 0 && last === '"') return [kw('tables')];
      return [];
    }
    case 'import': {
      if (w.length === 1) return [{ kind: 'shared-connection', pool }];
      const connection = s[1].text;
      if (w.length === 2) return [kw('as', 'from')];
      if (last === 'as') return [];
      const fromAt = w.indexOf('from');
      if (fromAt < 0) return w.length === 4 && w[2] === 'as' ? [kw('from')] : [];
      if (w.length === fromAt + 1) return [{ kind: 'pool', from: pool, exclude: pool.id, sharing: { connection, target: pool.id } }];
      const source = s[fromAt + 1]?.kind === 'string' ? s[fromAt + 1].text : undefined;
      if (source === undefined) return [];
      if (w.length === fromAt + 2) return [kw('tables')];
      const tablesAt = w.indexOf('tables');
      if (tablesAt > fromAt && (last === 'tables' || last === ',')) return [{ kind: 'shared-table', pool, source, connection, exclude: words(s.slice(tablesAt + 1)) }];
      return [];
    }
  }
  return [];
}

function tableDecl(s: Token[]): Expectation[] {
  const w = shape(s);
  if (w[0] !== 'table') return [];
  if (w.length === 2) return [kw('from')];
  if (w.length === 3 && w[2] === 'from') return [{ kind: 'file', extensions: ['csv', 'parquet'] }];
  return [];
}

function shareTarget(s: Token[], pool: PoolScope, connection: string): Expectation[] {
  const w = shape(s);
  const last = w[w.length - 1];
  if (w[0] !== 'with') return [];
  if (w.length === 1) return [{ kind: 'pool', from: pool, exclude: pool.id }];
  if (w.length === 2) return [kw('tables')];
  if (w[2] === 'tables' && (last === 'tables' || last === ',')) return [{ kind: 'table', pool, connection, exclude: words(s.slice(3)) }];
  return [];
}

/** `A.col -> B.col` (a join or a column relationship), read from its start in `s`. */
function columnPath(s: Token[], scope: AnalysisScope): Expectation[] | undefined {
  const w = shape(s);
  const last = w[w.length - 1];
  if (last === '.' && s.length >= 2 && s[s.length - 2].kind === 'word') return [{ kind: 'column', scope, table: s[s.length - 2].text }];
  if (last === '->') return [{ kind: 'alias', scope }];
  if (s.length >= 3 && w[w.length - 2] === '.' && !w.includes('->')) return [kw('->')];
  return undefined;
}

function modelMember(s: Token[], pool: PoolScope, scope: AnalysisScope): Expectation[] {
  const w = shape(s);
  const last = w[w.length - 1];
  switch (w[0]) {
    case 'table':
      if (w.length === 1) return [{ kind: 'connection', pool }];
      if (w.length === 3 && last === '.') return [{ kind: 'table', pool, connection: s[1].text, exclude: [] }];
      if (w.length === 4) return [kw('as')];
      return [];
    case 'join':
      if (w.length === 1) return [{ kind: 'alias', scope }];
      return columnPath(s, scope) ?? [];
    case 'usage':
      return usage(w, s, pool, scope);
  }
  return [];
}

function usage(w: string[], s: Token[], pool: PoolScope, scope: AnalysisScope): Expectation[] {
  const last = w[w.length - 1];
  if (w.length !== 1 && last !== ',') return [];
  const exclude = strings(s);
  return [
    { kind: 'user', team: pool.team, scope, exclude },
    { kind: 'group', team: pool.team, scope, exclude },
  ];
}

function perspectiveMember(s: Token[], pool: PoolScope, scope: AnalysisScope): Expectation[] {
  const w = shape(s);
  const last = w[w.length - 1];
  switch (w[0]) {
    case 'object':
      if (w.length === 2) return [kw('from')];
      if (w.length === 3 && last === 'from') return [{ kind: 'connection', pool }];
      if (w.length === 5 && last === '.') return [{ kind: 'table', pool, connection: s[3].text, exclude: [] }];
      if (w.length === 6) return [kw('key')];
      if (w.length === 7 && last === 'key') return [{ kind: 'table-column', pool, connection: s[3].text, table: s[5].text }];
      return [];
    case 'relate': {
      if (w.length === 1) return [{ kind: 'alias', scope }];
      if (w.includes('<->')) {
        const arrow = w.indexOf('<->');
        if (last === '<->') return [{ kind: 'alias', scope }];
        if (w.length === arrow + 2) return [kw('via')];
        if (last === 'via') return [{ kind: 'connection', pool }];
        const viaAt = w.indexOf('via');
        if (viaAt > 0 && w.length === viaAt + 3 && last === '.') return [{ kind: 'table', pool, connection: s[viaAt + 1].text, exclude: [] }];
        const open = w.indexOf('(');
        if (viaAt > 0 && open > 0 && (last === '(' || last === ',') && s[viaAt + 1] && s[viaAt + 3]) {
          return [{ kind: 'table-column', pool, connection: s[viaAt + 1].text, table: s[viaAt + 3].text }];
        }
        return [];
      }
      if (w.length === 2) return [kw('<->')];
      return columnPath(s.slice(1), scope) ?? [];
    }
    case 'usage':
      return usage(w, s, pool, scope);
  }
  return [];
}

function permissionMember(s: Token[], scope: AnalysisScope | undefined): Expectation[] {
  const w = shape(s);
  const last = w[w.length - 1];
  switch (w[0]) {
    case 'use':
      return w.length === 1 ? [kw('data')] : w.length === 2 && last === 'data' ? [kw('permissions')] : [];
    case 'combine':
      return w.length === 1 ? [{ kind: 'combine' }] : [];
    case 'user':
      if (w.length === 1) return [{ kind: 'user', scope, exclude: [] }];
      return w.length === 2 ? [kw('unlimited')] : [];
    case 'group':
      if (w.length === 1) return [{ kind: 'group', scope, exclude: [] }];
      return w.length === 2 ? [kw('unlimited')] : [];
    case 'table':
      if (w.length === 1) return [{ kind: 'file', extensions: ['csv'] }];
      if (w.length === 2) return [kw('values', 'unlimited')];
      if (w.length === 3) return [kw('users', 'groups')];
      if (w.length === 4) return [kw('by')];
      if (w.length === 5 && last === 'by') return [kw('alias', 'name')];
      return [];
  }
  return [];
}

function rule(s: Token[], scope: AnalysisScope): Expectation[] {
  const w = shape(s);
  const last = w[w.length - 1];
  if (w.length === 2 && last === '.') return [{ kind: 'column', scope, table: s[0].text }];
  if (w.length === 3 && w[1] === '.') return [kw('in')];
  if (w.length >= 4 && w[3] === 'in' && (last === 'in' || last === ',')) {
    return [{ kind: 'value', scope, table: s[0].text, column: s[2].text, exclude: strings(s.slice(4)) }];
  }
  return [];
}
