// The outline of one definition file (document symbols) and its folding ranges. Symbols come
// from the workspace model, so they follow what the parser recovered; folding reads the text
// alone, so it works in a file that does not parse.
import type { DataModel, Grant, Group, Import, PermissionSet, PermissionTable, Perspective, Pool, PrincipalRules, Share, SourceRange, Team, User } from '../../model/types.js';
import type { DocumentSymbol, SymbolKind } from './results.js';
import type { Snapshot } from './snapshot.js';

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment';
}

export function documentSymbols(snapshot: Snapshot, file: string): DocumentSymbol[] {
  const { model } = snapshot;
  const top = [
    ...model.teams.filter((t) => t.range.file === file).map(team),
    ...model.pools.filter((p) => p.range.file === file).map(pool),
    ...model.permissions.filter((s) => s.range.file === file).map(permissions),
  ];
  return byPosition(top);
}

// ---------------------------------------------------------------- symbols

function symbol(name: string, kind: SymbolKind, range: SourceRange, selectionRange: SourceRange, detail?: string, children: DocumentSymbol[] = []): DocumentSymbol {
  return { name: name || '?', kind, range, selectionRange: within(selectionRange, range), children: byPosition(children), ...(detail ? { detail } : {}) };
}

function team(t: Team): DocumentSymbol {
  return symbol(t.name, 'team', t.range, t.nameRange, 'team', [...t.users.map(user), ...t.groups.map(group), ...t.serviceGrants.map(grant)]);
}

function user(u: User): DocumentSymbol {
  return symbol(u.email, 'user', u.range, u.nameRange, u.role?.name);
}

function group(g: Group): DocumentSymbol {
  return symbol(g.name, 'group', g.range, g.nameRange, `${g.members.length} member${g.members.length === 1 ? '' : 's'}`);
}

function grant(g: Grant): DocumentSymbol {
  return symbol(g.principal.name, 'grant', g.range, g.principal.range, `grant ${g.level.name}`);
}

function pool(p: Pool): DocumentSymbol {
  const children = [
    ...p.grants.map(grant),
    ...p.connections.map((c) =>
      symbol(c.name, 'connection', c.range, c.nameRange, `${c.tables.length} table${c.tables.length === 1 ? '' : 's'}`, c.tables.map((t) => symbol(t.name, 'table', t.range, t.nameRange, t.path.name))),
    ),
    ...p.imports.map(importSymbol),
    ...p.shares.map(share),
    ...p.models.map(dataModel),
    ...p.perspectives.map(perspective),
  ];
  return symbol(p.name, 'pool', p.range, p.nameRange, `in ${p.team.name}${p.engine ? `, ${p.engine.name}` : ''}`, children);
}

function importSymbol(i: Import): DocumentSymbol {
  const as = i.name !== i.connection.name ? ` (${i.connection.name})` : '';
  return symbol(i.name, 'import', i.range, i.nameRange, `import${as} from "${i.source.name}": ${i.tables.map((t) => t.name).join(', ')}`);
}

function share(s: Share): DocumentSymbol {
  const targets = s.targets.map((t) => `"${t.pool.name}"`).join(', ');
  return symbol(`share ${s.connection.name}`, 'share', s.range, s.connection.range, `with ${targets} by ${s.by.name}`);
}

function dataModel(m: DataModel): DocumentSymbol {
  return symbol(m.name, 'model', m.range, m.nameRange, 'model', [
    ...m.tables.map((t) => symbol(t.alias, 'alias', t.range, t.aliasRange, `${t.connection.name}.${t.table.name}`)),
    ...m.joins.map((j) => symbol(`${j.parent.table.name}.${j.parent.column.name} -> ${j.child.table.name}.${j.child.column.name}`, 'join', j.range, j.range, 'join')),
  ]);
}

function perspective(p: Perspective): DocumentSymbol {
  return symbol(p.name, 'perspective', p.range, p.nameRange, 'perspective', [
    ...p.objects.map((o) => symbol(o.name, 'object-type', o.range, o.nameRange, `${o.connection.name}.${o.table.name} key ${o.key.name}`)),
    ...p.relationships.map((r) =>
      r.kind === 'column'
        ? symbol(`${r.from.table.name}.${r.from.column.name} -> ${r.to.table.name}.${r.to.column.name}`, 'relationship', r.range, r.range, 'relate')
        : symbol(`${r.fromType.name} <-> ${r.toType.name}`, 'relationship', r.range, r.range, `via ${r.connection.name}.${r.table.name}`),
    ),
  ]);
}

function permissions(s: PermissionSet): DocumentSymbol {
  const name = `permissions for ${s.pool ? `"${s.pool.name}".` : ''}${s.target.name}`;
  const mode = [s.switchRange ? 'data permissions on' : 'data permissions off', s.combine ? `combine ${s.combine.name}` : ''].filter(Boolean).join(', ');
  return symbol(name, 'permissions', s.range, s.target.range, mode, [...s.principals.map(principal), ...s.tables.map(permissionTable)]);
}

function principal(p: PrincipalRules): DocumentSymbol {
  const detail = p.unlimited ? `${p.kind}, unlimited` : `${p.kind}, ${p.rules.length} rule${p.rules.length === 1 ? '' : 's'}`;
  const rules = p.rules.map((r) => symbol(`${r.table.name}.${r.column.name}`, 'rule', r.range, r.table.range, `in ${r.values.map((v) => JSON.stringify(v.name)).join(', ')}`));
  return symbol(p.principal.name, 'principal', p.range, p.principal.range, detail, rules);
}

function permissionTable(t: PermissionTable): DocumentSymbol {
  return symbol(t.path.name, 'permission-table', t.range, t.path.range, `${t.kind} ${t.principals}${t.by ? ` by ${t.by.name}` : ''}`);
}

function byPosition(list: DocumentSymbol[]): DocumentSymbol[] {
  return list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
}

/** LSP requires the selection to lie within the range; a recovered parse may break that. */
function within(selection: SourceRange, range: SourceRange): SourceRange {
  const before = (a: SourceRange['start'], b: SourceRange['start']) => a.line < b.line || (a.line === b.line && a.column < b.column);
  return selection.file !== range.file || before(selection.start, range.start) || before(range.end, selection.end) ? range : selection;
}

// ---------------------------------------------------------------- folding

/**
 * Braces blocks that span lines (strings and comments skipped, unmatched braces ignored) and
 * comments that span lines: a `/* … *\/` block, or a run of `//` lines. A block folds up to
 * the line before its closing brace when that brace opens its line, so `}` stays visible.
 */
export function foldingRanges(text: string): FoldingRange[] {
  const out: FoldingRange[] = [];
  const open: { line: number }[] = [];
  let line = 0;
  let lineStart = 0;
  let commentRun: { start: number; end: number } | undefined;
  const flushRun = () => {
    if (commentRun && commentRun.end > commentRun.start) out.push({ startLine: commentRun.start, endLine: commentRun.end, kind: 'comment' });
    commentRun = undefined;
  };
  const newline = (i: number) => {
    line++;
    lineStart = i + 1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      newline(i);
      continue;
    }
    if (c === '"') {
      // A string ends at its closing quote or, unclosed, at the end of the line.
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n' && text[i] !== '\r'; i++) if (text[i] === '\\' && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
      if (text[i] === '\n' || text[i] === '\r') i--;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const onlyThing = text.slice(lineStart, i).trim() === '';
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
      if (onlyThing) {
        if (commentRun && commentRun.end === line - 1) commentRun.end = line;
        else {
          flushRun();
          commentRun = { start: line, end: line };
        }
      }
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const start = line;
      for (i += 2; i < text.length && !(text[i] === '*' && text[i + 1] === '/'); i++) {
        if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) newline(i);
      }
      i++;
      if (line > start) out.push({ startLine: start, endLine: line, kind: 'comment' });
      continue;
    }
    if (c === '{') open.push({ line });
    else if (c === '}') {
      const o = open.pop();
      if (!o) continue;
      const closeFirst = text.slice(lineStart, i).trim() === '';
      const end = closeFirst ? line - 1 : line;
      if (end > o.line) out.push({ startLine: o.line, endLine: end });
    }
  }
  flushRun();
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
