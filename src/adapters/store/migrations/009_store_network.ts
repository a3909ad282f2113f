/**
 * The Bitcoin network a store holds (main, testnet, testnet4, signet, regtest), one row. Every
 * store made before this migration was synced as mainnet, the only default, so it records `main`;
 * a store created for another network has its row rewritten in the same transaction that creates
 * it (runMigrations' onCreate). Sync refuses blocks of another network (src/app/sync/network-guard.ts).
 */
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 9,
  name: 'store_network',
  up: () => [
    `CREATE TABLE store_network (id INTEGER PRIMARY KEY CHECK (id = 1), network TEXT NOT NULL CHECK (network IN ('main', 'testnet', 'testnet4', 'signet', 'regtest')))`,
    `INSERT INTO store_network (id, network) VALUES (1, 'main')`,
  ],
};
