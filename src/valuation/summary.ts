/**
 * Per-option results of a run: NPV distribution, probability of being best, IRR of the expected
 * incremental cash flows against keeping the mine, and the breakeven lease rate.
 *  - Expected cash flow of option o in month t: w_o[t]·E[mining cf_t] + a_t·S(t) + b_t·(1 − S(t)),
 *    S(t) = (1 − h)^(t − first lease + 1) the probability the tenant has not defaulted by t.
 *  - Breakeven lease rate: NPV is linear in the lease rate L, so
 *    L* = L + (E[NPV_keep] − E[NPV_o]) / E[∂NPV_o/∂L] with ∂NPV/∂L the discounted lease revenue per USD/MW-year.
 */
import type { SiteModel } from './model.js';
import type { RawValuation } from './run.js';
import { distribution, irrAnnual, mean, probabilityBest, type Distribution } from './stats.js';
import type { SiteSpec } from './terms.js';

export interface OptionResult {
  name: string;
  kind: 'keep' | 'convert' | 'phased';
  npv_usd: Distribution;
  prob_best: number;
  /** IRR (annual) of E[cash flow of this option − cash flow of keeping the mine]; null when undefined. */
  irr_vs_keep: number | null;
  /** Lease rate (USD per IT MW-year) at which E[NPV] equals keeping the mine; null for keep. */
  breakeven_lease_usd_per_mw_year: number | null;
  /** Expected cash flow per month (USD), mining and hosting together. */
  expected_cf_usd: Float64Array;
}

export interface SiteResult {
  name: string;
  options: OptionResult[];
}

export function expectedCashFlows(site: SiteModel, raw: RawValuation, siteIndex: number, optIndex: number): Float64Array {
  const opt = site.options[optIndex]!;
  const mining = raw.mining_cf_mean[siteIndex]!;
  const T = mining.length;
  const len = Math.max(T, opt.hpc_flow_no_default.length);
  const out = new Float64Array(len);
  for (let t = 0; t < T; t++) out[t] = opt.mining_weight[t]! * mining[t]!;
  out[T - 1] = out[T - 1]! + opt.mining_weight[T - 1]! * raw.terminal_mean[siteIndex]!;
  if (opt.first_lease_month >= 0) {
    const h = site.default_hazard_monthly;
    // P(no default by the end of month t); month t is re-let when the default came ≥ D months before.
    const surv = (t: number): number => (t < opt.first_lease_month ? 1 : Math.pow(1 - h, t - opt.first_lease_month + 1));
    const D = site.relet_after_months;
    for (let t = 0; t < opt.hpc_flow_no_default.length; t++) {
      const s = surv(t);
      const sD = surv(t - D);
      out[t] = out[t]! + opt.hpc_flow_no_default[t]! * s + opt.hpc_flow_defaulted[t]! * (sD - s) + opt.hpc_flow_relet[t]! * (1 - sD);
    }
  }
  return out;
}

export function summarise(specs: readonly SiteSpec[], sites: readonly SiteModel[], raw: RawValuation): SiteResult[] {
  let slot = 0;
  return sites.map((site, s) => {
    const spec = specs[s]!;
    const slots = site.options.map((_, o) => slot + o);
    slot += site.options.length;
    const best = probabilityBest(slots.map((k) => raw.npv[k]!));
    const keepIndex = spec.options.findIndex((o) => o.kind === 'keep');
    const keepMean = keepIndex >= 0 ? mean(raw.npv[slots[keepIndex]!]!) : NaN;
    const keepCf = keepIndex >= 0 ? expectedCashFlows(site, raw, s, keepIndex) : undefined;
    const options = site.options.map((opt, o): OptionResult => {
      const kind = spec.options[o]!.kind;
      const npv = distribution(raw.npv[slots[o]!]!);
      const cf = expectedCashFlows(site, raw, s, o);
      let irr: number | null = null;
      let breakeven: number | null = null;
      if (kind !== 'keep' && keepCf) {
        const inc = new Float64Array(Math.max(cf.length, keepCf.length));
        for (let t = 0; t < inc.length; t++) inc[t] = (cf[t] ?? 0) - (keepCf[t] ?? 0);
        irr = irrAnnual(inc);
        const dNpvDLease = mean(raw.lease_pv[slots[o]!]!);
        if (dNpvDLease > 0) breakeven = Math.max(0, spec.hpc.lease_usd_per_mw_year + (keepMean - npv.mean) / dNpvDLease);
      }
      return { name: opt.name, kind, npv_usd: npv, prob_best: best[o]!, irr_vs_keep: irr, breakeven_lease_usd_per_mw_year: breakeven, expected_cf_usd: cf };
    });
    return { name: site.name, options };
  });
}
