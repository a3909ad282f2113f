/**
 * The valuation's inputs in the shape the Monte Carlo kernel consumes: every deterministic
 * schedule (subsidy, power cost, opex, discount factors, option weights, HPC lease flows) is
 * precomputed per month here, so the hot loop only simulates the market and the mining margin.
 * All money is nominal USD; month t covers [start + t, start + t + 1) and its cash flow is
 * discounted at its end: d_t = (1 + r)^−(t+1)/12.
 */
import { HALVING_INTERVAL, subsidySat } from '../chain/subsidy.js';
import { satToBtc } from '../units/sat.js';

/** Blocks in an average month at one block per 600 s: 144 · 365.25 / 12. */
export const BLOCKS_PER_MONTH = (144 * 365.25) / 12;
/** Hours in an average month: 24 · 365.25 / 12. */
export const HOURS_PER_MONTH = (24 * 365.25) / 12;

export interface MarketModel {
  steps: number;
  start_price_usd_per_btc: number;
  start_hashrate_ehs: number;
  start_fee_share: number;
  /** Log return drift and standard deviation per month; ν of the Student-t (∞ → use 1e9). */
  price_mu: number;
  price_sigma: number;
  price_nu: number;
  /** Δln H_t = α + β·Δln Rev_{t−lag} + σ_h·Z. */
  hash_alpha: number;
  hash_beta: number;
  hash_lag: number;
  hash_sigma: number;
  /** logit fee share: x_t = c + φ·x_{t−1} + σ_f·Z. */
  fee_c: number;
  fee_phi: number;
  fee_sigma: number;
  /** Δln Rev of the `hash_lag` months before the start, oldest first (history feeds the lag). */
  initial_rev_log_changes: Float64Array;
  /** Mean subsidy per block in each simulated month (BTC), from the exact schedule. */
  subsidy_btc: Float64Array;
}

/** One valuation option of a site (keep, convert, phased) reduced to per-month schedules. */
export interface OptionModel {
  name: string;
  /** Share of the mining fleet still mining in month t (1 = all). */
  mining_weight: Float64Array;
  /** Discounted HPC flows without default, a[t]·d_t, and after a default, b[t]·d_t, as prefix sums (length n+1). */
  hpc_prefix_no_default: Float64Array;
  hpc_prefix_defaulted: Float64Array;
  /** The same once the hall is re-let after a default (prefix sums, length n+1). */
  hpc_prefix_relet: Float64Array;
  /** Discounted lease revenue per 1 USD/MW-year of lease rate: prefix sums, without and after default. */
  lease_prefix_no_default: Float64Array;
  lease_prefix_defaulted: Float64Array;
  lease_prefix_relet: Float64Array;
  /** Undiscounted HPC flows a[t], b[t] (for expected cash flows and IRR). */
  hpc_flow_no_default: Float64Array;
  hpc_flow_defaulted: Float64Array;
  hpc_flow_relet: Float64Array;
  /** Month the first lease starts (the tenant's default clock starts here); −1 when no HPC. */
  first_lease_month: number;
}

export interface SiteModel {
  name: string;
  /** Mining IT load at full fleet (W) and the fleet's efficiency now (J/TH). */
  mining_it_w: number;
  efficiency_jth: number;
  pool_fee: number;
  uptime: number;
  /** Energy cost of running the whole fleet for month t (USD), facility PUE included. */
  power_cost_usd: Float64Array;
  /** Fixed site opex in month t (USD), paid whether mining runs or not. */
  opex_usd: Float64Array;
  /** Efficiency of the best machine one can buy in month t (J/TH). */
  frontier_jth: Float64Array;
  refresh_capex_usd_per_ths: number;
  refresh_payback_months: number;
  refresh_min_interval_months: number;
  /** Mining terminal value = max(0, last 12 months' cash flow) · terminal_years, at the horizon. */
  terminal_years: number;
  /** Tenant's monthly default hazard h = 1 − (1 − p_annual)^(1/12). */
  default_hazard_monthly: number;
  /** Months from a default to the new tenant's lease. */
  relet_after_months: number;
  /** Tax rate on each month's positive mining cash flow (0–1). */
  tax_rate: number;
  discount: Float64Array;
  options: OptionModel[];
}

/**
 * Mean subsidy per block (BTC) for each month from `startHeight`, summing the exact schedule over
 * the month's blocks (a halving inside a month is prorated by blocks).
 */
export function monthlySubsidyBtc(startHeight: number, steps: number): Float64Array {
  const out = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    const h0 = Math.round(startHeight + t * BLOCKS_PER_MONTH);
    const h1 = Math.round(startHeight + (t + 1) * BLOCKS_PER_MONTH);
    let sum = 0;
    let h = h0;
    while (h < h1) {
      const eraEnd = (Math.floor(h / HALVING_INTERVAL) + 1) * HALVING_INTERVAL;
      const end = Math.min(eraEnd, h1);
      sum += (end - h) * satToBtc(subsidySat(h));
      h = end;
    }
    out[t] = sum / (h1 - h0);
  }
  return out;
}

/** End-of-month discount factors d_t = (1 + r)^−(t+1)/12 for `n` months. */
export function discountFactors(rateAnnual: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const m = Math.pow(1 + rateAnnual, -1 / 12);
  let d = 1;
  for (let t = 0; t < n; t++) {
    d *= m;
    out[t] = d;
  }
  return out;
}

/** Prefix sums P[k] = Σ_{t<k} flows[t]·d[t] (length n + 1). */
export function discountedPrefix(flows: Float64Array, d: Float64Array): Float64Array {
  const out = new Float64Array(flows.length + 1);
  for (let t = 0; t < flows.length; t++) out[t + 1] = out[t]! + flows[t]! * d[t]!;
  return out;
}
