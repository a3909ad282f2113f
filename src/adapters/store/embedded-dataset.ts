/**
 * First-run loading of a dataset shipped in `data/`: loaded when the store has no version of it
 * or a different one (a newer hashfloor ships newer data), skipped otherwise. Loading replaces
 * only that dataset's rows, so user imports and own-node days survive a re-import.
 */
import type { DailyRow } from '../../history/daily-row.js';
import type { Store } from '../../ports/store.js';

export interface EmbeddedDataset {
  name: string;
  version: string;
  /** Reads the rows; called only when a load is needed. */
  rows(): Promise<readonly DailyRow[]> | readonly DailyRow[];
}

/** Loads `dataset` unless that version is already in the store; returns whether it loaded. */
export async function ensureDataset(store: Store, dataset: EmbeddedDataset): Promise<boolean> {
  if ((await store.datasetVersion(dataset.name)) === dataset.version) return false;
  await store.loadDataset(dataset.name, dataset.version, await dataset.rows());
  return true;
}
