/**
 * Networks are kept apart (#13): a store records the network it was created for, and a sync of
 * another network into it — by --network, or by a node whose getblockchaininfo.chain says so —
 * exits 2 naming --network and --db, leaving the history as it was. Before this, a regtest sync
 * into the default (mainnet) store turned 2025-06-02's difficulty into 0 and its hashprice into
 * 1.5e25 USD/PH/day. On both stores.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { FakeNode } from './helpers/rpc-server.js';
import { storeBackends } from './helpers/store-backends.js';
import { chain } from './helpers/synthetic-chain.js';
import { createServices } from '../src/main.js';
import type { StoreLocation } from '../src/adapters/store/open-store.js';

// Regtest blocks (bits 0x207fffff: difficulty ≈ 4.7e-10) from 2025-06-02 00:10 UTC, about two days.
const regtest = chain({ length: 300, seed: 13, genesisTime: Date.parse('2025-06-02T00:10:00Z') / 1000 });
const root = mkdtempSync(join(tmpdir(), 'hashfloor-networks-'));
const node = new FakeNode(regtest);
const env = { HASHFLOOR_HOME: join(root, 'home') };
const cookie = join(root, 'cookie');
const where = (loc: StoreLocation): string => (loc.kind === 'sqlite' ? loc.path : loc.url);

beforeAll(async () => {
  await node.start();
  writeFileSync(cookie, `__cookie__:${node.password}`);
});
afterAll(async () => {
  await node.stop();
  rmSync(root, { recursive: true, force: true });
});

interface Day {
  difficulty: number;
  hashprice_usd_per_ph_day: number;
  provenance: Record<string, string>;
}

for (const backend of storeBackends(root, 'own_node_networks')) {
  describe.skipIf(backend.skip)(`networks kept apart: ${backend.name}`, () => {
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());

    const day = async (db: string): Promise<Day> => JSON.parse((await cli(['network', '--date', '2025-06-02', '--db', db, '--json'], env)).stdout) as Day;

    it('refuses a regtest sync into a mainnet store, by --network or by what the node says', async () => {
      const db = where(await backend.fresh());
      const services = createServices(env);
      await services.store(db); // created as every store is by default: mainnet, with the embedded history
      await services.close();
      const before = await day(db);
      expect(before.difficulty).toBeGreaterThan(1e14);

      const asked = await cli(['sync', '--rpc', node.url, '--rpc-cookie', cookie, '--network', 'regtest', '--db', db, '--json'], env);
      expect(asked.code).toBe(2);
      expect(asked.stderr).toMatch(/--network regtest/);
      expect(asked.stderr).toMatch(/--db/);
      // The node says regtest while --network is left at main.
      const told = await cli(['sync', '--rpc', node.url, '--rpc-cookie', cookie, '--db', db, '--json'], env);
      expect(told.code).toBe(2);
      expect(told.stderr).toMatch(/--network/);

      const after = await day(db);
      expect(after).toEqual(before);
      expect(after.hashprice_usd_per_ph_day).toBeLessThan(1000);
    });

    it('a store created by a regtest sync is a regtest store: its own days only, and mainnet is refused', async () => {
      const db = where(await backend.fresh());
      const ok = await cli(['sync', '--rpc', node.url, '--rpc-cookie', cookie, '--network', 'regtest', '--db', db, '--json'], env);
      expect(ok.code).toBe(0);
      const d = await day(db);
      expect(d.provenance.difficulty).toBe('own-node');
      expect(d.difficulty).toBeLessThan(1);
      // No embedded (mainnet) day mixed in: the history is the synced days alone.
      const all = JSON.parse((await cli(['hashprice', '--db', db, '--json'], env)).stdout) as { days: unknown[] };
      expect(all.days.length).toBeLessThanOrEqual(3);
      const main = new FakeNode(regtest, { chain: 'main' });
      await main.start();
      try {
        const refused = await cli(['sync', '--rpc', main.url, '--rpc-cookie', cookie, '--network', 'main', '--db', db, '--json'], env);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toMatch(/--network main/);
      } finally {
        await main.stop();
      }
    });
  });
}
