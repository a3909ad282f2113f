/**
 * Fleet and company economics over days of history, aggregated by month or quarter (pure).
 *
 * Per UTC day d and lot (count machines of one profile at one site, installed from its purchase date):
 *   effective PH/s   = count · profile TH/s / 1000 · uptime
 *   BTC mined        = effective PH/s · hashvalue (BTC/PH/day = hashprice / price) · (1 − pool fee)
 *   revenue          = BTC mined · price
 *   energy (MWh)     = count · profile W · 24 / 10⁶ · uptime
 *   energy cost      = Σ sites: the day's bill under the site's contract for energy · PUE drawn
 *                      flat over its hours (power-prices.ts: siteDayCosts → power-contract.ts)
 *   DR revenue       = Σ sites: the contract's demand-response availability payments that day
 *   direct opex      = energy · hosting fee + site opex per day
 * Company per day: SG&A, depreciation, interest (company-costs.ts). Then, for a period:
 *   cash cost            = energy cost + direct opex                       (CoinShares / TheMinerMag)
 *   all-in cost          = cash cost + SG&A + depreciation + interest
 *   cost per BTC         = cost / BTC mined
 *   hashcost (USD/PH/day)= cost / effective PH-days; realised hashprice = revenue / effective PH-days
 *                          (= network hashprice · (1 − pool fee)), so margin per PH/day is their difference
 *   margin               = revenue + DR revenue − cost (cash or all-in)
 */
import type { Fleet } from './fleet.js';
import { InternalError, ValidationError } from '../errors.js';
import { addDays, dayNumber } from '../units/time.js';
import { depreciationUsdOnDay, interestUsdOnDay, lotActive, perMonthToPerDay } from './company-costs.js';
import { siteDayCosts, type SiteDayCost, type SiteIndexPrices } from './power-prices.js';
import type { ContractBill } from './power-contract.js';

/** One day of the market, as the hashprice index gives it (USD per PH/s per day; USD per BTC). */
export interface MarketDay {
  date: string;
  price_usd_per_btc: number | null;
  hashprice_usd_per_ph_day: number | null;
}

export interface FleetDayTotals {
  installed_hashrate_ths: number;
  effective_ph_days: number;
  btc_mined: number;
  revenue_usd: number;
  energy_mwh: number;
  energy_cost_usd: number;
  /** Demand-response availability payments of the sites' contracts. */
  dr_revenue_usd: number;
  direct_opex_usd: number;
  sga_usd: number;
  depreciation_usd: number;
  interest_usd: number;
}

export interface FleetDay extends FleetDayTotals {
  date: string;
  hashprice_usd_per_ph_day: number;
  price_usd_per_btc: number;
  /** BTC mined by each lot, in spec order. */
  lot_btc_mined: number[];
}

/** Overrides for what-if grids: a BTC price (the power price is the site costs' business). */
export interface DayOverrides {
  price_usd_per_btc?: number;
}

export function fleetDay(
  fleet: Fleet,
  market: { date: string; price_usd_per_btc: number; hashprice_usd_per_ph_day: number },
  siteCost: SiteDayCost,
  o: DayOverrides = {},
): FleetDay {
  const date = market.date;
  const price = o.price_usd_per_btc ?? market.price_usd_per_btc;
  // Hashvalue (BTC per PH/s per day) is price-free: a price override moves revenue, not BTC mined.
  const hashvalueBtc = market.hashprice_usd_per_ph_day / market.price_usd_per_btc;
  const fee = fleet.company.pool_fee_pct / 100;
  const t: FleetDay = {
    date,
    hashprice_usd_per_ph_day: hashvalueBtc * price,
    price_usd_per_btc: price,
    installed_hashrate_ths: 0,
    effective_ph_days: 0,
    btc_mined: 0,
    revenue_usd: 0,
    energy_mwh: 0,
    energy_cost_usd: 0,
    dr_revenue_usd: 0,
    direct_opex_usd: 0,
    sga_usd: perMonthToPerDay(fleet.company.sga_usd_per_month),
    depreciation_usd: 0,
    interest_usd: interestUsdOnDay(fleet.company.debt, date),
    lot_btc_mined: [],
  };
  const sites = new Map(fleet.sites.map((s, i) => [s.id, { site: s, index: i }]));
  for (const [lotIndex, lot] of fleet.lots.entries()) {
    if (!lotActive(lot, date)) {
      t.lot_btc_mined.push(0);
      continue;
    }
    const entry = sites.get(lot.site);
    if (!entry) throw ValidationError.field(`lots[${lotIndex}].site`, `no site "${lot.site}"`);
    const { site } = entry;
    const uptime = lot.uptime_pct / 100;
    const ths = lot.count * lot.profile.hashrate_ths;
    const phDays = (ths / 1000) * uptime;
    const btc = phDays * hashvalueBtc * (1 - fee);
    const mwh = (lot.count * lot.profile.power_w * 24 * uptime) / 1e6;
    t.installed_hashrate_ths += ths;
    t.effective_ph_days += phDays;
    t.btc_mined += btc;
    t.revenue_usd += btc * price;
    t.energy_mwh += mwh;
    t.direct_opex_usd += mwh * site.hosting_fee_usd_per_mwh;
    t.depreciation_usd += depreciationUsdOnDay(lot, date);
    t.lot_btc_mined.push(btc);
  }
  fleet.sites.forEach((s, i) => {
    const bill = siteCost(i, date);
    t.energy_cost_usd += bill.cost_usd;
    t.dr_revenue_usd += bill.dr_availability_usd;
    t.direct_opex_usd += perMonthToPerDay(s.opex_usd_per_month);
  });
  return t;
}

export type Bucket = 'month' | 'quarter' | 'all';

export function bucketOf(date: string, by: Bucket): string {
  if (by === 'all') return 'all';
  if (by === 'month') return date.slice(0, 7);
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

export interface FleetPeriod {
  period: string;
  from: string;
  to: string;
  days: number;
  /** Days in the period whose price or hashprice is missing (skipped). */
  days_without_data: number;
  installed_hashrate_ehs: number;
  btc_mined: number;
  revenue_usd: number;
  energy_mwh: number;
  energy_cost_usd: number;
  dr_revenue_usd: number;
  direct_opex_usd: number;
  cash_cost_usd: number;
  sga_usd: number;
  depreciation_usd: number;
  interest_usd: number;
  all_in_cost_usd: number;
  cash_cost_usd_per_btc: number | null;
  all_in_cost_usd_per_btc: number | null;
  price_usd_per_btc: number | null;
  hashprice_usd_per_ph_day: number | null;
  realised_hashprice_usd_per_ph_day: number | null;
  hashcost_energy_usd_per_ph_day: number | null;
  hashcost_cash_usd_per_ph_day: number | null;
  hashcost_all_in_usd_per_ph_day: number | null;
  cash_margin_usd: number;
  all_in_margin_usd: number;
}

function summarise(period: string, days: FleetDay[], missing: number, from: string, to: string): FleetPeriod {
  const sum = (k: keyof FleetDayTotals): number => days.reduce((a, d) => a + d[k], 0);
  const btc = sum('btc_mined');
  const revenue = sum('revenue_usd');
  const energy = sum('energy_cost_usd');
  const dr = sum('dr_revenue_usd');
  const direct = sum('direct_opex_usd');
  const cash = energy + direct;
  const sga = sum('sga_usd');
  const dep = sum('depreciation_usd');
  const interest = sum('interest_usd');
  const allIn = cash + sga + dep + interest;
  const ph = sum('effective_ph_days');
  const n = days.length;
  const per = (x: number, d: number): number | null => (d > 0 ? x / d : null);
  return {
    period,
    from,
    to,
    days: n,
    days_without_data: missing,
    installed_hashrate_ehs: n ? sum('installed_hashrate_ths') / n / 1e6 : 0,
    btc_mined: btc,
    revenue_usd: revenue,
    energy_mwh: sum('energy_mwh'),
    energy_cost_usd: energy,
    dr_revenue_usd: dr,
    direct_opex_usd: direct,
    cash_cost_usd: cash,
    sga_usd: sga,
    depreciation_usd: dep,
    interest_usd: interest,
    all_in_cost_usd: allIn,
    cash_cost_usd_per_btc: per(cash, btc),
    all_in_cost_usd_per_btc: per(allIn, btc),
    price_usd_per_btc: per(
      days.reduce((a, d) => a + d.price_usd_per_btc, 0),
      n,
    ),
    hashprice_usd_per_ph_day: per(
      days.reduce((a, d) => a + d.hashprice_usd_per_ph_day, 0),
      n,
    ),
    realised_hashprice_usd_per_ph_day: per(revenue, ph),
    hashcost_energy_usd_per_ph_day: per(energy, ph),
    hashcost_cash_usd_per_ph_day: per(cash, ph),
    hashcost_all_in_usd_per_ph_day: per(allIn, ph),
    cash_margin_usd: revenue + dr - cash,
    all_in_margin_usd: revenue + dr - allIn,
  };
}

export interface FleetReport {
  from: string;
  to: string;
  by: Bucket;
  periods: FleetPeriod[];
  total: FleetPeriod;
  /** Each site's bill under its contract over every day of the range (days without market data included). */
  bills: ContractBill[];
}

/**
 * The report for every day in [from, to]. `market` ascending by date; `from`/`to` must lie within
 * it, and each index-reading site's hourly prices must cover them (a ValidationError names
 * `from`/`to` otherwise).
 */
export function fleetReport(fleet: Fleet, market: readonly MarketDay[], index: SiteIndexPrices, range: { from: string; to: string; by: Bucket }): FleetReport {
  const first = market[0]?.date;
  const last = market[market.length - 1]?.date;
  if (first === undefined || last === undefined) throw ValidationError.field('history', 'no market data');
  if (range.from < first || range.from > last) throw ValidationError.field('from', `${range.from} is outside the history (${first} … ${last})`);
  if (range.to < first || range.to > last) throw ValidationError.field('to', `${range.to} is outside the history (${first} … ${last})`);
  const { cost, bills } = siteDayCosts(fleet, range.from, range.to, index);
  const byDate = new Map(market.map((m) => [m.date, m]));
  const groups = new Map<string, { days: FleetDay[]; missing: number; from: string; to: string }>();
  const all: FleetDay[] = [];
  let missingAll = 0;
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) {
    const key = bucketOf(d, range.by);
    const g = groups.get(key) ?? { days: [], missing: 0, from: d, to: d };
    g.to = d;
    groups.set(key, g);
    const m = byDate.get(d);
    if (!m || m.price_usd_per_btc === null || m.hashprice_usd_per_ph_day === null || !(m.price_usd_per_btc > 0)) {
      g.missing++;
      missingAll++;
      continue;
    }
    const day = fleetDay(fleet, { date: d, price_usd_per_btc: m.price_usd_per_btc, hashprice_usd_per_ph_day: m.hashprice_usd_per_ph_day }, cost);
    g.days.push(day);
    all.push(day);
  }
  const periods = [...groups.entries()].map(([k, g]) => summarise(k, g.days, g.missing, g.from, g.to));
  const total = summarise('total', all, missingAll, range.from, range.to);
  // Guard against a silent drop: the days counted must be the days in range.
  if (periods.reduce((a, p) => a + p.days + p.days_without_data, 0) !== dayNumber(range.to) - dayNumber(range.from) + 1)
    throw new InternalError('fleetReport: day count mismatch');
  return { from: range.from, to: range.to, by: range.by, periods, total, bills };
}
