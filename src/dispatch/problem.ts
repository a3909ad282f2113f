/**
 * The dispatch problem: what the planner is given. Pure data, units in names; hours are indexed
 * 0…hours−1 from `start_unix_s` (UTC). Built from a fleet spec and price series by the CLI (or any
 * caller); the planner never reads files.
 *
 * Economics of one machine of group g in profile p during hour t at site s (a site with a contract
 * is billed under it instead, see DispatchSite.contract; its price_usd_per_mwh is the contract's
 * marginal price, so the planner's choices follow the same formula):
 *   revenue_usd        = hashrate_ths(p) · r_t,  r_t = hashprice_usd_per_ph_day(t) / 1000 / 24 · (1 − pool_fee)
 *   grid power_w       = power_w(p) · pue_s                      (the site cap and the meter see this)
 *   energy_cost_usd    = grid power_w · (price_usd_per_mwh(s,t) + adder_usd_per_mwh_s) / 1e6
 * Site cap: Σ grid power_w ≤ cap_mw(s,t) · 1e6, where cap_mw(s,t) is the site's cap, or an event's
 * reduced cap during a demand-response event.
 * Demand response: in an event hour the site is paid payment_usd_per_mwh · (baseline_mw − used_mw),
 * where baseline_mw is what the "stock up to the normal cap" baseline draws in that hour (a
 * constant, so the objective stays linear). Drawing more than the baseline during an event makes
 * that term negative — a charge, as in real programmes that settle against a baseline.
 */
import { ValidationError, type ValidationIssue } from '../errors.js';
import { contractIndex, type PowerContract } from '../economics/power-contract.js';

export interface DispatchProfile {
  name: string;
  hashrate_ths: number;
  /** Wall power of one machine (W), before PUE. */
  power_w: number;
}

export interface DispatchGroup {
  /** Unique among the groups; fleetDispatchProblem names it `site/model` (`site/model#n` for the n-th such lot). */
  id: string;
  /** Index into the fleet spec's `lots` the group was built from (fleetDispatchProblem: one group per lot). */
  lot?: number | undefined;
  /** Catalog model id of the machines (fleetDispatchProblem), e.g. `antminer-s21`. */
  model?: string | undefined;
  /** Index into `sites`. */
  site: number;
  /** Whole number of identical machines. */
  machines: number;
  /** Operating points firmware can run (off, 0 W and 0 TH/s, is always available and implicit). */
  profiles: readonly DispatchProfile[];
  /** Index into `profiles` of the stock (nameplate) point: the baseline runs it. */
  stock: number;
}

export interface DispatchSite {
  id: string;
  /** Grid-side power cap (MW), including cooling overhead (PUE). */
  cap_mw: number;
  /** Power usage effectiveness ≥ 1: grid power / machine power. */
  pue: number;
  /** Hourly power price (USD/MWh), one per hour of the problem. */
  price_usd_per_mwh: Float64Array;
  /** Added to every hour's price, e.g. a hosting fee or delivery charge (USD/MWh). */
  adder_usd_per_mwh?: number;
  /** IANA time zone for showing local time (the planner itself works in UTC). */
  time_zone?: string | undefined;
  /**
   * The site's power contract and the index it reads (null-free when the contract reads none): with
   * it, plan and baseline energy are billed under the contract (power-contract.ts: priceSiteHours)
   * and price_usd_per_mwh is the contract's marginal price; without it energy costs price_usd_per_mwh.
   */
  contract?: { contract: PowerContract; index_usd_per_mwh?: Float64Array | undefined } | undefined;
}

export interface DemandResponseEvent {
  site: number;
  hour: number;
  /** The reduced grid-side cap during the event (MW, ≥ 0; 0 means full curtailment). */
  cap_mw: number;
  payment_usd_per_mwh: number;
}

/**
 * What a profile change costs. A machine arriving at profile p in hour t costs
 *   κ_{t,p} = cost_usd_per_change + lost_minutes_per_change / 60 · r_t · H_p        (USD)
 * with r_t the revenue rate (USD per TH/s·h after the pool fee) and H_p the destination's TH/s:
 * the firmware stops hashing for that many minutes while it retunes (its power is still paid, so
 * energy is unchanged); arriving at "off" loses no hashing. Leaving a profile is free — every
 * change is priced once, at its destination. A machine that enters a profile (off included) stays
 * there at least `min_dwell_hours` hours (1 = no minimum); the horizon's first hour counts as if
 * every machine had been in place long enough to move.
 */
export interface SwitchingRules {
  /** Fixed cost of one machine changing profile (USD), e.g. wear or an operator's time. */
  cost_usd_per_change: number;
  /** Minutes of hashing lost per change (0…60), priced at the destination's hashrate that hour. */
  lost_minutes_per_change?: number | undefined;
  /** Minimum hours in a profile once entered (whole number ≥ 1; at most 168). */
  min_dwell_hours?: number | undefined;
}

/** Longest minimum dwell the planner accepts (h): its DP state grows with it. */
export const MAX_DWELL_HOURS = 168;

/** κ_{t,p} (USD per machine arriving), see SwitchingRules. */
export function arrivalCostUsd(rules: SwitchingRules | undefined, revenue_usd_per_th_hour: number, hashrate_ths: number): number {
  if (!rules) return 0;
  return rules.cost_usd_per_change + ((rules.lost_minutes_per_change ?? 0) / 60) * revenue_usd_per_th_hour * hashrate_ths;
}

/** Minimum dwell in hours (1 when none is set). */
export const dwellHours = (rules: SwitchingRules | undefined): number => rules?.min_dwell_hours ?? 1;

/** Whether the rules couple the hours at all (a cost, lost minutes or a dwell). */
export function hasSwitching(rules: SwitchingRules | undefined): boolean {
  return rules !== undefined && (rules.cost_usd_per_change > 0 || (rules.lost_minutes_per_change ?? 0) > 0 || dwellHours(rules) > 1);
}

export interface DispatchProblem {
  start_unix_s: number;
  hours: number;
  /** Hashprice per hour (USD per PH/s per day), before the pool fee. */
  hashprice_usd_per_ph_day: Float64Array;
  /** Pool fee as a fraction 0 ≤ f < 1. */
  pool_fee: number;
  /** BTC price per hour (USD/BTC), only to report BTC mined; optional. */
  price_usd_per_btc?: Float64Array | undefined;
  sites: readonly DispatchSite[];
  groups: readonly DispatchGroup[];
  events?: readonly DemandResponseEvent[];
  switching?: SwitchingRules | undefined;
  /**
   * Wear of running above stock (USD per TH/s·h of hashrate over the group's stock profile):
   *   wear_usd = w · max(0, H_p − H_stock)   per machine and hour in profile p,
   * so a profile's value in hour t is r_t·H_p − w·max(0, H_p − H_stock) − c·P_p·PUE. Absent = 0
   * (overclocking free); fleetDispatchProblem sets DEFAULT_OVERCLOCK_WEAR_USD_PER_TH_HOUR.
   */
  overclock_wear_usd_per_th_hour?: number | undefined;
}

/**
 * Default wear rate (USD per TH/s·h over stock): half the straight-line depreciation of a machine
 * bought at $16 per TH/s over 3 years, 16 / (3 · 8,760 h) / 2 ≈ 0.0003 — a judgment, not a measured
 * failure rate: an overclocked TH/s is charged as if it used up hardware at half the pace the
 * purchase price is written off. At $50/PH/day (r ≈ 0.0021 USD per TH/s·h) it takes ~15% of the
 * extra revenue; set it from your own repair and failure records.
 */
export const DEFAULT_OVERCLOCK_WEAR_USD_PER_TH_HOUR = 0.0003;

/** w of DispatchProblem.overclock_wear_usd_per_th_hour (0 when absent). */
export const wearRate = (p: DispatchProblem): number => p.overclock_wear_usd_per_th_hour ?? 0;

/** USD per TH/s per hour after the pool fee: hashprice / 1000 TH per PH / 24 h · (1 − fee). */
export function revenueUsdPerThHour(hashprice_usd_per_ph_day: number, pool_fee: number): number {
  return (hashprice_usd_per_ph_day / 1000 / 24) * (1 - pool_fee);
}

const finite = (x: number): boolean => Number.isFinite(x);

/** Every rule the planner relies on; throws one ValidationError listing each broken field. */
export function validateProblem(p: DispatchProblem): void {
  const issues: ValidationIssue[] = [];
  const bad = (path: string, message: string): void => void issues.push({ path, message });
  if (!Number.isSafeInteger(p.hours) || p.hours < 1) bad('hours', `must be a whole number ≥ 1, got ${p.hours}`);
  if (p.hashprice_usd_per_ph_day.length !== p.hours) bad('hashprice_usd_per_ph_day', `needs ${p.hours} values, got ${p.hashprice_usd_per_ph_day.length}`);
  const hpBad = p.hashprice_usd_per_ph_day.findIndex((x) => !finite(x) || x < 0);
  if (hpBad >= 0) bad(`hashprice_usd_per_ph_day[${hpBad}]`, `must be a finite number ≥ 0, got ${p.hashprice_usd_per_ph_day[hpBad]}`);
  if (!(p.pool_fee >= 0 && p.pool_fee < 1)) bad('pool_fee', `must be a fraction 0 ≤ f < 1, got ${p.pool_fee}`);
  if (p.price_usd_per_btc && (p.price_usd_per_btc.length !== p.hours || p.price_usd_per_btc.some((x) => !(x > 0))))
    bad('price_usd_per_btc', `needs ${p.hours} prices > 0`);
  if (p.sites.length === 0) bad('sites', 'needs at least one site');
  p.sites.forEach((s, i) => {
    const at = `sites[${i}]`;
    if (!(finite(s.cap_mw) && s.cap_mw > 0)) bad(`${at}.cap_mw`, `site "${s.id}" cap must be a number > 0 MW, got ${s.cap_mw}`);
    if (!(finite(s.pue) && s.pue >= 1)) bad(`${at}.pue`, `must be ≥ 1, got ${s.pue}`);
    if (s.price_usd_per_mwh.length !== p.hours) bad(`${at}.price_usd_per_mwh`, `needs ${p.hours} hourly prices, got ${s.price_usd_per_mwh.length}`);
    const pb = s.price_usd_per_mwh.findIndex((x) => !finite(x));
    if (pb >= 0) bad(`${at}.price_usd_per_mwh[${pb}]`, 'must be a finite number (USD/MWh)');
    if (s.adder_usd_per_mwh !== undefined && !finite(s.adder_usd_per_mwh)) bad(`${at}.adder_usd_per_mwh`, 'must be a finite number');
    const ix = s.contract?.index_usd_per_mwh;
    if (s.contract && contractIndex(s.contract.contract) !== null && (ix?.length !== p.hours || ix.some((x) => !finite(x))))
      bad(`${at}.contract.index_usd_per_mwh`, `needs ${p.hours} finite hourly index prices for its ${s.contract.contract.kind} contract`);
  });
  if (p.groups.length === 0) bad('groups', 'needs at least one machine group');
  if (p.groups.length > 0xffff) bad('groups', `at most 65,535 groups, got ${p.groups.length}`);
  p.groups.forEach((g, i) => {
    const at = `groups[${i}]`;
    if (!(Number.isSafeInteger(g.site) && g.site >= 0 && g.site < p.sites.length)) bad(`${at}.site`, `group "${g.id}" refers to no site (index ${g.site})`);
    if (!(Number.isSafeInteger(g.machines) && g.machines >= 0)) bad(`${at}.machines`, `must be a whole number ≥ 0, got ${g.machines}`);
    if (g.profiles.length === 0 || g.profiles.length > 250) bad(`${at}.profiles`, `needs 1–250 profiles, got ${g.profiles.length}`);
    g.profiles.forEach((pr, j) => {
      if (!(finite(pr.power_w) && pr.power_w > 0)) bad(`${at}.profiles[${j}].power_w`, `must be > 0 W, got ${pr.power_w}`);
      if (!(finite(pr.hashrate_ths) && pr.hashrate_ths >= 0)) bad(`${at}.profiles[${j}].hashrate_ths`, `must be ≥ 0 TH/s, got ${pr.hashrate_ths}`);
    });
    if (!(Number.isSafeInteger(g.stock) && g.stock >= 0 && g.stock < g.profiles.length))
      bad(`${at}.stock`, `must index one of its ${g.profiles.length} profiles`);
  });
  (p.events ?? []).forEach((e, i) => {
    const at = `events[${i}]`;
    if (!(Number.isSafeInteger(e.site) && e.site >= 0 && e.site < p.sites.length)) bad(`${at}.site`, `refers to no site (index ${e.site})`);
    if (!(Number.isSafeInteger(e.hour) && e.hour >= 0 && e.hour < p.hours)) bad(`${at}.hour`, `must be within 0…${p.hours - 1}, got ${e.hour}`);
    if (!(finite(e.cap_mw) && e.cap_mw >= 0)) bad(`${at}.cap_mw`, `must be ≥ 0 MW, got ${e.cap_mw}`);
    if (!(finite(e.payment_usd_per_mwh) && e.payment_usd_per_mwh >= 0)) bad(`${at}.payment_usd_per_mwh`, `must be ≥ 0, got ${e.payment_usd_per_mwh}`);
  });
  const wear = p.overclock_wear_usd_per_th_hour;
  if (wear !== undefined && !(finite(wear) && wear >= 0))
    bad('overclock_wear_usd_per_th_hour', `must be a number ≥ 0 (USD per TH/s·h over stock), got ${wear}`);
  if (p.switching) {
    const sw = p.switching;
    if (!(finite(sw.cost_usd_per_change) && sw.cost_usd_per_change >= 0))
      bad('switching.cost_usd_per_change', `must be a number ≥ 0 (USD per change), got ${sw.cost_usd_per_change}`);
    // Past 60 minutes a change would lose more than the hour it starts in; the hull argument (docs/dispatch.md) needs ≤ 60.
    const lost = sw.lost_minutes_per_change;
    if (lost !== undefined && !(finite(lost) && lost >= 0 && lost <= 60))
      bad('switching.lost_minutes_per_change', `must be a number of minutes 0…60, got ${lost}`);
    const dwell = sw.min_dwell_hours;
    if (dwell !== undefined && !(Number.isSafeInteger(dwell) && dwell >= 1 && dwell <= MAX_DWELL_HOURS))
      bad('switching.min_dwell_hours', `must be a whole number of hours 1…${MAX_DWELL_HOURS}, got ${dwell}`);
  }
  if (issues.length) throw new ValidationError(issues);
}

/**
 * Effective cap (W, grid side) and DR payment (USD/MWh) per site-hour, laid out `s · hours + t`.
 * Two events for the same site-hour: the lower cap and the higher payment win.
 */
export function siteHourTerms(p: DispatchProblem): { cap_w: Float64Array; dr_usd_per_mwh: Float64Array; cap_normal_w: Float64Array } {
  const S = p.sites.length;
  const cap_w = new Float64Array(S * p.hours);
  const cap_normal_w = new Float64Array(S);
  const dr = new Float64Array(S * p.hours);
  for (let s = 0; s < S; s++) {
    const c = (p.sites[s] as DispatchSite).cap_mw * 1e6;
    cap_normal_w[s] = c;
    cap_w.fill(c, s * p.hours, (s + 1) * p.hours);
  }
  for (const e of p.events ?? []) {
    const k = e.site * p.hours + e.hour;
    cap_w[k] = Math.min(cap_w[k]!, e.cap_mw * 1e6);
    dr[k] = Math.max(dr[k]!, e.payment_usd_per_mwh);
  }
  return { cap_w, dr_usd_per_mwh: dr, cap_normal_w };
}
