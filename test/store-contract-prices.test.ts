/**
 * The Store contract for hourly power prices (migration 008), run against SQLite and a real
 * PostgreSQL server (test/global-setup.ts). A fresh, empty database per test.
 */
import { describe, expect, it } from 'vitest';
import type { PowerPriceHour } from '../src/ports/store.js';
import { contractStores, pgSkipped, postgres, rejectsWith, sqlite, type Backend } from './helpers/sql-backends.js';

const H2023 = Date.UTC(2023, 0, 1) / 1000;
/** Real HB_WEST hourly means of 2023-01-01 06:00Z… (the public hourly file), negative ones included. */
const WEST = [-2.085, -1.06, -1.155, 0, 2.4125];
const hours = (
  node: string,
  prices: readonly number[],
  source = 'ercot-archive',
  doc: string | null = '934466154',
  start = H2023 + 6 * 3600,
): PowerPriceHour[] => prices.map((p, i) => ({ node, hour_start_unix_s: start + 3600 * i, power_price_usd_per_mwh: p, source, document_id: doc }));

function contract(backend: Backend): void {
  const { fresh } = contractStores(backend);
  describe('power prices', () => {
    it('round-trip exactly with provenance, list by node and half-open range, and report coverage', async () => {
      const store = await fresh();
      expect(await store.powerPriceCoverage()).toEqual([]);
      expect(await store.upsertPowerPrices([...hours('HB_WEST', WEST), ...hours('HB_NORTH', [1.5, 2.5], 'user-import', null)])).toBe(7);
      expect(await store.listPowerPrices('HB_WEST', H2023, H2023 + 86_400)).toEqual(hours('HB_WEST', WEST));
      expect((await store.listPowerPrices('HB_WEST', H2023 + 7 * 3600, H2023 + 9 * 3600)).map((h) => h.power_price_usd_per_mwh)).toEqual([-1.06, -1.155]);
      expect(await store.listPowerPrices('HB_PAN', 0, 2e9)).toEqual([]);
      expect(await store.powerPriceCoverage()).toEqual([
        { node: 'HB_NORTH', first_hour_unix_s: H2023 + 6 * 3600, last_hour_unix_s: H2023 + 7 * 3600, hours: 2 },
        { node: 'HB_WEST', first_hour_unix_s: H2023 + 6 * 3600, last_hour_unix_s: H2023 + 10 * 3600, hours: 5 },
      ]);
    });

    it('upserts idempotently: the same batch twice changes nothing, a later write of an hour replaces it', async () => {
      const store = await fresh();
      await store.upsertPowerPrices(hours('HB_WEST', WEST));
      await store.upsertPowerPrices(hours('HB_WEST', WEST));
      expect(await store.listPowerPrices('HB_WEST', 0, 2e9)).toEqual(hours('HB_WEST', WEST));
      await store.upsertPowerPrices(hours('HB_WEST', [9.75], 'ercot-recent', '1000001', H2023 + 7 * 3600));
      const back = await store.listPowerPrices('HB_WEST', 0, 2e9);
      expect(back).toHaveLength(5);
      expect(back[1]).toEqual({
        node: 'HB_WEST',
        hour_start_unix_s: H2023 + 7 * 3600,
        power_price_usd_per_mwh: 9.75,
        source: 'ercot-recent',
        document_id: '1000001',
      });
    });

    it('rejects bad rows naming them and writes nothing; a crash mid-batch keeps the previous state', async () => {
      const store = await fresh({
        afterStatement: (op, step) => {
          if (op === 'upsertPowerPrices' && step === 1) throw new Error('injected crash after the first chunk');
        },
      });
      const bad = [
        ...hours('HB_WEST', [1]),
        { ...hours('HB_WEST', [2])[0]!, hour_start_unix_s: H2023 + 60 },
        { ...hours('HB_PAN', [Number.NaN])[0]! },
        ...hours('HB_WEST', [3]),
      ];
      const err = await rejectsWith(store.upsertPowerPrices(bad), 'VALIDATION');
      expect((err as unknown as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
        'rows[1].hour_start_unix_s',
        'rows[2].power_price_usd_per_mwh',
        'rows[3].hour_start_unix_s',
      ]);
      expect(await store.powerPriceCoverage()).toEqual([]);
      await store.upsertPowerPrices(hours('HB_WEST', WEST));
      // More rows than one statement carries on either database (6,000 / 12,000 rows of 5 values): several chunks.
      const year = hours(
        'HB_WEST',
        Array.from({ length: 30_000 }, (_, i) => i / 4),
        'ercot-archive',
        '2',
        H2023,
      );
      await expect(store.upsertPowerPrices(year)).rejects.toThrow('injected crash');
      expect(await store.listPowerPrices('HB_WEST', 0, 2e9)).toEqual(hours('HB_WEST', WEST));
    });
  });
}

describe('Store contract (power prices): SQLite', () => contract(sqlite()));

describe.skipIf(pgSkipped)('Store contract (power prices): PostgreSQL', () => contract(postgres('contract_prices')));
