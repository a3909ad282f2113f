/**
 * The Store contract, run unchanged against SQLite and a real PostgreSQL server (started by
 * test/global-setup.ts). A fresh, empty database per test. The block-files checkpoint's part is
 * in store-contract-checkpoint.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { BlockRecord } from '../src/chain/block-record.js';
import { unixSToDate } from '../src/units/time.js';
import { MIGRATIONS, runMigrations } from '../src/adapters/store/migrations/index.js';
import { SqlStore } from '../src/adapters/store/sql-store.js';
import { ensureDataset } from '../src/adapters/store/embedded-dataset.js';
import { FINAL_SUPPLY_SAT } from '../src/chain/subsidy.js';
import { MAX_MONEY_SAT } from '../src/units/sat.js';
import { fleetContract } from './helpers/fleet-store-contract.js';
import { minerAuditContract } from './helpers/miner-audit-store-contract.js';
import { chainFrom, emptyDay, GENESIS_DAY, HALVING_DAYS, REAL_BLOCKS } from './fixtures/store-rows.js';
import { contractStores, pgSkipped, postgres, rejectsWith, sqlite, type Backend } from './helpers/sql-backends.js';

function contract(backend: Backend): void {
  const { fresh, track } = contractStores(backend);

  describe('migrations', () => {
    it('apply once, in order, and are safe to re-run', async () => {
      const driver = await backend.driver();
      try {
        expect(await runMigrations(driver)).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await runMigrations(driver)).toEqual([]);
        const rows = await driver.all('SELECT version, name FROM schema_migrations ORDER BY version');
        expect(rows.map((r) => `${Number(r.version)}_${String(r.name)}`)).toEqual([
          '1_daily',
          '2_blocks',
          '3_fleets',
          '4_block_files',
          '5_block_file_fingerprints',
          '6_miner_control',
          '7_live_feeds',
          '8_power_prices',
          '9_store_network',
        ]);
      } finally {
        await driver.close();
      }
    });

    it('keep a block-files checkpoint saved before fingerprints (schema 4): its files read back with fingerprint_hex null', async () => {
      const driver = await backend.driver();
      try {
        await runMigrations(
          driver,
          MIGRATIONS.filter((m) => m.version <= 4),
        );
        await driver.run('INSERT INTO block_files_state (id, blocks_dir, xor_key_hex, magic_hex) VALUES (1, ?, ?, ?)', ['/b', '0102030405060708', 'f9beb4d9']);
        await driver.run('INSERT INTO block_files (name, scanned_bytes) VALUES (?, ?)', ['blk00000.dat', 1000]);
        expect(await runMigrations(driver)).toEqual(MIGRATIONS.filter((m) => m.version > 4).map((m) => m.version));
        expect((await new SqlStore(driver).blockFilesCheckpoint())?.files).toEqual([{ name: 'blk00000.dat', scanned_bytes: 1000, fingerprint_hex: null }]);
      } finally {
        await driver.close();
      }
    });

    it('refuse a database migrated by a newer hashfloor', async () => {
      const driver = await backend.driver();
      try {
        await runMigrations(driver, [...MIGRATIONS, { version: 99, name: 'future', up: () => ['CREATE TABLE future_thing (x INTEGER)'] }]);
        await rejectsWith(runMigrations(driver), 'CONFLICT');
      } finally {
        await driver.close();
      }
    });

    it('roll back a failing migration completely', async () => {
      const driver = await backend.driver();
      try {
        const broken = {
          version: Math.max(...MIGRATIONS.map((m) => m.version)) + 1,
          name: 'broken',
          up: () => ['CREATE TABLE half_done (x INTEGER)', 'CREATE TABLE half_done (x INTEGER)'],
        };
        await expect(runMigrations(driver, [...MIGRATIONS, broken])).rejects.toThrow();
        expect(await runMigrations(driver)).toEqual(MIGRATIONS.map((m) => m.version));
      } finally {
        await driver.close();
      }
    });
  });

  fleetContract(() => fresh());
  minerAuditContract(
    () => fresh(),
    async () => track(new SqlStore(await backend.again())),
  );

  describe('daily rows', () => {
    it('round-trip exactly: bigint satoshis, floats, nulls and per-field provenance', async () => {
      const store = await fresh();
      await store.loadDataset('network-daily', 'v1', [GENESIS_DAY, ...HALVING_DAYS]);
      const back = await store.listDaily();
      expect(back).toEqual([GENESIS_DAY, ...HALVING_DAYS]);
      expect(typeof back[2]?.supply_sat).toBe('bigint');
      expect(back[2]?.fees_sat).toBe(125_771_544_525n);
    });

    it('keep satoshis exact bigints up to the 21M BTC cap', async () => {
      const store = await fresh();
      const values = [MAX_MONEY_SAT, MAX_MONEY_SAT - 1n, FINAL_SUPPLY_SAT, 1n, 0n];
      const rows = values.map((v, i) => ({
        ...emptyDay(`2030-01-0${i + 1}`),
        supply_sat: v,
        fees_sat: v,
        issuance_sat: v,
        provenance: { supply_sat: 'test', fees_sat: 'test', issuance_sat: 'test' },
      }));
      await store.upsertDaily('user-import', rows);
      const back = await store.listDaily();
      expect(back.map((r) => r.supply_sat)).toEqual(values);
      expect(back.map((r) => r.fees_sat)).toEqual(values);
      expect(back.every((r) => typeof r.issuance_sat === 'bigint')).toBe(true);
    });

    it('reject amounts above the cap, naming the row and field, and write nothing', async () => {
      const store = await fresh();
      const bad = { ...emptyDay('2030-01-02'), fees_sat: MAX_MONEY_SAT + 1n };
      const err = await rejectsWith(store.upsertDaily('user-import', [emptyDay('2030-01-01'), bad]), 'VALIDATION');
      expect(err.message).toContain('rows[1] (2030-01-02).fees_sat');
      expect(await store.listDaily()).toEqual([]);
    });

    it('upsert is one transaction: a failure mid-batch leaves nothing written', async () => {
      // 5,000 rows × 16 columns: several INSERT chunks on both databases.
      const many = Array.from({ length: 5000 }, (_, i) => ({
        ...emptyDay(new Date(Date.UTC(2010, 0, 1 + i)).toISOString().slice(0, 10)),
        blocks: 144,
        provenance: { blocks: 'own-node' },
      }));
      const store = await fresh({
        afterStatement: (op, step) => {
          if (op === 'upsertDaily' && step === 1) throw new Error('injected crash after the first chunk');
        },
      });
      await store.upsertDaily('own-node', [HALVING_DAYS[0]!]);
      await expect(store.upsertDaily('own-node', many)).rejects.toThrow('injected crash');
      expect(await store.listDaily()).toEqual([HALVING_DAYS[0]]);
    });

    it('upsert replaces the same origin and day, and reports rows written', async () => {
      const store = await fresh();
      expect(await store.upsertDaily('own-node', [{ ...emptyDay('2024-04-20'), blocks: 129, provenance: { blocks: 'own-node' } }])).toBe(1);
      await store.upsertDaily('own-node', [{ ...emptyDay('2024-04-20'), blocks: 130 }]);
      const [row] = await store.listDaily();
      expect(row?.blocks).toBe(130);
      expect(row?.provenance).toEqual({ blocks: 'own-node' });
    });

    it('reject an unknown origin and malformed dates', async () => {
      const store = await fresh();
      await rejectsWith(store.upsertDaily('dataset:network-daily', [emptyDay('2024-01-01')]), 'VALIDATION');
      await rejectsWith(store.upsertDaily('own-node', [emptyDay('2024-02-30')]), 'VALIDATION');
      await rejectsWith(store.upsertDaily('own-node', [emptyDay('2024-01-01'), emptyDay('2024-01-01')]), 'VALIDATION');
      await rejectsWith(store.listDaily({ from: '2024/01/01' }), 'VALIDATION');
    });

    it('merge origins per field: own-node > user-import > embedded dataset', async () => {
      const store = await fresh();
      const day = HALVING_DAYS[1]!;
      await store.loadDataset('network-daily', 'v1', [day]);
      await store.upsertDaily('user-import', [
        { ...emptyDay(day.date), price_usd_per_btc: 64_000, fees_sat: 1n, provenance: { price_usd_per_btc: 'my-exchange', fees_sat: 'user-import' } },
      ]);
      await store.upsertDaily('own-node', [{ ...emptyDay(day.date), blocks: 131, fees_sat: 125_000_000_000n }]);
      const [merged] = await store.listDaily();
      expect(merged).toEqual({
        ...day,
        blocks: 131,
        fees_sat: 125_000_000_000n,
        price_usd_per_btc: 64_000,
        provenance: { ...day.provenance, blocks: 'own-node', fees_sat: 'own-node', price_usd_per_btc: 'my-exchange' },
      });
    });

    it('answer inclusive date ranges, open at either end', async () => {
      const store = await fresh();
      await store.loadDataset('network-daily', 'v1', [GENESIS_DAY, ...HALVING_DAYS]);
      const dates = async (range: { from?: string; to?: string }) => (await store.listDaily(range)).map((r) => r.date);
      expect(await dates({ from: '2024-04-20', to: '2024-04-21' })).toEqual(['2024-04-20', '2024-04-21']);
      expect(await dates({ to: '2024-04-19' })).toEqual(['2009-01-03', '2024-04-19']);
      expect(await dates({ from: '2024-04-22' })).toEqual(['2024-04-22']);
      expect(await dates({ from: '2025-01-01' })).toEqual([]);
    });
  });

  describe('embedded dataset', () => {
    it('loads idempotently, re-imports on a version bump and keeps other origins', async () => {
      const store = await fresh();
      let reads = 0;
      const dataset = (version: string, rows = HALVING_DAYS) => ({ name: 'network-daily', version, rows: () => (reads++, rows) });
      expect(await store.datasetVersion('network-daily')).toBeNull();
      expect(await ensureDataset(store, dataset('2026-03-28'))).toBe(true);
      expect(await ensureDataset(store, dataset('2026-03-28'))).toBe(false);
      expect(reads).toBe(1);
      await store.loadDataset('network-daily', '2026-03-28', HALVING_DAYS);
      expect(await store.listDaily()).toEqual(HALVING_DAYS);

      await store.upsertDaily('own-node', [{ ...emptyDay('2024-04-23'), blocks: 144, provenance: { blocks: 'own-node' } }]);
      const newer = HALVING_DAYS.slice(1).map((r) => ({ ...r, price_usd_per_btc: 1 }));
      expect(await ensureDataset(store, dataset('2026-06-30', newer))).toBe(true);
      expect(await store.datasetVersion('network-daily')).toBe('2026-06-30');
      const all = await store.listDaily();
      expect(all.map((r) => r.date)).toEqual(['2024-04-20', '2024-04-21', '2024-04-22', '2024-04-23']);
      expect(all[0]?.price_usd_per_btc).toBe(1);
      expect(all[3]?.blocks).toBe(144);
    });

    it('two processes loading it at once both succeed, leaving one copy', async () => {
      const a = await fresh();
      const b = track(new SqlStore(await backend.again()));
      await b.migrate();
      const rows = Array.from({ length: 2000 }, (_, i) => ({
        ...emptyDay(new Date(Date.UTC(2012, 0, 1 + i)).toISOString().slice(0, 10)),
        blocks: 144,
        provenance: { blocks: 'coinmetrics' },
      }));
      await Promise.all([a.loadDataset('network-daily', 'v2', rows), b.loadDataset('network-daily', 'v2', rows), a.migrate(), b.migrate()]);
      expect((await a.listDaily()).length).toBe(2000);
      expect(await b.datasetVersion('network-daily')).toBe('v2');
    });

    it('a failed load keeps the previous version and rows', async () => {
      const store = await fresh({
        afterStatement: (op, step) => {
          if (op === 'loadDataset' && step === 1) throw new Error('injected crash after delete+insert');
        },
      });
      await expect(store.loadDataset('network-daily', 'v1', HALVING_DAYS)).rejects.toThrow('injected');
      expect(await store.datasetVersion('network-daily')).toBeNull();
      expect(await store.listDaily()).toEqual([]);
    });
  });

  describe('blocks', () => {
    it('store real blocks keyed by hash and height, exact satoshis, tip at the top', async () => {
      const store = await fresh();
      expect(await store.chainTip()).toBeNull();
      await store.replaceChainFrom(499_999, REAL_BLOCKS);
      expect(await store.chainTip()).toEqual({ height: 500_004, hash: REAL_BLOCKS[4]!.hash });
      expect(await store.blockAtHeight(500_000)).toEqual(REAL_BLOCKS[0]);
      expect(await store.blockByHash(REAL_BLOCKS[2]!.hash)).toEqual(REAL_BLOCKS[2]);
      expect((await store.blockAtHeight(500_001))?.coinbase_value_sat).toBe(1_613_420_702n);
      expect(await store.blockAtHeight(1)).toBeNull();
      expect(await store.blockByHash('00'.repeat(32))).toBeNull();
    });

    it('replace the chain above a fork point atomically (reorg)', async () => {
      const store = await fresh();
      const base = REAL_BLOCKS.slice(0, 2);
      const oldBranch = chainFrom(base[1]!, 3, 'a');
      await store.replaceChainFrom(499_999, [...base, ...oldBranch]);
      const newBranch = chainFrom(base[1]!, 4, 'b');
      await store.replaceChainFrom(500_001, newBranch);
      expect(await store.chainTip()).toEqual({ height: 500_005, hash: newBranch[3]!.hash });
      expect(await store.blockByHash(oldBranch[0]!.hash)).toBeNull();
      expect((await store.blockAtHeight(500_002))?.pool_id).toBe('b');
      expect((await store.blockAtHeight(500_002))?.payout_addresses).toEqual(['bc1qb500002']);
    });

    it('a crash mid-reorg leaves the previous chain intact', async () => {
      let crash = false;
      const store = await fresh({
        afterStatement: (op, step) => {
          if (crash && op === 'replaceChainFrom' && step === 0) throw new Error('injected crash after delete');
        },
      });
      const before = [...REAL_BLOCKS, ...chainFrom(REAL_BLOCKS[4]!, 3, 'a')];
      await store.replaceChainFrom(499_999, before);
      crash = true;
      await expect(store.replaceChainFrom(500_002, chainFrom(REAL_BLOCKS[2]!, 6, 'b'))).rejects.toThrow('injected');
      expect(await store.chainTip()).toEqual({ height: 500_007, hash: before[7]!.hash });
      expect(await store.listBlocks()).toEqual(before);
    });

    it('refuse segments that do not link or are not consecutive', async () => {
      const store = await fresh();
      await store.replaceChainFrom(499_999, REAL_BLOCKS.slice(0, 3));
      await rejectsWith(
        store.replaceChainFrom(
          500_000,
          chainFrom(REAL_BLOCKS[0]!, 2, 'x').map((b) => ({ ...b, prev_hash: 'ff'.repeat(32) })),
        ),
        'VALIDATION',
      );
      await rejectsWith(store.replaceChainFrom(500_002, [{ ...REAL_BLOCKS[3]!, prev_hash: 'ee'.repeat(32) }]), 'CONFLICT');
      await rejectsWith(store.replaceChainFrom(500_002, [REAL_BLOCKS[4]!]), 'VALIDATION');
      expect((await store.chainTip())?.height).toBe(500_002);
    });

    it('list blocks by UTC day of their timestamp, ascending by height', async () => {
      const store = await fresh();
      const daily = chainFrom(REAL_BLOCKS[4]!, 6, 'd', 86_400 / 2); // two blocks a day
      await store.replaceChainFrom(499_999, [...REAL_BLOCKS, ...daily]);
      const heights = async (range?: { from?: string; to?: string }) => (await store.listBlocks(range)).map((b) => b.height);
      // 500,004 is at 18:47:21 UTC on 2017-12-18; the synthetic ones follow 12 h apart.
      expect(await heights({ from: '2017-12-18', to: '2017-12-18' })).toEqual([500_000, 500_001, 500_002, 500_003, 500_004]);
      expect(await heights({ from: '2017-12-19', to: '2017-12-19' })).toEqual([500_005, 500_006]);
      expect(await heights({ from: '2017-12-21' })).toEqual([500_009, 500_010]);
      expect(await heights({ to: '2017-12-17' })).toEqual([]);
      expect((await heights()).length).toBe(11);
      await store.replaceChainFrom(-1, []);
      expect(await store.chainTip()).toBeNull();
    });

    it('rewrite the daily rows of the days a chain write touches in the same transaction; a crash rewrites neither', async () => {
      let crash = false;
      const store = await fresh({
        afterStatement: (op, step) => {
          if (crash && op === 'replaceChainFrom' && step === 3) throw new Error('injected crash after the days were deleted');
        },
      });
      // Days get the count of their blocks, so each row says which blocks it was computed from.
      const count = {
        origin: 'own-node',
        aggregate: (blocks: readonly BlockRecord[]) => {
          const n = new Map<string, number>();
          for (const b of blocks) n.set(unixSToDate(b.time_unix_s), (n.get(unixSToDate(b.time_unix_s)) ?? 0) + 1);
          return [...n].map(([date, blocks]) => ({ ...emptyDay(date), blocks, provenance: { blocks: 'own-node' } }));
        },
      };
      const days = async () => (await store.listDaily()).map((d) => `${d.date}:${d.blocks}`);
      const twoADay = chainFrom(REAL_BLOCKS[4]!, 6, 'd', 86_400 / 2); // 500,005.. on 12-19 (2), 12-20 (2), 12-21 (2)
      expect(await store.replaceChainFrom(499_999, [...REAL_BLOCKS, ...twoADay], count)).toBe(4);
      expect(await days()).toEqual(['2017-12-18:5', '2017-12-19:2', '2017-12-20:2', '2017-12-21:2']);
      // A reorg above 500,005 (06:47 on 12-19) to one block a day: 500,006..500,008 on 12-20..12-22.
      const oneADay = chainFrom(twoADay[0]!, 3, 'e', 86_400);
      crash = true;
      await expect(store.replaceChainFrom(500_005, oneADay, count)).rejects.toThrow('injected');
      expect(await days()).toEqual(['2017-12-18:5', '2017-12-19:2', '2017-12-20:2', '2017-12-21:2']);
      crash = false;
      expect(await store.replaceChainFrom(500_005, oneADay, count)).toBe(4);
      expect(await days()).toEqual(['2017-12-18:5', '2017-12-19:1', '2017-12-20:1', '2017-12-21:1', '2017-12-22:1']);
      // Rolled back to 500,004: the days left without blocks lose their rows.
      expect(await store.replaceChainFrom(500_004, [], count)).toBe(0);
      expect(await days()).toEqual(['2017-12-18:5']);
      await rejectsWith(store.replaceChainFrom(500_004, [], { ...count, origin: 'dataset:x' }), 'VALIDATION');
    });
  });
}

describe('Store contract: SQLite', () => contract(sqlite()));

describe.skipIf(pgSkipped)('Store contract: PostgreSQL', () => contract(postgres()));
