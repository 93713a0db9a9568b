// What is being typed at the cursor, worked out from the text alone: the text is usually
// incomplete while someone types, so the workspace model may not hold the statement at the
// cursor at all. A scan of the text before the cursor (text-scan.ts) gives the blocks the
// cursor is in (team, pool, connection, model, …), the statement being written, whether the
// cursor is in a string, and the partial word; `expectations` (expectations.ts) then says
// what may come next. Completion and keyword hovers read this; nothing here touches the model.
import { expectations, type Expectation } from './expectations.js';
import { scan, type Token } from './text-scan.js';

export type BlockKind =
  | 'top'
  | 'team'
  | 'pool'
  | 'connection'
  /** `share C by "u" { with "Pool" tables … }` */
  | 'share'
  | 'model'
  | 'perspective'
  | 'permissions'
  /** `user "…" { rules }` / `group "…" { rules }` in permissions */
  | 'principal'
  /** `table "perm.csv" values users { user Col … }` in permissions */
  | 'mapping'
  /** A block the scanner cannot place (a `{` after something unexpected). */
  | 'unknown';

export interface Block {
  kind: BlockKind;
  /** The statement that opened the block, e.g. `pool "AP" in Procurement` (tokens before `{`). */
  header: Token[];
  /** The statements of this block completed before the cursor, in order. */
  statements: Token[][];
}

export interface CursorContext {
  /** The cursor's offset in the text. */
  offset: number;
  /** The enclosing blocks, outermost (`top`) first. */
  blocks: Block[];
  /** The innermost block. */
  block: Block;
  /** The statement under the cursor: its tokens before the partial word or string. */
  statement: Token[];
  /** The keyword (or, in a rules block, the table name) that starts the statement. */
  keyword?: string;
  /** The cursor is where a new statement may begin (start of a line, or right after `{`). */
  atStatementStart: boolean;
  inString: boolean;
  inComment: boolean;
  /** The word, or the string's contents, typed before the cursor. */
  partial: string;
  /** What a completion replaces: the whole word, or the string's contents up to its closing quote. */
  replace: { start: number; end: number };
  /** In a string: whether its closing quote already follows on the line. */
  closingQuote: boolean;
  /** What may be typed here (several when the cursor could continue a statement or start one). */
  expect: Expectation[];
}

/** Statement keywords per block. */
export const STATEMENT_KEYWORDS: Record<BlockKind, readonly string[]> = {
  top: ['team', 'pool', 'permissions'],
  team: ['user', 'group', 'grant'],
  pool: ['engine', 'grant', 'connection', 'share', 'import', 'model', 'perspective'],
  connection: ['table'],
  share: ['with'],
  model: ['table', 'join', 'usage'],
  perspective: ['object', 'relate', 'usage'],
  permissions: ['use', 'combine', 'user', 'group', 'table'],
  principal: [],
  mapping: ['user', 'table', 'column', 'value', 'unlimited'],
  unknown: [],
};

/** Tokens after which the next word continues the statement (a list or a dotted name). */
const CONTINUES = new Set([',', '.', '->', '<->', '(', 'as', 'in']);

/** Words that open a top-level declaration; one at column 0 closes any block left open. */
const TOP_LEVEL = new Set(['team', 'pool', 'permissions']);

export function cursorContext(text: string, offset: number): CursorContext {
  const at = Math.max(0, Math.min(offset, text.length));
  const { tokens, inComment, inString } = scan(text, at);

  // The partial word or string at the cursor is not part of the statement before it.
  let partialToken: Token | undefined;
  const last = tokens[tokens.length - 1];
  if (last && last.end === at && (inString || last.kind === 'word')) partialToken = tokens.pop();

  const blocks: Block[] = [{ kind: 'top', header: [], statements: [] }];
  let statement: Token[] = [];
  const top = () => blocks[blocks.length - 1];
  const endStatement = () => {
    if (statement.length) top().statements.push(statement);
    statement = [];
  };
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === '{') {
      const kind = childBlock(top(), statement);
      blocks.push({ kind, header: statement, statements: [] });
      statement = [];
    } else if (t.kind === 'punct' && t.text === '}') {
      endStatement();
      if (blocks.length > 1) blocks.pop();
    } else if (t.kind === 'word' && t.column === 0 && TOP_LEVEL.has(t.text) && blocks.length > 1) {
      // an unclosed block above: recover at the next top-level declaration
      endStatement();
      blocks.length = 1;
      statement = [t];
    } else if (startsStatement(top(), statement, t)) {
      endStatement();
      statement = [t];
    } else {
      statement.push(t);
    }
  }

  const block = top();
  const lineStart = /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', (partialToken?.start ?? at) - 1) + 1, partialToken?.start ?? at));
  const prev = statement[statement.length - 1];
  const atStatementStart = !inString && (statement.length === 0 || (lineStart && !(prev && CONTINUES.has(prev.text) && prev.kind !== 'string')));

  const replace = replaceRange(text, at, partialToken, inString);
  const ctx: CursorContext = {
    offset: at,
    blocks,
    block,
    statement,
    keyword: statement[0]?.kind === 'word' ? statement[0].text : undefined,
    atStatementStart,
    inString,
    inComment,
    partial: partialToken ? partialToken.text : '',
    replace: replace.range,
    closingQuote: replace.closingQuote,
    expect: [],
  };
  ctx.expect = inComment ? [] : expectations(ctx);
  return ctx;
}

/** Whether `t` begins a new statement in `block`, given the statement read so far. */
function startsStatement(block: Block, statement: Token[], t: Token): boolean {
  if (statement.length === 0) return true;
  const prev = statement[statement.length - 1];
  const continues = prev.kind !== 'string' && CONTINUES.has(prev.text);
  if (block.kind === 'principal') {
    // rules: `Alias.COLUMN in "v", …` — a word after the values, or on a new line, is a new rule
    if (t.kind !== 'word' || continues) return false;
    return t.lineStart || statement.some((s) => s.kind === 'word' && s.text === 'in');
  }
  if (t.kind !== 'word' || !STATEMENT_KEYWORDS[block.kind].includes(t.text)) return false;
  return t.lineStart && !continues;
}

/** The block a `{` opens, from the block it stands in and the statement before it. */
function childBlock(parent: Block, statement: Token[]): BlockKind {
  const first = statement[0]?.kind === 'word' ? statement[0].text : undefined;
  switch (parent.kind) {
    case 'top':
      return first === 'team' ? 'team' : first === 'pool' ? 'pool' : first === 'permissions' ? 'permissions' : 'unknown';
    case 'pool':
      return first === 'connection' ? 'connection' : first === 'model' ? 'model' : first === 'perspective' ? 'perspective' : first === 'share' ? 'share' : 'unknown';
    case 'permissions':
      return first === 'user' || first === 'group' ? 'principal' : first === 'table' ? 'mapping' : 'unknown';
    default:
      return 'unknown';
  }
}

function replaceRange(text: string, at: number, partial: Token | undefined, inString: boolean): { range: { start: number; end: number }; closingQuote: boolean } {
  if (inString && partial) {
    const start = partial.start + 1;
    // the rest of the string on this line: up to an unescaped closing quote
    for (let k = at; k < text.length; k++) {
      const c = text[k];
      if (c === '\\' && (text[k + 1] === '"' || text[k + 1] === '\\')) k++;
      else if (c === '"') return { range: { start, end: k }, closingQuote: true };
      else if (c === '\n' || c === '\r') break;
    }
    let end = at;
    while (end < text.length && /[^\s",{}]/.test(text[end])) end++;
    return { range: { start, end }, closingQuote: false };
  }
  const start = partial ? partial.start : at;
  let end = at;
  while (end < text.length && /[A-Za-z0-9_-]/.test(text[end])) end++;
  return { range: { start, end }, closingQuote: false };
}

// ---------------------------------------------------------------- reading headers

/** The words of a token list, strings as `"`, e.g. `pool " in Procurement`. */
export function shape(tokens: Token[]): string[] {
  return tokens.map((t) => (t.kind === 'string' ? '"' : t.text));
}

/** The pool a block lies in: its id (`Team/Pool`), name and team, from the `pool` header. */
export function enclosingPool(blocks: Block[]): { id: string; name: string; team: string } | undefined {
  const b = blocks.find((x) => x.kind === 'pool');
  if (!b) return undefined;
  const [, name, kwIn, team] = b.header;
  if (name?.kind !== 'string' || kwIn?.text !== 'in' || team?.kind !== 'word') return undefined;
  return { id: `${team.text}/${name.text}`, name: name.text, team: team.text };
}

/** The team block the cursor is in. */
export function enclosingTeam(blocks: Block[]): string | undefined {
  const b = blocks.find((x) => x.kind === 'team');
  return b?.header[1]?.kind === 'word' ? b.header[1].text : undefined;
}

/** `permissions for "Pool".Target` or `permissions for Target`: the pool as written and the target. */
export function permissionsTarget(header: Token[]): { pool?: string; target: string } | undefined {
  const h = header.slice(2);
  if (header[0]?.text !== 'permissions' || header[1]?.text !== 'for') return undefined;
  if (h[0]?.kind === 'string' && h[1]?.text === '.' && h[2]?.kind === 'word') return { pool: h[0].text, target: h[2].text };
  if (h[0]?.kind === 'word') return { target: h[0].text };
  return undefined;
}
