/**
 * Hourly power prices per market node (an ERCOT hub or load zone, or any node a user imports),
 * USD/MWh for the UTC hour starting at hour_start_unix_s, with provenance: the source that wrote
 * the hour (`ercot-archive`, `ercot-recent`, `user-import`) and the upstream document it came
 * from (ERCOT's DocID; a file name for an import). One row per node-hour: a later write of the
 * same hour replaces it, so re-running an update is idempotent. 006 and 007 belong to other
 * branches of the same release; numbers need not be consecutive, only ascending.
 */
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 8,
  name: 'power_prices',
  up: (d) => [
    `CREATE TABLE power_prices (
      node TEXT NOT NULL CHECK (length(node) BETWEEN 1 AND 100),
      hour_start_unix_s ${d.int64} NOT NULL CHECK (hour_start_unix_s % 3600 = 0),
      power_price_usd_per_mwh ${d.float64} NOT NULL,
      source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 100),
      document_id TEXT,
      PRIMARY KEY (node, hour_start_unix_s)
    )`,
  ],
};
