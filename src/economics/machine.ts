/**
 * Machine economics for one day at a given hashprice: revenue, energy cost, margin and the
 * breakevens. Pure; all money in USD, energy prices in USD/MWh, hashprice in USD per PH/s per day.
 *
 *   revenue (USD/day)        = H [PH/s] · hashprice · (1 − pool fee) · uptime
 *   energy  (MWh/day)        = P [W] · 24 h / 10⁶ · uptime
 *   energy cost (USD/day)    = energy · (power price · PUE + hosting fee)
 *       PUE scales the site's power (cooling, transformers); a hosting fee is charged per MWh the
 *       machine draws. Both are "overhead"; uptime cancels out of every ratio below.
 *   energy hashcost (USD/PH/day) = 0.024 · e · (power price · PUE + hosting fee)
 *       e in J/TH: one TH/s for a day uses e · 86,400 J = 0.024 · e kWh, so one PH/s 0.024 · e MWh
 *   breakeven power price (USD/MWh) = (hashprice · (1 − pool fee) / (0.024 · e) − hosting fee) / PUE
 *       e.g. 13.5 J/TH at $35.06/PH/day, PUE 1, no fee → 35.06 / 0.324 ≈ $108.2/MWh
 *   breakeven hashprice (USD/PH/day)  = energy hashcost / (1 − pool fee)
 *   breakeven BTC price (USD/BTC)     = price · breakeven hashprice / hashprice
 *                                     = energy cost per BTC mined (same quantity, two readings)
 *   payback (days)                    = purchase price / margin per day (null when margin ≤ 0)
 */
import { ValidationError } from '../errors.js';
import { thsToPhs } from '../units/hashrate.js';

/** Energy (MWh) one PH/s uses per day per J/TH of efficiency: 86,400 s · 10³ TH/PH / 3.6·10⁹ J/MWh. */
export const MWH_PER_PH_DAY_PER_JTH = 0.024;

export interface SiteOverhead {
  /** Power usage effectiveness ≥ 1: site power / machine power. */
  pue: number;
  /** Charged per MWh the machines draw (hosting margin), USD/MWh. */
  hosting_fee_usd_per_mwh: number;
}

export interface MachineDayInputs extends SiteOverhead {
  hashrate_ths: number;
  power_w: number;
  hashprice_usd_per_ph_day: number;
  /** BTC price used to turn USD revenue into BTC mined; > 0. Without it the BTC figures are null. */
  price_usd_per_btc?: number | undefined;
  power_price_usd_per_mwh: number;
  /** Share of revenue the pool keeps, 0..1. */
  pool_fee: number;
  /** Share of the day the machine hashes, 0..1. */
  uptime: number;
  /** Purchase price of the machine (USD), for the snapshot payback. */
  purchase_price_usd?: number | undefined;
}

export interface MachineDay {
  efficiency_jth: number;
  revenue_usd_per_day: number;
  btc_per_day: number | null;
  energy_mwh_per_day: number;
  energy_cost_usd_per_day: number;
  margin_usd_per_day: number;
  /** Margin as a share of revenue (null when revenue is 0). */
  margin_share: number | null;
  hashcost_energy_usd_per_ph_day: number;
  breakeven_power_price_usd_per_mwh: number;
  breakeven_hashprice_usd_per_ph_day: number;
  breakeven_price_usd_per_btc: number | null;
  energy_cost_usd_per_btc: number | null;
  /** Purchase price / margin per day; null without a price or when the margin is ≤ 0. */
  payback_days: number | null;
}

/**
 * Power prices a machine can face (USD/MWh): below ERCOT's offer floor and above its highest cap
 * ($9,000 in 2021), so a typo like 1e308 is refused instead of overflowing the energy cost.
 */
export const MIN_POWER_PRICE_USD_PER_MWH = -1000;
export const MAX_POWER_PRICE_USD_PER_MWH = 10_000;

function check(name: string, v: number, lo: number, hi = Infinity, loOpen = false): void {
  if (!Number.isFinite(v) || (loOpen ? v <= lo : v < lo) || v > hi)
    throw ValidationError.field(name, `must be ${loOpen ? '>' : '≥'} ${lo}${hi < Infinity ? ` and ≤ ${hi}` : ''}, got ${v}`);
}

/** Energy-only hashcost (USD per PH/s per day) of a machine of efficiency e at an effective power price. */
export function energyHashcostUsdPerPhDay(
  efficiency_jth: number,
  power_price_usd_per_mwh: number,
  overhead: SiteOverhead = { pue: 1, hosting_fee_usd_per_mwh: 0 },
): number {
  return MWH_PER_PH_DAY_PER_JTH * efficiency_jth * (power_price_usd_per_mwh * overhead.pue + overhead.hosting_fee_usd_per_mwh);
}

/** Power price (USD/MWh) at which revenue equals energy cost. */
export function breakevenPowerPriceUsdPerMwh(
  hashprice_usd_per_ph_day: number,
  efficiency_jth: number,
  pool_fee = 0,
  overhead: SiteOverhead = { pue: 1, hosting_fee_usd_per_mwh: 0 },
): number {
  return ((hashprice_usd_per_ph_day * (1 - pool_fee)) / (MWH_PER_PH_DAY_PER_JTH * efficiency_jth) - overhead.hosting_fee_usd_per_mwh) / overhead.pue;
}

export function machineDay(i: MachineDayInputs): MachineDay {
  check('hashrate_ths', i.hashrate_ths, 0, Infinity, true);
  check('power_w', i.power_w, 0);
  check('hashprice_usd_per_ph_day', i.hashprice_usd_per_ph_day, 0);
  if (i.price_usd_per_btc !== undefined) check('price_usd_per_btc', i.price_usd_per_btc, 0, Infinity, true);
  check('pool_fee', i.pool_fee, 0, 1, false);
  if (i.pool_fee >= 1) throw ValidationError.field('pool_fee', `must be < 1, got ${i.pool_fee}`);
  check('uptime', i.uptime, 0, 1);
  check('pue', i.pue, 1);
  check('hosting_fee_usd_per_mwh', i.hosting_fee_usd_per_mwh, 0, MAX_POWER_PRICE_USD_PER_MWH);
  check('power_price_usd_per_mwh', i.power_price_usd_per_mwh, MIN_POWER_PRICE_USD_PER_MWH, MAX_POWER_PRICE_USD_PER_MWH);
  const e = i.power_w / i.hashrate_ths;
  const phs = thsToPhs(i.hashrate_ths);
  const revenue = phs * i.hashprice_usd_per_ph_day * (1 - i.pool_fee) * i.uptime;
  const energy_mwh = (i.power_w * 24 * i.uptime) / 1e6;
  const energyCost = energy_mwh * (i.power_price_usd_per_mwh * i.pue + i.hosting_fee_usd_per_mwh);
  const margin = revenue - energyCost;
  const hashcost = energyHashcostUsdPerPhDay(e, i.power_price_usd_per_mwh, i);
  const beHashprice = hashcost / (1 - i.pool_fee);
  const price = i.price_usd_per_btc;
  const beBtc = price === undefined ? null : i.hashprice_usd_per_ph_day > 0 ? (price * beHashprice) / i.hashprice_usd_per_ph_day : Infinity;
  return {
    efficiency_jth: e,
    revenue_usd_per_day: revenue,
    btc_per_day: price === undefined ? null : revenue / price,
    energy_mwh_per_day: energy_mwh,
    energy_cost_usd_per_day: energyCost,
    margin_usd_per_day: margin,
    margin_share: revenue > 0 ? margin / revenue : null,
    hashcost_energy_usd_per_ph_day: hashcost,
    breakeven_power_price_usd_per_mwh: breakevenPowerPriceUsdPerMwh(i.hashprice_usd_per_ph_day, e, i.pool_fee, i),
    breakeven_hashprice_usd_per_ph_day: beHashprice,
    breakeven_price_usd_per_btc: beBtc,
    energy_cost_usd_per_btc: beBtc,
    payback_days: i.purchase_price_usd !== undefined && margin > 0 ? i.purchase_price_usd / margin : null,
  };
}
