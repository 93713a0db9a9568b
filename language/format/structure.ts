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

  /** Consumes one token that satisfies `accept` (a type or a predicate), marking it as part of the current statement. */
  private take(accept: string | ((t: string | undefined) => boolean), opts: { cell?: boolean } = {}): void {
    const t = this.types[this.i];
    if (typeof accept === 'string' ? t !== accept : !accept(t)) throw FAIL;
    const s = this.open[this.open.length - 1];
    this.out.stmt[this.i] = s;
    this.out.depth[this.i] = this.depth;
    if (opts.cell) this.out.cell[this.i] = 1;
    this.i++;
  }

  /** A comma-separated list of one or more tokens. */
  private list(accept: (t: string | undefined) => boolean): void {
    this.take(accept);
    while (this.peek() === ',') {
      this.take(',');
      this.take(accept);
    }
  }

  private begin(table = ''): number {
    const s = this.out.table.length;
    this.out.table.push(table);
    this.open.push(s);
    this.out.role[this.i] = START;
    return s;
  }

  /** Ends a statement without a block: its last token is the one just consumed. */
  private end(): void {
    this.out.last[this.i - 1] = 1;
    this.open.pop();
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

  /** Sets the shape of statement `s` once its optional parts are known. */
  private shape(s: number, table: string): void {
    this.out.table[s] = table;
  }

  // ------------------------------------------------------------ Document, Team

  document(): void {
    for (;;) {
      const t = this.peek();
      if (t === undefined) return;
      if (t === 'team') this.team();
      else if (t === 'pool') this.pool();
      else if (t === 'permissions') this.permissions();
      else throw FAIL;
    }
  }

  private team(): void {
    this.begin();
    this.take('team');
    this.take(isName);
    this.block(() => this.teamMember());
  }

  private teamMember(): boolean {
    const t = this.peek();
    if (t === 'user') {
      const s = this.begin();
      this.take('user');
      this.take(isString);
      const role = this.peek() === 'role';
      if (role) {
        this.take('role', { cell: true });
        this.take(isWord);
      }
      this.shape(s, role ? 'user role' : 'user');
      this.end();
    } else if (t === 'group') {
      const s = this.begin();
      this.take('group');
      this.take(isString);
      const members = this.peek() === 'members';
      if (members) {
        this.take('members', { cell: true });
        this.list(isString);
      }
      this.shape(s, members ? 'group members' : 'group');
      this.end();
    } else if (t === 'grant') {
      this.grant();
    } else return false;
    return true;
  }

  private grant(): void {
    this.begin('grant');
    this.take('grant');
    this.take(isString);
    this.take(isWord, { cell: true });
    this.end();
  }

  // ------------------------------------------------------------ Pool and its members

  private pool(): void {
    this.begin();
    this.take('pool');
    this.take(isString);
    this.take('in');
    this.take(isName);
    this.block(() => this.poolMember());
  }

  private poolMember(): boolean {
    switch (this.peek()) {
      case 'engine':
        this.begin();
        this.take('engine');
        this.take(isWord);
        this.end();
        return true;
      case 'grant':
        this.grant();
        return true;
      case 'connection':
        this.begin();
        this.take('connection');
        this.take(isName);
        this.block(() => this.tableDecl());
        return true;
      case 'share':
        this.share();
        return true;
      case 'import':
        this.begin();
        this.take('import');
        this.take(isName);
        if (this.peek() === 'as') {
          this.take('as');
          this.take(isName);
        }
        this.take('from');
        this.take(isString);
        this.take('tables');
        this.list(isName);
        this.end();
        return true;
      case 'model':
        this.begin();
        this.take('model');
        this.take(isName);
        this.block(() => this.modelMember());
        return true;
      case 'perspective':
        this.begin();
        this.take('perspective');
        this.take(isName);
        this.block(() => this.perspectiveMember());
        return true;
      default:
        return false;
    }
  }

  private tableDecl(): boolean {
    if (this.peek() !== 'table') return false;
    this.begin('table from');
    this.take('table');
    this.take(isName);
    this.take('from', { cell: true });
    this.take(isString);
    this.end();
    return true;
  }

  private share(): void {
    this.begin();
    this.take('share');
    this.take(isName);
    if (this.peek() === 'with') {
      this.take('with');
      this.list(isString);
      this.take('tables');
      this.list(isName);
      this.take('by');
      this.take(isString);
      this.end();
    } else {
      this.take('by');
      this.take(isString);
      this.block(() => {
        if (this.peek() !== 'with') return false;
        this.begin();
        this.take('with');
        this.take(isString);
        this.take('tables');
        this.list(isName);
        this.end();
        return true;
      });
    }
  }

  // ------------------------------------------------------------ Model, Perspective

  private modelMember(): boolean {
    const t = this.peek();
    if (t === 'table') {
      const s = this.begin();
      this.take('table');
      this.take(isName);
      this.take('.');
      this.take(isName);
      const alias = this.peek() === 'as';
      if (alias) {
        this.take('as', { cell: true });
        this.take(isName);
      }
      this.shape(s, alias ? 'table as' : 'table');
      this.end();
    } else if (t === 'join') {
      this.begin('join');
      this.take('join');
      this.columnRef();
      this.take('->', { cell: true });
      this.columnRef();
      this.end();
    } else if (t === 'usage') {
      this.usage();
    } else return false;
    return true;
  }

  private columnRef(): void {
    this.take(isName);
    this.take('.');
    this.take(isColumnName);
  }

  private usage(): void {
    this.begin();
    this.take('usage');
    this.list(isString);
    this.end();
  }

  private perspectiveMember(): boolean {
    const t = this.peek();
    if (t === 'object') {
      this.begin('object');
      this.take('object');
      this.take(isName);
      this.take('from', { cell: true });
      this.take(isName);
      this.take('.');
      this.take(isName);
      this.take('key', { cell: true });
      this.take(isColumnName);
      this.end();
    } else if (t === 'relate') {
      const s = this.begin();
      this.take('relate');
      if (this.peek(1) === '<->') {
        this.shape(s, 'relate <->');
        this.take(isName);
        this.take('<->', { cell: true });
        this.take(isName);
        this.take('via', { cell: true });
        this.take(isName);
        this.take('.');
        this.take(isName);
        this.take('(');
        this.take(isColumnName);
        this.take(',');
        this.take(isColumnName);
        this.take(')');
      } else {
        this.shape(s, 'relate ->');
        this.columnRef();
        this.take('->', { cell: true });
        this.columnRef();
      }
      this.end();
    } else if (t === 'usage') {
      this.usage();
    } else return false;
    return true;
  }

  // ------------------------------------------------------------ Permissions

  private permissions(): void {
    this.begin();
    this.take('permissions');
    this.take('for');
    if (isString(this.peek())) {
      this.take(isString);
      this.take('.');
    }
    this.take(isName);
    this.block(() => this.permissionMember());
  }

  private permissionMember(): boolean {
    const t = this.peek();
    if (t === 'use') {
      this.begin();
      this.take('use');
      this.take('data');
      this.take('permissions');
      this.end();
    } else if (t === 'combine') {
      this.begin();
      this.take('combine');
      this.take(isWord);
      this.end();
    } else if (t === 'user' || t === 'group') {
      this.begin();
      this.take(t);
      this.take(isString);
      if (this.peek() === 'unlimited') {
        this.take('unlimited');
        this.end();
      } else this.block(() => this.rule());
    } else if (t === 'table') {
      this.begin();
      this.take('table');
      this.take(isString);
      this.take((k) => k === 'values' || k === 'unlimited');
      this.take((k) => k === 'users' || k === 'groups');
      if (this.peek() === 'by') {
        this.take('by');
        this.take(isName);
      }
      this.block(() => this.columnMapping());
    } else return false;
    return true;
  }

  private rule(): boolean {
    if (!isName(this.peek())) return false;
    this.begin();
    this.take(isName);
    this.take('.');
    this.take(isColumnName);
    this.take('in');
    if (isString(this.peek())) this.list(isString);
    this.end();
    return true;
  }

  private columnMapping(): boolean {
    const t = this.peek();
    if (t !== 'user' && t !== 'table' && t !== 'column' && t !== 'value' && t !== 'unlimited') return false;
    this.begin('mapping');
    this.take(t);
    this.take(isColumnName, { cell: true });
    this.end();
    return true;
  }
}
