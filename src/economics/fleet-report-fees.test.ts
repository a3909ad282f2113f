import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFleetSpec, type FleetSpecInput } from '../config/fleet-spec.js';
import { parseCatalogCsv } from '../hardware/catalog.js';
import { catchAppError } from '../../test/helpers/catch-error.js';
import type { ValidationError } from '../errors.js';
import type { Fleet } from './fleet.js';
import { bucketOf, fleetDay, fleetReport, type MarketDay } from './fleet-report.js';
import { breakevenTable, sensitivityGrid } from './fleet-sensitivity.js';
import { dateToUnixS } from '../units/time.js';
import { flatIndex, siteDayCosts, siteDayEnergyMwh } from './power-prices.js';

const catalog = parseCatalogCsv(readFileSync(new URL('../../data/asic_models.csv', import.meta.url), 'utf8'));
function fleetOf(spec: FleetSpecInput): Fleet {
  const r = parseFleetSpec(spec, catalog);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/**
 * Every term of a fleet day, by hand: 1,000 S21 (200 TH/s, 3,500 W) at 90% uptime on a site at
 * $50/MWh, PUE 1.1, a $10/MWh hosting fee and $30,437.50 a month ($1,000 a day) of site opex; the
 * pool keeps 2%. Hashprice $50 at $100,000/BTC is a hashvalue of 0.0005 BTC per PH/s per day.
 *   PH/s·days = 200 · 0.9 = 180; BTC = 180 · 0.0005 · 0.98 = 0.0882; revenue $8,820
 *   MWh = 1,000 · 3,500 W · 24 h · 0.9 / 10⁶ = 75.6; energy 75.6 · 50 · 1.1 = $4,158
 *   direct opex = 75.6 · 10 + 1,000 = $1,756; cash cost $5,914; cash margin $2,906
 */
const spec: FleetSpecInput = {
  company: { name: 'Fees', sga_usd_per_month: 0, pool_fee_pct: 2 },
  sites: [{ id: 'b', capacity_mw: 10, power_price_usd_per_mwh: 50, pue: 1.1, hosting_fee_usd_per_mwh: 10, opex_usd_per_month: 30_437.5 }],
  lots: [{ site: 'b', model: 'Antminer S21', count: 1000, purchase_price_usd_per_unit: 0, purchase_date: '2024-01-01', uptime_pct: 90 }],
};
const fleet = fleetOf(spec);
/** The fixed-price site reads no index. */
const prices: [] = [];
const day = { date: '2024-06-01', price_usd_per_btc: 100_000, hashprice_usd_per_ph_day: 50 };
const costs = siteDayCosts(fleet, day.date, day.date, prices).cost;
/** The same site paying ERCOT West's real-time index with no adders: what the grid and the missing-prices checks need. */
const indexed = (s: FleetSpecInput): FleetSpecInput => ({
  ...s,
  sites: s.sites.map(({ power_price_usd_per_mwh: _, ...site }) => ({ ...site, contract: { kind: 'index', hub: 'HB_WEST' } })),
});

describe('a fleet day with every fee and derating, by hand', () => {
  it('pool fee, uptime, PUE, hosting fee and site opex each enter as the formulas say', () => {
    const d = fleetDay(fleet, day, costs);
    expect(d.installed_hashrate_ths).toBe(200_000);
    expect(d.effective_ph_days).toBeCloseTo(180, 10);
    expect(d.btc_mined).toBeCloseTo(0.0882, 14);
    expect(d.revenue_usd).toBeCloseTo(8820, 8);
    expect(d.energy_mwh).toBeCloseTo(75.6, 10);
    expect(d.energy_cost_usd).toBeCloseTo(4158, 8);
    expect(d.direct_opex_usd).toBeCloseTo(1756, 8);
    expect(d.lot_btc_mined).toEqual([expect.closeTo(0.0882, 14)]);
  });

  it('a BTC price override moves revenue and the hashprice, not the BTC mined nor the energy cost', () => {
    const d = fleetDay(fleet, day, costs, { price_usd_per_btc: 60_000 });
    expect(d.hashprice_usd_per_ph_day).toBeCloseTo(30, 12);
    expect(d.btc_mined).toBeCloseTo(0.0882, 14);
    expect(d.revenue_usd).toBeCloseTo(0.0882 * 60_000, 8);
    expect(d.energy_cost_usd).toBeCloseTo(4158, 8);
    expect(d.direct_opex_usd).toBeCloseTo(1756, 8);
  });

  it('a 30-day report: costs per BTC and per PH/s·day, margins and mean prices', () => {
    const market: MarketDay[] = Array.from({ length: 30 }, (_, i) => ({
      ...day,
      date: `2024-06-${String(i + 1).padStart(2, '0')}`,
      price_usd_per_btc: i < 15 ? 90_000 : 110_000,
    }));
    // Hashprice stays $50 while the price moves: a hashvalue of 50/90,000 then 50/110,000.
    const t = fleetReport(fleet, market, prices, { from: '2024-06-01', to: '2024-06-30', by: 'all' }).total;
    const btc = 15 * 180 * (50 / 90_000) * 0.98 + 15 * 180 * (50 / 110_000) * 0.98;
    expect(t.btc_mined).toBeCloseTo(btc, 12);
    expect(t.revenue_usd).toBeCloseTo(30 * 8820, 6); // hashprice × PH/s·days × (1 − fee), whatever the price
    expect(t.cash_cost_usd).toBeCloseTo(30 * 5914, 6);
    expect(t.cash_cost_usd_per_btc).toBeCloseTo((30 * 5914) / btc, 6);
    expect(t.cash_margin_usd).toBeCloseTo(30 * 2906, 6);
    expect(t.all_in_margin_usd).toBeCloseTo(30 * 2906, 6); // no SG&A, depreciation or debt
    expect(t.price_usd_per_btc).toBeCloseTo(100_000, 8);
    expect(t.hashprice_usd_per_ph_day).toBeCloseTo(50, 10);
    expect(t.realised_hashprice_usd_per_ph_day).toBeCloseTo(8820 / 180, 10); // $49 after the fee
    expect(t.hashcost_energy_usd_per_ph_day).toBeCloseTo(4158 / 180, 10);
    expect(t.hashcost_cash_usd_per_ph_day).toBeCloseTo(5914 / 180, 10);
    expect(t.energy_mwh).toBeCloseTo(30 * 75.6, 8);
  });

  it('a period without priced days has no per-BTC or per-PH/s figures', () => {
    const market: MarketDay[] = [
      { date: '2024-06-01', price_usd_per_btc: null, hashprice_usd_per_ph_day: 50 },
      { date: '2024-06-02', price_usd_per_btc: 0, hashprice_usd_per_ph_day: 50 },
      { date: '2024-06-03', price_usd_per_btc: 100_000, hashprice_usd_per_ph_day: null },
    ];
    const t = fleetReport(fleet, market, prices, { from: '2024-06-01', to: '2024-06-03', by: 'month' }).total;
    expect([
      t.days,
      t.days_without_data,
      t.btc_mined,
      t.cash_cost_usd_per_btc,
      t.realised_hashprice_usd_per_ph_day,
      t.price_usd_per_btc,
      t.installed_hashrate_ehs,
    ]).toEqual([0, 3, 0, null, null, null, 0]);
  });

  it('names the bound of the history a range leaves, and needs some history', () => {
    const market: MarketDay[] = [day, { ...day, date: '2024-06-02' }];
    const path = (from: string, to: string, m = market): string | undefined =>
      (catchAppError(() => fleetReport(fleet, m, prices, { from, to, by: 'all' })) as ValidationError).issues[0]?.path;
    expect(path('2024-05-31', '2024-06-02')).toBe('from');
    expect(path('2024-06-03', '2024-06-03')).toBe('from');
    expect(path('2024-06-01', '2024-06-03')).toBe('to');
    expect(path('2024-06-01', '2024-05-31')).toBe('to');
    expect(path('2024-06-01', '2024-06-01', [])).toBe('history');
    expect(fleetReport(fleet, market, prices, { from: '2024-06-02', to: '2024-06-02', by: 'all' }).total.days).toBe(1);
  });

  it('names the lot whose site is unknown and the index site without prices', () => {
    const orphan: Fleet = { ...fleet, lots: [{ ...fleet.lots[0]!, site: 'nowhere' }] };
    expect((catchAppError(() => fleetDay(orphan, day, costs)) as ValidationError).issues[0]?.path).toBe('lots[0].site');
    const e = catchAppError(() => siteDayCosts(fleetOf(indexed(spec)), day.date, day.date, [])) as ValidationError;
    expect(e.issues[0]?.path).toBe('sites[0].contract.hub');
  });

  it('buckets days by month, quarter or all', () => {
    expect([
      bucketOf('2024-06-30', 'month'),
      bucketOf('2024-06-30', 'quarter'),
      bucketOf('2024-07-01', 'quarter'),
      bucketOf('2024-12-31', 'quarter'),
      bucketOf('2024-06-30', 'all'),
    ]).toEqual(['2024-06', '2024-Q2', '2024-Q3', '2024-Q4', 'all']);
  });
});

describe('sensitivity grid and breakeven table, by hand', () => {
  // The fleet above on an index contract (the grid's power price is the index in every hour),
  // plus $1,000/day of SG&A, $3,000 machines over 3 years and $36.525M of 10% notes.
  const costly = fleetOf({
    ...indexed(spec),
    company: {
      ...spec.company,
      sga_usd_per_month: 30_437.5,
      debt: [{ name: 'notes', principal_usd: 36_525_000, rate_pct: 10, start_date: '2024-01-01', term_months: 60 }],
    },
    lots: [{ ...spec.lots[0]!, purchase_price_usd_per_unit: 3000, depreciation_years: 3 }],
  });
  const market = { date: '2024-06-01', price_usd_per_btc: 100_000, hashprice_usd_per_ph_day: 50 };

  it('cash margin = revenue − energy − direct opex; all-in also takes SG&A, depreciation and interest', () => {
    const [cell] = sensitivityGrid(costly, market, [80_000], [40]);
    const revenue = 0.0882 * 80_000;
    const cash = 75.6 * 40 * 1.1 + 1756;
    expect(cell).toMatchObject({ price_usd_per_btc: 80_000, power_price_usd_per_mwh: 40 });
    expect(cell!.cash_margin_usd_per_day).toBeCloseTo(revenue - cash, 8);
    expect(cell!.all_in_margin_usd_per_day).toBeCloseTo(revenue - cash - 1000 - 3_000_000 / (3 * 365.25) - 10_000, 8);
  });

  it('breakevens per lot at the site’s own power price, PUE and hosting fee', () => {
    const [row] = breakevenTable(costly, market, [flatIndex(dateToUnixS(market.date), 24, 50)]);
    // The index at $50 all day; 17.5 J/TH, 2% pool fee: (50 · 0.98 / (0.024 · 17.5) − 10) / 1.1 = $96.97/MWh.
    expect(row).toMatchObject({ site: 'b', contract: 'index', model: 'Antminer S21', profile: 'stock', count: 1000, power_price_usd_per_mwh: 50 });
    expect(row!.efficiency_jth).toBeCloseTo(17.5, 12);
    expect(row!.breakeven_power_price_usd_per_mwh).toBeCloseTo(((50 * 0.98) / 0.42 - 10) / 1.1, 9);
    expect(row!.breakeven_hashprice_usd_per_ph_day).toBeCloseTo((0.42 * (50 * 1.1 + 10)) / 0.98, 9);
    expect(row!.breakeven_price_usd_per_btc).toBeCloseTo((100_000 * (0.42 * 65)) / 0.98 / 50, 6);
    // One machine at 90% uptime: 0.2 PH/s · 50 · 0.98 · 0.9 − 0.0756 MWh · 65.
    expect(row!.margin_usd_per_machine_day).toBeCloseTo(0.2 * 50 * 0.98 * 0.9 - 0.0756 * 65, 10);
    const e = catchAppError(() => breakevenTable(costly, market, [])) as ValidationError;
    expect(e.issues[0]?.path).toBe('sites[0].contract.hub');
  });
});

describe('demand-response revenue and the site-day bills, by hand', () => {
  // The fleet above with a DR programme paying $5 per MW-hour on 0.5 MW: it draws 83.16 MWh a day
  // at the meter (3.465 MW every hour), so the whole 0.5 MW is offered: 5 · 0.5 · 24 = $60 a day.
  const dr = fleetOf({
    ...spec,
    sites: spec.sites.map(({ power_price_usd_per_mwh: _, ...site }) => ({
      ...site,
      contract: { kind: 'fixed', price_usd_per_mwh: 50, demand_response: { availability_usd_per_mw_hour: 5, committed_mw: 0.5 } },
    })),
  });

  it('DR availability is revenue: the day, the report’s margins and the sensitivity grid all add $60', () => {
    const d = fleetDay(dr, day, siteDayCosts(dr, day.date, day.date, []).cost);
    expect(d.dr_revenue_usd).toBeCloseTo(60, 10);
    expect(d.energy_cost_usd).toBeCloseTo(4158, 8); // availability is not netted off the bill
    const market: MarketDay[] = [day, { ...day, date: '2024-06-02' }];
    const r = fleetReport(dr, market, [], { from: '2024-06-01', to: '2024-06-02', by: 'all' });
    expect(r.total.period).toBe('total');
    expect(r.total.dr_revenue_usd).toBeCloseTo(120, 8);
    expect(r.total.cash_margin_usd).toBeCloseTo(2 * (2906 + 60), 6);
    expect(r.total.all_in_margin_usd).toBeCloseTo(2 * (2906 + 60), 6);
    expect(r.bills[0]!.dr_availability_usd).toBeCloseTo(120, 8);
    const [cell] = sensitivityGrid(dr, day, [100_000], [50]);
    expect(cell!.cash_margin_usd_per_day).toBeCloseTo(2906 + 60, 8);
    expect(cell!.all_in_margin_usd_per_day).toBeCloseTo(2906 + 60, 8);
  });

  it('a day missing from the market history is a day without data, not an error', () => {
    const market: MarketDay[] = [day, { ...day, date: '2024-06-03' }];
    const t = fleetReport(fleet, market, prices, { from: '2024-06-01', to: '2024-06-03', by: 'all' }).total;
    expect([t.days, t.days_without_data]).toEqual([2, 1]);
    expect(t.revenue_usd).toBeCloseTo(2 * 8820, 6);
  });

  it('bills each day its own energy: a lot bought on the second day costs nothing on the first', () => {
    const late = fleetOf({ ...spec, lots: [{ ...spec.lots[0]!, purchase_date: '2024-06-02' }] });
    const { cost } = siteDayCosts(late, '2024-06-01', '2024-06-03', prices);
    expect(cost(0, '2024-06-01').cost_usd).toBe(0);
    expect(cost(0, '2024-06-02').cost_usd).toBeCloseTo(4158, 8);
    expect(cost(0, '2024-06-03').cost_usd).toBeCloseTo(4158, 8);
    // Outside the billed days, or a site the fleet does not have: nothing.
    for (const [site, date] of [
      [0, '2024-05-31'],
      [0, '2024-06-04'],
      [1, '2024-06-02'],
    ] as const)
      expect(cost(site, date), `${site} ${date}`).toEqual({ cost_usd: 0, dr_availability_usd: 0 });
  });

  it('a lot at a site the fleet lacks draws no site energy; the breakeven table names the lot', () => {
    const orphan: Fleet = { ...fleet, lots: [{ ...fleet.lots[0]!, site: 'nowhere' }] };
    expect(siteDayEnergyMwh(orphan, day.date)).toEqual([0]);
    expect(siteDayEnergyMwh(fleet, day.date)).toEqual([expect.closeTo(83.16, 10)]);
    expect((catchAppError(() => breakevenTable(orphan, day, prices)) as ValidationError).issues[0]?.path).toBe('lots[0].site');
  });
});
