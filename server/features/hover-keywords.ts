// One paragraph per keyword of the language, saying what it means and citing the section of
// spec/semantics.md it implements. Some words mean different things in different statements
// (`unlimited` on a principal, as a permission-table kind, as a mapping role): the cursor
// context picks the reading. Shared by hover (and by anything else that explains a keyword).
import { cursorContext } from './cursor-context.js';
import { wordAt } from './text-scan.js';

const DOCS: Record<string, string> = {
  team: '**team**: holds users, groups and pools (§O1). A user has one role per team; emails compare case-insensitively, group names exactly.',
  pool: '**pool**: a data pool of one team, running on an engine (`etl` or `vertica`), holding connections, imports, models and perspectives (§S1).',
  permissions: '**permissions for**: the data permissions of one model or perspective (§P1–§P10): who sees which rows. Name the pool as `"Team/Pool"`, or leave it out where the name is unique.',
  user: '**user**: a person, by email (compared case-insensitively, §O1). In a team: declares them with their team role. In permissions: rules or `unlimited` for this user (§P2).',
  group: '**group**: a named set of users of one team (§O1). Permissions given to a group count for each member, on top of their own (§P2).',
  members: '**members**: the users of a group, by email; each must be a user of the same team (§O1).',
  role: '**role**: the user\'s team role: `admin`, `analyst`, `member` or `viewer` (§O1). Roles decide what objects one may open (§O4); data permissions bind every role, admins too (§P1).',
  grant:
    '**grant**: in a team, a service permission (`use-all-models`, `view-all-pools`, `edit-all-pools`, `create-pools`, `manage-all-pools`); in a pool, a pool permission (`use-models`, `view`, `edit`, `manage`). The highest applicable level wins; the service level overrides the pool level (§O2).',
  engine: '**engine**: `etl` (the ETL engine) or `vertica` (legacy). Sharing and importing work only between `etl` pools (§S1).',
  etl: '**etl**: the ETL engine. Pools on it can share connections and import them (§S1).',
  vertica: '**vertica**: the legacy engine. A vertica pool can neither share nor import (§S1); migrate it to `etl` first.',
  connection: '**connection**: a named set of tables, each loaded from a CSV or Parquet file relative to this file (§S2).',
  share:
    '**share**: offers a connection\'s tables to other pools (same or another team), one table list for all targets or one per target. The sharing user (`by`) needs `edit` on the source and on every target pool (§S3).',
  import:
    '**import**: takes tables of a connection another pool shares with this one. The imported tables are **views** over the source: new rows show at once, structure changes only after synchronizing (§S4, §S5).',
  tables: '**tables**: the tables shared with a target, or imported from the source: a subset of what the source offers (§S3, §S4).',
  model: '**model**: picks tables of its pool (own or imported), each with an optional alias, and links them with 1:N joins (§M1). Its rows are what data permissions filter.',
  join: '**join** `parent.col -> child.col`: a 1:N link (one parent row, many children) (§M1). Permission filters propagate along joins in both directions (§P9).',
  usage: '**usage**: who may link this model to an app or analysis (§O3). Independent of data permissions: usage does not show any rows.',
  perspective: '**perspective**: an object-centric model: object types over tables and relationships between them; connected types form groups (§M2).',
  object: '**object** `Name from C.T key K`: an object type over a table, with its key column (§M2).',
  relate:
    '**relate**: a relationship between object types, through a column (`A.col -> B.col`) or through a link table (`A <-> B via C.T (a, b)`) (§M2). Rules reach related object types (§P10).',
  'in-pool': '**in**: the team that owns the pool (§O1). Refer to the pool elsewhere as `"Team/Pool"`.',
  'table-connection': '**table** `NAME from "path"`: a table of the connection, loaded from a CSV or Parquet file; the path is relative to this file (§S2).',
  'table-model': '**table** `C.T as Alias`: puts a table of this pool (own or imported connection) into the model, under an optional alias that joins and rules use (§M1).',
  'table-permissions':
    '**table** `"file.csv" values|unlimited users|groups`: a permission table (§P8). Its rows join the manual rules under §P4 and §P5; one that cannot be read grants nothing (§F1).',
  via: '**via**: the link table of an N:M relationship, with the columns that hold each side\'s key (§M2).',
  key: '**key**: the column that identifies an object of this type (§M2).',
  in: '**in**: the allowed values of a rule. Values of the same table and column form an IN list (OR); different columns combine with AND; values compare as text (§P4, §P6).',
  switch:
    '**use data permissions**: the switch (§P1). Without it every user sees every row, even when rules exist. With it on, a user with no applicable permission sees **no rows** (default deny) — admins included.',
  combine: '**combine**: how two limited principals of one user combine (§P5): `by-column` (the default) or `by-principal`.',
  'by-column':
    '**combine by-column** (default, §P5): collect the allowed values of all of a user\'s principals per table and column, then apply §P4 — as if all their rules were rows of one permission table.',
  'by-principal': '**combine by-principal** (§P5): each principal\'s rules form one predicate; the user sees the OR of them.',
  'unlimited-principal':
    '**unlimited**: this principal sees everything in the model (§P3). One unlimited principal (the user or any of their groups) overrides every rule the user has — the escalation to check.',
  'unlimited-table':
    '**unlimited** table: an unlimited-assignment table (§P8): a user-or-group column and a TRUE/FALSE column. `TRUE` grants unlimited access (§P3); `FALSE` grants nothing.',
  'unlimited-mapping': '**unlimited** column: the permission table\'s TRUE/FALSE column (§P8). `TRUE` makes the row\'s principal unlimited; `FALSE` grants nothing.',
  values:
    '**values** table: a value-assignment table (§P8): a user-or-group column, a table column, a column column and a value column. Its rows join the manual rules under §P4 and §P5.',
  users: '**users**: the permission table\'s principal column holds user emails (§P8). One table holds users or groups, never both.',
  groups: '**groups**: the permission table\'s principal column holds group names (§P8). One table holds users or groups, never both.',
  'by-table':
    '**by**: how the reference-table column names tables (§P8): `by alias` (the model\'s aliases) or `by name` (real table names, the default). A name that matches nothing grants nothing, so the wrong setting locks users out.',
  alias: '**by alias**: the permission table names tables by the model\'s aliases (or object types) (§P8).',
  name: '**by name**: the permission table names tables by their real names in the connection (§P8). The default.',
  'by-share': '**by**: the user who shares; they need `edit` on the source pool and on every target (§S3).',
  'user-mapping': '**user**: the permission table\'s column that holds the user email or group name (§P8).',
  'table-mapping': '**table**: the permission table\'s column that names the table (by alias or by name, §P8).',
  'column-mapping': '**column**: the permission table\'s column that names the filtered column (§P8).',
  'value-mapping': '**value**: the permission table\'s column that holds the allowed value; compared as text, an empty cell is NULL and grants nothing (§P6, §P7).',
  admin: '**admin**: views, edits and publishes every object of the team (§O1, §O4). Data permissions still bind admins (§P1).',
  analyst: '**analyst**: edits and publishes in pools where they have `edit`; with `view` they may only view (§O4).',
  member: '**member**: uses apps; cannot open pool objects directly (§O4).',
  viewer: '**viewer**: reads apps and dashboards (§O1); `use-all-models` is the service grant for viewers (§O2).',
  'use-all-models': '**use-all-models**: service permission — may link any model of the team to an app (§O2).',
  'view-all-pools': '**view-all-pools**: service permission — view level on every pool of the team (§O2).',
  'edit-all-pools': '**edit-all-pools**: service permission — edit level on every pool of the team (§O2).',
  'create-pools': '**create-pools**: service permission — may create pools, and manages the pools they create (§O2).',
  'manage-all-pools': '**manage-all-pools**: service permission — manage level on every pool of the team (§O2).',
  'use-models': '**use-models**: pool permission — may link the pool\'s models to apps (§O2).',
  view: '**view**: pool permission — view the pool\'s objects (§O2, §O4).',
  edit: '**edit**: pool permission — edit the pool (implies view); needed on source and target to share (§O2, §S3). Cannot delete the pool or manage permissions.',
  manage: '**manage**: pool permission — everything `edit` allows, plus deleting the pool and managing its permissions (§O2). A pool\'s creator has it.',
};

/** The paragraph for a keyword, or a word the model holds (role, level, engine, mode), in its reading. */
export function keywordDoc(key: string): string | undefined {
  return Object.hasOwn(DOCS, key) ? DOCS[key] : undefined;
}

/** The keyword under an offset of `text` and its explanation, read in the statement it stands in. */
export function keywordAt(text: string, offset: number): { doc: string; start: number; end: number } | undefined {
  const w = wordAt(text, offset);
  if (!w) return undefined;
  const ctx = cursorContext(text, w.end);
  if (ctx.inComment || ctx.inString) return undefined;
  const first = ctx.statement[0]?.text;
  const block = ctx.block.kind;
  let key = w.text;
  if (block === 'mapping' && ctx.atStatementStart) key = `${w.text}-mapping`;
  else if (w.text === 'unlimited') key = block === 'permissions' && first === 'table' ? 'unlimited-table' : 'unlimited-principal';
  else if (w.text === 'by') key = block === 'permissions' ? 'by-table' : 'by-share';
  else if ((w.text === 'use' || w.text === 'data' || w.text === 'permissions') && block === 'permissions') key = 'switch';
  else if (w.text === 'table') key = block === 'permissions' ? 'table-permissions' : block === 'connection' ? 'table-connection' : 'table-model';
  else if (w.text === 'in' && block !== 'principal') key = 'in-pool';
  const doc = keywordDoc(key);
  return doc ? { doc, start: w.start, end: w.end } : undefined;
}
