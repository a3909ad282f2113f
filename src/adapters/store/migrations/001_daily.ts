/**
 * Daily network history, one row per (origin, UTC day). Origins: `dataset:<name>` (embedded data
 * shipped with hashfloor), `user-import`, `own-node`. Each value column has a `prov_` twin saying
 * how that value was obtained (DailyRow.provenance). Satoshis are 64-bit integers, bounded by the
 * 21M BTC cap; `datasets` records the version of each embedded dataset loaded.
 */
import type { Migration } from './migration.js';

const MAX_MONEY_SAT = '2100000000000000';

export const migration: Migration = {
  version: 1,
  name: 'daily',
  up: (d) => [
    `CREATE TABLE datasets (
      name TEXT PRIMARY KEY,
      version TEXT NOT NULL,
      row_count ${d.int64} NOT NULL
    )`,
    `CREATE TABLE daily (
      origin TEXT NOT NULL,
      date TEXT NOT NULL CHECK (length(date) = 10),
      blocks ${d.int64} CHECK (blocks >= 0),
      difficulty ${d.float64} CHECK (difficulty >= 0),
      hashrate_ehs ${d.float64} CHECK (hashrate_ehs >= 0),
      issuance_sat ${d.int64} CHECK (issuance_sat BETWEEN 0 AND ${MAX_MONEY_SAT}),
      fees_sat ${d.int64} CHECK (fees_sat BETWEEN 0 AND ${MAX_MONEY_SAT}),
      price_usd ${d.float64} CHECK (price_usd >= 0),
      supply_sat ${d.int64} CHECK (supply_sat BETWEEN 0 AND ${MAX_MONEY_SAT}),
      prov_blocks TEXT,
      prov_difficulty TEXT,
      prov_hashrate_ehs TEXT,
      prov_issuance_sat TEXT,
      prov_fees_sat TEXT,
      prov_price_usd TEXT,
      prov_supply_sat TEXT,
      PRIMARY KEY (origin, date)
    )`,
    `CREATE INDEX daily_by_date ON daily (date)`,
  ],
};
