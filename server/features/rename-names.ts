// Which new names a rename accepts: the form each kind of name must have (an identifier, an
// email, a pool name without "/") and uniqueness in the scope the checks compare it in, so
// that a rename never turns a clean workspace into one with duplicates or parse errors.
import * as path from 'node:path';
import { AstUtils, GrammarAST } from 'langium';
import { SightlineGrammar } from '../../language/generated/grammar.js';
import { FIX_ME_PREFIX } from '../../model/types.js';
import type { WorkspaceIndex } from '../../model/workspace-index.js';
import type { SymbolInfo, SymbolKind } from './symbols.js';

export const KIND_NAMES: Record<SymbolKind, string> = {
  team: 'team',
  pool: 'pool',
  connection: 'connection',
  table: 'table',
  alias: 'table alias',
  column: 'column',
  'object-type': 'object type',
  model: 'model',
  perspective: 'perspective',
  user: 'user',
  group: 'group',
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EMAIL = /^[^\s@"\\]+@[^\s@"\\]+\.[^\s@"\\]+$/;

let keywords: { reserved: Set<string>; soft: Set<string> } | undefined;

/** The grammar's keywords: reserved ones cannot be names; soft ones can, except as bare column names. */
function grammarKeywords(): { reserved: Set<string>; soft: Set<string> } {
  if (!keywords) {
    const grammar = SightlineGrammar();
    const all = new Set<string>();
    const soft = new Set<string>();
    for (const rule of grammar.rules) {
      for (const node of AstUtils.streamAllContents(rule)) {
        if (!GrammarAST.isKeyword(node) || !IDENTIFIER.test(node.value)) continue;
        (rule.name === 'SoftKeyword' ? soft : all).add(node.value);
      }
    }
    keywords = { reserved: new Set([...all].filter((k) => !soft.has(k))), soft };
  }
  return keywords;
}

/** Whether a name can be written bare where the grammar takes a name (else it needs quotes). */
export function isPlainName(name: string): boolean {
  return IDENTIFIER.test(name) && !grammarKeywords().reserved.has(name);
}

/** Whether a column name is written bare; soft keywords are quoted too, to stay clear of the keyword. */
export function isBareColumn(name: string): boolean {
  return isPlainName(name) && !grammarKeywords().soft.has(name);
}

/** A string literal of the language: quotes, with `\\` and `\"` escaped. */
export function quoteString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** Why `newName` cannot replace the symbol's name, or undefined when it can. */
export function invalidName(info: SymbolInfo, newName: string, index: WorkspaceIndex): string | undefined {
  const what = KIND_NAMES[info.kind];
  if (newName.length === 0) return `a ${what} needs a name`;
  if (/[\r\n]/.test(newName)) return `a ${what} name cannot contain a line break`;
  switch (info.kind) {
    case 'user':
      if (!EMAIL.test(newName)) return `a user is named by their email address, and "${newName}" is not one (write e.g. "j.doe@acme.com")`;
      if (index.usersNamed(newName).length > 0 && newName.toLowerCase() !== info.name.toLowerCase()) {
        return `${newName} is already a user (emails compare case-insensitively); renaming ${info.name} would merge two people`;
      }
      if (index.groupsNamed(newName).length > 0) return `"${newName}" is already the name of a group`;
      return undefined;
    case 'group':
      if (newName.trim() !== newName) return `a group name cannot start or end with a space`;
      if (index.teamGroup(info.team, newName)) return `team ${info.team} already has a group "${newName}"`;
      if (index.usersNamed(newName).length > 0) return `"${newName}" is a user's email; a group needs another name`;
      return undefined;
    case 'pool':
      if (newName.trim() !== newName) return `a pool name cannot start or end with a space`;
      if (newName.includes('/')) return `a pool name cannot contain "/": pools are referred to as "Team/Pool"`;
      if (newName.toUpperCase().startsWith(FIX_ME_PREFIX)) return `a pool name cannot start with "${FIX_ME_PREFIX}": that marks an import that lost its source`;
      if (index.pools.has(`${info.pool.team.name}/${newName}`)) return `team ${info.pool.team.name} already has a pool "${newName}"`;
      return undefined;
    case 'column': {
      if (newName.trim() !== newName) return `a column name cannot start or end with a space`;
      if (/["\\]/.test(newName)) return `a column name cannot contain " or \\`;
      const clash = info.columns?.find((c) => c.name.toLowerCase() === newName.toLowerCase() && c.name !== info.name);
      if (clash) return `${path.basename(info.file)} already has a column ${clash.name} (column names compare case-insensitively in the engine)`;
      return undefined;
    }
    default:
      break;
  }
  // Every other name is an identifier.
  if (!IDENTIFIER.test(newName)) return `"${newName}" is not a valid ${what} name: use letters, digits and _, starting with a letter or _`;
  if (grammarKeywords().reserved.has(newName)) return `${newName} is a keyword of the language; choose another ${what} name`;
  switch (info.kind) {
    case 'team':
      return index.teams.has(newName) ? `a team ${newName} exists already` : undefined;
    case 'connection':
      return index.connection(info.pool, newName) ? `pool "${info.pool.id}" already has a connection ${newName} (own or imported)` : undefined;
    case 'table':
      return info.connection.tables.some((t) => t.name === newName) ? `connection ${info.connection.name} of "${info.pool.id}" already has a table ${newName}` : undefined;
    case 'alias':
      return info.model.tables.some((t) => t.alias === newName) ? `model ${info.model.name} already has a table ${newName}` : undefined;
    case 'object-type':
      return info.perspective.objects.some((o) => o.name === newName) ? `perspective ${info.perspective.name} already has an object type ${newName}` : undefined;
    case 'model':
    case 'perspective':
      return [...info.pool.models, ...info.pool.perspectives].some((m) => m.name === newName) ? `pool "${info.pool.id}" already has a model or perspective ${newName}` : undefined;
    default:
      return undefined;
  }
}
