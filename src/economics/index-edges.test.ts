/** Hand-made index rows for the record-low and cycle rules, the hashprice formulas' edges, and site power prices by day. */
import { describe, expect, it } from 'vitest';
import { catchAppError } from '../../test/helpers/catch-error.js';
import type { ValidationError } from '../errors.js';
import { blocksPerPhDay, hashrateFromBlocksEhs, hashvalueSatPerPhDay, subsidyPerBlockSat } from './hashprice.js';
import { cycleComparison, recordLows, type HashpriceDay } from './hashprice-index.js';
import { readFileSync } from 'node:fs';
import { parseFleetSpec, type FleetSpecInput } from '../config/fleet-spec.js';
import { parseCatalogCsv } from '../hardware/catalog.js';
import { dateToUnixS } from '../units/time.js';
import type { Fleet } from './fleet.js';
import { siteDayCosts, siteDayMarginalPrices } from './power-prices.js';

const catalog = parseCatalogCsv(readFileSync(new URL('../../data/asic_models.csv', import.meta.url), 'utf8'));
function fleetOf(spec: FleetSpecInput): Fleet {
  const r = parseFleetSpec(spec, catalog);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const row = (date: string, cycle: number, usd: number | null, sat: number | null, days = 0): HashpriceDay =>
  ({ date, halving_cycle: cycle, days_since_halving: days, hashprice_usd_per_ph_day: usd, hashvalue_sat_per_ph_day: sat }) as HashpriceDay;

describe('record lows', () => {
  const index = [
    row('2020-01-01', 3, 40, 50_000),
    row('2020-01-02', 3, 30, 60_000),
    row('2020-01-03', 3, 30, 40_000),
    row('2024-05-01', 4, 35, 45_000),
    row('2024-05-02', 4, null, 30_000),
    row('2024-05-03', 4, 20, null),
  ];
  it('the first day of the lowest value wins, per cycle and overall, cycles in order', () => {
    const usd = recordLows(index);
    expect(usd.all_time?.date).toBe('2020-01-02'); // 2024-05-03's $20 has no hashvalue: not a day of the index
    expect(usd.by_cycle.map((l) => [l.halving_cycle, l.date])).toEqual([
      [3, '2020-01-02'],
      [4, '2024-05-01'],
    ]);
    const btc = recordLows(index, 'btc');
    expect(btc.all_time?.date).toBe('2024-05-02');
    expect(btc.by_cycle.map((l) => l.date)).toEqual(['2020-01-03', '2024-05-02']);
    // Cycles come out ordered even when the later one is seen first.
    expect(recordLows([index[3]!, index[0]!]).by_cycle.map((l) => l.halving_cycle)).toEqual([3, 4]);
    expect(recordLows([])).toEqual({ ranked_by: 'usd', all_time: null, by_cycle: [] });
  });

  it('cycles anchor on their first 7 priced days; a zero anchor gives no relative level', () => {
    const days = Array.from({ length: 9 }, (_, i) => row(`2024-04-${String(20 + i).padStart(2, '0')}`, 4, 10 + i, 1, i));
    const [c] = cycleComparison([...days, row('2020-05-11', 3, 0, 1)], ['2012-11-28', '2016-07-09', '2020-05-11', '2024-04-20']);
    expect(c).toMatchObject({ halving_cycle: 3, start_date: '2020-05-11', anchor_usd_per_ph_day: 0 });
    expect(c!.points[0]!.relative_to_start).toBeNull();
    const cycles = cycleComparison(days, ['2012-11-28', '2016-07-09', '2020-05-11', '2024-04-20']);
    expect(cycles[0]!.anchor_usd_per_ph_day).toBe(13); // mean of 10…16
    expect(cycles[0]!.points.map((p) => p.relative_to_start)).toEqual(days.map((d) => (d.hashprice_usd_per_ph_day as number) / 13));
  });
});

describe('hashprice formulas: edges', () => {
  it('names the difficulty, and a day without blocks implies no hashrate', () => {
    for (const bad of [0, -1, NaN, Infinity])
      expect((catchAppError(() => blocksPerPhDay(bad)) as ValidationError).issues[0]?.path, String(bad)).toBe('difficulty');
    expect((catchAppError(() => hashvalueSatPerPhDay(0, 1, 0)) as ValidationError).issues[0]?.path).toBe('difficulty');
    expect(hashrateFromBlocksEhs(152_271_405_447_596, 0)).toBe(0);
    expect(hashrateFromBlocksEhs(152_271_405_447_596, 1)).toBeCloseTo((152_271_405_447_596 * 2 ** 32) / 86_400 / 1e18, 9);
  });

  it('subsidy per block: issuance / blocks where both are known, else the schedule at the height', () => {
    expect(subsidyPerBlockSat(93_125_000_000n, 149)).toBe(625_000_000);
    expect(subsidyPerBlockSat(93_125_000_000n, 0, 840_000)).toBe(312_500_000);
    expect(subsidyPerBlockSat(null, 149, 840_000)).toBe(312_500_000);
    expect(subsidyPerBlockSat(93_125_000_000n, null, 630_000)).toBe(625_000_000);
    expect(subsidyPerBlockSat(93_125_000_000n, null)).toBeNull();
  });
});

describe('site power prices by day', () => {
  // Two sites of one S21 each (3,500 W, 84 kWh a day): a fixed $38 and ERCOT West's index, which
  // reads 0, 1, … 23 USD/MWh over 2024-05-01's UTC hours.
  const fleet = fleetOf({
    company: { name: 'Prices', sga_usd_per_month: 0 },
    sites: [
      { id: 'f', capacity_mw: 1, power_price_usd_per_mwh: 38 },
      { id: 'h', capacity_mw: 1, contract: { kind: 'index', hub: 'HB_WEST' } },
    ],
    lots: ['f', 'h'].map((site) => ({ site, model: 'Antminer S21', count: 1, purchase_price_usd_per_unit: 0, purchase_date: '2024-01-01', uptime_pct: 100 })),
  });
  const a = dateToUnixS('2024-05-01');
  const ramp = { start_unix_s: a, price_usd_per_mwh: Float64Array.from({ length: 24 }, (_, i) => i), line: new Int32Array(24), source: 's' };
  const index = [undefined, ramp];

  it('a fixed site’s marginal price is its price; an index site’s is its day’s mean index', () => {
    expect(siteDayMarginalPrices(fleet, '2024-05-01', index)).toEqual([38, 11.5]);
    expect((catchAppError(() => siteDayMarginalPrices(fleet, '2024-05-02', index)) as ValidationError).issues[0]?.path).toBe('date');
    expect((catchAppError(() => siteDayMarginalPrices(fleet, '2024-05-01', [])) as ValidationError).issues[0]?.path).toBe('sites[1].contract.hub');
  });

  it('a day’s energy drawn flat over its hours: 0.084 MWh × $38, and 0.0035 MWh × Σ 0…23 = 0.084 × $11.50', () => {
    const { cost, bills } = siteDayCosts(fleet, '2024-05-01', '2024-05-01', index);
    expect(cost(0, '2024-05-01').cost_usd).toBeCloseTo(0.084 * 38, 12);
    expect(cost(1, '2024-05-01').cost_usd).toBeCloseTo(0.084 * 11.5, 12);
    expect(cost(1, '2024-05-02')).toEqual({ cost_usd: 0, dr_availability_usd: 0 }); // outside the billed days
    expect(bills.map((b) => b.energy_mwh)).toEqual([expect.closeTo(0.084, 12), expect.closeTo(0.084, 12)]);
    // The index must cover the range: the end that leaves it is named.
    expect((catchAppError(() => siteDayCosts(fleet, '2024-05-01', '2024-05-02', index)) as ValidationError).issues[0]?.path).toBe('to');
    expect((catchAppError(() => siteDayCosts(fleet, '2024-04-30', '2024-05-01', index)) as ValidationError).issues[0]?.path).toBe('from');
    // A range starting where the series ends, or later, leaves it at its start.
    expect((catchAppError(() => siteDayCosts(fleet, '2024-05-02', '2024-05-02', index)) as ValidationError).issues[0]?.path).toBe('from');
    expect((catchAppError(() => siteDayCosts(fleet, '2024-05-03', '2024-05-03', index)) as ValidationError).issues[0]?.path).toBe('from');
  });
});
