/**
 * `pivot` end to end, pure: builds the market and sites, runs the main simulation (through an
 * injected runner, so the CLI can use worker threads), summarises, and adds two analyses run
 * in-thread on fewer paths with the same seed (common random numbers):
 *  - breakeven BTC price: the start price (all paths scaled) at which an option's mean NPV equals
 *    keeping the mine (for keep: where its mean NPV is 0), by log-linear interpolation on a grid
 *    of start prices from ×0.1 to ×10;
 *  - tornado: each main driver set low and high; the swing of the conversion case
 *    E[NPV best conversion] − E[NPV keep] per site. A rerun's figures are centred on the main run:
 *    bar value = main-run case + (rerun case − same-paths base rerun case), so the base shown is the
 *    difference of the option means printed and a rerun's noise cancels (common random numbers);
 *  - the decision under each stated BTC drift regime (./drift.ts), side by side.
 * The decision is the option with the highest mean NPV in the main run, keeping the mine included.
 */
import { buildMarket, buildSite, type MarketOverrides, type StartState } from './build.js';
import type { DriverFit } from './fit.js';
import type { FrontierFit } from './frontier.js';
import type { MarketModel, SiteModel } from './model.js';
import { comparedRegimes, driftFor, type DriftChoice, type DriftRegime } from './drift.js';
import { runValuation, type RawValuation } from './run.js';
import { mean } from './stats.js';
import { summarise, type SiteResult } from './summary.js';
import type { SiteSpec } from './terms.js';
import { formatEnUs } from '../units/en-us-number.js';

export interface PivotInputs {
  fit: DriverFit;
  start: StartState;
  steps: number;
  discount_rate_annual: number;
  overrides: MarketOverrides;
  frontier: FrontierFit;
  sites: SiteSpec[];
  /** Default: `user` when overrides.btc_drift_annual is set, else `zero`. */
  drift_regime?: DriftRegime | undefined;
}

export interface PivotRunOptions {
  paths: number;
  seed: number;
  /** Paths for the breakeven and tornado reruns (default min(paths, 1000)). */
  sensitivity_paths?: number;
  run?: (market: MarketModel, sites: SiteModel[], seed: number, paths: number, onBlock?: (pathsDone: number) => void) => RawValuation | Promise<RawValuation>;
  /**
   * Paths simulated so far over all runs (main run, then the sensitivity reruns) and their total,
   * called after each block of paths: a real progress figure for the whole computation.
   */
  onProgress?: (pathsDone: number, pathsTotal: number) => void;
}

export interface TornadoBar {
  driver: string;
  low_label: string;
  high_label: string;
  low_usd: number;
  high_usd: number;
  swing_usd: number;
}

export interface PivotDecision {
  /** The option with the highest mean NPV in the main run (keeping the mine included). */
  option: string;
  /** The best conversion by mean NPV, the one the case and the tornado compare with keeping. */
  conversion: string;
  /** E[NPV conversion] − E[NPV keep] of the main run: the difference of the printed means. */
  base_usd: number;
  tornado: TornadoBar[];
}

export interface RegimeDecision extends DriftChoice {
  /** Best option by mean NPV under this regime. */
  option: string;
  npv_mean_usd: number[];
  /** E[NPV best conversion] − E[NPV keep]; null without both. */
  conversion_advantage_usd: number | null;
  /** Paths behind these means (the main run's for the chosen regime). */
  paths: number;
}

export interface PivotSiteResult extends SiteResult {
  breakeven_price_usd_per_btc: (number | null)[];
  /** Why an option has no breakeven BTC price (null where it has one). */
  breakeven_price_reason: (string | null)[];
  /** null without a keep option and a conversion. */
  decision: PivotDecision | null;
  by_drift_regime: RegimeDecision[];
}

export interface PivotResult {
  drift: DriftChoice;
  sites: PivotSiteResult[];
}

export function buildAll(inp: PivotInputs): { market: MarketModel; sites: SiteModel[] } {
  return {
    market: buildMarket(inp.fit, inp.start, inp.steps, inp.overrides),
    sites: inp.sites.map((s, i) => buildSite(s, inp.start.month, inp.steps, inp.discount_rate_annual, inp.frontier, i)),
  };
}

function slotMeans(raw: RawValuation): number[] {
  return raw.npv.map(mean);
}

interface Driver {
  name: string;
  low: string;
  high: string;
  apply: (inp: PivotInputs, high: boolean) => PivotInputs;
}

const scaleSites = (inp: PivotInputs, f: (s: SiteSpec) => SiteSpec): PivotInputs => ({ ...inp, sites: inp.sites.map(f) });

const DRIVERS: Driver[] = [
  {
    name: 'BTC price now',
    low: '−30%',
    high: '+30%',
    apply: (i, h) => ({ ...i, start: { ...i.start, price_usd_per_btc: i.start.price_usd_per_btc * (h ? 1.3 : 0.7) } }),
  },
  {
    name: 'BTC drift',
    low: '−20 pp/yr',
    high: '+20 pp/yr',
    apply: (i, h) => ({
      ...i,
      fit: {
        ...i.fit,
        price: {
          ...i.fit.price,
          mu_monthly: (i.overrides.btc_drift_annual !== undefined ? i.overrides.btc_drift_annual / 12 : i.fit.price.mu_monthly) + (h ? 0.2 : -0.2) / 12,
        },
      },
      overrides: { ...i.overrides, btc_drift_annual: undefined },
    }),
  },
  {
    name: 'BTC volatility',
    low: '×0.75',
    high: '×1.25',
    apply: (i, h) => ({
      ...i,
      fit: {
        ...i.fit,
        price: {
          ...i.fit.price,
          sigma_monthly:
            (i.overrides.btc_volatility_annual !== undefined ? i.overrides.btc_volatility_annual / Math.sqrt(12) : i.fit.price.sigma_monthly) *
            (h ? 1.25 : 0.75),
        },
      },
      overrides: { ...i.overrides, btc_volatility_annual: undefined },
    }),
  },
  {
    name: 'Hashrate growth',
    low: '−12 pp/yr',
    high: '+12 pp/yr',
    apply: (i, h) => ({ ...i, fit: { ...i.fit, hashrate: { ...i.fit.hashrate, alpha_monthly: i.fit.hashrate.alpha_monthly + (h ? 0.01 : -0.01) } } }),
  },
  {
    name: 'Power price',
    low: '−20%',
    high: '+20%',
    apply: (i, h) =>
      scaleSites(i, (s) => ({
        ...s,
        mining: { ...s.mining, power_price_usd_per_mwh: s.mining.power_price_usd_per_mwh * (h ? 1.2 : 0.8) },
        hpc: { ...s.hpc, power_price_usd_per_mwh: s.hpc.power_price_usd_per_mwh * (h ? 1.2 : 0.8) },
      })),
  },
  {
    name: 'Lease rate',
    low: '−20%',
    high: '+20%',
    apply: (i, h) => scaleSites(i, (s) => ({ ...s, hpc: { ...s.hpc, lease_usd_per_mw_year: s.hpc.lease_usd_per_mw_year * (h ? 1.2 : 0.8) } })),
  },
  {
    name: 'HPC capex',
    low: '−20%',
    high: '+20%',
    apply: (i, h) => scaleSites(i, (s) => ({ ...s, hpc: { ...s.hpc, capex_usd_per_mw: s.hpc.capex_usd_per_mw * (h ? 1.2 : 0.8) } })),
  },
  {
    name: 'Tenant default',
    low: '0%/yr',
    high: '10%/yr',
    apply: (i, h) => scaleSites(i, (s) => ({ ...s, hpc: { ...s.hpc, default_probability_annual: h ? 0.1 : 0 } })),
  },
  {
    name: 'Discount rate',
    low: '−3 pp',
    high: '+3 pp',
    apply: (i, h) => ({ ...i, discount_rate_annual: Math.max(0, i.discount_rate_annual + (h ? 0.03 : -0.03)) }),
  },
];

const PRICE_GRID = Array.from({ length: 17 }, (_, k) => Math.pow(10, -1 + k / 8));

/**
 * Root of y(x) on a grid: linear interpolation across the first strict sign change (a run of exact
 * zeros between opposite signs gives its first point); null when y never changes sign, so a
 * function that is ≤ 0 everywhere has no root even where it touches 0.
 */
export function gridRoot(xs: readonly number[], ys: readonly number[]): number | null {
  let last = -1;
  for (let k = 0; k < ys.length; k++) {
    const y = ys[k]!;
    if (y === 0) continue;
    if (last >= 0 && Math.sign(ys[last]!) !== Math.sign(y)) {
      if (k - last > 1) return xs[last + 1]!;
      const y0 = ys[last]!;
      return xs[last]! + ((xs[k]! - xs[last]!) * y0) / (y0 - y);
    }
    last = k;
  }
  return null;
}

const money = (v: number): string => `$${formatEnUs(Math.round(v))}`;

function noRootReason(keepOption: boolean, ys: readonly number[], lo: number, hi: number): string {
  const range = `${money(lo)}–${money(hi)}`;
  const allNonPositive = ys.every((y) => y <= 0);
  if (keepOption) {
    if (allNonPositive) return `E[NPV] ≤ 0 at every start price searched (${range})`;
    // No sign change and not all ≤ 0: all ≥ 0. A fleet that never runs at the low prices is worth exactly 0 there.
    return ys.every((y) => y > 0) ? `E[NPV] > 0 at every start price searched (${range})` : `E[NPV] ≥ 0 at every start price searched, 0 at some (${range})`;
  }
  return allNonPositive
    ? `beats keeping the mine at every start price searched (${range})`
    : `keeping the mine is worth more at every start price searched (${range})`;
}

/** The drift regime in force and the inputs with its drift applied. */
export function withDrift(inp: PivotInputs, regime?: DriftRegime): { drift: DriftChoice; inputs: PivotInputs } {
  const user = inp.overrides.btc_drift_annual;
  const ctx = {
    fitted_mu_monthly: inp.fit.price.mu_monthly,
    sigma_monthly: inp.overrides.btc_volatility_annual !== undefined ? inp.overrides.btc_volatility_annual / Math.sqrt(12) : inp.fit.price.sigma_monthly,
    discount_rate_annual: inp.discount_rate_annual,
    user_drift_annual: user,
  };
  const drift = driftFor(regime ?? inp.drift_regime ?? (user !== undefined ? 'user' : 'zero'), ctx);
  return { drift, inputs: { ...inp, overrides: { ...inp.overrides, btc_drift_annual: drift.drift_annual } } };
}

export async function valuePivot(given: PivotInputs, opts: PivotRunOptions): Promise<PivotResult> {
  const { drift, inputs: inp } = withDrift(given);
  const regimes = comparedRegimes({
    fitted_mu_monthly: 0,
    sigma_monthly: 0,
    discount_rate_annual: 0,
    user_drift_annual: given.overrides.btc_drift_annual,
  }).filter((r) => r !== drift.regime);
  const { market, sites } = buildAll(inp);
  const run = opts.run ?? runValuation;
  const sensPaths = opts.sensitivity_paths ?? Math.min(opts.paths, 1000);
  const total = opts.paths + sensPaths * (PRICE_GRID.length + 1 + 2 * DRIVERS.length + regimes.length);
  // Runs may overlap (the reruns are issued together, for a pool to spread): progress adds each
  // run's own advance to one total.
  let doneTotal = 0;
  const progressOf = (): ((pathsDone: number) => void) | undefined => {
    if (!opts.onProgress) return undefined;
    let seen = 0;
    return (done) => {
      doneTotal += done - seen;
      seen = done;
      opts.onProgress?.(doneTotal, total);
    };
  };
  const raw = await run(market, sites, opts.seed, opts.paths, progressOf());
  const summary = summarise(inp.sites, sites, raw);
  const rerun = async (i: PivotInputs): Promise<number[]> => {
    const b = buildAll(i);
    return slotMeans(await run(b.market, b.sites, opts.seed, sensPaths, progressOf()));
  };
  const slotOf = (s: number, o: number): number => inp.sites.slice(0, s).reduce((n, x) => n + x.options.length, 0) + o;

  // Breakeven start price: one run per grid price gives every option's mean at once.
  const lnGrid = PRICE_GRID.map((m) => Math.log(m * inp.start.price_usd_per_btc));
  const gridRuns = Promise.all(PRICE_GRID.map((m) => rerun({ ...inp, start: { ...inp.start, price_usd_per_btc: inp.start.price_usd_per_btc * m } })));
  // Tornado: low and high run per driver, and the base on the same paths to centre them.
  const baseRun = rerun(inp);
  const driverRuns = Promise.all(
    DRIVERS.map(async (d) => {
      const [low, high] = await Promise.all([rerun(d.apply(inp, false)), rerun(d.apply(inp, true))]);
      return { d, low, high };
    }),
  );
  const mainMeans = slotMeans(raw);
  const otherRegimes = Promise.all(
    regimes.map(async (r) => {
      const w = withDrift(given, r);
      return { choice: w.drift, means: await rerun(w.inputs), paths: sensPaths };
    }),
  );
  const [gridMeans, sensBase, tornadoRuns, regimeReruns] = await Promise.all([gridRuns, baseRun, driverRuns, otherRegimes]);
  const regimeRuns = [{ choice: drift, means: mainMeans, paths: opts.paths }, ...regimeReruns];
  const lo = inp.start.price_usd_per_btc * PRICE_GRID[0]!;
  const hi = inp.start.price_usd_per_btc * PRICE_GRID[PRICE_GRID.length - 1]!;

  const results = summary.map((site, s): PivotSiteResult => {
    const spec = inp.sites[s]!;
    const keep = spec.options.findIndex((o) => o.kind === 'keep');
    const breakeven_price_reason: (string | null)[] = [];
    const breakeven = spec.options.map((o, j) => {
      if (o.kind !== 'keep' && keep < 0) {
        breakeven_price_reason.push('no keep option to compare with');
        return null;
      }
      const ys = gridMeans.map((means) => (o.kind === 'keep' ? means[slotOf(s, j)]! : means[slotOf(s, keep)]! - means[slotOf(s, j)]!));
      const root = gridRoot(lnGrid, ys);
      breakeven_price_reason.push(root === null ? noRootReason(o.kind === 'keep', ys, lo, hi) : null);
      return root === null ? null : Math.exp(root);
    });
    const convs = spec.options.map((o, j) => ({ o, j })).filter(({ o }) => o.kind !== 'keep');
    const bestOf = (means: number[], js: number[]): number => js.reduce((a, j) => (means[slotOf(s, j)]! > means[slotOf(s, a)]! ? j : a));
    const all = spec.options.map((_, j) => j);
    const bestConv = convs.length
      ? bestOf(
          mainMeans,
          convs.map((c) => c.j),
        )
      : -1;
    let decision: PivotDecision | null = null;
    if (keep >= 0 && bestConv >= 0) {
      const metric = (means: number[]): number => means[slotOf(s, bestConv)]! - means[slotOf(s, keep)]!;
      const base = metric(mainMeans);
      const centred = (means: number[]): number => base + metric(means) - metric(sensBase);
      const tornado = tornadoRuns
        .map(({ d, low, high }) => ({
          driver: d.name,
          low_label: d.low,
          high_label: d.high,
          low_usd: centred(low),
          high_usd: centred(high),
          swing_usd: Math.abs(metric(high) - metric(low)),
        }))
        .sort((a, b) => b.swing_usd - a.swing_usd);
      decision = { option: site.options[bestOf(mainMeans, all)]!.name, conversion: site.options[bestConv]!.name, base_usd: base, tornado };
    }
    const by_drift_regime = regimeRuns.map(({ choice, means, paths }): RegimeDecision => {
      const npv = all.map((j) => means[slotOf(s, j)]!);
      const conv = convs.length
        ? bestOf(
            means,
            convs.map((c) => c.j),
          )
        : -1;
      return {
        ...choice,
        option: site.options[bestOf(means, all)]!.name,
        npv_mean_usd: npv,
        conversion_advantage_usd: keep >= 0 && conv >= 0 ? npv[conv]! - npv[keep]! : null,
        paths,
      };
    });
    return { ...site, breakeven_price_usd_per_btc: breakeven, breakeven_price_reason, decision, by_drift_regime };
  });
  return { drift, sites: results };
}
