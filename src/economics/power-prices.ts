/**
 * Site power costs by UTC day, for `fleet report` and `fleet sensitivity` (pure). A report runs
 * flat out, so each site draws its day's energy evenly over the day's 24 hours:
 *   E_site,d = Σ_{lots at the site, active on d} count · W · 24 · uptime / 10⁶ · PUE      MWh/day
 * and those hours are billed under the site's contract by priceSiteHours (power-contract.ts), the
 * function `dispatch` bills its plans with, so a day costs what the same hours cost in a plan.
 */
import { ValidationError } from '../errors.js';
import { SECONDS_PER_HOUR } from '../units/energy.js';
import { addDays, dateToUnixS, dayNumber, SECONDS_PER_DAY } from '../units/time.js';
import { lotActive } from './company-costs.js';
import type { Fleet } from './fleet.js';
import { sliceHours, type HourlySeries } from './hourly-prices.js';
import { contractIndex, marginalPrices, priceSiteHours, type ContractBill } from './power-contract.js';

/** Each site's grid-side energy on a UTC day (MWh, site order): its active lots flat out at their profile, uptime and PUE. */
export function siteDayEnergyMwh(fleet: Fleet, date: string): number[] {
  const out = fleet.sites.map(() => 0);
  const index = new Map(fleet.sites.map((s, i) => [s.id, i]));
  for (const lot of fleet.lots) {
    const i = index.get(lot.site);
    if (i === undefined || !lotActive(lot, date)) continue;
    out[i] = out[i]! + ((lot.count * lot.profile.power_w * 24 * (lot.uptime_pct / 100)) / 1e6) * fleet.sites[i]!.pue;
  }
  return out;
}

/** A site's bill on one day: what fleetDay adds to energy cost, and to DR revenue. */
export interface SiteDayBill {
  cost_usd: number;
  dr_availability_usd: number;
}

/** The bill of site `site` (fleet order) on `date`. */
export type SiteDayCost = (site: number, date: string) => SiteDayBill;

/** Each site's hourly index prices (USD/MWh), site order; undefined for a site whose contract reads none. */
export type SiteIndexPrices = readonly (HourlySeries | undefined)[];

/** A constant index (USD/MWh) over `hours` hours: what-if prices. */
export const flatIndex = (start_unix_s: number, hours: number, usd_per_mwh: number): HourlySeries => ({
  start_unix_s,
  price_usd_per_mwh: new Float64Array(hours).fill(usd_per_mwh),
  line: new Int32Array(hours),
  source: `a constant ${usd_per_mwh} USD/MWh`,
});

/**
 * Bills every site's days `from` … `to` (inclusive) under its contract, the days' energy flat
 * over their hours; `index` must cover those hours for each site reading an index (a
 * ValidationError names `from` or `to`, whichever end leaves it). Returns the per-day lookup and
 * each site's bill over all the days.
 */
export function siteDayCosts(fleet: Fleet, from: string, to: string, index: SiteIndexPrices): { cost: SiteDayCost; bills: ContractBill[] } {
  const days = dayNumber(to) - dayNumber(from) + 1;
  const a = dateToUnixS(from);
  const b = a + days * SECONDS_PER_DAY;
  const energy = fleet.sites.map(() => new Float64Array(days * 24));
  for (let d = 0; d < days; d++) {
    const e = siteDayEnergyMwh(fleet, addDays(from, d));
    e.forEach((mwh, i) => energy[i]!.fill(mwh / 24, d * 24, d * 24 + 24));
  }
  const perDay = fleet.sites.map(() => ({ cost: new Float64Array(days), dr: new Float64Array(days) }));
  const bills = fleet.sites.map((site, i) => {
    let idx: Float64Array | undefined;
    if (contractIndex(site.contract)) {
      const series = index[i];
      if (!series) throw ValidationError.field(`sites[${i}].contract.hub`, `site ${site.id}: no hourly prices for its ${site.contract.kind} contract's index`);
      const end = series.start_unix_s + SECONDS_PER_HOUR * series.price_usd_per_mwh.length;
      idx = sliceHours(series, 'price_usd_per_mwh', a, b, a < series.start_unix_s || a >= end ? 'from' : 'to').price_usd_per_mwh;
    }
    const priced = priceSiteHours(site.contract, {
      start_unix_s: a,
      energy_mwh: energy[i]!,
      index_usd_per_mwh: idx,
      capacity_mw: site.capacity_mw,
      time_zone: site.timezone,
    });
    for (let h = 0; h < days * 24; h++) {
      const d = Math.floor(h / 24);
      perDay[i]!.cost[d] = perDay[i]!.cost[d]! + priced.cost_usd[h]!;
      perDay[i]!.dr[d] = perDay[i]!.dr[d]! + priced.dr_availability_usd[h]!;
    }
    return priced.bill;
  });
  const first = dayNumber(from);
  return {
    cost: (site, date) => {
      const d = dayNumber(date) - first;
      const x = perDay[site];
      if (!x || d < 0 || d >= days) return { cost_usd: 0, dr_availability_usd: 0 };
      return { cost_usd: x.cost[d]!, dr_availability_usd: x.dr[d]! };
    },
    bills,
  };
}

/**
 * Each site's mean marginal price on a day (USD/MWh, power-contract.ts: marginalPrices): the price
 * a machine's breakeven compares with — one more MWh, not the average bill, which a resale
 * contract's unused volume or a monthly fee would distort.
 */
export function siteDayMarginalPrices(fleet: Fleet, date: string, index: SiteIndexPrices): number[] {
  const a = dateToUnixS(date);
  return fleet.sites.map((site, i) => {
    let idx: Float64Array | undefined;
    if (contractIndex(site.contract)) {
      const series = index[i];
      if (!series) throw ValidationError.field(`sites[${i}].contract.hub`, `site ${site.id}: no hourly prices for its ${site.contract.kind} contract's index`);
      idx = sliceHours(series, 'price_usd_per_mwh', a, a + SECONDS_PER_DAY, 'date').price_usd_per_mwh;
    }
    const m = marginalPrices(site.contract, { start_unix_s: a, hours: 24, index_usd_per_mwh: idx, time_zone: site.timezone });
    return m.reduce((x, y) => x + y, 0) / 24;
  });
}
