// examples/acme as the editor-feature tests (completion, hover) load it: the server's
// snapshot, an in-process engine on it, and the data files as the reference loader reads
// them (not the engine), so that the counts a feature shows are checked independently.
import * as path from 'node:path';
import { nodeFiles } from '../../model/node-files.js';
import type { Snapshot } from '../../server/features/snapshot.js';
import { loadReferenceData, type TableRows } from '../reference/index.js';
import { InProcessEngine } from './in-process-engine.js';
import { snapshotOf } from './snapshot.js';

export const ACME = path.resolve('examples/acme');

/** The example's definition files the tests type and hover in. */
export const ACME_FILES = {
  ORG: path.join(ACME, 'org.pool'),
  FINANCE: path.join(ACME, 'finance.pool'),
  PROCUREMENT: path.join(ACME, 'procurement.pool'),
  SALES: path.join(ACME, 'sales.pool'),
  AP_PERM: path.join(ACME, 'permissions/accounts-payable.perm'),
  O2C_PERM: path.join(ACME, 'permissions/order-to-cash.perm'),
} as const;

export interface FeatureWorkspace {
  snapshot: Snapshot;
  engine: InProcessEngine;
  /** Every data file's rows, by absolute path. */
  data: Map<string, TableRows>;
}

/** Loads the workspace at `root` (call from a `before` hook: the engine takes a while). */
export async function featureWorkspace(root: string): Promise<FeatureWorkspace> {
  const snapshot = await snapshotOf(root);
  const engine = await InProcessEngine.of(snapshot);
  const data = await loadReferenceData(snapshot.model, nodeFiles);
  return { snapshot, engine, data };
}
