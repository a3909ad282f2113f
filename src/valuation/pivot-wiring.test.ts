import { describe, expect, it } from 'vitest';
import type { MarketModel, OptionModel, SiteModel } from './model.js';
import { buildAll, gridRoot, valuePivot, withDrift, type PivotInputs, type PivotRunOptions } from './pivot.js';
import type { RawValuation } from './run.js';
import type { SiteSpec } from './terms.js';
import { fixedFit, FRONTIER, oneSite, START } from '../../test/helpers/valuation-fixtures.js';

/**
 * valuePivot's analyses on a stub runner whose option means are closed forms of the model it is
 * handed (no Monte Carlo): keeping the mine is worth 10⁶ · ln(P₀ / P*) — linear in ln P₀, so the
 * log-linear breakeven interpolation is exact and the breakeven is P* — and a conversion is worth
 * an offset per option name plus a weighted sum of every model input a tornado driver moves, plus
 * 1,000 per path simulated (a stand-in for a rerun's own noise, which the centring must cancel).
 * Expected figures come from the inputs rebuilt by hand for each driver (e.g. a $1.8M lease for
 * "+20%"), passed through the same closed forms.
 */
const PER_PATH = 1000;

function digest(m: MarketModel, s: SiteModel, o: OptionModel): number {
  return (
    1e7 * m.price_mu +
    1e6 * m.price_sigma +
    1e7 * (m.hash_alpha + m.hash_beta + m.hash_sigma) +
    1e3 * m.hash_lag +
    s.power_cost_usd[0]! +
    1e7 * s.default_hazard_monthly +
    1e6 * s.discount[s.discount.length - 1]! +
    0.01 * o.hpc_prefix_no_default[o.hpc_prefix_no_default.length - 1]!
  );
}

interface Stub {
  /** P* of keeping each site (by site name); default 60,000. */
  keepAt?: Record<string, number>;
  /** Offset of each conversion (by option name). */
  offset?: Record<string, number>;
  /** Keep worth max(0, ·): a fleet that never runs below P* (by site name). */
  floorKeep?: Record<string, boolean>;
}

const keepValue = (m: MarketModel, pStar: number): number => 1e6 * Math.log(m.start_price_usd_per_btc / pStar);

function optionMean(stub: Stub, m: MarketModel, s: SiteModel, o: OptionModel, paths: number): number {
  if (o.first_lease_month < 0) {
    const v = keepValue(m, stub.keepAt?.[s.name] ?? 60_000);
    return stub.floorKeep?.[s.name] ? Math.max(0, v) : v;
  }
  return (stub.offset?.[o.name] ?? 0) + digest(m, s, o) + PER_PATH * paths;
}

interface Call {
  market: MarketModel;
  sites: SiteModel[];
  paths: number;
  seed: number;
  progress: boolean;
}

/** A runner that reports progress in two blocks, the second after a tick (so concurrent runs interleave). */
function stubRun(stub: Stub, calls: Call[]): NonNullable<PivotRunOptions['run']> {
  return async (market, sites, seed, paths, onBlock) => {
    calls.push({ market, sites, paths, seed, progress: onBlock !== undefined });
    const npv = sites.flatMap((s) => s.options.map((o) => new Float64Array(paths).fill(optionMean(stub, market, s, o, paths))));
    onBlock?.(Math.ceil(paths / 2));
    await Promise.resolve();
    onBlock?.(paths);
    const raw: RawValuation = {
      paths,
      npv,
      lease_pv: npv.map(() => new Float64Array(paths)),
      mining_cf_mean: sites.map((s) => new Float64Array(s.power_cost_usd.length)),
      terminal_mean: new Float64Array(sites.length),
    };
    return raw;
  };
}

const HPC = {
  capex_usd_per_mw: 8e6,
  build_months: 12,
  term_years: 10,
  default_probability_pct_per_year: 3,
  backstop_pct: 50,
  lease_usd_per_mw_year: 1.5e6,
  power_paid_by: 'landlord' as const,
  power_price_usd_per_mwh: 50,
};
const site = (name: string, options: NonNullable<Parameters<typeof oneSite>[0]>['options']): SiteSpec => ({ ...oneSite({ hpc: HPC, options }), name });
const CONVERT = { kind: 'convert' as const, name: 'convert', share_pct: 60, start_month: '2026-06' };
const KEEP = { kind: 'keep' as const, name: 'keep' };

const BASE: PivotInputs = {
  fit: fixedFit({ mu: 0.01, sigma: 0.18, nu: 8, alpha: 0.02, beta: 0.2, hashSigma: 0.05, feeSigma: 0.5 }),
  start: START,
  steps: 24,
  discount_rate_annual: 0.1,
  // A user volatility of 90%/yr replaces the fitted 18%/month: σ = 0.9 / √12 a month.
  overrides: { btc_volatility_annual: 0.9 },
  frontier: FRONTIER,
  sites: [site('A', [KEEP, CONVERT])],
};

/** The stub's mean of a site's option on inputs built by hand (no paths term). */
function handMean(inp: PivotInputs, siteIndex: number, opt: number, stub: Stub = {}): number {
  const b = buildAll(inp);
  return optionMean(stub, b.market, b.sites[siteIndex]!, b.sites[siteIndex]!.options[opt]!, 0);
}

describe('pivot analyses on a closed-form runner', () => {
  it('states the drift with the user volatility: zero regime drift = −vol²/2 a year, overrides kept', () => {
    const { drift, inputs } = withDrift(BASE);
    expect(drift.regime).toBe('zero');
    // σ² / 2 · 12 = 0.81 / 12 / 2 · 12 = 0.405.
    expect(drift.drift_annual).toBeCloseTo(-0.405, 12);
    expect(inputs.overrides).toEqual({ btc_volatility_annual: 0.9, btc_drift_annual: drift.drift_annual });
  });

  it('breakeven BTC prices: keep at P*, the conversion where keeping gains its offset; no reason given', async () => {
    const inp = withDrift(BASE).inputs;
    // Offset the conversion so it is worth 500,000 at the base inputs: it breaks even with keeping at
    // 10⁶ · ln(P / 60,000) = 500,000, P = 60,000 · e^0.5 (inside the ×0.1…×10 grid around $100,000).
    const offset = 500_000 - handMean(inp, 0, 1);
    const calls: Call[] = [];
    const { sites } = await valuePivot(BASE, { paths: 4, seed: 3, sensitivity_paths: 2, run: stubRun({ offset: { convert: offset - 2 * PER_PATH } }, calls) });
    const [res] = sites;
    // Log-linear interpolation of a function linear in ln P: exact but for rounding.
    expect(res!.breakeven_price_usd_per_btc[0]).toBeCloseTo(60_000, 6);
    expect(res!.breakeven_price_usd_per_btc[1]).toBeCloseTo(60_000 * Math.exp(0.5), 6);
    expect(res!.breakeven_price_reason).toEqual([null, null]);
    // The grid: 17 start prices ×10^(−1 + k/8), after the main run, on the sensitivity paths.
    const grid = calls.slice(1, 18);
    grid.forEach((c, k) => expect(c.market.start_price_usd_per_btc).toBeCloseTo(100_000 * Math.pow(10, -1 + k / 8), 6));
    expect(calls.map((c) => c.paths)).toEqual([4, ...new Array<number>(calls.length - 1).fill(2)]);
    expect(calls.every((c) => c.seed === 3 && !c.progress)).toBe(true);
  });

  it('tornado: each driver reruns the inputs rebuilt by hand, centred on the main run, ranked by swing', async () => {
    const inp = withDrift(BASE).inputs;
    const d = inp.overrides.btc_drift_annual!;
    const { sites } = await valuePivot(BASE, { paths: 5, seed: 1, sensitivity_paths: 3, run: stubRun({}, []) });
    const dec = sites[0]!.decision!;
    const metric = (i: PivotInputs): number => handMean(i, 0, 1) - handMean(i, 0, 0);
    // The main run's case: its 5 paths add 5,000 to the conversion.
    expect(dec.base_usd).toBeCloseTo(metric(inp) + 5 * PER_PATH, 4);
    expect(sites[0]!.by_drift_regime[0]!.conversion_advantage_usd).toBeCloseTo(dec.base_usd, 6);
    const s0 = inp.sites[0]!;
    const withSite = (f: (s: SiteSpec) => SiteSpec): PivotInputs => ({ ...inp, sites: [f(s0)] });
    const hpcOf = (h: Partial<SiteSpec['hpc']>): PivotInputs => withSite((s) => ({ ...s, hpc: { ...s.hpc, ...h } }));
    const power = (mining: number, hpc: number): PivotInputs =>
      withSite((s) => ({ ...s, mining: { ...s.mining, power_price_usd_per_mwh: mining }, hpc: { ...s.hpc, power_price_usd_per_mwh: hpc } }));
    const fitAlpha = (a: number): PivotInputs => ({ ...inp, fit: { ...inp.fit, hashrate: { ...inp.fit.hashrate, alpha_monthly: a } } });
    const expected: [string, string, string, PivotInputs, PivotInputs][] = [
      [
        'BTC price now',
        '−30%',
        '+30%',
        { ...inp, start: { ...inp.start, price_usd_per_btc: 70_000 } },
        { ...inp, start: { ...inp.start, price_usd_per_btc: 130_000 } },
      ],
      [
        'BTC drift',
        '−20 pp/yr',
        '+20 pp/yr',
        { ...inp, overrides: { btc_volatility_annual: 0.9, btc_drift_annual: d - 0.2 } },
        { ...inp, overrides: { btc_volatility_annual: 0.9, btc_drift_annual: d + 0.2 } },
      ],
      [
        'BTC volatility',
        '×0.75',
        '×1.25',
        { ...inp, overrides: { btc_volatility_annual: 0.675, btc_drift_annual: d } },
        { ...inp, overrides: { btc_volatility_annual: 1.125, btc_drift_annual: d } },
      ],
      ['Hashrate growth', '−12 pp/yr', '+12 pp/yr', fitAlpha(0.01), fitAlpha(0.03)],
      ['Power price', '−20%', '+20%', power(24, 40), power(36, 60)],
      ['Lease rate', '−20%', '+20%', hpcOf({ lease_usd_per_mw_year: 1.2e6 }), hpcOf({ lease_usd_per_mw_year: 1.8e6 })],
      ['HPC capex', '−20%', '+20%', hpcOf({ capex_usd_per_mw: 6.4e6 }), hpcOf({ capex_usd_per_mw: 9.6e6 })],
      ['Tenant default', '0%/yr', '10%/yr', hpcOf({ default_probability_annual: 0 }), hpcOf({ default_probability_annual: 0.1 })],
      ['Discount rate', '−3 pp', '+3 pp', { ...inp, discount_rate_annual: 0.07 }, { ...inp, discount_rate_annual: 0.13 }],
    ];
    const bars = expected.map(([driver, low_label, high_label, lo, hi]) => ({
      driver,
      low_label,
      high_label,
      low_usd: dec.base_usd + metric(lo) - metric(inp),
      high_usd: dec.base_usd + metric(hi) - metric(inp),
      swing_usd: Math.abs(metric(hi) - metric(lo)),
    }));
    // Every driver moves the case (else the check below could not tell a driver from no change).
    for (const b of bars) expect(Math.abs(b.high_usd - b.low_usd)).toBeGreaterThan(1000);
    const ranked = [...bars].sort((a, b) => b.swing_usd - a.swing_usd);
    expect(dec.tornado.map((b) => b.driver)).toEqual(ranked.map((b) => b.driver));
    for (const [k, b] of ranked.entries()) {
      const got = dec.tornado[k]!;
      expect(got).toMatchObject({ driver: b.driver, low_label: b.low_label, high_label: b.high_label });
      // Rounding of values ~10⁶–10⁸ rebuilt along another route (e.g. (d + 0.2)/12 vs d/12 + 0.2/12).
      expect(got.low_usd).toBeCloseTo(b.low_usd, 4);
      expect(got.high_usd).toBeCloseTo(b.high_usd, 4);
      expect(got.swing_usd).toBeCloseTo(b.swing_usd, 4);
    }
  });

  it('without a user volatility the volatility driver scales the fitted σ (0.18 a month)', async () => {
    const fitted = { ...BASE, overrides: {} };
    const inp = withDrift(fitted).inputs;
    const d = inp.overrides.btc_drift_annual!;
    const { sites } = await valuePivot(fitted, { paths: 2, seed: 1, sensitivity_paths: 2, run: stubRun({}, []) });
    const dec = sites[0]!.decision!;
    const bar = dec.tornado.find((b) => b.driver === 'BTC volatility')!;
    const metric = (i: PivotInputs): number => handMean(i, 0, 1) - handMean(i, 0, 0);
    const sigma = (s: number): PivotInputs => ({
      ...inp,
      fit: { ...inp.fit, price: { ...inp.fit.price, sigma_monthly: s } },
      overrides: { btc_drift_annual: d },
    });
    expect(bar.low_usd).toBeCloseTo(dec.base_usd + metric(sigma(0.135)) - metric(inp), 4);
    expect(bar.high_usd).toBeCloseTo(dec.base_usd + metric(sigma(0.225)) - metric(inp), 4);
  });

  it('the discount-rate driver stops at 0 %', async () => {
    const low = { ...BASE, discount_rate_annual: 0.02 };
    const inp = withDrift(low).inputs;
    const { sites } = await valuePivot(low, { paths: 2, seed: 1, sensitivity_paths: 2, run: stubRun({}, []) });
    const bar = sites[0]!.decision!.tornado.find((b) => b.driver === 'Discount rate')!;
    const metric = (i: PivotInputs): number => handMean(i, 0, 1) - handMean(i, 0, 0);
    expect(bar.low_usd).toBeCloseTo(sites[0]!.decision!.base_usd + metric({ ...inp, discount_rate_annual: 0 }) - metric(inp), 4);
  });

  it('decides per site: the keep option anywhere in the list, ties to the first conversion, null without keep or conversion', async () => {
    const sitesIn = [
      // Two conversions worth the same: the first listed is the one compared with keeping.
      site('mixed', [{ ...CONVERT, name: 'x' }, KEEP, { ...CONVERT, name: 'y' }]),
      site('keep only', [KEEP]),
      site('no keep', [{ ...CONVERT, name: 'z' }]),
    ];
    const inputs: PivotInputs = { ...BASE, sites: sitesIn };
    const inp = withDrift(inputs).inputs;
    const offsets = { x: 100_000 - handMean(inp, 0, 0), y: 100_000 - handMean(inp, 0, 2), z: 0 };
    const stub = { keepAt: { mixed: 50_000, 'keep only': 200_000 } };
    const { sites } = await valuePivot(inputs, { paths: 1, seed: 1, sensitivity_paths: 1, run: stubRun({ ...stub, offset: offsets }, []) });
    const [mixed, keepOnly, noKeep] = sites;
    // Mixed: keep = 10⁶ · ln 2 = 693,147 beats both conversions (100,000 + 1,000 per path).
    const keepMixed = 1e6 * Math.log(2);
    expect(mixed!.decision).toMatchObject({ option: 'keep', conversion: 'x' });
    expect(mixed!.decision!.base_usd).toBeCloseTo(101_000 - keepMixed, 4);
    expect(mixed!.by_drift_regime.map((r) => r.option)).toEqual(['keep', 'keep', 'keep']);
    const main = mixed!.by_drift_regime[0]!;
    expect(main.npv_mean_usd[0]).toBeCloseTo(101_000, 4);
    expect(main.npv_mean_usd[1]).toBeCloseTo(keepMixed, 4);
    expect(main.npv_mean_usd[2]).toBeCloseTo(101_000, 4);
    expect(main.conversion_advantage_usd).toBeCloseTo(101_000 - keepMixed, 4);
    // The conversions break even with keeping where 10⁶ · ln(P / 50,000) = 101,000 (the reruns' 1 path).
    expect(mixed!.breakeven_price_usd_per_btc[0]).toBeCloseTo(50_000 * Math.exp(0.101), 6);
    expect(mixed!.breakeven_price_usd_per_btc[1]).toBeCloseTo(50_000, 6);
    // Keep only: no conversion to decide on, a breakeven at P* = 200,000.
    expect(keepOnly!.decision).toBeNull();
    expect(keepOnly!.by_drift_regime.map((r) => r.conversion_advantage_usd)).toEqual([null, null, null]);
    expect(keepOnly!.by_drift_regime[0]!.option).toBe('keep');
    expect(keepOnly!.breakeven_price_usd_per_btc[0]).toBeCloseTo(200_000, 6);
    // No keep: nothing to compare with.
    expect(noKeep!.decision).toBeNull();
    expect(noKeep!.breakeven_price_usd_per_btc).toEqual([null]);
    expect(noKeep!.breakeven_price_reason).toEqual(['no keep option to compare with']);
    expect(noKeep!.by_drift_regime.map((r) => r.conversion_advantage_usd)).toEqual([null, null, null]);
    expect(noKeep!.by_drift_regime[0]!.option).toBe('z');
  });

  it('a conversion listed first that beats keeping is the decision', async () => {
    const inputs: PivotInputs = { ...BASE, sites: [site('first', [{ ...CONVERT, name: 'x' }, KEEP])] };
    const inp = withDrift(inputs).inputs;
    const { sites } = await valuePivot(inputs, {
      paths: 1,
      seed: 1,
      sensitivity_paths: 1,
      run: stubRun({ keepAt: { first: 100_000 }, offset: { x: 300_000 - handMean(inp, 0, 0) } }, []),
    });
    // Keep is worth 10⁶ · ln 1 = 0 at $100,000; the conversion 301,000.
    expect(sites[0]!.decision).toMatchObject({ option: 'x', conversion: 'x' });
    expect(sites[0]!.decision!.base_usd).toBeCloseTo(301_000, 4);
    expect(sites[0]!.by_drift_regime[0]!.conversion_advantage_usd).toBeCloseTo(301_000, 4);
  });

  it('says why there is no breakeven: the sign of E[NPV] or of keep − convert over $10,000–$1,000,000', async () => {
    const range = '($10,000–$1,000,000)';
    const run = async (keepAt: number, offset: number, floor = false): Promise<(string | null)[]> => {
      const inputs: PivotInputs = { ...BASE, sites: [site('s', [KEEP, CONVERT])] };
      const inp = withDrift(inputs).inputs;
      const stub = { keepAt: { s: keepAt }, offset: { convert: offset - handMean(inp, 0, 1) - PER_PATH }, floorKeep: { s: floor } };
      const { sites } = await valuePivot(inputs, { paths: 1, seed: 1, sensitivity_paths: 1, run: stubRun(stub, []) });
      return sites[0]!.breakeven_price_reason;
    };
    // Keep positive everywhere (P* = 1,000) and worth more than a conversion worth −10⁸.
    expect(await run(1000, -1e8)).toEqual([
      `E[NPV] > 0 at every start price searched ${range}`,
      `keeping the mine is worth more at every start price searched ${range}`,
    ]);
    // Keep negative everywhere (P* = 10⁸) and beaten by a conversion worth 10⁸.
    expect(await run(1e8, 1e8)).toEqual([`E[NPV] ≤ 0 at every start price searched ${range}`, `beats keeping the mine at every start price searched ${range}`]);
    // A fleet worth exactly 0 below P* = $50,000 (it never runs there) and more above: no sign change.
    expect((await run(50_000, -1e8, true))[0]).toBe(`E[NPV] ≥ 0 at every start price searched, 0 at some ${range}`);
  });

  it('reports progress over every run to one total; hands no callback down when nobody listens', async () => {
    const seen: [number, number][] = [];
    const calls: Call[] = [];
    await valuePivot(BASE, { paths: 10, seed: 1, sensitivity_paths: 3, run: stubRun({}, calls), onProgress: (d, t) => seen.push([d, t]) });
    // Main run 10 + 3 paths × (17 grid prices + base + 2 × 9 drivers + 2 other regimes) = 124.
    expect(calls.length).toBe(1 + 17 + 1 + 18 + 2);
    expect(new Set(seen.map(([, t]) => t))).toEqual(new Set([124]));
    expect(seen[seen.length - 1]).toEqual([124, 124]);
    // Two blocks per run, each adding its own advance.
    expect(seen.length).toBe(2 * calls.length);
    for (let k = 1; k < seen.length; k++) expect(seen[k]![0]).toBeGreaterThan(seen[k - 1]![0]);
    expect(seen[0]).toEqual([5, 124]);
    expect(calls.every((c) => c.progress)).toBe(true);
  });

  it('sensitivity paths default to min(paths, 1,000)', async () => {
    const few: Call[] = [];
    await valuePivot(BASE, { paths: 7, seed: 1, run: stubRun({}, few) });
    expect(few.slice(1).every((c) => c.paths === 7)).toBe(true);
    const many: Call[] = [];
    const { sites } = await valuePivot(BASE, { paths: 1500, seed: 1, run: stubRun({}, many) });
    expect(many.slice(1).every((c) => c.paths === 1000)).toBe(true);
    expect(sites[0]!.by_drift_regime.map((r) => r.paths)).toEqual([1500, 1000, 1000]);
  });

  it('compares the user drift beside a stated regime chosen over it', async () => {
    const { drift, sites } = await valuePivot(
      { ...BASE, drift_regime: 'historical', overrides: { ...BASE.overrides, btc_drift_annual: 0.3 } },
      { paths: 1, seed: 1, sensitivity_paths: 1, run: stubRun({}, []) },
    );
    expect(drift.regime).toBe('historical');
    expect(sites[0]!.by_drift_regime.map((r) => r.regime)).toEqual(['historical', 'zero', 'risk-neutral', 'user']);
    expect(sites[0]!.by_drift_regime[3]!.drift_annual).toBeCloseTo(0.3, 12);
  });
});

describe('gridRoot', () => {
  it('a run of zeros between opposite signs gives its first point, not an interpolation across it', () => {
    // Interpolating from (1, −1) to (3, 3) would give 1.5.
    expect(gridRoot([1, 2, 3], [-1, 0, 3])).toBe(2);
    expect(gridRoot([1, 2, 3, 4], [2, 0, 0, -1])).toBe(2);
    expect(gridRoot([1, 2, 3], [1, 2, 3])).toBeNull();
  });
});
