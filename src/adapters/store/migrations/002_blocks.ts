/**
 * Main-chain blocks (BlockRecord), keyed by hash, one per height. A reorg replaces every block
 * above the fork point in one transaction. Payout addresses are a JSON array of strings;
 * `under_claimed` is 0/1 (the same in both databases).
 */
import type { Migration } from './migration.js';

const MAX_MONEY_SAT = '2100000000000000';

export const migration: Migration = {
  version: 2,
  name: 'blocks',
  up: (d) => [
    `CREATE TABLE blocks (
      hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
      prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
      height ${d.int64} NOT NULL UNIQUE CHECK (height >= 0),
      version ${d.int64} NOT NULL,
      time_unix_s ${d.int64} NOT NULL,
      bits ${d.int64} NOT NULL,
      coinbase_value_sat ${d.int64} NOT NULL CHECK (coinbase_value_sat BETWEEN 0 AND ${MAX_MONEY_SAT}),
      subsidy_sat ${d.int64} NOT NULL CHECK (subsidy_sat BETWEEN 0 AND ${MAX_MONEY_SAT}),
      fees_sat ${d.int64} NOT NULL CHECK (fees_sat BETWEEN 0 AND ${MAX_MONEY_SAT}),
      under_claimed ${d.int64} NOT NULL CHECK (under_claimed IN (0, 1)),
      coinbase_tag TEXT NOT NULL,
      payout_addresses TEXT NOT NULL,
      pool_id TEXT
    )`,
    `CREATE INDEX blocks_by_time ON blocks (time_unix_s)`,
  ],
};
