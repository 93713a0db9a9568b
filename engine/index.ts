// The engine's public API, for every host (CLI, language server worker, browser worker).
export { Engine, EngineError, type AnalysisRef, type UserVisibility } from './engine.js';
export type { LoadReport, CatalogTable } from './catalog/catalog.js';
export type { EffectivePermissions, Principal, GrantSource } from './permissions/effective.js';
export type { TableCount } from './query/counts.js';
export type { ValueCount, ValueOptions } from './query/column-values.js';
export type { ParentValues } from './query/parent-values.js';
export type { Page, PageOptions, SortKey } from './query/page.js';
export type { TableDiff } from './query/diff.js';
export type { Explanation, Reason, Condition } from './query/explain.js';
export { ROW_ID } from './catalog/row-id.js';
