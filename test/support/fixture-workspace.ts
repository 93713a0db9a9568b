// A small, valid workspace written to a fresh temp folder, with overrides per test and
// markers for where a diagnostic is expected.
//
// Markers: in a string override, «text» marks the range a diagnostic should have (the
// markers are removed before the file is written). «code:text» labels a mark with a
// diagnostic code, for a fixture that expects several codes; an unlabelled mark belongs to
// the code under test. «» marks an empty range (an empty CSV cell). A mark may span lines.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// ---------------------------------------------------------------- the base workspace

/** Two teams: every role, groups, service grants. m.analyst works in both teams. */
export const ORG_POOL = `// org.pool
team Finance {
  user "f.admin@acme.com" role admin
  user "m.analyst@acme.com" role analyst
  user "j.member@acme.com" role member
  user "k.viewer@acme.com" role viewer
  group "AP Clerks" members "m.analyst@acme.com", "j.member@acme.com"
  grant "f.admin@acme.com" manage-all-pools
  grant "k.viewer@acme.com" use-all-models
}

team Procurement {
  user "l.admin@acme.com" role admin
  user "p.analyst@acme.com" role analyst
  user "m.analyst@acme.com" role analyst
  user "t.member@acme.com" role member
  user "r.viewer@acme.com" role viewer
  group "Buyers" members "p.analyst@acme.com", "t.member@acme.com"
  group "Auditors" members "r.viewer@acme.com"
  grant "l.admin@acme.com" edit-all-pools
}
`;

/** The etl source pool: a connection of CSV tables, shared with a pool of the other team. */
export const FINANCE_POOL = `// finance.pool
pool "AP Source" in Finance {
  engine etl
  grant "m.analyst@acme.com" edit
  grant "AP Clerks" view
  connection SAP {
    table LFA1 from "data/lfa1.csv"
    table BKPF from "data/bkpf.csv"
    table BSEG from "data/bseg.csv"
  }
  share SAP with "Procurement/AP Analytics" tables LFA1, BKPF, BSEG by "m.analyst@acme.com"
}
`;

/** The target pool: an import, a model with aliases and a 2-level 1:N join, a perspective. */
export const PROCUREMENT_POOL = `// procurement.pool
pool "AP Analytics" in Procurement {
  engine etl
  grant "p.analyst@acme.com" manage
  grant "m.analyst@acme.com" edit
  import SAP from "Finance/AP Source" tables LFA1, BKPF, BSEG

  model AccountsPayable {
    table SAP.LFA1 as Vendors
    table SAP.BKPF as Invoices
    table SAP.BSEG as Items
    join Vendors.LIFNR -> Invoices.LIFNR
    join Invoices.BELNR -> Items.BELNR
    usage "p.analyst@acme.com", "Buyers"
  }

  perspective InvoiceFlow {
    object Vendor from SAP.LFA1 key LIFNR
    object Invoice from SAP.BKPF key BELNR
    object Item from SAP.BSEG key ITEM_KEY
    relate Invoice.LIFNR -> Vendor.LIFNR
    relate Invoice <-> Item via SAP.BSEG (BELNR, ITEM_KEY)
    usage "p.analyst@acme.com"
  }
}
`;

/** The switch, user and group rules on the parent table, unlimited grants, two CSV tables. */
export const AP_PERM = `// accounts-payable.perm
permissions for "Procurement/AP Analytics".AccountsPayable {
  use data permissions
  combine by-column

  user "p.analyst@acme.com" {
    Vendors.LAND1 in "DE", "AT"
  }
  group "Buyers" {
    Vendors.EKORG in "1000"
  }
  user "l.admin@acme.com" unlimited

  table "perm/ap_values.csv" values users by alias {
    user Reference_User
    table Reference_Table
    column Reference_Column
    value Reference_Value
  }
  table "perm/ap_unlimited.csv" unlimited groups {
    user Reference_Group
    unlimited Reference_Unlimited
  }
}
`;

/** Value assignments for users, by alias, on the parent table Vendors. */
export const AP_VALUES_CSV = `Reference_User,Reference_Table,Reference_Column,Reference_Value
t.member@acme.com,Vendors,LAND1,FR
p.analyst@acme.com,Vendors,EKORG,2000
`;

/** Unlimited assignments for groups: TRUE for the auditors, FALSE (nothing) for the buyers. */
export const AP_UNLIMITED_CSV = `Reference_Group,Reference_Unlimited
Auditors,TRUE
Buyers,FALSE
`;

export const LFA1_CSV = `LIFNR,NAME1,LAND1,EKORG
V100,Muster GmbH,DE,1000
V200,Dupont SA,FR,2000
V300,Rossi SpA,IT,2000
`;

export const BKPF_CSV = `BELNR,BUKRS,LIFNR,GJAHR,BLDAT
5100000001,1000,V100,2024,2024-01-15
5100000002,2000,V200,2024,2024-02-01
5100000003,1000,V300,2024,2024-03-10
`;

export const BSEG_CSV = `ITEM_KEY,BELNR,BUZEI,LIFNR,WRBTR
1000-5100000001-001,5100000001,1,V100,100.50
1000-5100000001-002,5100000001,2,V100,20.00
2000-5100000002-001,5100000002,1,V200,310.00
1000-5100000003-001,5100000003,1,V300,45.25
`;

/**
 * A sightline.lock that recorded LFA1 before its EKORG column was added, and nothing else:
 * for the lock diagnostics and the synchronize fix (not part of the base workspace).
 */
export const LOCK_WITHOUT_EKORG = JSON.stringify({
  version: 1,
  imports: [
    {
      pool: 'Procurement/AP Analytics',
      connection: 'SAP',
      source: { pool: 'Finance/AP Source', connection: 'SAP' },
      tables: [{ name: 'LFA1', columns: ['LIFNR', 'NAME1', 'LAND1'].map((name) => ({ name, type: 'VARCHAR' })) }],
    },
  ],
});

/** Relative path → content of the base workspace. */
export const BASE_FILES: Readonly<Record<string, string>> = {
  'org.pool': ORG_POOL,
  'finance.pool': FINANCE_POOL,
  'procurement.pool': PROCUREMENT_POOL,
  'permissions/accounts-payable.perm': AP_PERM,
  'permissions/perm/ap_values.csv': AP_VALUES_CSV,
  'permissions/perm/ap_unlimited.csv': AP_UNLIMITED_CSV,
  'data/lfa1.csv': LFA1_CSV,
  'data/bkpf.csv': BKPF_CSV,
  'data/bseg.csv': BSEG_CSV,
};

// ---------------------------------------------------------------- editing base texts

/** Replaces the one occurrence of `from` in `text` (throws when it occurs never or twice). */
export function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`fixture edit: ${JSON.stringify(from)} not found`);
  if (text.indexOf(from, at + 1) >= 0) throw new Error(`fixture edit: ${JSON.stringify(from)} occurs more than once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Applies several edits in order. */
export function edits(text: string, ...pairs: [string, string][]): string {
  return pairs.reduce((t, [from, to]) => edit(t, from, to), text);
}

/** Inserts `lines` after the one line that contains `after`. */
export function insertAfter(text: string, after: string, lines: string): string {
  const at = text.indexOf(after);
  if (at < 0 || text.indexOf(after, at + 1) >= 0) throw new Error(`fixture insertAfter: ${JSON.stringify(after)} must occur exactly once`);
  const eol = text.indexOf('\n', at);
  return text.slice(0, eol + 1) + lines.replace(/\n?$/, '\n') + text.slice(eol + 1);
}

// ---------------------------------------------------------------- markers

export interface MarkPosition {
  line: number;
  column: number;
}

export interface Mark {
  /** Absolute path of the file. */
  file: string;
  start: MarkPosition;
  end: MarkPosition;
  /** The code in «code:…», if labelled. */
  label?: string;
  /** The marked text. */
  text: string;
}

const OPEN = '«';
const CLOSE = '»';
const LABEL = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)+):/;

/** Removes the markers from `text` and returns the clean text with the marked ranges. */
export function stripMarkers(text: string, file: string): { text: string; marks: Mark[] } {
  let out = '';
  let line = 0;
  let column = 0;
  const marks: Mark[] = [];
  const open: { start: MarkPosition; label?: string; from: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === OPEN) {
      const label = LABEL.exec(text.slice(i + 1));
      if (label) i += label[0].length;
      open.push({ start: { line, column }, label: label?.[1], from: out.length });
      continue;
    }
    if (ch === CLOSE) {
      const m = open.pop();
      if (!m) throw new Error(`fixture ${file}: ${CLOSE} without ${OPEN} at ${line + 1}:${column + 1}`);
      marks.push({ file, start: m.start, end: { line, column }, ...(m.label ? { label: m.label } : {}), text: out.slice(m.from) });
      continue;
    }
    out += ch;
    if (ch === '\n') {
      line++;
      column = 0;
    } else column++;
  }
  if (open.length) throw new Error(`fixture ${file}: ${OPEN} never closed`);
  return { text: out, marks };
}

// ---------------------------------------------------------------- writing a workspace

export type Overrides = Record<string, string | Uint8Array | null>;

export interface FixtureWorkspace {
  /** Absolute, real path of the workspace folder. */
  dir: string;
  /** Every marked range, in file order of the overrides. */
  marks: Mark[];
  /** Absolute path of a workspace file. */
  file(relative: string): string;
}

const created: string[] = [];

/**
 * Writes the base workspace with `overrides` applied into a fresh temp folder: a string or
 * bytes replace (or add) a file, null deletes a base file. Markers are stripped from strings.
 */
export function makeWorkspace(overrides: Overrides = {}): FixtureWorkspace {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-fixture-')));
  created.push(dir);
  const files: Overrides = { ...BASE_FILES, ...overrides };
  const marks: Mark[] = [];
  for (const [relative, content] of Object.entries(files)) {
    if (content === null) continue;
    const full = path.join(dir, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    if (typeof content === 'string') {
      const stripped = stripMarkers(content, full);
      marks.push(...stripped.marks);
      fs.writeFileSync(full, stripped.text);
    } else fs.writeFileSync(full, content);
  }
  return { dir, marks, file: (relative) => path.join(dir, relative) };
}

/** Deletes every workspace made so far (call from an `after` hook). */
export function removeWorkspaces(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
