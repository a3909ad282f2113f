/**
 * `pivot` end to end, pure: builds the market and sites, runs the main simulation (through an
 * injected runner, so the CLI can use worker threads), summarises, and adds two analyses run
 * in-thread on fewer paths with the same seed (common random numbers):
 *  - breakeven BTC price: the start price (all paths scaled) at which an option's mean NPV equals
 *    keeping the mine (for keep: where its mean NPV is 0), by log-linear interpolation on a grid
 *    of start prices from ×0.1 to ×10;
 *  - tornado: each main driver set low and high; the swing of the decision metric
 *    E[NPV best conversion] − E[NPV keep] per site.
 */
import { buildMarket, buildSite, type MarketOverrides, type StartState } from './build.js';
import type { DriverFit } from './fit.js';
import type { FrontierFit } from './frontier.js';
import type { MarketModel, SiteModel } from './model.js';
import { runValuation, type RawValuation } from './run.js';
import { mean } from './stats.js';
import { summarise, type SiteResult } from './summary.js';
import type { SiteSpec } from './terms.js';

export interface PivotInputs {
  fit: DriverFit;
  start: StartState;
  steps: number;
  discount_rate_annual: number;
  overrides: MarketOverrides;
  frontier: FrontierFit;
  sites: SiteSpec[];
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

export interface PivotSiteResult extends SiteResult {
  breakeven_price_usd_per_btc: (number | null)[];
  /** Decision metric at base: E[NPV of the best conversion] − E[NPV keep]; null without both. */
  decision: { option: string; base_usd: number; tornado: TornadoBar[] } | null;
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
  { name: 'BTC price now', low: '−30%', high: '+30%', apply: (i, h) => ({ ...i, start: { ...i.start, price_usd_per_btc: i.start.price_usd_per_btc * (h ? 1.3 : 0.7) } }) },
  { name: 'BTC drift', low: '−20 pp/yr', high: '+20 pp/yr', apply: (i, h) => ({ ...i, fit: { ...i.fit, price: { ...i.fit.price, mu_monthly: (i.overrides.btc_drift_annual !== undefined ? i.overrides.btc_drift_annual / 12 : i.fit.price.mu_monthly) + (h ? 0.2 : -0.2) / 12 } }, overrides: { ...i.overrides, btc_drift_annual: undefined } }) },
  { name: 'BTC volatility', low: '×0.75', high: '×1.25', apply: (i, h) => ({ ...i, fit: { ...i.fit, price: { ...i.fit.price, sigma_monthly: (i.overrides.btc_volatility_annual !== undefined ? i.overrides.btc_volatility_annual / Math.sqrt(12) : i.fit.price.sigma_monthly) * (h ? 1.25 : 0.75) } }, overrides: { ...i.overrides, btc_volatility_annual: undefined } }) },
  { name: 'Hashrate growth', low: '−12 pp/yr', high: '+12 pp/yr', apply: (i, h) => ({ ...i, fit: { ...i.fit, hashrate: { ...i.fit.hashrate, alpha_monthly: i.fit.hashrate.alpha_monthly + (h ? 0.01 : -0.01) } } }) },
  { name: 'Power price', low: '−20%', high: '+20%', apply: (i, h) => scaleSites(i, (s) => ({ ...s, mining: { ...s.mining, power_price_usd_per_mwh: s.mining.power_price_usd_per_mwh * (h ? 1.2 : 0.8) }, hpc: { ...s.hpc, power_price_usd_per_mwh: s.hpc.power_price_usd_per_mwh * (h ? 1.2 : 0.8) } })) },
  { name: 'Lease rate', low: '−20%', high: '+20%', apply: (i, h) => scaleSites(i, (s) => ({ ...s, hpc: { ...s.hpc, lease_usd_per_mw_year: s.hpc.lease_usd_per_mw_year * (h ? 1.2 : 0.8) } })) },
  { name: 'HPC capex', low: '−20%', high: '+20%', apply: (i, h) => scaleSites(i, (s) => ({ ...s, hpc: { ...s.hpc, capex_usd_per_mw: s.hpc.capex_usd_per_mw * (h ? 1.2 : 0.8) } })) },
  { name: 'Tenant default', low: '0%/yr', high: '10%/yr', apply: (i, h) => scaleSites(i, (s) => ({ ...s, hpc: { ...s.hpc, default_probability_annual: h ? 0.1 : 0 } })) },
  { name: 'Discount rate', low: '−3 pp', high: '+3 pp', apply: (i, h) => ({ ...i, discount_rate_annual: Math.max(0, i.discount_rate_annual + (h ? 0.03 : -0.03)) }) },
];

const PRICE_GRID = Array.from({ length: 17 }, (_, k) => Math.pow(10, -1 + k / 8));

/** Root of y(x) on a grid by linear interpolation between the first sign change; null when none. */
function gridRoot(xs: readonly number[], ys: readonly number[]): number | null {
  for (let k = 1; k < xs.length; k++) {
    const y0 = ys[k - 1]!;
    const y1 = ys[k]!;
    if (y0 === 0) return xs[k - 1]!;
    if (Math.sign(y0) !== Math.sign(y1)) return xs[k - 1]! + ((xs[k]! - xs[k - 1]!) * y0) / (y0 - y1);
  }
  return null;
}

export async function valuePivot(inp: PivotInputs, opts: PivotRunOptions): Promise<PivotSiteResult[]> {
  const { market, sites } = buildAll(inp);
  const run = opts.run ?? runValuation;
  const sensPaths = opts.sensitivity_paths ?? Math.min(opts.paths, 1000);
  const total = opts.paths + sensPaths * (PRICE_GRID.length + 1 + 2 * DRIVERS.length);
  let before = 0;
  const onBlock = opts.onProgress ? (done: number) => opts.onProgress?.(before + done, total) : undefined;
  const raw = await run(market, sites, opts.seed, opts.paths, onBlock);
  before = opts.paths;
  const summary = summarise(inp.sites, sites, raw);
  const rerun = (i: PivotInputs): number[] => {
    const b = buildAll(i);
    const means = slotMeans(runValuation(b.market, b.sites, opts.seed, sensPaths, onBlock));
    before += sensPaths;
    return means;
  };
  const slotOf = (s: number, o: number): number => inp.sites.slice(0, s).reduce((n, x) => n + x.options.length, 0) + o;

  // Breakeven start price: one run per grid price gives every option's mean at once.
  const lnGrid = PRICE_GRID.map((m) => Math.log(m * inp.start.price_usd_per_btc));
  const gridMeans = PRICE_GRID.map((m) => rerun({ ...inp, start: { ...inp.start, price_usd_per_btc: inp.start.price_usd_per_btc * m } }));
  // Tornado: low and high run per driver.
  const base = rerun(inp);
  const tornadoRuns = DRIVERS.map((d) => ({ d, low: rerun(d.apply(inp, false)), high: rerun(d.apply(inp, true)) }));

  return summary.map((site, s) => {
    const spec = inp.sites[s]!;
    const keep = spec.options.findIndex((o) => o.kind === 'keep');
    const breakeven = spec.options.map((o, j) => {
      const ys = gridMeans.map((means) => (o.kind === 'keep' ? means[slotOf(s, j)]! : means[slotOf(s, keep)]! - means[slotOf(s, j)]!));
      if (o.kind !== 'keep' && keep < 0) return null;
      const root = gridRoot(lnGrid, ys);
      return root === null ? null : Math.exp(root);
    });
    let decision: PivotSiteResult['decision'] = null;
    const convs = spec.options.map((o, j) => ({ o, j })).filter(({ o }) => o.kind !== 'keep');
    if (keep >= 0 && convs.length) {
      const best = convs.reduce((a, c) => (site.options[c.j]!.npv_usd.mean > site.options[a.j]!.npv_usd.mean ? c : a));
      const metric = (means: number[]): number => means[slotOf(s, best.j)]! - means[slotOf(s, keep)]!;
      const tornado = tornadoRuns
        .map(({ d, low, high }) => ({ driver: d.name, low_label: d.low, high_label: d.high, low_usd: metric(low), high_usd: metric(high), swing_usd: Math.abs(metric(high) - metric(low)) }))
        .sort((a, b) => b.swing_usd - a.swing_usd);
      decision = { option: best.o.name, base_usd: metric(base), tornado };
    }
    return { ...site, breakeven_price_usd_per_btc: breakeven, decision };
  });
}
