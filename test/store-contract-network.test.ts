/**
 * Store contract, network record (migration 009), on SQLite and PostgreSQL: a new store records
 * the network it is created for (main by default), reopening never changes it, and a store
 * migrated from before the record is main.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBackends, withStore } from './helpers/store-backends.js';
import { MIGRATIONS, runMigrations } from '../src/adapters/store/migrations/index.js';
import { SqliteDriver } from '../src/adapters/store/sqlite/sqlite-driver.js';
import { PostgresDriver } from '../src/adapters/store/postgres/pg-driver.js';

const root = mkdtempSync(join(tmpdir(), 'hashfloor-store-network-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

for (const backend of storeBackends(root, 'store_network')) {
  describe.skipIf(backend.skip)(`store network: ${backend.name}`, () => {
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());

    it('records main by default and the network a store is created for, and keeps it on reopening', async () => {
      const plain = await backend.fresh();
      expect(await withStore(plain, (s) => s.network())).toBe('main');
      const reg = await backend.fresh();
      expect(await withStore(reg, (s) => s.network(), { network: 'regtest' })).toBe('regtest');
      // An existing store keeps its network whatever the opener asks for.
      expect(await withStore(reg, (s) => s.network(), { network: 'signet' })).toBe('regtest');
      expect(await withStore(plain, (s) => s.network(), { network: 'testnet4' })).toBe('main');
    });

    it('a store migrated before the record (up to 005) becomes main, even when opened for another network', async () => {
      const loc = await backend.fresh();
      const driver = loc.kind === 'sqlite' ? new SqliteDriver(loc.path) : new PostgresDriver(loc.url);
      try {
        await runMigrations(
          driver,
          MIGRATIONS.filter((m) => m.version <= 5),
        );
      } finally {
        await driver.close();
      }
      // Opened for regtest: migration 009 runs now, but the store existed, so it is main.
      expect(await withStore(loc, (s) => s.network(), { network: 'regtest' })).toBe('main');
    });
  });
}
