// What one permissions block grants, collected while checking it: which principals have an
// applicable permission (§P1, §F1), which tables carry rules (§P9, §P10), and every
// unlimited grant (§P3). The checks for default deny, child-only rules and escalation read it.
import type { SourceRange } from '../types.js';

export type PrincipalKind = 'user' | 'group';

export interface UnlimitedGrant {
  kind: PrincipalKind;
  name: string;
  range: SourceRange;
  /** Where it was granted, for messages: "accounts-payable.perm:14" or "perm/ap_unlimited.csv:3". */
  where: string;
}

export interface RuleSite {
  /** The table alias or object type the rule filters. */
  table: string;
  /** Where to report a warning about the rule: the table name of a manual rule, or the CSV cell. */
  range: SourceRange;
}

export class GrantCollector {
  private readonly applicable = new Set<string>();
  readonly unlimited: UnlimitedGrant[] = [];
  readonly ruleSites: RuleSite[] = [];

  private static key(kind: PrincipalKind, name: string): string {
    return kind === 'user' ? `user:${name.toLowerCase()}` : `group:${name}`;
  }

  /** A permission that can be evaluated applies to this principal (it may still allow nothing). */
  markApplicable(kind: PrincipalKind, name: string): void {
    this.applicable.add(GrantCollector.key(kind, name));
  }

  isApplicable(kind: PrincipalKind, name: string): boolean {
    return this.applicable.has(GrantCollector.key(kind, name));
  }

  addUnlimited(grant: UnlimitedGrant): void {
    this.unlimited.push(grant);
    this.markApplicable(grant.kind, grant.name);
  }

  addRule(kind: PrincipalKind, name: string, site: RuleSite): void {
    this.markApplicable(kind, name);
    this.ruleSites.push(site);
  }

  ruledTables(): Set<string> {
    return new Set(this.ruleSites.map((s) => s.table));
  }
}
