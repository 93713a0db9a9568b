// Moves declarations parsed from a chunk of text to where the chunk now stands in its file.
// The incremental parser keeps each chunk's declarations placed where the chunk stood last;
// when the chunk moved (a line inserted above it, a character before it on its line), moving
// copies them with every SourceRange shifted, so the chunk is not parsed again. A line break
// typed near the top of a large file moves thousands of members, so the common members are
// copied by hand (several times faster than the generic copy used for the rest).
import type { Grant, PrincipalRules, Ref, SourceRange, Position } from '../model/types.js';
import type { MemberDecl } from './to-model.js';

export interface Where {
  line: number;
  column: number;
}

/** Shifts positions from a chunk that started at `from` to one that starts at `to`. */
export class Move {
  constructor(
    private readonly from: Where,
    private readonly to: Where,
  ) {}

  /** A copy of `value` with every range moved. */
  any<T>(value: T): T {
    return this.copy(value) as T;
  }

  members(list: readonly MemberDecl[]): MemberDecl[] {
    const out: MemberDecl[] = [];
    for (const m of list) out.push(this.member(m));
    return out;
  }

  private member(m: MemberDecl): MemberDecl {
    switch (m.kind) {
      case 'principal':
        return { kind: 'principal', principal: this.principal(m.principal) };
      case 'user': {
        const u = m.user;
        return { kind: 'user', user: { email: u.email, key: u.key, team: u.team, role: u.role && this.ref(u.role), range: this.range(u.range), nameRange: this.range(u.nameRange) } };
      }
      case 'group': {
        const g = m.group;
        return { kind: 'group', group: { name: g.name, team: g.team, members: this.refs(g.members), range: this.range(g.range), nameRange: this.range(g.nameRange) } };
      }
      case 'grant':
        return { kind: 'grant', grant: this.grant(m.grant) };
      default:
        return this.any(m);
    }
  }

  private principal(p: PrincipalRules): PrincipalRules {
    const rules: PrincipalRules['rules'] = [];
    for (const r of p.rules) rules.push({ table: this.ref(r.table), column: this.ref(r.column), values: this.refs(r.values), range: this.range(r.range) });
    return { kind: p.kind, principal: this.ref(p.principal), unlimited: p.unlimited, rules, range: this.range(p.range) };
  }

  private refs(list: readonly Ref[]): Ref[] {
    const out: Ref[] = [];
    for (const r of list) out.push(this.ref(r));
    return out;
  }

  private grant(g: Grant): Grant {
    return { principal: this.ref(g.principal), level: this.ref(g.level), range: this.range(g.range) };
  }

  private ref(r: Ref): Ref {
    return { name: r.name, range: this.range(r.range) };
  }

  private range(r: SourceRange): SourceRange {
    return { file: r.file, start: this.position(r.start), end: this.position(r.end) };
  }

  private position(p: Position): Position {
    return p.line === this.from.line
      ? { line: this.to.line, column: p.column - this.from.column + this.to.column }
      : { line: p.line - this.from.line + this.to.line, column: p.column };
  }

  private copy(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((v) => this.copy(v));
    const o = value as Record<string, unknown>;
    if (typeof o.file === 'string' && typeof o.start === 'object' && typeof o.end === 'object') return this.range(o as unknown as SourceRange);
    const out: Record<string, unknown> = {};
    for (const key in o) out[key] = this.copy(o[key]);
    return out;
  }
}
