/**
 * The dispatch-plan job body (runs on a worker thread, see ../job-worker.ts): plans a fleet hour
 * by hour with src/dispatch/plan.ts and shapes the API's answer — plan and baseline totals, the
 * savings, the hashrate given up, a day × hour grid of grid power and prices for the heatmap, and
 * the Schedule (src/dispatch/schedule.ts), whose totals are the CLI's (`hashfloor dispatch --json`).
 */
import { hasSwitching, type DispatchProblem } from '../../../dispatch/problem.js';
import { planDispatch } from '../../../dispatch/plan.js';
import { planSchedule } from '../../../dispatch/schedule.js';
import { loadHighsSolver } from '../../../adapters/solver/highs-lp.js';
import { SECONDS_PER_DAY, unixSToDate } from '../../../units/time.js';
import type { JobProgressFn } from '../progress.js';
import type { DataAsOf } from '../../as-of.js';
import type { ContractSummary } from '../../../economics/power-contract.js';

export interface DispatchJobInput {
  fleet_id: string;
  /** The history the daily hashprice and BTC price come from; null when the request gives a constant hashprice. */
  data_as_of: DataAsOf | null;
  problem: DispatchProblem;
  prices_source: string;
  /** The hub (price column) each site pays, by site id. */
  price_hubs: Record<string, string>;
  /** The hour prices of the first site, for the heatmap (USD/MWh). */
  price_usd_per_mwh: Float64Array;
  /** The contract of each site, problem order. */
  contracts: ContractSummary[];
}

export async function runDispatchJob(input: DispatchJobInput, progress: JobProgressFn) {
  const { problem } = input;
  const hours = problem.hours;
  const a = problem.start_unix_s;
  progress(0, hours, 'h');
  // Switching rules under binding caps are solved exactly as LPs: load HiGHS only then.
  const lpSolver = hasSwitching(problem.switching) ? await loadHighsSolver() : undefined;
  const plan = planDispatch(problem, { onHour: (t) => progress(t + 1, hours, 'h'), lpSolver });
  const schedule = planSchedule(plan);
  const days = hours / 24;
  const rows = (series: Float64Array) => Array.from({ length: days }, (_, d) => Array.from(series.subarray(d * 24, d * 24 + 24)));
  return {
    data_as_of: input.data_as_of,
    fleet_id: input.fleet_id,
    from: unixSToDate(a),
    to: unixSToDate(a + (days - 1) * SECONDS_PER_DAY),
    hours,
    prices_source: input.prices_source,
    price_hubs: input.price_hubs,
    contracts: problem.sites.map((s, i) => ({
      site: s.id,
      contract: input.contracts[i]!,
      plan: plan.contracts[i]!.plan,
      baseline: plan.contracts[i]!.baseline,
    })),
    method: plan.method,
    plan: schedule.totals.plan,
    baseline: schedule.totals.baseline,
    savings_usd: plan.savings_usd,
    hashrate_given_up_pct_of_stock: plan.hashrate_given_up_pct_of_stock,
    heatmap: {
      dates: Array.from({ length: days }, (_, d) => unixSToDate(a + d * SECONDS_PER_DAY)),
      power_mw: rows(plan.hourly.power_mw),
      price_usd_per_mwh: rows(input.price_usd_per_mwh),
    },
    schedule,
  };
}

export type DispatchJobResult = Awaited<ReturnType<typeof runDispatchJob>>;
