// The engine's public API, for every host (CLI, language server worker, browser worker).
export { Engine, EngineError, type AnalysisRef, type UserVisibility } from './engine.js';
export type { LoadReport, CatalogTable } from './catalog/catalog.js';
export type { EffectivePermissions, Principal, GrantSource } from './permissions/effective.js';
