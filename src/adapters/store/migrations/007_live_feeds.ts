/**
 * Live feeds (`hashfloor update`): blocks as an explorer reported them (mempool.space), kept apart
 * from the own-node `blocks` table because they carry no header bytes and are trusted less; and
 * named write locks (holder and expiry) so `update` and `serve --refresh` never interleave, on
 * SQLite and PostgreSQL alike. Feed daily rows need no schema: they are `daily` rows of origin
 * `feed:<name>`.
 */
import type { Migration } from './migration.js';

const MAX_MONEY_SAT = '2100000000000000';

export const migration: Migration = {
  version: 7,
  name: 'live_feeds',
  up: (d) => [
    `CREATE TABLE feed_blocks (
      height ${d.int64} PRIMARY KEY CHECK (height >= 0),
      hash TEXT NOT NULL CHECK (length(hash) = 64),
      time_unix_s ${d.int64} NOT NULL,
      difficulty ${d.float64} NOT NULL CHECK (difficulty > 0),
      reward_sat ${d.int64} NOT NULL CHECK (reward_sat BETWEEN 0 AND ${MAX_MONEY_SAT}),
      fees_sat ${d.int64} NOT NULL CHECK (fees_sat >= 0 AND fees_sat <= reward_sat),
      pool TEXT,
      feed TEXT NOT NULL
    )`,
    `CREATE INDEX feed_blocks_by_time ON feed_blocks (time_unix_s)`,
    `CREATE TABLE store_locks (
      name TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      acquired_unix_s ${d.int64} NOT NULL,
      expires_unix_s ${d.int64} NOT NULL
    )`,
  ],
};
