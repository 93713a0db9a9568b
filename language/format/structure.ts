// A recognizer for the grammar in ../sightline.langium, over the code tokens only: it
// accepts exactly the files Langium's parser accepts without errors, and says for every token
// which statement it belongs to and what it does in the layout (starts a statement, opens or
// closes a block). Langium's full parser builds a CST and an AST and costs ~100 ms on a
// 5,000-rule file; the formatter needs neither, so it checks the syntax here in a few ms.
// Keep in step with the grammar: test/language/format.test.ts compares both on random edits.
import type { Token } from './tokens.js';

export const INNER = 0;
export const START = 1;
export const OPEN = 2;
export const CLOSE = 3;

export interface Structure {
  /** Per code token: INNER, START (first token of a statement), OPEN (`{` of a block) or CLOSE (its `}`). */
  role: Uint8Array;
  /** Per code token: the block depth of its statement (0 = top level). */
  depth: Uint16Array;
  /** Per code token: the index of its innermost statement. */
  stmt: Int32Array;
  /** Per code token: 1 when the statement ends with it (a statement's last token, or a block's `}`). */
  last: Uint8Array;
  /** Per code token: 1 when an aligned column starts at it (see `table`). */
  cell: Uint8Array;
  /**
   * Per statement: its shape when its kind lines up in columns (`user role`, `join`, ...: the
   * kind plus the optional parts present), or '' for kinds that are never aligned.
   */
  table: string[];
}

const SOFT_KEYWORDS = new Set(['role', 'members', 'engine', 'key', 'via', 'data', 'usage', 'object', 'column', 'value', 'values', 'users', 'groups', 'combine']);
const isName = (t: string | undefined) => t === 'ID' || (t !== undefined && SOFT_KEYWORDS.has(t));
const isWord = (t: string | undefined) => t === 'KEBAB' || isName(t);
const isColumnName = (t: string | undefined) => t === 'STRING' || isName(t);
const isString = (t: string | undefined) => t === 'STRING';
const isMappingKind = (t: string | undefined) => t === 'user' || t === 'table' || t === 'column' || t === 'value' || t === 'unlimited';

/** What one token may be: its type, or a predicate on it. */
type Accept = string | ((t: string | undefined) => boolean);
const accepts = (accept: Accept, t: string | undefined) => (typeof accept === 'string' ? t === accept : accept(t));

/**
 * One step of a statement as the grammar writes it: a token, a token that starts an aligned
 * column (`cell`), or a comma-separated list of one or more tokens (`listOf`). Statements are
 * read as arrays of parts so that each grammar rule stays one line here.
 */
type Part = Accept | { cell: Accept } | { list: Accept };
const cell = (accept: Accept): Part => ({ cell: accept });
const listOf = (accept: Accept): Part => ({ list: accept });
/** What the first token of a part may be. */
const firstOf = (part: Part): Accept => (typeof part !== 'object' ? part : 'cell' in part ? part.cell : part.list);

/** `Table.Column` */
const COLUMN_REF: Part[] = [isName, '.', isColumnName];

const FAIL = new Error('syntax error');

/** The structure of a file's code tokens (comments excluded), or undefined when it has a syntax error. */
export function recognize(code: Token[]): Structure | undefined {
  const r = new Recognizer(code.map((t) => t.type));
  try {
    r.document();
  } catch (e) {
    if (e === FAIL) return undefined;
    throw e;
  }
  return r.out;
}

class Recognizer {
  private i = 0;
  private depth = 0;
  /** The statements being read, innermost last. */
  private readonly open: number[] = [];
  readonly out: Structure;

  constructor(private readonly types: string[]) {
    const n = types.length;
    this.out = { role: new Uint8Array(n), depth: new Uint16Array(n), stmt: new Int32Array(n), last: new Uint8Array(n), cell: new Uint8Array(n), table: [] };
  }

  // ------------------------------------------------------------ token helpers

  private peek(k = 0): string | undefined {
    return this.types[this.i + k];
  }

  /** Consumes one token that satisfies `accept`, marking it as part of the current statement. */
  private take(accept: Accept, opts: { cell?: boolean } = {}): void {
    if (!accepts(accept, this.types[this.i])) throw FAIL;
    const s = this.open[this.open.length - 1];
    this.out.stmt[this.i] = s;
    this.out.depth[this.i] = this.depth;
    if (opts.cell) this.out.cell[this.i] = 1;
    this.i++;
  }

  /** A comma-separated list of one or more tokens. */
  private list(accept: Accept): void {
    this.take(accept);
    while (this.peek() === ',') {
      this.take(',');
      this.take(accept);
    }
  }

  /** Consumes `parts` in order. */
  private read(parts: Part[]): void {
    for (const part of parts) {
      if (typeof part !== 'object') this.take(part);
      else if ('cell' in part) this.take(part.cell, { cell: true });
      else this.list(part.list);
    }
  }

  /** `parts` when the next token can start them; says whether they were there. */
  private optional(parts: Part[]): boolean {
    if (!accepts(firstOf(parts[0]), this.peek())) return false;
    this.read(parts);
    return true;
  }

  // ------------------------------------------------------------ statement helpers

  /** Starts a statement of shape `table` and reads `parts`; the caller ends it with end() or block(). */
  private begin(parts: Part[], table = ''): number {
    const s = this.out.table.length;
    this.out.table.push(table);
    this.open.push(s);
    this.out.role[this.i] = START;
    this.read(parts);
    return s;
  }

  /** Ends a statement without a block: its last token is the one just consumed. */
  private end(): void {
    this.out.last[this.i - 1] = 1;
    this.open.pop();
  }

  /** A statement without a block that is exactly `parts`. */
  private statement(parts: Part[], table = ''): void {
    this.begin(parts, table);
    this.end();
  }

  /** `statement` when the next token can start it; says whether it was there. */
  private optionalStatement(parts: Part[], table = ''): boolean {
    if (!accepts(firstOf(parts[0]), this.peek())) return false;
    this.statement(parts, table);
    return true;
  }

  /**
   * `keyword head [option tail]`, aligned by whether the optional part is there: its shape is
   * `keyword` or `keyword option` (`user` / `user role`), and `option` starts a column.
   */
  private statementWithOption(keyword: string, head: Part[], option: string, tail: Part[]): void {
    const s = this.begin([keyword, ...head]);
    this.out.table[s] = this.optional([cell(option), ...tail]) ? `${keyword} ${option}` : keyword;
    this.end();
  }

  /** A statement of `parts` and then a block: `{` members `}`. */
  private blockStatement(parts: Part[], member: () => boolean): void {
    this.begin(parts);
    this.block(member);
  }

  /** `{` members `}`: reads members while the next token starts one. */
  private block(member: () => boolean): void {
    this.out.role[this.i] = OPEN;
    this.take('{');
    this.depth++;
    while (member()) {
      /* each call read one member */
    }
    this.depth--;
    this.out.role[this.i] = CLOSE;
    this.take('}');
    this.out.last[this.i - 1] = 1;
    this.open.pop();
  }

  // ------------------------------------------------------------ Document, Team

  document(): void {
    for (;;) {
      const t = this.peek();
      if (t === undefined) return;
      if (t === 'team') this.blockStatement(['team', isName], () => this.teamMember());
      else if (t === 'pool') this.blockStatement(['pool', isString, 'in', isName], () => this.poolMember());
      else if (t === 'permissions') this.permissions();
      else throw FAIL;
    }
  }

  private teamMember(): boolean {
    const t = this.peek();
    if (t === 'user') this.statementWithOption('user', [isString], 'role', [isWord]);
    else if (t === 'group') this.statementWithOption('group', [isString], 'members', [listOf(isString)]);
    else if (t === 'grant') this.grant();
    else return false;
    return true;
  }

  private grant(): void {
    this.statement(['grant', isString, cell(isWord)], 'grant');
  }

  // ------------------------------------------------------------ Pool and its members

  private poolMember(): boolean {
    const t = this.peek();
    if (t === 'engine') this.statement(['engine', isWord]);
    else if (t === 'grant') this.grant();
    else if (t === 'connection') this.blockStatement(['connection', isName], () => this.tableDecl());
    else if (t === 'share') this.share();
    else if (t === 'import') {
      this.begin(['import', isName]);
      this.optional(['as', isName]);
      this.read(['from', isString, 'tables', listOf(isName)]);
      this.end();
    } else if (t === 'model') this.blockStatement(['model', isName], () => this.modelMember());
    else if (t === 'perspective') this.blockStatement(['perspective', isName], () => this.perspectiveMember());
    else return false;
    return true;
  }

  private tableDecl(): boolean {
    return this.optionalStatement(['table', isName, cell('from'), isString], 'table from');
  }

  private share(): void {
    this.begin(['share', isName]);
    if (this.optional(['with', listOf(isString), 'tables', listOf(isName), 'by', isString])) this.end();
    else {
      this.read(['by', isString]);
      this.block(() => this.optionalStatement(['with', isString, 'tables', listOf(isName)]));
    }
  }

  // ------------------------------------------------------------ Model, Perspective

  private modelMember(): boolean {
    const t = this.peek();
    if (t === 'table') this.statementWithOption('table', [isName, '.', isName], 'as', [isName]);
    else if (t === 'join') this.statement(['join', ...COLUMN_REF, cell('->'), ...COLUMN_REF], 'join');
    else if (t === 'usage') this.statement(['usage', listOf(isString)]);
    else return false;
    return true;
  }

  private perspectiveMember(): boolean {
    const t = this.peek();
    if (t === 'object') this.statement(['object', isName, cell('from'), isName, '.', isName, cell('key'), isColumnName], 'object');
    else if (t === 'relate' && this.peek(2) === '<->')
      this.statement(['relate', isName, cell('<->'), isName, cell('via'), isName, '.', isName, '(', isColumnName, ',', isColumnName, ')'], 'relate <->');
    else if (t === 'relate') this.statement(['relate', ...COLUMN_REF, cell('->'), ...COLUMN_REF], 'relate ->');
    else if (t === 'usage') this.statement(['usage', listOf(isString)]);
    else return false;
    return true;
  }

  // ------------------------------------------------------------ Permissions

  private permissions(): void {
    this.begin(['permissions', 'for']);
    this.optional([isString, '.']);
    this.take(isName);
    this.block(() => this.permissionMember());
  }

  private permissionMember(): boolean {
    const t = this.peek();
    if (t === 'use') this.statement(['use', 'data', 'permissions']);
    else if (t === 'combine') this.statement(['combine', isWord]);
    else if (t === 'user' || t === 'group') {
      this.begin([t, isString]);
      if (this.optional(['unlimited'])) this.end();
      else this.block(() => this.rule());
    } else if (t === 'table') {
      this.begin(['table', isString, (k) => k === 'values' || k === 'unlimited', (k) => k === 'users' || k === 'groups']);
      this.optional(['by', isName]);
      this.block(() => this.optionalStatement([isMappingKind, cell(isColumnName)], 'mapping'));
    } else return false;
    return true;
  }

  private rule(): boolean {
    if (!isName(this.peek())) return false;
    this.begin([isName, '.', isColumnName, 'in']);
    this.optional([listOf(isString)]);
    this.end();
    return true;
  }
}
