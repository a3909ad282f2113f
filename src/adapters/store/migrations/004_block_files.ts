/**
 * What a block-files sync keeps between runs so the next reads only new bytes (ports/store.ts
 * BlockFilesCheckpoint): one state row (the blocks folder, its XOR key and network magic), per
 * blk file the offset after its last complete record, and the header index of every record seen
 * — packed 88-byte entries (chain/header-index.ts), in scan order, in chunks of a few thousand.
 */
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 4,
  name: 'block_files',
  up: (d) => [
    `CREATE TABLE block_files_state (
      id ${d.int64} PRIMARY KEY CHECK (id = 1),
      blocks_dir TEXT NOT NULL,
      xor_key_hex TEXT NOT NULL CHECK (length(xor_key_hex) = 16),
      magic_hex TEXT NOT NULL CHECK (length(magic_hex) = 8)
    )`,
    `CREATE TABLE block_files (
      name TEXT PRIMARY KEY,
      scanned_bytes ${d.int64} NOT NULL CHECK (scanned_bytes >= 0)
    )`,
    `CREATE TABLE block_file_headers (
      seq ${d.int64} PRIMARY KEY,
      entries ${d.bytes} NOT NULL
    )`,
  ],
};
