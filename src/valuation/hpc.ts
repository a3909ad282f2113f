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
 * landlord power) while the hall is empty; from `relet_after_months` after the default a new
 * tenant pays r = max(backstop share, relet share) of it for the rest of the original term (a
 * landlord re-lets only above the guarantee). Opex and residual continue throughout.
 * Tax: every month's positive flow of each array pays `taxRate` (no loss carry-forward); the
 * lease-unit arrays (∂flow/∂lease rate) are scaled by 1 − tax where the flow is positive.
 */
import type { HpcTerms, Phase } from './terms.js';
import { HOURS_PER_MONTH } from './model.js';

export interface HpcFlows {
  /** Flows without default (USD per month). */
  no_default: Float64Array;
  /** Flows after a default at or before the month, hall empty. */
  defaulted: Float64Array;
  /** Flows once re-let after a default. */
  relet: Float64Array;
  /** Lease revenue per 1 USD/MW-year of lease rate: without default, after default (empty), re-let. */
  lease_unit_no_default: Float64Array;
  lease_unit_defaulted: Float64Array;
  lease_unit_relet: Float64Array;
  first_lease_month: number;
}

/** Phase start as a month offset from the valuation start. */
export interface PhaseAt extends Phase {
  start: number;
}

export function hpcFlows(terms: HpcTerms, grossMw: number, phases: readonly PhaseAt[], powerPriceEscalator: number, minMonths: number, taxRate = 0): HpcFlows {
  const end = phases.reduce((m, p) => Math.max(m, p.start + Math.max(terms.build_months, 1) + terms.term_months), minMonths);
  const a = new Float64Array(end);
  const b = new Float64Array(end);
  const ua = new Float64Array(end);
  const ub = new Float64Array(end);
  const c = new Float64Array(end);
  const uc = new Float64Array(end);
  let first = -1;
  const bs = terms.backstop_share;
  const rs = Math.max(bs, terms.relet_share);
  for (const ph of phases) {
    const itMw = (ph.share * grossMw) / terms.pue;
    const capex = terms.capex_usd_per_mw * itMw;
    // With no build time the capex is paid in the phase's first month.
    const build = Math.max(terms.build_months, 1);
    for (let t = ph.start; t < ph.start + build; t++) {
      a[t] = a[t]! - capex / build;
      b[t] = b[t]! - capex / build;
      c[t] = c[t]! - capex / build;
    }
    const leaseStart = ph.start + terms.build_months;
    if (first < 0 || leaseStart < first) first = leaseStart;
    for (let j = 0; j < terms.term_months; j++) {
      const t = leaseStart + j;
      const esc = Math.pow(1 + terms.escalator_annual, Math.floor(j / 12));
      const unit = (itMw / 12) * esc;
      const revenue = terms.lease_usd_per_mw_year * unit;
      const power =
        terms.power_paid_by === 'landlord' ? itMw * terms.pue * HOURS_PER_MONTH * terms.power_price_usd_per_mwh * Math.pow(1 + powerPriceEscalator, t / 12) : 0;
      const opex = (terms.opex_usd_per_mw_year / 12) * itMw;
      const residual = j === terms.term_months - 1 ? terms.residual_share_of_capex * capex : 0;
      a[t] = a[t]! + (revenue - power - opex + residual);
      b[t] = b[t]! + (bs * (revenue - power) - opex + residual);
      c[t] = c[t]! + (rs * (revenue - power) - opex + residual);
      ua[t] = ua[t]! + unit;
      ub[t] = ub[t]! + bs * unit;
      uc[t] = uc[t]! + rs * unit;
    }
  }
  if (taxRate > 0) {
    for (const [flow, unit] of [
      [a, ua],
      [b, ub],
      [c, uc],
    ] as const) {
      for (let t = 0; t < end; t++) {
        if (flow[t]! > 0) {
          flow[t] = flow[t]! * (1 - taxRate);
          unit[t] = unit[t]! * (1 - taxRate);
        }
      }
    }
  }
  return { no_default: a, defaulted: b, relet: c, lease_unit_no_default: ua, lease_unit_defaulted: ub, lease_unit_relet: uc, first_lease_month: first };
}

/** Share of the site still mining in each of `steps` months: 1 − Σ shares of phases started. */
export function miningWeights(phases: readonly PhaseAt[], steps: number): Float64Array {
  const w = new Float64Array(steps).fill(1);
  for (const ph of phases) for (let t = Math.max(ph.start, 0); t < steps; t++) w[t] = w[t]! - ph.share;
  for (let t = 0; t < steps; t++) if (w[t]! < 0) w[t] = 0;
  return w;
}
