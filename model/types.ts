// The workspace model: plain, serialisable data shared by the engine, the CLI and the server.
// Invariant: nothing here imports Langium, LSP or VS Code. Every element keeps the source
// range it came from, so any consumer can point at it.

/** 0-based line and column (UTF-16 code units), as LSP counts; the CLI prints them 1-based. */
export interface Position {
  line: number;
  column: number;
}

export interface SourceRange {
  /** Absolute path of the file. */
  file: string;
  start: Position;
  end: Position;
}

/** A name as written at one place: a declaration's name or a reference to one. */
export interface Ref {
  name: string;
  range: SourceRange;
}

// ---------------------------------------------------------------- organisation (§O1, §O2)

export const TEAM_ROLES = ['admin', 'analyst', 'member', 'viewer'] as const;
export const SERVICE_GRANTS = ['use-all-models', 'view-all-pools', 'edit-all-pools', 'create-pools', 'manage-all-pools'] as const;
export const POOL_GRANTS = ['use-models', 'view', 'edit', 'manage'] as const;
export const POOL_ENGINES = ['etl', 'vertica'] as const;
export const COMBINE_MODES = ['by-column', 'by-principal'] as const;

export type CombineMode = (typeof COMBINE_MODES)[number];

export interface Team {
  name: string;
  range: SourceRange;
  nameRange: SourceRange;
  users: User[];
  groups: Group[];
  serviceGrants: Grant[];
}

export interface User {
  /** As written. */
  email: string;
  /** Lower case: emails compare case-insensitively (§O1). */
  key: string;
  team: string;
  role?: Ref;
  range: SourceRange;
  nameRange: SourceRange;
}

export interface Group {
  /** Group names compare exactly (§O1). */
  name: string;
  team: string;
  members: Ref[];
  range: SourceRange;
  nameRange: SourceRange;
}

export interface Grant {
  principal: Ref;
  level: Ref;
  range: SourceRange;
}

// ---------------------------------------------------------------- pools and sharing (§S1–§S7)

export interface Pool {
  /** "Team/Pool": the unique, qualified name. */
  id: string;
  name: string;
  team: Ref;
  engine?: Ref;
  grants: Grant[];
  connections: Connection[];
  imports: Import[];
  shares: Share[];
  models: DataModel[];
  perspectives: Perspective[];
  range: SourceRange;
  nameRange: SourceRange;
}

export interface Connection {
  name: string;
  tables: Table[];
  range: SourceRange;
  nameRange: SourceRange;
}

export interface Table {
  name: string;
  /** The path as written, relative to the file that names it. */
  path: Ref;
  /** Absolute path of the data file. */
  file: string;
  /** Read from the file's header or metadata; absent when the file could not be read. */
  schema?: TableSchema;
  range: SourceRange;
  nameRange: SourceRange;
}

export type ColumnType = 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP';

export interface Column {
  name: string;
  type: ColumnType;
}

export interface TableSchema {
  format: 'csv' | 'parquet';
  columns: Column[];
  /** Known without reading the data for Parquet (footer metadata); absent for CSV. */
  rowCount?: number;
  /** CSV only: the field delimiter found in the file's head. */
  delimiter?: string;
}

export interface Share {
  connection: Ref;
  /** The user who shares; needs `edit` on the source and every target (§S3). */
  by: Ref;
  targets: ShareTarget[];
  range: SourceRange;
}

export interface ShareTarget {
  pool: Ref;
  tables: Ref[];
}

export const FIX_ME_PREFIX = 'FIX ME';

export interface Import {
  /** The connection's name in the source pool. */
  connection: Ref;
  /** The imported connection's name in this pool (the alias, or the source name). */
  name: string;
  nameRange: SourceRange;
  source: Ref;
  /** A team-to-team copy left this import without its source (§S7). */
  fixMe: boolean;
  tables: Ref[];
  range: SourceRange;
}

// ---------------------------------------------------------------- models (§M1) and perspectives (§M2)

export interface DataModel {
  name: string;
  pool: string;
  tables: ModelTable[];
  joins: Join[];
  usage: Ref[];
  range: SourceRange;
  nameRange: SourceRange;
}

export interface ModelTable {
  connection: Ref;
  table: Ref;
  /** The alias, or the table name when none is given. */
  alias: string;
  aliasRange: SourceRange;
  range: SourceRange;
}

export interface ColumnRef {
  table: Ref;
  column: Ref;
}

/** A 1:N join: one parent row, many child rows. */
export interface Join {
  parent: ColumnRef;
  child: ColumnRef;
  range: SourceRange;
}

export interface Perspective {
  name: string;
  pool: string;
  objects: ObjectType[];
  relationships: Relationship[];
  usage: Ref[];
  range: SourceRange;
  nameRange: SourceRange;
}

export interface ObjectType {
  name: string;
  connection: Ref;
  table: Ref;
  key: Ref;
  range: SourceRange;
  nameRange: SourceRange;
}

export type Relationship =
  | { kind: 'column'; from: ColumnRef; to: ColumnRef; range: SourceRange }
  | { kind: 'link'; fromType: Ref; toType: Ref; connection: Ref; table: Ref; fromColumn: Ref; toColumn: Ref; range: SourceRange };

// ---------------------------------------------------------------- data permissions (§P1–§P10)

export interface PermissionSet {
  /** The pool as written, when given. */
  pool?: Ref;
  /** The model or perspective's name. */
  target: Ref;
  /** `use data permissions` (§P1). */
  switchRange?: SourceRange;
  combine?: Ref;
  principals: PrincipalRules[];
  tables: PermissionTable[];
  range: SourceRange;
}

export interface PrincipalRules {
  kind: 'user' | 'group';
  principal: Ref;
  unlimited: boolean;
  rules: Rule[];
  range: SourceRange;
}

export interface Rule {
  /** A table alias (model) or object type (perspective). */
  table: Ref;
  column: Ref;
  values: Ref[];
  range: SourceRange;
}

export type PermissionTableKind = 'values' | 'unlimited';
export type MappingRole = 'user' | 'table' | 'column' | 'value' | 'unlimited';

export interface PermissionTable {
  path: Ref;
  file: string;
  kind: PermissionTableKind;
  principals: 'users' | 'groups';
  /** How the reference-table column names tables (§P8): `by alias` or `by name` (default). */
  by?: Ref;
  mappings: { role: MappingRole; column: Ref; range: SourceRange }[];
  range: SourceRange;
}

// ---------------------------------------------------------------- the whole workspace

export interface WorkspaceModel {
  /** Absolute path of the workspace folder. */
  root: string;
  /** Absolute paths of the definition files read. */
  files: string[];
  teams: Team[];
  pools: Pool[];
  permissions: PermissionSet[];
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Diagnostic {
  range: SourceRange;
  severity: Severity;
  /** A stable kebab-case code listed in docs/diagnostics.md. */
  code: string;
  message: string;
  /** Spec section(s) the check implements, e.g. "§S3". */
  spec?: string;
  /** Machine-readable data for quick fixes (e.g. did-you-mean candidates). */
  data?: Record<string, unknown>;
}
