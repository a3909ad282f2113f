import { describe, expect, it } from 'vitest';
import { hourlyMeans, INTERVAL_S, type IntervalPrice } from './interval-prices.js';

const H = Date.UTC(2024, 6, 1) / 1000; // 2024-07-01T00:00Z
const at = (node: string, quarter: number, price: number): IntervalPrice => ({
  node,
  interval_start_unix_s: H + quarter * INTERVAL_S,
  power_price_usd_per_mwh: price,
});

describe('hourly means of 15-minute prices', () => {
  it('averages the four quarters of each hour, negative prices included', () => {
    // (20 + 24 − 4 + 40) / 4 = 20; next hour (30 + 30 + 30 + 34) / 4 = 31.
    const r = hourlyMeans([
      at('HB_WEST', 0, 20),
      at('HB_WEST', 1, 24),
      at('HB_WEST', 2, -4),
      at('HB_WEST', 3, 40),
      ...[4, 5, 6].map((q) => at('HB_WEST', q, 30)),
      at('HB_WEST', 7, 34),
    ]);
    expect(r).toEqual({
      hours: [
        { node: 'HB_WEST', hour_start_unix_s: H, power_price_usd_per_mwh: 20 },
        { node: 'HB_WEST', hour_start_unix_s: H + 3600, power_price_usd_per_mwh: 31 },
      ],
      incomplete_hours: 0,
      replaced_intervals: 0,
    });
  });

  it('leaves an hour missing a quarter out and counts it; a republished quarter replaces the first', () => {
    const r = hourlyMeans([
      at('HB_NORTH', 0, 10),
      at('HB_NORTH', 1, 10),
      at('HB_NORTH', 3, 10),
      at('HB_NORTH', 4, 1),
      at('HB_NORTH', 5, 2),
      at('HB_NORTH', 6, 3),
      at('HB_NORTH', 7, 4),
      at('HB_NORTH', 7, 6),
    ]);
    expect(r.hours).toEqual([{ node: 'HB_NORTH', hour_start_unix_s: H + 3600, power_price_usd_per_mwh: (1 + 2 + 3 + 6) / 4 }]);
    expect([r.incomplete_hours, r.replaced_intervals]).toEqual([1, 1]);
  });

  it('sorts by node, then hour, whatever order the intervals come in', () => {
    const quarters = (node: string, hour: number, p: number): IntervalPrice[] => [3, 1, 0, 2].map((q) => at(node, hour * 4 + q, p));
    const r = hourlyMeans([...quarters('HB_WEST', 2, 5), ...quarters('HB_SOUTH', 1, 7), ...quarters('HB_WEST', 0, 9)]);
    expect(r.hours.map((h) => [h.node, (h.hour_start_unix_s - H) / 3600, h.power_price_usd_per_mwh])).toEqual([
      ['HB_SOUTH', 1, 7],
      ['HB_WEST', 0, 9],
      ['HB_WEST', 2, 5],
    ]);
    expect(hourlyMeans([])).toEqual({ hours: [], incomplete_hours: 0, replaced_intervals: 0 });
  });

  it('refuses an interval that does not start on a quarter hour', () => {
    expect(() => hourlyMeans([{ node: 'HB_WEST', interval_start_unix_s: H + 60, power_price_usd_per_mwh: 1 }])).toThrow(RangeError);
  });
});
