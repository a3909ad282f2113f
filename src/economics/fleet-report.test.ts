import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFleetSpec, parseFleetSpecText, type FleetSpecInput } from '../config/fleet-spec.js';
import type { Fleet } from './fleet.js';
import { parseCatalogCsv } from '../hardware/catalog.js';
import { addDays } from '../units/time.js';
import { outstandingPrincipalUsd, wholeMonthsBetween } from './company-costs.js';
import { fleetDay, fleetReport, type MarketDay } from './fleet-report.js';
import { breakevenTable, sensitivityGrid } from './fleet-sensitivity.js';
import { flatIndex, siteDayCosts } from './power-prices.js';
import { dateToUnixS } from '../units/time.js';

/** The day's site bills of a fleet whose contracts read no index. */
const costsOn = (f: Fleet, date: string) => siteDayCosts(f, date, date, []).cost;

const catalog = parseCatalogCsv(readFileSync(new URL('../../data/asic_models.csv', import.meta.url), 'utf8'));

function fleetOf(spec: FleetSpecInput): Fleet {
  const r = parseFleetSpec(spec, catalog);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

// Hand-derived: 1,000 S21 (200 TH/s, 3,500 W) at $40/MWh; SG&A $30,437.50/month = $1,000/day;
// $36.525M bullet debt at 10% = $10,000/day; $3,000/unit over 3 years = $2,737.85/day.
const spec: FleetSpecInput = {
  company: {
    name: 'Worked',
    sga_usd_per_month: 30_437.5,
    debt: [{ name: 'notes', principal_usd: 36_525_000, rate_pct: 10, start_date: '2024-01-01', term_months: 60 }],
  },
  sites: [{ id: 'a', capacity_mw: 5, power_price_usd_per_mwh: 40 }],
  lots: [{ site: 'a', model: 'Antminer S21', count: 1000, purchase_price_usd_per_unit: 3000, purchase_date: '2024-01-01', uptime_pct: 100 }],
};
const flat = (from: string, n: number, price = 100_000, hp = 50): MarketDay[] =>
  Array.from({ length: n }, (_, i) => ({ date: addDays(from, i), price_usd_per_btc: price, hashprice_usd_per_ph_day: hp }));

describe('fleet day and report, worked example', () => {
  const fleet = fleetOf(spec);
  const prices: [] = [];

  it('one day: 200 PH/s × 0.0005 BTC/PH/day = 0.1 BTC, $10,000 revenue, 84 MWh × $40 = $3,360 energy', () => {
    const d = fleetDay(fleet, { date: '2024-06-01', price_usd_per_btc: 100_000, hashprice_usd_per_ph_day: 50 }, costsOn(fleet, '2024-06-01'));
    expect(d.btc_mined).toBeCloseTo(0.1, 12);
    expect(d.revenue_usd).toBeCloseTo(10_000, 8);
    expect(d.energy_mwh).toBeCloseTo(84, 10);
    expect(d.energy_cost_usd).toBeCloseTo(3360, 8);
    expect(d.sga_usd).toBeCloseTo(1000, 10);
    expect(d.interest_usd).toBeCloseTo(10_000, 8);
    expect(d.depreciation_usd).toBeCloseTo(3_000_000 / (3 * 365.25), 8);
  });

  it('a month: cash $33,600/BTC, all-in ≈ $170,979/BTC, cash hashcost 0.024·17.5·40 = $16.80/PH/day', () => {
    const r = fleetReport(fleet, flat('2024-06-01', 30), prices, { from: '2024-06-01', to: '2024-06-30', by: 'month' });
    expect(r.periods).toHaveLength(1);
    const p = r.periods[0]!;
    expect(p.days).toBe(30);
    expect(p.btc_mined).toBeCloseTo(3, 10);
    expect(p.cash_cost_usd_per_btc!).toBeCloseTo(33_600, 6);
    expect(p.all_in_cost_usd_per_btc!).toBeCloseTo((3360 + 1000 + 3_000_000 / 1095.75 + 10_000) / 0.1, 4);
    expect(p.hashcost_cash_usd_per_ph_day!).toBeCloseTo(16.8, 10);
    expect(p.realised_hashprice_usd_per_ph_day!).toBeCloseTo(50, 10);
    expect(p.installed_hashrate_ehs).toBeCloseTo(0.2, 12); // 1,000 × 200 TH/s
  });

  it('groups by month and quarter and counts days without data', () => {
    const market = flat('2024-05-01', 92);
    market[10] = { ...market[10]!, price_usd_per_btc: null };
    const r = fleetReport(fleet, market, prices, { from: '2024-05-01', to: '2024-07-31', by: 'month' });
    expect(r.periods.map((p) => p.period)).toEqual(['2024-05', '2024-06', '2024-07']);
    expect(r.periods[0]).toMatchObject({ days: 30, days_without_data: 1 });
    expect(fleetReport(fleet, market, prices, { from: '2024-05-01', to: '2024-07-31', by: 'quarter' }).periods.map((p) => p.period)).toEqual([
      '2024-Q2',
      '2024-Q3',
    ]);
  });

  it('counts a day missing from the market rows as a day without data, like a day without a price', () => {
    const market = flat('2024-05-01', 31).filter((d) => d.date !== '2024-05-11');
    const r = fleetReport(fleet, market, prices, { from: '2024-05-01', to: '2024-05-31', by: 'month' });
    expect(r.periods[0]).toMatchObject({ days: 30, days_without_data: 1 });
  });

  it('refuses an empty history at `history`', () => {
    expect(() => fleetReport(fleet, [], prices, { from: '2024-05-01', to: '2024-05-05', by: 'month' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', issues: [expect.objectContaining({ path: 'history', message: 'no market data' })] }) as Error,
    );
  });

  it('rejects a range outside the data, naming the field', () => {
    expect(() => fleetReport(fleet, flat('2024-05-01', 10), prices, { from: '2024-04-01', to: '2024-05-05', by: 'month' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', issues: [expect.objectContaining({ path: 'from' })] }) as Error,
    );
  });

  it('a lot bought mid-period hashes and depreciates only from its purchase date', () => {
    const late = fleetOf({ ...spec, lots: [{ ...spec.lots[0]!, purchase_date: '2024-06-16' }] });
    const r = fleetReport(late, flat('2024-06-01', 30), [], { from: '2024-06-01', to: '2024-06-30', by: 'month' });
    expect(r.total.btc_mined).toBeCloseTo(1.5, 10);
  });
});

describe('fleet properties', () => {
  const arb = fc.record({
    count: fc.integer({ min: 1, max: 2000 }),
    power: fc.double({ min: 0, max: 200, noNaN: true }),
    sga: fc.double({ min: 0, max: 1e6, noNaN: true }),
    price: fc.double({ min: 10_000, max: 300_000, noNaN: true }),
    hp: fc.double({ min: 10, max: 200, noNaN: true }),
  });
  it('all-in cost ≥ cash cost; doubling a lot doubles its BTC; margin falls as the index rises, for an index site only', () => {
    fc.assert(
      fc.property(arb, ({ count, power, sga, price, hp }) => {
        const base: FleetSpecInput = {
          ...spec,
          company: { ...spec.company, sga_usd_per_month: sga },
          sites: [{ id: 'a', capacity_mw: 1000, power_price_usd_per_mwh: power }],
          lots: [
            { ...spec.lots[0]!, count },
            { site: 'a', model: 'Antminer S19j Pro', count: 500, purchase_price_usd_per_unit: 1000, purchase_date: '2022-01-01' },
          ],
        };
        const f1 = fleetOf(base);
        const f2 = fleetOf({ ...base, lots: [{ ...spec.lots[0]!, count: count * 2 }, base.lots[1]!] });
        const m = { date: '2024-06-01', price_usd_per_btc: price, hashprice_usd_per_ph_day: hp };
        const d1 = fleetDay(f1, m, costsOn(f1, m.date));
        const d2 = fleetDay(f2, m, costsOn(f2, m.date));
        expect(d2.lot_btc_mined[0]!).toBeCloseTo(2 * d1.lot_btc_mined[0]!, 12);
        expect(d2.lot_btc_mined[1]!).toBe(d1.lot_btc_mined[1]!);
        const r = fleetReport(f1, [{ ...m }], [], { from: m.date, to: m.date, by: 'all' });
        expect(r.total.all_in_cost_usd).toBeGreaterThanOrEqual(r.total.cash_cost_usd);
        expect(r.total.all_in_cost_usd_per_btc!).toBeGreaterThanOrEqual(r.total.cash_cost_usd_per_btc!);
        // The grid's power price is the index: a fixed price does not move with it, an index site pays it.
        const grid = sensitivityGrid(f1, m, [price], [power, power + 10]);
        expect(grid[1]!.all_in_margin_usd_per_day).toBe(grid[0]!.all_in_margin_usd_per_day);
        const onIndex = fleetOf({ ...base, sites: [{ id: 'a', capacity_mw: 1000, contract: { kind: 'index', hub: 'HB_WEST' } }] });
        const moved = sensitivityGrid(onIndex, m, [price], [power, power + 10]);
        expect(moved[1]!.all_in_margin_usd_per_day).toBeLessThan(moved[0]!.all_in_margin_usd_per_day);
      }),
      { numRuns: 50 },
    );
  });
});

describe('company costs and site prices', () => {
  it('counts whole months on the anniversary and amortises linearly', () => {
    expect(wholeMonthsBetween('2024-06-01', '2024-06-30')).toBe(0);
    expect(wholeMonthsBetween('2024-06-15', '2024-07-15')).toBe(1);
    const loan = { name: 'l', principal_usd: 60e6, rate_pct: 12, start_date: '2024-06-01', term_months: 24, amortisation: 'linear' as const };
    expect(outstandingPrincipalUsd(loan, '2024-05-31')).toBe(0);
    expect(outstandingPrincipalUsd(loan, '2025-06-01')).toBeCloseTo(30e6, 6);
    expect(outstandingPrincipalUsd(loan, '2026-06-01')).toBe(0);
  });

  it("bills an index site's day flat over its hours: the day's energy at the hours' mean price", () => {
    // 1,000 S21 at 100% uptime draw 84 MWh a day, 3.5 MWh each hour; hours priced 0, 1, …, 23 USD/MWh
    // (mean 11.5) plus a $4 adder → 3.5 · (276 + 24 · 4) = $1,302.
    const f = fleetOf({ ...spec, sites: [{ id: 'a', capacity_mw: 5, contract: { kind: 'index', hub: 'HB_WEST', adders_usd_per_mwh: 4 } }] });
    const a = dateToUnixS('2024-06-01');
    const index = { ...flatIndex(a, 24, 0), price_usd_per_mwh: Float64Array.from({ length: 24 }, (_, h) => h) };
    const { cost, bills } = siteDayCosts(f, '2024-06-01', '2024-06-01', [index]);
    expect(cost(0, '2024-06-01').cost_usd).toBeCloseTo(1302, 9);
    expect(bills[0]).toMatchObject({ energy_mwh: 84 });
    // A day the prices do not cover names the end that leaves them.
    expect(() => siteDayCosts(f, '2024-06-01', '2024-06-02', [index])).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'to' })] }) as Error,
    );
    // Prices from the day before that end inside the range: still the end (`to`), not the start.
    const early = flatIndex(a - 86_400, 48, 20);
    expect(() => siteDayCosts(f, '2024-06-01', '2024-06-02', [early])).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'to' })] }) as Error,
    );
    expect(() => siteDayCosts(f, '2024-05-30', '2024-05-31', [early])).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'from' })] }) as Error,
    );
  });
});

describe('the example fleet (examples/fleet.yaml)', () => {
  const r = parseFleetSpecText(readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8'), catalog);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const fleet = r.value;
  it('breaks even per lot where machine economics says', () => {
    const m = { date: '2025-11-22', price_usd_per_btc: 85_000, hashprice_usd_per_ph_day: 35.06 };
    // Its index sites at a flat $40/MWh that day: tx-north pays 40 + $6 adders, PUE 1.1, $20 hosting.
    const t = breakevenTable(
      fleet,
      m,
      fleet.sites.map(() => flatIndex(dateToUnixS(m.date), 24, 40)),
    );
    const xp = t.find((l) => l.model === 'Antminer S21 XP Hydro')!;
    // 12.0 J/TH, pool fee 1.5%, PUE 1.08: (35.06 · 0.985 / (0.024 · 12)) / 1.08
    expect(xp.breakeven_power_price_usd_per_mwh).toBeCloseTo((35.06 * 0.985) / 0.288 / 1.08, 8);
    const s19 = t.find((l) => l.model === 'Antminer S19j Pro')!;
    expect(s19).toMatchObject({ contract: 'index', power_price_usd_per_mwh: 46 });
    expect(s19.margin_usd_per_machine_day).toBeLessThan(0); // underclocked S19j Pro at $70.6/MWh all-in is under water at the low
  });
});

describe('flatIndex', () => {
  it('holds one price every hour and says so in its source', () => {
    const f = flatIndex(dateToUnixS('2024-05-01'), 3, 38.5);
    expect([...f.price_usd_per_mwh]).toEqual([38.5, 38.5, 38.5]);
    expect(f.source).toBe('a constant 38.5 USD/MWh');
  });
});
