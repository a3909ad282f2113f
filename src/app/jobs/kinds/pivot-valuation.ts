/**
 * The pivot-valuation job body (runs on a worker thread, see ../job-worker.ts): the Monte Carlo
 * of keeping a mine vs converting it to AI/HPC hosting (src/valuation/pivot.ts), single-threaded
 * in its worker so the other core keeps serving requests. Progress counts every simulated path:
 * the main run plus the breakeven and tornado reruns. IRR in percent = irr (a fraction) × 100.
 */
import { valuePivot, type PivotInputs } from '../../../valuation/pivot.js';
import type { ValidationIssue } from '../../../errors.js';
import type { DataAsOf } from '../../as-of.js';
import type { JobProgressFn } from '../progress.js';
import type { PivotContractOut } from '../../pivot-contracts.js';

export interface PivotJobInput {
  inputs: PivotInputs;
  paths: number;
  seed: number;
  horizon_years: number;
  discount_rate_pct: number;
  /** The history's last complete day; the simulation starts the month after it. */
  data_as_of: DataAsOf;
  /** The site spec's implausible values (config/plausible.ts), passed through to the result. */
  warnings: ValidationIssue[];
  /** What priced each site's power (src/app/pivot-contracts.ts). */
  contracts: PivotContractOut[];
}

export async function runPivotJob(input: PivotJobInput, progress: JobProgressFn) {
  const { inputs, paths, seed } = input;
  progress(0, paths, 'paths');
  const { drift, sites: results } = await valuePivot(inputs, {
    paths,
    seed,
    sensitivity_paths: Math.min(paths, 500),
    onProgress: (done, total) => progress(done, total, 'paths'),
  });
  return {
    data_as_of: input.data_as_of,
    warnings: input.warnings,
    contracts: input.contracts,
    start: { month: inputs.start.month, price_usd_per_btc: inputs.start.price_usd_per_btc, hashrate_ehs: inputs.start.hashrate_ehs },
    paths,
    seed,
    btc_drift_regime: drift.regime,
    btc_drift_pct_per_year: drift.drift_annual * 100,
    btc_expected_growth_pct_per_year: drift.expected_growth_annual * 100,
    horizon_years: input.horizon_years,
    discount_rate_pct: input.discount_rate_pct,
    sites: results.map((s) => ({
      name: s.name,
      options: s.options.map((o, j) => ({
        name: o.name,
        kind: o.kind,
        npv_usd: o.npv_usd,
        prob_best: o.prob_best,
        irr_vs_keep_pct: o.irr_vs_keep === null ? null : o.irr_vs_keep * 100,
        breakeven_lease_usd_per_mw_year: o.breakeven_lease_usd_per_mw_year,
        breakeven_price_usd_per_btc: s.breakeven_price_usd_per_btc[j] ?? null,
        breakeven_price_reason: s.breakeven_price_reason[j] ?? null,
      })),
      decision: s.decision,
      by_drift_regime: s.by_drift_regime.map((r) => ({
        regime: r.regime,
        btc_drift_pct_per_year: r.drift_annual * 100,
        btc_expected_growth_pct_per_year: r.expected_growth_annual * 100,
        option: r.option,
        conversion_advantage_usd: r.conversion_advantage_usd,
        paths: r.paths,
      })),
    })),
  };
}

export type PivotJobResult = Awaited<ReturnType<typeof runPivotJob>>;
