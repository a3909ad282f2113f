/** A site's `contract:` into the core's PowerContract: every kind's defaults, and each rule's field path. */
import type { FixedContract } from '../economics/power-contract.js';
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../errors.js';
import { contractSchema, hubName, legacyContract, toContract } from './contract-spec.js';

const at = 'sites[0].contract';
const utc = (iso: string): number => Date.parse(iso) / 1000;
function convert(spec: unknown, capacity_mw = 10) {
  const issues: ValidationIssue[] = [];
  const c = toContract(contractSchema.parse(spec), at, capacity_mw, issues);
  return { c, paths: issues.map((i) => i.path.slice(at.length)) };
}

describe('fixed contracts', () => {
  it('a price alone; resale at the index of a hub less a fee (real-time, fee 0 by default); take-or-pay', () => {
    expect(convert({ kind: 'fixed', price_usd_per_mwh: 38 })).toEqual({
      c: {
        kind: 'fixed',
        price_usd_per_mwh: 38,
        resale: undefined,
        take_or_pay_mwh_per_month: undefined,
        transmission: undefined,
        demand_response: undefined,
        written_as: 'contract',
      },
      paths: [],
    });
    expect(
      (convert({ kind: 'fixed', price_usd_per_mwh: 38, resell_unused_at_index: true, hub: 'HB_WEST', resale_fee_usd_per_mwh: 2 }).c as FixedContract).resale,
    ).toEqual({
      index: { hub: 'HB_WEST', market: 'real-time' },
      fee_usd_per_mwh: 2,
    });
    expect(
      (convert({ kind: 'fixed', price_usd_per_mwh: 38, resell_unused_at_index: true, hub: 'HB_WEST', market: 'day-ahead' }).c as FixedContract).resale,
    ).toEqual({
      index: { hub: 'HB_WEST', market: 'day-ahead' },
      fee_usd_per_mwh: 0,
    });
    expect(convert({ kind: 'fixed', price_usd_per_mwh: 41, take_or_pay_mwh_per_month: 60_000 }).c).toMatchObject({ take_or_pay_mwh_per_month: 60_000 });
  });

  it('resale needs a hub and excludes take-or-pay; a hub, market or resale fee needs resale', () => {
    expect(convert({ kind: 'fixed', price_usd_per_mwh: 38, resell_unused_at_index: true }).paths).toEqual(['.hub']);
    expect(convert({ kind: 'fixed', price_usd_per_mwh: 38, resell_unused_at_index: true, hub: 'H', take_or_pay_mwh_per_month: 1 }).paths).toEqual([
      '.take_or_pay_mwh_per_month',
    ]);
    expect(convert({ kind: 'fixed', price_usd_per_mwh: 38, hub: 'H', market: 'real-time', resale_fee_usd_per_mwh: 1 }).paths).toEqual([
      '.hub',
      '.market',
      '.resale_fee_usd_per_mwh',
    ]);
  });
});

describe('index and hedged contracts', () => {
  it('index: real-time, no adders and no fee unless given', () => {
    expect(convert({ kind: 'index', hub: 'HB_NORTH' }).c).toEqual({
      kind: 'index',
      index: { hub: 'HB_NORTH', market: 'real-time' },
      adders_usd_per_mwh: 0,
      fee_usd_per_month: 0,
      transmission: undefined,
      demand_response: undefined,
      written_as: 'contract',
    });
    expect(convert({ kind: 'index', hub: 'HB_NORTH', market: 'day-ahead', adders_usd_per_mwh: 6, fee_usd_per_month: 2500 }).c).toMatchObject({
      index: { hub: 'HB_NORTH', market: 'day-ahead' },
      adders_usd_per_mwh: 6,
      fee_usd_per_month: 2500,
    });
  });

  it('hedged: an all-day share and blocks by local hour become hedges', () => {
    const { c, paths } = convert({
      kind: 'hedged',
      hub: 'HB_SOUTH',
      share_pct: 50,
      price_usd_per_mwh: 48,
      blocks: [{ from_hour: 7, to_hour: 22, share_pct: 50, price_usd_per_mwh: 60 }],
      adders_usd_per_mwh: 3,
    });
    expect(paths).toEqual([]); // 100% in hours 7–21: allowed
    expect(c).toMatchObject({
      kind: 'hedged',
      index: { hub: 'HB_SOUTH', market: 'real-time' },
      adders_usd_per_mwh: 3,
      fee_usd_per_month: 0,
      hedges: [
        { share_pct: 50, price_usd_per_mwh: 48, from_hour: 0, to_hour: 24 },
        { share_pct: 50, price_usd_per_mwh: 60, from_hour: 7, to_hour: 22 },
      ],
    });
    expect(convert({ kind: 'hedged', hub: 'H', blocks: [{ from_hour: 22, to_hour: 6, share_pct: 40, price_usd_per_mwh: 50 }] }).paths).toEqual([]);
    // Shares add up hour by hour, not over the day: 60% by day and 60% by night never meet.
    const dayNight = [
      { from_hour: 8, to_hour: 20, share_pct: 60, price_usd_per_mwh: 55 },
      { from_hour: 20, to_hour: 8, share_pct: 60, price_usd_per_mwh: 35 },
    ];
    expect(convert({ kind: 'hedged', hub: 'H', blocks: dayNight }).paths).toEqual([]);
  });

  it('names the missing half of a share, a hedge without terms, an empty block and an hour over 100%', () => {
    expect(convert({ kind: 'hedged', hub: 'H', share_pct: 50 }).paths).toEqual(['.price_usd_per_mwh']);
    expect(convert({ kind: 'hedged', hub: 'H', price_usd_per_mwh: 48 }).paths).toEqual(['.share_pct']);
    expect(convert({ kind: 'hedged', hub: 'H' }).paths).toEqual(['.share_pct']);
    expect(convert({ kind: 'hedged', hub: 'H', blocks: [{ from_hour: 7, to_hour: 7, share_pct: 10, price_usd_per_mwh: 50 }] }).paths).toEqual([
      '.blocks[0].to_hour',
    ]);
    const over = convert({
      kind: 'hedged',
      hub: 'H',
      share_pct: 50,
      price_usd_per_mwh: 48,
      blocks: [
        { from_hour: 20, to_hour: 2, share_pct: 30, price_usd_per_mwh: 60 },
        { from_hour: 23, to_hour: 24, share_pct: 21, price_usd_per_mwh: 60 },
      ],
    });
    expect(over.paths).toEqual(['.share_pct']); // hour 23 at 101%, reported once
  });
});

describe('transmission (ERCOT 4CP) and demand response', () => {
  const tx = (charge: number | undefined, intervals: string[] | undefined) =>
    convert({ kind: 'index', hub: 'H', transmission_charge_usd_per_kw_year: charge, four_cp_intervals_utc: intervals });

  it('a charge with its summer intervals, as unix seconds', () => {
    const r = tx(55, ['2024-06-01T00:00Z', '2024-09-30T23:45Z', '2024-07-15T22:00Z', '2024-08-20T21:30Z', '2025-08-01T21:00Z']);
    expect(r.paths).toEqual([]);
    expect(r.c.transmission).toEqual({
      charge_usd_per_kw_year: 55,
      four_cp_interval_start_unix_s: [
        utc('2024-06-01T00:00Z'),
        utc('2024-09-30T23:45Z'),
        utc('2024-07-15T22:00Z'),
        utc('2024-08-20T21:30Z'),
        utc('2025-08-01T21:00Z'),
      ],
    });
    expect(tx(undefined, undefined).c.transmission).toBeUndefined();
  });

  it('names a charge without intervals, intervals without a charge, outside June–September, twice, or a fifth in a year', () => {
    expect(tx(55, undefined).paths).toEqual(['.four_cp_intervals_utc']);
    expect(tx(55, []).paths).toEqual(['.four_cp_intervals_utc']);
    expect(tx(undefined, ['2024-07-15T22:00Z']).paths).toEqual(['.transmission_charge_usd_per_kw_year']);
    expect(tx(55, ['2024-05-31T23:45Z', '2024-10-01T00:00Z']).paths).toEqual(['.four_cp_intervals_utc[0]', '.four_cp_intervals_utc[1]']);
    expect(tx(55, ['2024-07-15T22:00Z', '2024-07-15T22:00Z']).paths).toEqual(['.four_cp_intervals_utc[1]']);
    const five = ['06-10', '07-10', '08-10', '09-10', '09-11'].map((d) => `2024-${d}T21:00Z`);
    expect(tx(55, five).paths).toEqual(['.four_cp_intervals_utc[4]']);
  });

  it('a DR commitment fits in the site’s capacity; response within 10 minutes unless given', () => {
    const dr = { availability_usd_per_mw_hour: 6, committed_mw: 10 };
    expect(convert({ kind: 'fixed', price_usd_per_mwh: 38, demand_response: dr }, 10)).toMatchObject({
      c: { demand_response: { ...dr, response_minutes: 10 } },
      paths: [],
    });
    expect(convert({ kind: 'fixed', price_usd_per_mwh: 38, demand_response: dr }, 9.99).paths).toEqual(['.demand_response.committed_mw']);
  });

  it('the schema: quarter-hour instants, percentages 0–100, hub names without spaces or commas', () => {
    expect(
      contractSchema.safeParse({ kind: 'index', hub: 'H', transmission_charge_usd_per_kw_year: 5, four_cp_intervals_utc: ['2024-08-20T21:31Z'] }).success,
    ).toBe(false);
    expect(contractSchema.safeParse({ kind: 'hedged', hub: 'H', share_pct: 100.5, price_usd_per_mwh: 1 }).success).toBe(false);
    expect(contractSchema.safeParse({ kind: 'hedged', hub: 'H', share_pct: 100, price_usd_per_mwh: 1 }).success).toBe(true);
    expect(['HB_WEST', 'LZ_HOUSTON'].map((h) => hubName.safeParse(h).success)).toEqual([true, true]);
    expect(['HB WEST', 'A,B', '"A"', ''].map((h) => hubName.safeParse(h).success)).toEqual([false, false, false, false]);
  });
});

describe('the older site fields', () => {
  it('a fixed price alone; a hub or a prices file is that real-time index with no adders; a price beside a hub is a warning', () => {
    const w: ValidationIssue[] = [];
    expect(legacyContract({ power_price_usd_per_mwh: 38 }, 'sites[0]', w)).toEqual({
      kind: 'fixed',
      price_usd_per_mwh: 38,
      written_as: 'power_price_usd_per_mwh',
    });
    expect(legacyContract({ price_hub: 'HB_WEST' }, 'sites[0]', w)).toEqual({
      kind: 'index',
      index: { hub: 'HB_WEST', market: 'real-time' },
      adders_usd_per_mwh: 0,
      fee_usd_per_month: 0,
      written_as: 'price_hub',
    });
    expect(legacyContract({ power_price_csv: { path: 'p.csv' } }, 'sites[0]', w)).toMatchObject({ index: { hub: undefined }, written_as: 'power_price_csv' });
    expect(w).toEqual([]);
    legacyContract({ power_price_usd_per_mwh: 38, price_hub: 'HB_WEST' }, 'sites[2]', w);
    expect(w.map((x) => x.path)).toEqual(['sites[2].power_price_usd_per_mwh']);
  });
});
