/**
 * What-if views of a fleet on one day (pure):
 *  - a grid of all-in margin (USD/day) over BTC price × power price. The day's hashvalue
 *    (BTC per PH/s per day) is held fixed, so BTC mined does not move; revenue scales with the
 *    price; the power price is the market (index) price in every hour of the day, and each site
 *    pays it through its contract (power-contract.ts: priceSiteHours) — a fixed price does not
 *    move with it, an index site pays it plus adders, a hedged site its unhedged share; PUE and
 *    hosting fees still apply; SG&A, depreciation and interest are that day's.
 *  - a breakeven table per lot (model × profile × site) from machine economics: breakeven power
 *    price at the day's hashprice, breakeven hashprice and BTC price at the site's power price —
 *    the day's mean marginal price under its contract (power-prices.ts: siteDayMarginalPrices).
 */
import { ValidationError } from '../errors.js';
import type { Fleet } from './fleet.js';
import { fleetDay } from './fleet-report.js';
import { machineDay } from './machine.js';
import { flatIndex, siteDayCosts, siteDayMarginalPrices, type SiteIndexPrices } from './power-prices.js';
import { dateToUnixS } from '../units/time.js';
import type { PowerContract } from './power-contract.js';

/** Default grid axes (CLI and API): BTC prices (USD) and power prices (USD/MWh). */
export const DEFAULT_SENSITIVITY_PRICES_USD = [60_000, 70_000, 80_000, 90_000, 100_000, 110_000, 120_000, 140_000];
export const DEFAULT_SENSITIVITY_POWER_PRICES_USD_PER_MWH = [20, 30, 40, 50, 60, 70, 80];

export interface SensitivityCell {
  price_usd_per_btc: number;
  power_price_usd_per_mwh: number;
  cash_margin_usd_per_day: number;
  all_in_margin_usd_per_day: number;
}

export function sensitivityGrid(
  fleet: Fleet,
  market: { date: string; price_usd_per_btc: number; hashprice_usd_per_ph_day: number },
  prices_usd_per_btc: readonly number[],
  power_prices_usd_per_mwh: readonly number[],
): SensitivityCell[] {
  const cells: SensitivityCell[] = [];
  const a = dateToUnixS(market.date);
  const costs = new Map(
    power_prices_usd_per_mwh.map((power) => [
      power,
      siteDayCosts(
        fleet,
        market.date,
        market.date,
        fleet.sites.map(() => flatIndex(a, 24, power)),
      ).cost,
    ]),
  );
  for (const price_usd_per_btc of prices_usd_per_btc) {
    for (const power of power_prices_usd_per_mwh) {
      const d = fleetDay(fleet, market, costs.get(power)!, { price_usd_per_btc });
      const cash = d.energy_cost_usd + d.direct_opex_usd;
      cells.push({
        price_usd_per_btc,
        power_price_usd_per_mwh: power,
        cash_margin_usd_per_day: d.revenue_usd + d.dr_revenue_usd - cash,
        all_in_margin_usd_per_day: d.revenue_usd + d.dr_revenue_usd - cash - d.sga_usd - d.depreciation_usd - d.interest_usd,
      });
    }
  }
  return cells;
}

export interface LotBreakeven {
  site: string;
  /** The kind of contract that priced the site. */
  contract: PowerContract['kind'];
  model: string;
  profile: string;
  count: number;
  efficiency_jth: number;
  power_price_usd_per_mwh: number;
  breakeven_power_price_usd_per_mwh: number;
  breakeven_hashprice_usd_per_ph_day: number;
  breakeven_price_usd_per_btc: number | null;
  margin_usd_per_machine_day: number;
}

export function breakevenTable(
  fleet: Fleet,
  market: { date: string; price_usd_per_btc: number; hashprice_usd_per_ph_day: number },
  index: SiteIndexPrices,
): LotBreakeven[] {
  const marginal = siteDayMarginalPrices(fleet, market.date, index);
  return fleet.lots.map((lot, i) => {
    const at = fleet.sites.findIndex((s) => s.id === lot.site);
    const site = fleet.sites[at];
    const power = marginal[at];
    if (!site || power === undefined) throw ValidationError.field(`lots[${i}].site`, `no site "${lot.site}"`);
    const m = machineDay({
      hashrate_ths: lot.profile.hashrate_ths,
      power_w: lot.profile.power_w,
      hashprice_usd_per_ph_day: market.hashprice_usd_per_ph_day,
      price_usd_per_btc: market.price_usd_per_btc,
      power_price_usd_per_mwh: power,
      pool_fee: fleet.company.pool_fee_pct / 100,
      uptime: lot.uptime_pct / 100,
      pue: site.pue,
      hosting_fee_usd_per_mwh: site.hosting_fee_usd_per_mwh,
    });
    return {
      site: lot.site,
      contract: site.contract.kind,
      model: lot.model.model,
      profile: lot.profile.name,
      count: lot.count,
      efficiency_jth: m.efficiency_jth,
      power_price_usd_per_mwh: power,
      breakeven_power_price_usd_per_mwh: m.breakeven_power_price_usd_per_mwh,
      breakeven_hashprice_usd_per_ph_day: m.breakeven_hashprice_usd_per_ph_day,
      breakeven_price_usd_per_btc: m.breakeven_price_usd_per_btc,
      margin_usd_per_machine_day: m.margin_usd_per_day,
    };
  });
}
