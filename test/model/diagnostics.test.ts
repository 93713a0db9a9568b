// Every diagnostic code of the registry is produced by a fixture at the right place: each
// case edits the valid base workspace (test/support/fixture-workspace.ts) a little, marks
// the expected range with «…», runs the whole check and looks for a diagnostic with that
// code, exactly that range, the registry's severity and a message naming the culprit.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkWorkspace } from '../../language/check-workspace.js';
import { checkWithData } from '../../cli/check.js';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../model/diagnostic-codes.js';
import type { Diagnostic } from '../../model/types.js';
import {
  AP_PERM,
  AP_UNLIMITED_CSV,
  AP_VALUES_CSV,
  FINANCE_POOL,
  LFA1_CSV,
  LOCK_WITHOUT_EKORG,
  ORG_POOL,
  PROCUREMENT_POOL,
  edits,
  makeWorkspace,
  removeWorkspaces,
  type FixtureWorkspace,
  type Mark,
  type Overrides,
} from '../support/fixture-workspace.js';

after(removeWorkspaces);

// ---------------------------------------------------------------- editing the base files

/** `edits` over pairs given flat: from, to, from, to, ... */
const pairs = (args: string[]): [string, string][] => {
  assert.equal(args.length % 2, 0, 'edits come in pairs');
  const out: [string, string][] = [];
  for (let i = 0; i < args.length; i += 2) out.push([args[i], args[i + 1]]);
  return out;
};
const org = (...args: string[]): Overrides => ({ 'org.pool': edits(ORG_POOL, ...pairs(args)) });
const fin = (...args: string[]): Overrides => ({ 'finance.pool': edits(FINANCE_POOL, ...pairs(args)) });
const proc = (...args: string[]): Overrides => ({ 'procurement.pool': edits(PROCUREMENT_POOL, ...pairs(args)) });
const perm = (...args: string[]): Overrides => ({ 'permissions/accounts-payable.perm': edits(AP_PERM, ...pairs(args)) });
const values = (...args: string[]): Overrides => ({ 'permissions/perm/ap_values.csv': edits(AP_VALUES_CSV, ...pairs(args)) });
const unlimitedCsv = (...args: string[]): Overrides => ({ 'permissions/perm/ap_unlimited.csv': edits(AP_UNLIMITED_CSV, ...pairs(args)) });

const SHARE_LINE = 'share SAP with "Procurement/AP Analytics" tables LFA1, BKPF, BSEG by "m.analyst@acme.com"';
const IMPORT_LINE = 'import SAP from "Finance/AP Source" tables LFA1, BKPF, BSEG';
const LFA1_FROM = 'table LFA1 from "data/lfa1.csv"';
const LFA1_FROM_MARKED = 'table LFA1 from «"data/lfa1.csv"»';
const VALUES_TABLE = 'table "perm/ap_values.csv" values users by alias {';
const VALUES_TABLE_MARKED = 'table «"perm/ap_values.csv"» values users by alias {';

/** A permissions block for the perspective, in a file of its own. */
const flowPerm = (body: string): Overrides => ({
  'permissions/invoice-flow.perm': `permissions for "Procurement/AP Analytics".InvoiceFlow {\n  use data permissions\n${body}}\n`,
});

/** A values table with 100,001 rows. */
function hugeValuesCsv(): string {
  const row = 't.member@acme.com,Vendors,LAND1,FR\n';
  return 'Reference_User,Reference_Table,Reference_Column,Reference_Value\n' + row.repeat(100_001);
}

// ---------------------------------------------------------------- the cases

interface Case {
  name: string;
  files: Overrides;
  /** Text every message of the case's code must contain; by default each mark's text, without quotes. */
  mentions?: string | string[];
  /** Text no message of the case's code may contain. */
  notMentions?: string[];
  /** Codes that must not be reported at all (cascades that would mislead). */
  absent?: DiagnosticCode[];
  /** Changes the written workspace before the check. */
  prepare?: (ws: FixtureWorkspace) => void;
}

const CASES: Partial<Record<DiagnosticCode, Case[]>> = {
  // ---------------------------------------------------------------- syntax
  'syntax-error': [
    { name: 'a misspelt keyword', files: fin(LFA1_FROM, 'table LFA1 «form» "data/lfa1.csv"') },
    { name: 'a missing grant level', files: org('grant "k.viewer@acme.com" use-all-models\n}', 'grant "k.viewer@acme.com"\n«}»'), mentions: '}' },
    {
      name: 'a block not closed at the end of the file',
      files: perm('    unlimited Reference_Unlimited\n  }\n}\n', '    unlimited Reference_Unlimited\n  «}»\n'),
      mentions: 'the end of the file',
    },
    { name: 'a string that is never closed', files: fin('grant "AP Clerks" view', 'grant «"»AP Clerks view'), mentions: '"' },
  ],

  // ---------------------------------------------------------------- names
  'unknown-team': [
    // Its grants name users and groups of team Finance: no principal-not-in-team for a team that does not exist.
    { name: 'a pool in an undeclared team', files: fin('pool "AP Source" in Finance {', 'pool "AP Source" in «Finanse» {'), absent: ['principal-not-in-team'] },
  ],
  'duplicate-team': [{ name: 'a second team block of the same name', files: { 'org.pool': ORG_POOL + '\nteam «Finance» {\n}\n' } }],
  'unknown-user': [
    { name: 'a group member', files: org('members "m.analyst@acme.com", "j.member@acme.com"', 'members "m.analyst@acme.com", «"j.membr@acme.com"»') },
    { name: 'the sharing user', files: fin(SHARE_LINE, 'share SAP with "Procurement/AP Analytics" tables LFA1, BKPF, BSEG by «"m.analyst@acme.co"»') },
    { name: 'a pool grant', files: fin('grant "m.analyst@acme.com" edit', 'grant «"x.nobody@acme.com"» edit') },
    { name: 'a service grant', files: org('grant "k.viewer@acme.com" use-all-models', 'grant «"k.viewr@acme.com"» use-all-models') },
    { name: 'a usage permission', files: proc('usage "p.analyst@acme.com", "Buyers"', 'usage «"p.analist@acme.com"», "Buyers"') },
    { name: 'a user rule', files: perm('user "p.analyst@acme.com" {', 'user «"p.analist@acme.com"» {') },
    { name: 'a manual unlimited user', files: perm('user "l.admin@acme.com" unlimited', 'user «"l.admn@acme.com"» unlimited') },
    { name: 'a permission-table row', files: values('t.member@acme.com,Vendors,LAND1,FR', '«t.membr@acme.com»,Vendors,LAND1,FR') },
  ],
  'duplicate-user': [
    { name: 'the same email in other case', files: org('  user "k.viewer@acme.com" role viewer\n', '  user "k.viewer@acme.com" role viewer\n  user «"F.Admin@acme.com"» role admin\n') },
  ],
  'unknown-group': [
    { name: 'a pool grant', files: fin('grant "AP Clerks" view', 'grant «"AP Clerk"» view') },
    { name: 'a group rule', files: perm('group "Buyers" {', 'group «"Buyer"» {') },
    { name: 'a usage permission', files: proc('usage "p.analyst@acme.com", "Buyers"', 'usage "p.analyst@acme.com", «"Buyer"»') },
    { name: 'an unlimited-table row', files: unlimitedCsv('Buyers,FALSE', '«Buyer»,FALSE') },
  ],
  'duplicate-group': [
    { name: 'a group declared twice', files: org('group "Auditors" members "r.viewer@acme.com"', 'group "Auditors" members "r.viewer@acme.com"\n  group «"Buyers"»') },
  ],
  'missing-role': [{ name: 'a user without role', files: org('user "k.viewer@acme.com" role viewer', 'user «"k.viewer@acme.com"»') }],
  'unknown-role': [
    { name: 'a misspelt role', files: org('user "k.viewer@acme.com" role viewer', 'user "k.viewer@acme.com" role «viewr»') },
    { name: 'a kebab-case role', files: org('user "k.viewer@acme.com" role viewer', 'user "k.viewer@acme.com" role «read-only»') },
  ],
  'unknown-grant': [
    { name: 'a pool level as a service grant', files: org('grant "k.viewer@acme.com" use-all-models', 'grant "k.viewer@acme.com" «use-models»') },
    { name: 'a service level as a pool grant', files: fin('grant "AP Clerks" view', 'grant "AP Clerks" «view-all-pools»') },
    { name: 'a level that exists nowhere', files: proc('grant "m.analyst@acme.com" edit', 'grant "m.analyst@acme.com" «write»') },
  ],
  'unknown-engine': [{ name: 'an engine other than etl or vertica', files: fin('engine etl', 'engine «spark»'), absent: ['vertica-sharing'] }],
  'unknown-pool': [
    { name: 'a share target', files: fin(SHARE_LINE, 'share SAP with «"Procurement/AP Analytix"» tables LFA1, BKPF, BSEG by "m.analyst@acme.com"') },
    { name: 'an import source', files: proc(IMPORT_LINE, 'import SAP from «"Finance/AP Sorce"» tables LFA1, BKPF, BSEG') },
    { name: 'the pool of a permissions block', files: perm('permissions for "Procurement/AP Analytics".AccountsPayable', 'permissions for «"Procurement/AP Analytix"».AccountsPayable') },
  ],
  'ambiguous-pool': [
    {
      name: 'an import source named without its team',
      files: { ...proc(IMPORT_LINE, 'import SAP from «"AP Source"» tables LFA1, BKPF, BSEG'), 'other.pool': 'pool "AP Source" in Procurement {\n  engine etl\n}\n' },
    },
    {
      name: 'a share target named without its team',
      files: { ...fin(SHARE_LINE, 'share SAP with «"AP Analytics"» tables LFA1, BKPF, BSEG by "m.analyst@acme.com"'), 'other.pool': 'pool "AP Analytics" in Finance {\n  engine etl\n}\n' },
    },
    {
      name: 'a model named without its pool, which two pools have',
      files: {
        ...perm('permissions for "Procurement/AP Analytics".AccountsPayable', 'permissions for «AccountsPayable»'),
        'other.pool': 'pool "AP Copy" in Procurement {\n  engine etl\n  model AccountsPayable {\n  }\n}\n',
      },
    },
  ],
  'duplicate-pool': [{ name: 'a second pool of the same team and name', files: { 'finance.pool': FINANCE_POOL + '\npool «"AP Source"» in Finance {\n  engine etl\n}\n' } }],
  'unknown-connection': [
    { name: 'a shared connection', files: fin(SHARE_LINE, 'share «SAPP» with "Procurement/AP Analytics" tables LFA1, BKPF, BSEG by "m.analyst@acme.com"') },
    { name: 'an imported connection', files: proc(IMPORT_LINE, 'import «SAPP» from "Finance/AP Source" tables LFA1, BKPF, BSEG') },
    { name: 'a model table', files: proc('table SAP.LFA1 as Vendors', 'table «SAPP».LFA1 as Vendors') },
    { name: 'an object type', files: proc('object Vendor from SAP.LFA1 key LIFNR', 'object Vendor from «SAPP».LFA1 key LIFNR') },
    { name: 'a link table', files: proc('via SAP.BSEG (BELNR, ITEM_KEY)', 'via «SAPP».BSEG (BELNR, ITEM_KEY)') },
  ],
  'duplicate-connection': [
    { name: 'two own connections', files: fin('  share SAP with', '  connection «SAP» {\n  }\n  share SAP with') },
    { name: 'an import named like an own connection', files: proc(IMPORT_LINE, 'connection SAP {\n  }\n  import «SAP» from "Finance/AP Source" tables LFA1, BKPF, BSEG') },
    { name: 'two imports of one name', files: proc(IMPORT_LINE, IMPORT_LINE + '\n  import SAP as «SAP» from "Finance/AP Source" tables LFA1') },
  ],
  'unknown-table': [
    { name: 'a model table that the import does not import', files: proc('table SAP.LFA1 as Vendors', 'table SAP.«LFA2» as Vendors') },
    { name: 'a join', files: proc('join Vendors.LIFNR -> Invoices.LIFNR', 'join «Vendor».LIFNR -> Invoices.LIFNR') },
    { name: 'a rule', files: perm('Vendors.LAND1 in "DE", "AT"', '«Vendor».LAND1 in "DE", "AT"') },
    { name: 'a rule naming the real table instead of the alias', files: perm('Vendors.LAND1 in "DE", "AT"', '«LFA1».LAND1 in "DE", "AT"'), mentions: ['LFA1', 'Vendors'] },
    { name: 'a permission-table row', files: values('t.member@acme.com,Vendors,LAND1,FR', 't.member@acme.com,«Vendor»,LAND1,FR') },
    { name: 'a shared table', files: fin(SHARE_LINE, 'share SAP with "Procurement/AP Analytics" tables LFA1, BKPF, «BSEX» by "m.analyst@acme.com"') },
    { name: 'an imported table', files: proc(IMPORT_LINE, 'import SAP from "Finance/AP Source" tables LFA1, BKPF, BSEG, «BSAK»') },
    { name: 'an object type table', files: proc('object Vendor from SAP.LFA1 key LIFNR', 'object Vendor from SAP.«LFA2» key LIFNR') },
    { name: 'a link table', files: proc('via SAP.BSEG (BELNR, ITEM_KEY)', 'via SAP.«BSEX» (BELNR, ITEM_KEY)') },
    {
      name: 'a model table through an import that lost its source',
      files: proc(IMPORT_LINE, 'import SAP from "FIX ME: Finance/AP Source" tables LFA1, BKPF, BSEG', 'table SAP.LFA1 as Vendors', 'table SAP.«LFA1» as Vendors'),
      mentions: 'LFA1',
    },
  ],
  'duplicate-table': [{ name: 'a connection declaring a table twice', files: fin('table BSEG from "data/bseg.csv"', 'table BSEG from "data/bseg.csv"\n    table «BSEG» from "data/bseg.csv"') }],
  'duplicate-alias': [
    { name: 'an alias used twice', files: proc('table SAP.BSEG as Items', 'table SAP.BSEG as Items\n    table SAP.BKPF as «Invoices»') },
    { name: 'a table added twice without alias', files: proc('table SAP.BSEG as Items', 'table SAP.BSEG as Items\n    table SAP.BSEG\n    table SAP.«BSEG»') },
  ],
  'unknown-column': [
    // Without sightline.lock the columns are the source's own: the message must not blame synchronization.
    { name: 'a join column', files: proc('join Vendors.LIFNR -> Invoices.LIFNR', 'join Vendors.«LIFNX» -> Invoices.LIFNR'), notMentions: ['synchronized'] },
    {
      name: 'a rule column that the lock does not record yet',
      files: { ...perm('Vendors.EKORG in "1000"', 'Vendors.«EKORG» in "1000"'), 'sightline.lock': LOCK_WITHOUT_EKORG },
      mentions: ['EKORG', 'sightline sync'],
    },
    { name: 'a rule column', files: perm('Vendors.LAND1 in "DE", "AT"', 'Vendors.«LAND2» in "DE", "AT"') },
    { name: 'a quoted rule column', files: perm('Vendors.LAND1 in "DE", "AT"', 'Vendors.«"Land Code"» in "DE", "AT"') },
    { name: 'an object key', files: proc('object Item from SAP.BSEG key ITEM_KEY', 'object Item from SAP.BSEG key «ITEMKEY»') },
    { name: 'a relationship column', files: proc('relate Invoice.LIFNR -> Vendor.LIFNR', 'relate Invoice.LIFNR -> Vendor.«LIFNX»') },
    { name: 'a link-table column', files: proc('via SAP.BSEG (BELNR, ITEM_KEY)', 'via SAP.BSEG (BELNR, «ITEMKEY»)') },
    { name: 'a permission-table row', files: values('t.member@acme.com,Vendors,LAND1,FR', 't.member@acme.com,Vendors,«LAND2»,FR') },
  ],
  'unknown-model': [
    { name: 'with its pool', files: perm('permissions for "Procurement/AP Analytics".AccountsPayable', 'permissions for "Procurement/AP Analytics".«AccountsPayabel»') },
    { name: 'without its pool', files: perm('permissions for "Procurement/AP Analytics".AccountsPayable', 'permissions for «AccountsPayabel»') },
  ],
  'duplicate-model': [
    // The permissions block for AccountsPayable still finds its model: no ambiguous-pool within one pool.
    { name: 'two models', files: proc('  perspective InvoiceFlow {', '  model «AccountsPayable» {\n  }\n\n  perspective InvoiceFlow {'), absent: ['ambiguous-pool'] },
    { name: 'a perspective named like a model', files: proc('perspective InvoiceFlow {', 'perspective «AccountsPayable» {'), absent: ['ambiguous-pool'] },
  ],
  'unknown-object-type': [
    { name: 'a column relationship', files: proc('relate Invoice.LIFNR -> Vendor.LIFNR', 'relate Invoice.LIFNR -> «Vendr».LIFNR') },
    { name: 'a link relationship', files: proc('relate Invoice <-> Item via', 'relate Invoice <-> «Itm» via') },
    { name: 'a rule of a perspective', files: flowPerm('  user "p.analyst@acme.com" {\n    «Vendr».LAND1 in "DE"\n  }\n') },
  ],
  'duplicate-object-type': [{ name: 'an object type declared twice', files: proc('object Item from SAP.BSEG key ITEM_KEY', 'object Item from SAP.BSEG key ITEM_KEY\n    object «Item» from SAP.BKPF key BELNR') }],
  'unknown-combine-mode': [{ name: 'a combine mode that does not exist', files: perm('combine by-column', 'combine «by-row»') }],
  'unknown-reference-mode': [{ name: 'a reference mode that does not exist', files: perm(VALUES_TABLE, 'table "perm/ap_values.csv" values users by «aliases» {') }],
  'duplicate-setting': [
    { name: 'engine', files: fin('  engine etl\n', '  engine etl\n  «engine etl»\n'), mentions: 'engine' },
    { name: 'the switch', files: perm('  use data permissions\n', '  use data permissions\n  «use data permissions»\n'), mentions: 'use data permissions' },
    { name: 'combine', files: perm('  combine by-column\n', '  combine by-column\n  «combine by-principal»\n'), mentions: 'combine' },
  ],

  // ---------------------------------------------------------------- data files
  'data-file-missing': [
    { name: 'a deleted data file', files: { ...fin(LFA1_FROM, LFA1_FROM_MARKED), 'data/lfa1.csv': null }, mentions: 'lfa1.csv' },
    { name: 'a wrong path', files: fin(LFA1_FROM, 'table LFA1 from «"data/lfa.csv"»'), mentions: 'lfa.csv' },
    { name: 'a deleted permission table', files: { ...perm(VALUES_TABLE, VALUES_TABLE_MARKED), 'permissions/perm/ap_values.csv': null }, mentions: 'ap_values.csv' },
  ],
  'data-file-outside-workspace': [
    { name: 'a path with .. out of the workspace', files: fin(LFA1_FROM, 'table LFA1 from «"../outside/lfa1.csv"»'), mentions: 'lfa1.csv', absent: ['data-file-missing'] },
    { name: 'an absolute path', files: fin(LFA1_FROM, 'table LFA1 from «"/etc/passwd"»'), mentions: 'passwd' },
    {
      name: 'a symbolic link to a file outside the workspace',
      files: { ...fin(LFA1_FROM, LFA1_FROM_MARKED), 'data/lfa1.csv': null },
      prepare: (ws) => {
        const outside = fs.mkdtempSync(path.join(path.dirname(ws.dir), 'sightline-outside-'));
        fs.writeFileSync(path.join(outside, 'lfa1.csv'), LFA1_CSV);
        fs.symlinkSync(path.join(outside, 'lfa1.csv'), ws.file('data/lfa1.csv'));
      },
      mentions: ['lfa1.csv', 'symbolic link'],
    },
    { name: 'a permission table out of the workspace', files: perm(VALUES_TABLE, 'table «"../../ap_values.csv"» values users by alias {'), mentions: 'ap_values.csv' },
  ],
  'data-file-unreadable': [
    { name: 'a folder named like a CSV file', files: { ...fin(LFA1_FROM, LFA1_FROM_MARKED), 'data/lfa1.csv': null, 'data/lfa1.csv/part-0.csv': LFA1_CSV }, mentions: 'lfa1.csv' },
    {
      name: 'invalid UTF-8',
      files: { ...fin(LFA1_FROM, LFA1_FROM_MARKED), 'data/lfa1.csv': new Uint8Array([...Buffer.from('LIFNR,NAME1\nV100,M'), 0xfc, ...Buffer.from('ller\n')]) },
      mentions: ['lfa1.csv', 'line 2'],
    },
    {
      name: 'a folder named like a permission table',
      files: { ...perm(VALUES_TABLE, VALUES_TABLE_MARKED), 'permissions/perm/ap_values.csv': null, 'permissions/perm/ap_values.csv/part-0.csv': AP_VALUES_CSV },
      mentions: 'ap_values.csv',
    },
  ],
  'data-file-format': [
    { name: 'a .txt data file', files: { ...fin(LFA1_FROM, 'table LFA1 from «"data/lfa1.txt"»'), 'data/lfa1.txt': LFA1_CSV }, mentions: 'lfa1.txt' },
    { name: 'a .parquet file that is CSV text', files: { ...fin(LFA1_FROM, 'table LFA1 from «"data/lfa1.parquet"»'), 'data/lfa1.parquet': LFA1_CSV }, mentions: 'lfa1.parquet' },
    { name: 'a CSV file with NUL bytes', files: { ...fin(LFA1_FROM, LFA1_FROM_MARKED), 'data/lfa1.csv': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x0a]) }, mentions: 'lfa1.csv' },
    {
      name: 'a permission table that is not CSV',
      files: { ...perm(VALUES_TABLE, 'table «"perm/ap_values.txt"» values users by alias {'), 'permissions/perm/ap_values.txt': AP_VALUES_CSV },
      mentions: 'ap_values.txt',
    },
    { name: 'a quote never closed in a permission table', files: values('t.member@acme.com,Vendors,LAND1,FR', 't.member@acme.com,«"»Vendors,LAND1,FR'), mentions: 'ap_values.csv' },
  ],
  'data-file-empty': [
    { name: 'an empty data file', files: { ...fin(LFA1_FROM, LFA1_FROM_MARKED), 'data/lfa1.csv': '' }, mentions: 'lfa1.csv' },
    { name: 'a data file of blank lines', files: { ...fin(LFA1_FROM, LFA1_FROM_MARKED), 'data/lfa1.csv': '\n\n' }, mentions: 'lfa1.csv' },
    { name: 'an empty permission table', files: { ...perm(VALUES_TABLE, VALUES_TABLE_MARKED), 'permissions/perm/ap_values.csv': '' }, mentions: 'ap_values.csv' },
  ],
  'csv-header-invalid': [
    { name: 'a duplicate column in a data file', files: { ...fin(LFA1_FROM, LFA1_FROM_MARKED), 'data/lfa1.csv': LFA1_CSV.replace('EKORG\n', 'EKORG,NAME1\n').replace(/\n(?=.)/g, ',x\n') }, mentions: ['lfa1.csv', 'NAME1'] },
    { name: 'an empty column name in a data file', files: { ...fin(LFA1_FROM, LFA1_FROM_MARKED), 'data/lfa1.csv': LFA1_CSV.replace('LIFNR,NAME1,', 'LIFNR,,') }, mentions: ['lfa1.csv', 'column 2'] },
    {
      name: 'a duplicate column in a permission table',
      files: values('Reference_User,Reference_Table,Reference_Column,Reference_Value', 'Reference_User,Reference_Table,«Reference_Table»,Reference_Value'),
      mentions: ['ap_values.csv', 'Reference_Table'],
    },
  ],
  'csv-ragged': [
    { name: 'a row with an extra field in a data file', files: { ...fin(LFA1_FROM, LFA1_FROM_MARKED), 'data/lfa1.csv': LFA1_CSV.replace('Dupont SA,FR,2000', 'Dupont, SA,FR,2000') }, mentions: ['lfa1.csv', 'line 3'] },
    { name: 'a row with a missing field in a data file', files: { ...fin(LFA1_FROM, LFA1_FROM_MARKED), 'data/lfa1.csv': LFA1_CSV.replace('V300,Rossi SpA,IT,2000', 'V300,Rossi SpA,IT') }, mentions: ['lfa1.csv', 'line 4'] },
    { name: 'a row with an extra field in a permission table', files: values('t.member@acme.com,Vendors,LAND1,FR', 't.member@acme.com,Vendors,LAND1,FR,«DE»'), mentions: ['ap_values.csv', 'line 2'] },
    // The missing value is not an empty (NULL) cell: no permission-table-null-value for it.
    {
      name: 'a row with a missing field in a permission table',
      files: values('p.analyst@acme.com,Vendors,EKORG,2000', 'p.analyst@acme.com,Vendors,EKORG«»'),
      mentions: ['ap_values.csv', 'line 3'],
      absent: ['permission-table-null-value'],
    },
  ],
  'column-case-collision': [
    { name: 'Name and name in a data file', files: { ...fin(LFA1_FROM, LFA1_FROM_MARKED), 'data/lfa1.csv': LFA1_CSV.replace('EKORG\n', 'EKORG,land1\n').replace(/\n(?=.)/g, ',x\n') }, mentions: ['LAND1', 'land1'] },
    {
      name: 'two columns of a permission table that differ in case',
      files: { 'permissions/perm/ap_values.csv': AP_VALUES_CSV.replace('Reference_Value\n', 'Reference_Value,«reference_value»\n').replace(/\n(?=.)/g, ',x\n').replace('«reference_value»,x', '«reference_value»') },
      mentions: ['Reference_Value', 'reference_value'],
    },
  ],

  // ---------------------------------------------------------------- sharing
  'vertica-sharing': [
    {
      name: 'the source pool on vertica (share and import)',
      files: {
        ...fin('engine etl', 'engine vertica', SHARE_LINE, 'share «SAP» with "Procurement/AP Analytics" tables LFA1, BKPF, BSEG by "m.analyst@acme.com"'),
        ...proc(IMPORT_LINE, 'import SAP from «"Finance/AP Source"» tables LFA1, BKPF, BSEG'),
      },
      mentions: 'vertica',
    },
    {
      name: 'the target pool on vertica (share and import)',
      files: {
        ...fin(SHARE_LINE, 'share SAP with «"Procurement/AP Analytics"» tables LFA1, BKPF, BSEG by "m.analyst@acme.com"'),
        ...proc('engine etl', 'engine vertica', IMPORT_LINE, 'import SAP from «"Finance/AP Source"» tables LFA1, BKPF, BSEG'),
      },
      mentions: ['vertica', 'Procurement/AP Analytics'],
    },
  ],
  'share-missing-edit': [
    {
      name: 'no edit on the source pool',
      files: fin('grant "m.analyst@acme.com" edit', 'grant "m.analyst@acme.com" view', SHARE_LINE, 'share SAP with "Procurement/AP Analytics" tables LFA1, BKPF, BSEG by «"m.analyst@acme.com"»'),
      mentions: ['m.analyst@acme.com', 'Finance/AP Source'],
    },
    {
      name: 'no edit on the target pool',
      files: { ...fin(SHARE_LINE, 'share SAP with «"Procurement/AP Analytics"» tables LFA1, BKPF, BSEG by "m.analyst@acme.com"'), ...proc('grant "m.analyst@acme.com" edit', 'grant "m.analyst@acme.com" use-models') },
      mentions: ['m.analyst@acme.com', 'Procurement/AP Analytics'],
    },
    {
      name: 'no edit on a target of a per-target share',
      files: {
        ...fin(SHARE_LINE, 'share SAP by "m.analyst@acme.com" {\n    with «"Procurement/AP Analytics"» tables LFA1, BKPF, BSEG\n  }'),
        ...proc('grant "m.analyst@acme.com" edit', 'grant "m.analyst@acme.com" view'),
      },
      mentions: ['m.analyst@acme.com', 'Procurement/AP Analytics'],
    },
    {
      name: 'a service grant that does not give edit',
      files: fin('grant "m.analyst@acme.com" edit', 'grant "AP Clerks" use-models', SHARE_LINE, 'share SAP with "Procurement/AP Analytics" tables LFA1, BKPF, BSEG by «"k.viewer@acme.com"»'),
      mentions: ['k.viewer@acme.com', 'Finance/AP Source'],
    },
  ],
  'share-to-self': [
    { name: 'a share with its own pool', files: fin(SHARE_LINE, 'share SAP with "Procurement/AP Analytics", «"Finance/AP Source"» tables LFA1, BKPF, BSEG by "m.analyst@acme.com"'), mentions: 'Finance/AP Source' },
    { name: 'an import from its own pool', files: proc(IMPORT_LINE, IMPORT_LINE + '\n  import SAP as OWN from «"Procurement/AP Analytics"» tables LFA1'), mentions: 'Procurement/AP Analytics' },
  ],
  'import-not-shared': [
    {
      name: 'a connection that is not shared',
      files: { ...fin('  share SAP with', '  connection HR {\n    table PA0001 from "data/lfa1.csv"\n  }\n  share SAP with'), ...proc(IMPORT_LINE, IMPORT_LINE + '\n  import «HR» from "Finance/AP Source" tables PA0001') },
    },
    {
      name: 'a table that is not shared',
      files: { ...fin(SHARE_LINE, 'share SAP with "Procurement/AP Analytics" tables LFA1, BKPF by "m.analyst@acme.com"'), ...proc(IMPORT_LINE, 'import SAP from "Finance/AP Source" tables LFA1, BKPF, «BSEG»') },
    },
    {
      name: 'a connection shared with another pool only',
      files: {
        ...fin(SHARE_LINE, 'share SAP with "Procurement/AP Audit" tables LFA1, BKPF, BSEG by "m.analyst@acme.com"'),
        ...proc(IMPORT_LINE, 'import «SAP» from "Finance/AP Source" tables LFA1, BKPF, BSEG'),
        'audit.pool': 'pool "AP Audit" in Procurement {\n  engine etl\n  grant "m.analyst@acme.com" edit\n}\n',
      },
    },
  ],
  'same-pool-name': [
    {
      name: 'a share with a pool of the same name',
      files: {
        ...fin(SHARE_LINE, 'share SAP with "Procurement/AP Analytics", «"Procurement/AP Source"» tables LFA1, BKPF, BSEG by "m.analyst@acme.com"'),
        'other.pool': 'pool "AP Source" in Procurement {\n  engine etl\n  grant "m.analyst@acme.com" edit\n}\n',
      },
      mentions: 'AP Source',
    },
    {
      name: 'an import from a pool of the same name',
      files: {
        ...fin(SHARE_LINE, 'share SAP with "Procurement/AP Analytics", «"Procurement/AP Source"» tables LFA1, BKPF, BSEG by "m.analyst@acme.com"'),
        'other.pool': 'pool "AP Source" in Procurement {\n  engine etl\n  grant "m.analyst@acme.com" edit\n  import SAP from «"Finance/AP Source"» tables LFA1\n}\n',
      },
      mentions: 'AP Source',
    },
  ],
  'fix-me-import': [
    { name: 'an import left by a team-to-team copy', files: proc(IMPORT_LINE, 'import SAP from «"FIX ME: Finance/AP Source"» tables LFA1, BKPF, BSEG'), mentions: ['SAP', 'Finance/AP Source'] },
    {
      name: 'a copy whose source now shares with it',
      files: {
        ...fin(SHARE_LINE, 'share SAP with "Procurement/AP Analytics", "Procurement/AP Copy" tables LFA1, BKPF, BSEG by "m.analyst@acme.com"'),
        'copy.pool': 'pool "AP Copy" in Procurement {\n  engine etl\n  grant "m.analyst@acme.com" edit\n  import SAP from «"FIX ME: Finance/AP Source"» tables LFA1\n}\n',
      },
      mentions: ['re-point', 'from "Finance/AP Source"'],
    },
  ],
  'copy-loop': [
    {
      name: 'a pool importing back from its target',
      files: { ...fin('  share SAP with', '  import SAP as BACK from "Procurement/AP Analytics" tables LFA1\n  share SAP with'), ...proc(IMPORT_LINE, 'import SAP from «"Finance/AP Source"» tables LFA1, BKPF, BSEG') },
      mentions: ['Finance/AP Source', 'Procurement/AP Analytics'],
    },
    {
      name: 'a team-to-team copy imported back',
      files: { ...fin('  share SAP with', '  import SAP as BACK from "FIX ME: Procurement/AP Analytics" tables LFA1\n  share SAP with'), ...proc(IMPORT_LINE, 'import SAP from «"Finance/AP Source"» tables LFA1, BKPF, BSEG') },
      mentions: ['Finance/AP Source', 'Procurement/AP Analytics'],
    },
  ],

  // ---------------------------------------------------------------- models and perspectives
  'join-type-mismatch': [
    { name: 'a join', files: proc('join Vendors.LIFNR -> Invoices.LIFNR', 'join Vendors.LIFNR -> Invoices.«BUKRS»'), mentions: ['LIFNR', 'BUKRS', 'VARCHAR', 'BIGINT'] },
    { name: 'a column relationship', files: proc('relate Invoice.LIFNR -> Vendor.LIFNR', 'relate Invoice.BUKRS -> Vendor.«LIFNR»'), mentions: ['BUKRS', 'LIFNR', 'VARCHAR', 'BIGINT'] },
    { name: 'a link-table column', files: proc('via SAP.BSEG (BELNR, ITEM_KEY)', 'via SAP.BSEG («LIFNR», ITEM_KEY)'), mentions: ['LIFNR', 'Invoice', 'VARCHAR', 'BIGINT'] },
  ],
  'join-cycle': [{ name: 'a third join closing a triangle', files: proc('join Invoices.BELNR -> Items.BELNR', 'join Invoices.BELNR -> Items.BELNR\n    «join Vendors.LIFNR -> Items.LIFNR»'), mentions: ['Vendors', 'Items'] }],

  'import-needs-sync': [
    { name: 'a source column the lock does not record', files: { ...proc(IMPORT_LINE, 'import SAP from "Finance/AP Source" tables «LFA1», BKPF, BSEG'), 'sightline.lock': LOCK_WITHOUT_EKORG }, mentions: ['+EKORG', 'sightline sync'] },
    { name: 'a table the lock has no entry for', files: { ...proc(IMPORT_LINE, 'import SAP from "Finance/AP Source" tables LFA1, «BKPF», BSEG'), 'sightline.lock': LOCK_WITHOUT_EKORG }, mentions: ['never been synchronized'] },
  ],
  // ---------------------------------------------------------------- found in the data (engine)
  'value-matches-no-row': [
    { name: 'a manual value no vendor has', files: perm('Vendors.LAND1 in "DE", "AT"', 'Vendors.LAND1 in "DE", «"AT"»'), mentions: ['"AT"', 'Vendors'] },
    { name: 'a permission-table value', files: values('t.member@acme.com,Vendors,LAND1,FR', 't.member@acme.com,Vendors,LAND1,«FX»'), mentions: ['"FX"', 'did you mean "FR"'] },
    { name: 'an integer written with a leading zero', files: perm('Vendors.EKORG in "1000"', 'Vendors.EKORG in «"01000"»'), mentions: ['write "1000"'] },
  ],
  'null-in-filtered-column': [
    { name: 'a vendor without country', files: { ...perm('Vendors.LAND1 in "DE", "AT"', 'Vendors.«LAND1» in "DE", "AT"'), 'data/lfa1.csv': LFA1_CSV.replace('Rossi SpA,IT', 'Rossi SpA,') }, mentions: ['1 of 3 rows', 'LAND1'] },
  ],
  'parents-without-child': [
    {
      name: 'a rule on invoices only, a vendor without invoices',
      files: {
        'permissions/accounts-payable.perm': 'permissions for "Procurement/AP Analytics".AccountsPayable {\n  use data permissions\n  user "p.analyst@acme.com" {\n    Invoices.«BUKRS» in "1000"\n  }\n}\n',
        'data/lfa1.csv': LFA1_CSV + 'V400,Nobody Ltd,GB,1000\n',
      },
      mentions: ['1 of 4 Vendors rows', 'Invoices'],
    },
  ],
  'combine-modes-differ': [
    {
      name: 'a user rule and a group rule on two tables',
      files: {
        'permissions/accounts-payable.perm':
          'permissions for "Procurement/AP Analytics".AccountsPayable {\n  use data permissions\n  combine «by-column»\n  user "p.analyst@acme.com" {\n    Vendors.LAND1 in "DE"\n  }\n  group "Buyers" {\n    Invoices.BUKRS in "2000"\n  }\n}\n',
      },
      mentions: ['p.analyst@acme.com', 'Vendors: 0 rows only by-column, 2 only by-principal'],
    },
  ],
  'lock-file-invalid': [
    { name: 'not JSON', files: { 'sightline.lock': '«{»"version": 1, "imports": [\n' }, mentions: 'sightline.lock' },
    { name: 'an unknown layout', files: { 'sightline.lock': '«{»"version": 2, "imports": []}\n' }, mentions: 'sightline.lock' },
  ],

  // ---------------------------------------------------------------- permissions
  'rules-without-switch': [{ name: 'rules without the switch', files: perm('  use data permissions\n', '', '"Procurement/AP Analytics".AccountsPayable', '"Procurement/AP Analytics".«AccountsPayable»') }],
  'duplicate-permissions': [
    {
      name: 'two blocks for one model',
      files: { 'permissions/more.perm': 'permissions for "Procurement/AP Analytics".«AccountsPayable» {\n  use data permissions\n}\n' },
    },
  ],
  'principal-not-in-team': [
    { name: 'a group member of another team', files: org('members "m.analyst@acme.com", "j.member@acme.com"', 'members "m.analyst@acme.com", «"p.analyst@acme.com"»'), mentions: ['p.analyst@acme.com', 'Finance'] },
    { name: 'a pool grant to a group of another team', files: proc('grant "m.analyst@acme.com" edit', 'grant «"AP Clerks"» edit'), mentions: ['group "AP Clerks"', 'Procurement'] },
    { name: 'a user rule', files: perm('user "p.analyst@acme.com" {', 'user «"f.admin@acme.com"» {') },
    { name: 'a group rule', files: perm('group "Buyers" {', 'group «"AP Clerks"» {') },
    { name: 'a permission-table row', files: values('t.member@acme.com,Vendors,LAND1,FR', '«f.admin@acme.com»,Vendors,LAND1,FR') },
    { name: 'a pool grant', files: proc('grant "p.analyst@acme.com" manage', 'grant «"f.admin@acme.com"» manage') },
    { name: 'a service grant', files: org('grant "l.admin@acme.com" edit-all-pools', 'grant «"f.admin@acme.com"» edit-all-pools') },
    { name: 'a usage permission', files: proc('usage "p.analyst@acme.com", "Buyers"', 'usage "p.analyst@acme.com", «"AP Clerks"»') },
  ],
  'empty-value-list': [{ name: 'a rule with no values', files: perm('Vendors.LAND1 in "DE", "AT"', 'Vendors.«LAND1» in'), mentions: 'Vendors.LAND1' }],
  'child-only-rule': [
    { name: 'a manual rule on a child whose parent has none', files: perm('    Vendors.LAND1 in "DE", "AT"\n', '    Vendors.LAND1 in "DE", "AT"\n    «Items».WRBTR in "100.50"\n'), mentions: ['Items', 'Invoices'] },
    { name: 'a permission-table row on such a child', files: values('p.analyst@acme.com,Vendors,EKORG,2000', 'p.analyst@acme.com,«Items»,BUZEI,1'), mentions: ['Items', 'Invoices'] },
  ],
  'standalone-object-rule': [
    {
      name: 'a rule on an object type that nothing relates to',
      files: {
        ...proc('object Item from SAP.BSEG key ITEM_KEY', 'object Item from SAP.BSEG key ITEM_KEY\n    object Material from SAP.BSEG key BUZEI'),
        ...flowPerm('  user "p.analyst@acme.com" {\n    «Material».BUZEI in "1"\n  }\n'),
      },
    },
  ],
  'unlimited-access': [
    { name: 'a manual unlimited user', files: perm('user "l.admin@acme.com" unlimited', 'user «"l.admin@acme.com"» unlimited') },
    { name: 'a manual unlimited group', files: perm('user "l.admin@acme.com" unlimited', 'group «"Buyers"» unlimited'), mentions: ['Buyers', 'p.analyst@acme.com', 't.member@acme.com'] },
    { name: 'a TRUE row of an unlimited table', files: unlimitedCsv('Auditors,TRUE', 'Auditors,«TRUE»'), mentions: ['Auditors', 'r.viewer@acme.com', 'ap_unlimited.csv:2'] },
  ],
  'default-deny': [
    { name: 'a team member without permissions', files: perm('"Procurement/AP Analytics".AccountsPayable', '"Procurement/AP Analytics".«AccountsPayable»'), mentions: 'm.analyst@acme.com' },
    {
      name: 'a user whose only rule cannot be evaluated (§F1)',
      files: {
        'permissions/invoice-flow.perm':
          'permissions for "Procurement/AP Analytics".«InvoiceFlow» {\n  use data permissions\n  user "p.analyst@acme.com" {\n    Vendor.«unknown-column:LANDX» in "DE"\n  }\n}\n',
      },
      mentions: 'p.analyst@acme.com',
    },
  ],

  // ---------------------------------------------------------------- permission tables
  'permission-table-mapping': [
    { name: 'a values table without value column', files: perm(VALUES_TABLE, VALUES_TABLE_MARKED, '    value Reference_Value\n', ''), mentions: 'value' },
    { name: 'a role the kind cannot use', files: perm('    unlimited Reference_Unlimited\n', '    unlimited Reference_Unlimited\n    «value Reference_Value»\n'), mentions: 'value' },
    { name: 'a role mapped twice', files: perm('    column Reference_Column\n', '    column Reference_Column\n    «column Reference_Value»\n'), mentions: 'column' },
  ],
  'permission-table-missing-column': [
    { name: 'a mapped column the header lacks', files: perm('value Reference_Value', 'value «Reference_Val»') },
    { name: 'a quoted mapped column the header lacks', files: perm('value Reference_Value', 'value «"Reference Value"»') },
  ],
  'permission-table-mixed-principals': [
    { name: 'a group in a users table', files: values('t.member@acme.com,Vendors,LAND1,FR', '«Buyers»,Vendors,LAND1,FR') },
    { name: 'a user in a groups table', files: unlimitedCsv('Buyers,FALSE', 'Buyers,FALSE\n«r.viewer@acme.com»,TRUE') },
  ],
  'permission-table-reference-mode': [
    { name: 'a real table name in a by-alias table', files: values('t.member@acme.com,Vendors,LAND1,FR', 't.member@acme.com,«LFA1»,LAND1,FR'), mentions: ['LFA1', 'Vendors'] },
    {
      name: 'an alias in a by-name table',
      files: { ...perm(VALUES_TABLE, 'table "perm/ap_values.csv" values users by name {'), ...values('t.member@acme.com,Vendors,', 't.member@acme.com,«Vendors»,') },
      mentions: ['Vendors', 'LFA1'],
    },
    {
      name: 'an alias in a table without `by` (by name is the default)',
      files: { ...perm(VALUES_TABLE, 'table "perm/ap_values.csv" values users {'), ...values('p.analyst@acme.com,Vendors,', 'p.analyst@acme.com,«Vendors»,') },
      mentions: ['Vendors', 'LFA1'],
    },
  ],
  'permission-table-null-value': [
    { name: 'an empty value cell', files: values('t.member@acme.com,Vendors,LAND1,FR', 't.member@acme.com,Vendors,LAND1,«»'), mentions: 'NULL' },
    { name: 'an empty user cell', files: values('t.member@acme.com,Vendors,LAND1,FR', '«»,Vendors,LAND1,FR'), mentions: 'empty' },
    { name: 'an empty table cell', files: values('t.member@acme.com,Vendors,LAND1,FR', 't.member@acme.com,«»,LAND1,FR'), mentions: 'empty' },
    { name: 'an empty unlimited cell', files: unlimitedCsv('Buyers,FALSE', 'Buyers,«»'), mentions: 'TRUE or FALSE' },
  ],
  'permission-table-boolean': [{ name: 'yes instead of TRUE', files: unlimitedCsv('Auditors,TRUE', 'Auditors,«yes»') }],
  'permission-table-too-large': [
    { name: '100,001 rows', files: { ...perm(VALUES_TABLE, VALUES_TABLE_MARKED), 'permissions/perm/ap_values.csv': hugeValuesCsv() }, mentions: ['ap_values.csv', '100,001'] },
  ],
};

// ---------------------------------------------------------------- running a case

const rel = (ws: FixtureWorkspace, file: string) => path.relative(ws.dir, file);
const show = (ws: FixtureWorkspace, d: Diagnostic) =>
  `${d.code} ${rel(ws, d.range.file)}:${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column} ${d.message}`;
const showMark = (ws: FixtureWorkspace, m: Mark) => `${rel(ws, m.file)}:${m.start.line}:${m.start.column}-${m.end.line}:${m.end.column} «${m.text}»`;
const unquote = (s: string) => (/^".*"$/s.test(s) ? s.slice(1, -1) : s);

/** Runs one case; returns what is wrong with it (empty when it passes). */
async function runCase(code: DiagnosticCode, c: Case): Promise<string[]> {
  const ws = makeWorkspace(c.files);
  c.prepare?.(ws);
  const { diagnostics } = 'engine' in DIAGNOSTIC_CODES[code] ? await checkWithData(ws.dir) : await checkWorkspace(ws.dir);
  // SIGHTLINE_FIXTURE_DUMP=1 prints every diagnostic of every case, to review cascades.
  if (process.env.SIGHTLINE_FIXTURE_DUMP) console.log(`\n[${code}] ${c.name}\n  ${diagnostics.map((d) => `${d.severity} ${show(ws, d)}`).join('\n  ')}`);
  const problems: string[] = [];
  const own = ws.marks.filter((m) => (m.label ?? code) === code);
  if (own.length === 0) problems.push(`the fixture marks no range for ${code}`);
  for (const mark of ws.marks) {
    const want = (mark.label ?? code) as DiagnosticCode;
    const sameRange = (d: Diagnostic) =>
      d.range.file === mark.file && d.range.start.line === mark.start.line && d.range.start.column === mark.start.column && d.range.end.line === mark.end.line && d.range.end.column === mark.end.column;
    const hit = diagnostics.find((d) => d.code === want && sameRange(d));
    if (!hit) {
      const ofCode = diagnostics.filter((d) => d.code === want);
      problems.push(
        `no ${want} at ${showMark(ws, mark)}; ` +
          (ofCode.length ? `${want} was reported at:\n      ${ofCode.map((d) => show(ws, d)).join('\n      ')}` : `all diagnostics:\n      ${diagnostics.map((d) => show(ws, d)).join('\n      ') || '(none)'}`),
      );
      continue;
    }
    if (hit.severity !== DIAGNOSTIC_CODES[want].severity) problems.push(`${show(ws, hit)}: severity ${hit.severity}, the registry says ${DIAGNOSTIC_CODES[want].severity}`);
    const mentions = want === code && c.mentions !== undefined ? [c.mentions].flat() : [unquote(mark.text)];
    for (const m of mentions) if (!hit.message.includes(m)) problems.push(`${show(ws, hit)}: the message does not mention ${JSON.stringify(m)}`);
    if (want === code) for (const m of c.notMentions ?? []) if (hit.message.includes(m)) problems.push(`${show(ws, hit)}: the message should not say ${JSON.stringify(m)}`);
  }
  for (const d of diagnostics) if (c.absent?.includes(d.code as DiagnosticCode)) problems.push(`unexpected ${show(ws, d)}`);
  return problems;
}

// ---------------------------------------------------------------- the tests

describe('diagnostic fixtures', () => {
  it('the base workspace has no errors or warnings, only the expected notes', async () => {
    const ws = makeWorkspace();
    const { diagnostics } = await checkWorkspace(ws.dir);
    const summary = diagnostics.map((d) => `${d.severity} ${d.code} ${rel(ws, d.range.file)}:${d.range.start.line}:${d.range.start.column}`);
    assert.deepEqual(summary, [
      // m.analyst is in team Procurement but has no data permission on AccountsPayable.
      'information default-deny permissions/accounts-payable.perm:1:43',
      // user "l.admin@acme.com" unlimited, and Auditors,TRUE in the unlimited table.
      'information unlimited-access permissions/accounts-payable.perm:11:7',
      'information unlimited-access permissions/perm/ap_unlimited.csv:1:9',
    ]);
    assert.match(diagnostics[0].message, /1 of 5 users .*m\.analyst@acme\.com/);
  });

  it('reads permission tables and data files saved with a BOM (Excel "CSV UTF-8") like the base', async () => {
    const bom = '\uFEFF';
    const ws = makeWorkspace({ 'permissions/perm/ap_values.csv': bom + AP_VALUES_CSV, 'permissions/perm/ap_unlimited.csv': bom + AP_UNLIMITED_CSV, 'data/lfa1.csv': bom + LFA1_CSV });
    const { diagnostics } = await checkWorkspace(ws.dir);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['default-deny', 'unlimited-access', 'unlimited-access'],
    );
  });

  // Valid variants of the base: each must stay free of errors and warnings (no false positives).
  const VALID: [string, Overrides][] = [
    ['edit on the source through a group grant', fin('grant "m.analyst@acme.com" edit', 'grant "m.analyst@acme.com" view', 'grant "AP Clerks" view', 'grant "AP Clerks" edit')],
    ['edit on the source through a service grant', { ...org('grant "k.viewer@acme.com" use-all-models', 'grant "m.analyst@acme.com" edit-all-pools'), ...fin('grant "m.analyst@acme.com" edit', '') }],
    ['a per-target share', fin(SHARE_LINE, 'share SAP by "m.analyst@acme.com" {\n    with "Procurement/AP Analytics" tables LFA1, BKPF, BSEG\n  }')],
    ['pools and the model named without their team or pool where unique', { ...proc(IMPORT_LINE, 'import SAP from "AP Source" tables LFA1, BKPF, BSEG'), ...perm('"Procurement/AP Analytics".AccountsPayable', 'AccountsPayable') }],
    ['an import renamed with as', proc(IMPORT_LINE, 'import SAP as ERP from "Finance/AP Source" tables LFA1, BKPF, BSEG', 'table SAP.LFA1 as Vendors', 'table ERP.LFA1 as Vendors', 'table SAP.BKPF as Invoices', 'table ERP.BKPF as Invoices', 'table SAP.BSEG as Items', 'table ERP.BSEG as Items', 'from SAP.LFA1 key', 'from ERP.LFA1 key', 'from SAP.BKPF key', 'from ERP.BKPF key', 'from SAP.BSEG key', 'from ERP.BSEG key', 'via SAP.BSEG', 'via ERP.BSEG')],
    ['emails in another case', { ...perm('user "p.analyst@acme.com" {', 'user "P.Analyst@ACME.com" {'), ...values('t.member@acme.com,', 'T.Member@acme.com,') }],
    ["the empty string written '' and \"\"", values('t.member@acme.com,Vendors,LAND1,FR', "t.member@acme.com,Vendors,LAND1,''\nt.member@acme.com,Vendors,NAME1,\"\"")],
    ['real table names in a by-name table', { ...perm(VALUES_TABLE, 'table "perm/ap_values.csv" values users by name {'), 'permissions/perm/ap_values.csv': AP_VALUES_CSV.replace(/,Vendors,/g, ',LFA1,') }],
    ['combine by-principal', perm('combine by-column', 'combine by-principal')],
    ['rules on related object types of the perspective', flowPerm('  user "p.analyst@acme.com" {\n    Vendor.LAND1 in "DE"\n    Invoice.BUKRS in "1000"\n  }\n')],
  ];
  for (const [name, files] of VALID) {
    it(`reports no error or warning for a valid variant: ${name}`, async () => {
      const ws = makeWorkspace(files);
      const { diagnostics } = await checkWorkspace(ws.dir);
      const bad = diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.deepEqual(bad.map((d) => show(ws, d)), []);
    });
  }

  it('strips markers and records their ranges', () => {
    const ws = makeWorkspace({ 'x.txt': 'ab«cd»\n«label-x:e\nf»g«»' });
    assert.equal(fs.readFileSync(ws.file('x.txt'), 'utf8'), 'abcd\ne\nfg');
    assert.deepEqual(
      ws.marks.map((m) => [m.label, m.start.line, m.start.column, m.end.line, m.end.column, m.text]),
      [
        [undefined, 0, 2, 0, 4, 'cd'],
        ['label-x', 1, 0, 2, 1, 'e\nf'],
        [undefined, 2, 2, 2, 2, ''],
      ],
    );
  });

  for (const code of Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]) {
    const cases = CASES[code] ?? [];
    it(`${code} (${cases.length} case${cases.length === 1 ? '' : 's'})`, async function () {
      if (cases.length === 0) this.skip();
      const failures: string[] = [];
      for (const c of cases) {
        const problems = await runCase(code, c);
        if (problems.length) failures.push(`${c.name}:\n    ${problems.join('\n    ')}`);
      }
      assert.equal(failures.length, 0, `${code}\n  ${failures.join('\n  ')}`);
    });
  }

  it('every code of the registry has a fixture case', () => {
    const missing = Object.keys(DIAGNOSTIC_CODES).filter((code) => !(CASES[code as DiagnosticCode]?.length));
    assert.deepEqual(missing, [], `codes without a fixture case in test/model/diagnostics.test.ts: ${missing.join(', ')}`);
    const unknown = Object.keys(CASES).filter((code) => !(code in DIAGNOSTIC_CODES));
    assert.deepEqual(unknown, []);
  });

  it('docs/diagnostics.md lists every code', function () {
    const doc = path.resolve('docs/diagnostics.md');
    if (!fs.existsSync(doc)) this.skip();
    const text = fs.readFileSync(doc, 'utf8');
    const missing = Object.keys(DIAGNOSTIC_CODES).filter((code) => !text.includes(`\`${code}\``));
    assert.deepEqual(missing, [], `docs/diagnostics.md does not list: ${missing.join(', ')} (run \`npm run docs\`)`);
  });
});
