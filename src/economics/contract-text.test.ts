/** How a contract reads to people and in JSON, the series it names, and the bill helpers' edges. */
import { describe, expect, it } from 'vitest';
import { catchAppError } from '../../test/helpers/catch-error.js';
import {
  addBill,
  contractSummary,
  describeContract,
  emptyBill,
  hedgeCovers,
  indexSeriesName,
  priceSiteHours,
  type HedgedContract,
  type PowerContract,
} from './power-contract.js';

const at = (iso: string): number => Date.parse(iso) / 1000;
const rt = (hub: string | undefined) => ({ hub, market: 'real-time' as const });
const ofContract = { written_as: 'contract' as const };

describe('describeContract: one line per contract', () => {
  it('fixed, with resale at the index less a fee, with take-or-pay; cents rounded to two places', () => {
    expect(describeContract({ kind: 'fixed', price_usd_per_mwh: 38, ...ofContract })).toBe('fixed $38/MWh');
    expect(describeContract({ kind: 'fixed', price_usd_per_mwh: 38.125, resale: { index: rt('HB_WEST'), fee_usd_per_mwh: 2 }, ...ofContract })).toBe(
      'fixed $38.13/MWh, unused capacity resold at HB_WEST real-time less $2/MWh',
    );
    expect(describeContract({ kind: 'fixed', price_usd_per_mwh: 41, take_or_pay_mwh_per_month: 60_000, ...ofContract })).toBe(
      'fixed $41/MWh, take-or-pay 60,000 MWh/month',
    );
  });

  it('index with adders and a monthly fee; a prices file’s only column; day-ahead', () => {
    expect(describeContract({ kind: 'index', index: rt('HB_NORTH'), adders_usd_per_mwh: 6, fee_usd_per_month: 2500, ...ofContract })).toBe(
      'index HB_NORTH real-time + $6/MWh, $2,500/month',
    );
    expect(describeContract({ kind: 'index', index: rt(undefined), adders_usd_per_mwh: 0, fee_usd_per_month: 0, ...ofContract })).toBe(
      'index the prices file real-time',
    );
    expect(
      describeContract({ kind: 'index', index: { hub: 'HB_WEST', market: 'day-ahead' }, adders_usd_per_mwh: 0, fee_usd_per_month: 0, ...ofContract }),
    ).toBe('index HB_WEST day-ahead');
  });

  it('hedged: an all-day share shows no hours, a block its local hours zero-padded', () => {
    const c: HedgedContract = {
      kind: 'hedged',
      index: rt('HB_SOUTH'),
      hedges: [
        { share_pct: 50, price_usd_per_mwh: 48, from_hour: 0, to_hour: 24 },
        { share_pct: 25, price_usd_per_mwh: 60, from_hour: 7, to_hour: 22 },
        { share_pct: 10, price_usd_per_mwh: 55, from_hour: 0, to_hour: 6 },
        { share_pct: 10, price_usd_per_mwh: 52, from_hour: 18, to_hour: 24 },
      ],
      adders_usd_per_mwh: 0,
      fee_usd_per_month: 0,
      ...ofContract,
    };
    expect(describeContract(c)).toBe('hedged 50% at $48/MWh, 25% 07–22h at $60/MWh, 10% 00–06h at $55/MWh, 10% 18–24h at $52/MWh, rest at HB_SOUTH real-time');
  });

  it('transmission and demand response are appended to any kind', () => {
    const c: PowerContract = {
      kind: 'index',
      index: rt('HB_WEST'),
      adders_usd_per_mwh: 0,
      fee_usd_per_month: 0,
      transmission: { charge_usd_per_kw_year: 55, four_cp_interval_start_unix_s: [at('2024-08-20T21:30Z'), at('2024-07-15T22:00Z')] },
      demand_response: { availability_usd_per_mw_hour: 6, committed_mw: 10, response_minutes: 10 },
      ...ofContract,
    };
    expect(describeContract(c)).toBe(
      'index HB_WEST real-time; transmission $55/kW-year (4CP, 2 intervals listed); demand response 10 MW at $6/MW-h, curtail within 10 min',
    );
    expect(contractSummary(c)).toEqual({
      kind: 'index',
      description: describeContract(c),
      hub: 'HB_WEST',
      market: 'real-time',
      written_as: 'contract',
      four_cp_intervals_utc: ['2024-08-20T21:30:00Z', '2024-07-15T22:00:00Z'],
    });
  });

  it('a fixed price without resale reads no index: the summary has no hub, market or intervals', () => {
    expect(contractSummary({ kind: 'fixed', price_usd_per_mwh: 38, written_as: 'power_price_usd_per_mwh' })).toEqual({
      kind: 'fixed',
      description: 'fixed $38/MWh',
      hub: null,
      market: null,
      written_as: 'power_price_usd_per_mwh',
      four_cp_intervals_utc: [],
    });
  });
});

describe('series names, hedge hours and bill helpers', () => {
  it('real-time reads the hub, day-ahead <hub>_DA, no hub the file’s only column', () => {
    expect(indexSeriesName({ hub: 'HB_WEST', market: 'real-time' })).toBe('HB_WEST');
    expect(indexSeriesName({ hub: 'HB_WEST', market: 'day-ahead' })).toBe('HB_WEST_DA');
    expect(indexSeriesName({ hub: undefined, market: 'day-ahead' })).toBeUndefined();
  });

  it('a block covers [from, to): its first hour, not its last; a wrapping block both sides of midnight', () => {
    expect([6, 7, 21, 22].map((h) => hedgeCovers({ from_hour: 7, to_hour: 22 }, h))).toEqual([false, true, true, false]);
    expect([21, 22, 0, 5, 6].map((h) => hedgeCovers({ from_hour: 22, to_hour: 6 }, h))).toEqual([false, true, true, true, false]);
  });

  it('sums bills field by field', () => {
    const b = priceSiteHours(
      { kind: 'fixed', price_usd_per_mwh: 40, ...ofContract },
      { start_unix_s: at('2024-07-01T00:00Z'), energy_mwh: [10, 20], capacity_mw: 30 },
    ).bill;
    const sum = addBill(addBill(emptyBill(), b), b);
    expect(sum).toEqual({ ...emptyBill(), energy_mwh: 60, energy_usd: 2400, cost_usd: 2400 });
  });

  it('a monthly fee is spread within its own month: the first August hour carries none of July’s', () => {
    // $744 a month over July’s 744 hours and August’s 744: $1 an hour in each, on top of 1 MWh at $10.
    const c: PowerContract = { kind: 'index', index: rt('HB_WEST'), adders_usd_per_mwh: 0, fee_usd_per_month: 744, ...ofContract };
    const p = priceSiteHours(c, { start_unix_s: at('2024-07-31T23:00Z'), energy_mwh: [1, 1], index_usd_per_mwh: [10, 10], capacity_mw: 1 });
    expect([...p.cost_usd]).toEqual([11, 11]);
    expect(p.bill.fees_usd).toBe(2);
  });

  it('an index contract given no index, or one of the wrong length, is a programming error', () => {
    const c: PowerContract = { kind: 'index', index: rt('HB_WEST'), adders_usd_per_mwh: 0, fee_usd_per_month: 0, ...ofContract };
    const h = { start_unix_s: at('2024-07-01T00:00Z'), energy_mwh: [1, 1], capacity_mw: 1 };
    expect(catchAppError(() => priceSiteHours(c, h)).code).toBe('INTERNAL');
    expect(catchAppError(() => priceSiteHours(c, { ...h, index_usd_per_mwh: [10] })).code).toBe('INTERNAL');
  });
});
