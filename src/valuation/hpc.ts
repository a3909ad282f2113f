/**
 * AI/HPC hosting cash flows of one conversion option, per month from the valuation start:
 *   IT MW of phase i     = share_i · gross MW / PUE_hpc
 *   capex                = capex_per_MW · IT MW, spread evenly over the build months from the phase start
 *                          (all in the first month when there is no build time)
 *   lease revenue        = lease_usd_per_MW_year / 12 · IT MW · (1 + escalator)^⌊months since lease start / 12⌋,
 *                          for term months after the build
 *   landlord power       = IT MW · PUE · hours · power price (only when the landlord pays power)
 *   opex                 = opex_usd_per_MW_year / 12 · IT MW during the lease
 *   residual             = residual share · capex, received in the lease's last month
 * Flows run to the last lease end even past the horizon: contracted payments are the value of the
 * conversion. After a tenant default a backstop pays `backstop_share` of the lease (net of any
 * landlord power); opex and residual continue.
 */
import type { HpcTerms, Phase } from './terms.js';
import { HOURS_PER_MONTH } from './model.js';

export interface HpcFlows {
  /** Flows without default (USD per month). */
  no_default: Float64Array;
  /** Flows after a default at or before the month. */
  defaulted: Float64Array;
  /** Lease revenue per 1 USD/MW-year of lease rate, without default and after default. */
  lease_unit_no_default: Float64Array;
  lease_unit_defaulted: Float64Array;
  first_lease_month: number;
}

/** Phase start as a month offset from the valuation start. */
export interface PhaseAt extends Phase {
  start: number;
}

export function hpcFlows(terms: HpcTerms, grossMw: number, phases: readonly PhaseAt[], powerPriceEscalator: number, minMonths: number): HpcFlows {
  const end = phases.reduce((m, p) => Math.max(m, p.start + Math.max(terms.build_months, 1) + terms.term_months), minMonths);
  const a = new Float64Array(end);
  const b = new Float64Array(end);
  const ua = new Float64Array(end);
  const ub = new Float64Array(end);
  let first = -1;
  const bs = terms.backstop_share;
  for (const ph of phases) {
    const itMw = (ph.share * grossMw) / terms.pue;
    const capex = terms.capex_usd_per_mw * itMw;
    // With no build time the capex is paid in the phase's first month.
    const build = Math.max(terms.build_months, 1);
    for (let t = ph.start; t < ph.start + build; t++) {
      a[t] = a[t]! - capex / build;
      b[t] = b[t]! - capex / build;
    }
    const leaseStart = ph.start + terms.build_months;
    if (first < 0 || leaseStart < first) first = leaseStart;
    for (let j = 0; j < terms.term_months; j++) {
      const t = leaseStart + j;
      const esc = Math.pow(1 + terms.escalator_annual, Math.floor(j / 12));
      const unit = (itMw / 12) * esc;
      const revenue = terms.lease_usd_per_mw_year * unit;
      const power = terms.power_paid_by === 'landlord' ? itMw * terms.pue * HOURS_PER_MONTH * terms.power_price_usd_per_mwh * Math.pow(1 + powerPriceEscalator, t / 12) : 0;
      const opex = (terms.opex_usd_per_mw_year / 12) * itMw;
      const residual = j === terms.term_months - 1 ? terms.residual_share_of_capex * capex : 0;
      a[t] = a[t]! + (revenue - power - opex + residual);
      b[t] = b[t]! + (bs * (revenue - power) - opex + residual);
      ua[t] = ua[t]! + unit;
      ub[t] = ub[t]! + (bs * unit);
    }
  }
  return { no_default: a, defaulted: b, lease_unit_no_default: ua, lease_unit_defaulted: ub, first_lease_month: first };
}

/** Share of the site still mining in each of `steps` months: 1 − Σ shares of phases started. */
export function miningWeights(phases: readonly PhaseAt[], steps: number): Float64Array {
  const w = new Float64Array(steps).fill(1);
  for (const ph of phases) for (let t = Math.max(ph.start, 0); t < steps; t++) w[t] = w[t]! - ph.share;
  for (let t = 0; t < steps; t++) if (w[t]! < 0) w[t] = 0;
  return w;
}
