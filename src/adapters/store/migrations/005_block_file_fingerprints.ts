/**
 * A fingerprint per scanned blk file (adapters/chain/blk-fingerprint.ts: SHA-256 of the raw bytes at
 * both edges of the part already scanned), so the next incremental scan can tell a file rewritten
 * in place from one only appended to. NULL for files checkpointed before this migration: the next
 * scan records one without rescanning them.
 */
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 5,
  name: 'block_file_fingerprints',
  up: () => [`ALTER TABLE block_files ADD COLUMN fingerprint_hex TEXT CHECK (fingerprint_hex IS NULL OR length(fingerprint_hex) = 64)`],
};
