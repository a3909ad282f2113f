import { describe, expect, it } from 'vitest';
import { hashpriceUsdPerPhDay, hashvalueSatPerPhDay } from '../economics/hashprice.js';
import { HOURS_PER_MONTH, type OptionModel, type SiteModel } from './model.js';
import { valuePivot, type PivotInputs } from './pivot.js';
import type { RawValuation } from './run.js';
import { expectedCashFlows, summarise, type OptionResult } from './summary.js';
import { fixedFit, FRONTIER, oneSite, START } from '../../test/helpers/valuation-fixtures.js';

/**
 * Zero volatility: every path is the same, so each summary has a closed form. The site mines 10 MW
 * at 15 J/TH (666.67 PH/s) for 24 months, or converts all of it at once to 8 IT MW (PUE 1.25) for a
 * two-year lease at L USD per MW-year after $1M/MW of capex. Monthly discount d = 1.1^(−1/12).
 * Under the default "zero" drift regime with σ = 0 the BTC price stays flat; network hashrate grows
 * 2%/month, so mining revenue in month t is A(P)·e^(−0.02·t) with A linear in the start price P:
 *   E[NPV keep](P)  = Σ_{t=1..24} d^t · (max(A(P)·e^(−0.02·t) − power, 0) − opex)
 *                     power = 10 MW · 730.5 h · $30/MWh, opex $10,000 a month (a month that does
 *                     not cover its power is curtailed and costs the opex alone)
 *   E[NPV convert]  = −capex · 8 · d + Σ_{t=1..24} d^t · L/12 · 8
 */
const d = Math.pow(1.1, -1 / 12);
const IT_MW = 8;
const CAPEX = 1e6;
const LEASE = 3e6;
const hpc = {
  pue: 1.25,
  capex_usd_per_mw: CAPEX,
  build_months: 0,
  lease_usd_per_mw_year: LEASE,
  escalator_pct_per_year: 0,
  term_years: 2,
  opex_usd_per_mw_year: 0,
  residual_pct_of_capex: 0,
  default_probability_pct_per_year: 0,
};
const inputs: PivotInputs = {
  fit: fixedFit({ mu: 0.01, alpha: 0.02 }),
  start: START,
  steps: 24,
  discount_rate_annual: 0.1,
  overrides: {},
  frontier: FRONTIER,
  sites: [oneSite({ hpc, options: [{ kind: 'keep' }, { kind: 'convert', share_pct: 100, start_month: START.month }] })],
};

// Month-one mining revenue at the start price, as in kernel.test.ts: fees are 2% of the reward.
const difficulty = (800e18 * 600) / 2 ** 32;
const hashprice = hashpriceUsdPerPhDay(hashvalueSatPerPhDay(difficulty, 312_500_000, (312_500_000 * 0.02) / 0.98), START.price_usd_per_btc);
const A0 = hashprice * (365.25 / 12) * 0.98 * (10e6 / 15 / 1000);
const sum = (f: (t: number) => number): number => Array.from({ length: 24 }, (_, i) => f(i + 1)).reduce((a, b) => a + b, 0);
const POWER = 10 * HOURS_PER_MONTH * 30;
const OPEX = 1000 * 10;
/** A month whose revenue does not cover its power is curtailed: it costs the opex alone. */
const keepAt = (price: number): number => sum((t) => d ** t * (Math.max(((A0 * price) / START.price_usd_per_btc) * Math.exp(-0.02 * t) - POWER, 0) - OPEX));
const leasePv = sum((t) => (d ** t * IT_MW) / 12); // ∂ E[NPV convert] / ∂L
const convert = -CAPEX * IT_MW * d + LEASE * leasePv;

describe('valuation summaries in the zero-volatility case equal their closed forms', async () => {
  const {
    sites: [res],
  } = await valuePivot(inputs, { paths: 8, seed: 3, sensitivity_paths: 8 });
  const [keep, conv] = res!.options;

  it('NPV: every quantile equals the mean, and the mean is the closed form', () => {
    expect(keepAt(START.price_usd_per_btc)).toBeGreaterThan(1e7);
    for (const [o, closed] of [
      [keep!, keepAt(START.price_usd_per_btc)],
      [conv!, convert],
    ] as const) {
      expect(o.npv_usd.mean).toBeCloseTo(closed, 2);
      for (const q of [o.npv_usd.p5, o.npv_usd.p50, o.npv_usd.p95]) expect(q).toBeCloseTo(o.npv_usd.mean, 6);
    }
    // Converting is worth more, on every path.
    expect(conv!.npv_usd.mean).toBeGreaterThan(keep!.npv_usd.mean);
    expect([keep!.prob_best, conv!.prob_best]).toEqual([0, 1]);
  });

  it('breakeven lease rate: L* = (E[NPV keep] + capex · 8 · d) / Σ d^t · 8/12', () => {
    const closed = (keepAt(START.price_usd_per_btc) + CAPEX * IT_MW * d) / leasePv;
    expect(closed).toBeCloseTo(1_559_692, 0); // to the dollar, as printed: ≈ $1.56M per MW-year
    expect(conv!.breakeven_lease_usd_per_mw_year).toBeCloseTo(closed, 4);
    expect(keep!.breakeven_lease_usd_per_mw_year).toBeNull();
  });

  it('breakeven BTC price: where E[NPV keep](P) = E[NPV convert], interpolated in ln P on the ×10^(k/8) grid', () => {
    // No month is curtailed above P0, so keep is linear in P there: P* = P0 · (E[NPV convert] + Σ d^t (power + opex)) / Σ d^t A0 e^(−0.02t).
    const P0 = START.price_usd_per_btc;
    const exact = (P0 * (convert + sum((t) => d ** t * (POWER + OPEX)))) / sum((t) => d ** t * A0 * Math.exp(-0.02 * t));
    expect(keepAt(exact)).toBeCloseTo(convert, 4);
    // The grid brackets it between P0 · 10^(2/8) and P0 · 10^(3/8); the planner interpolates
    // keep − convert linearly in ln P between those two prices.
    const [lo, hi] = [P0 * 10 ** (2 / 8), P0 * 10 ** (3 / 8)];
    expect(lo < exact && exact < hi).toBe(true);
    const [ylo, yhi] = [keepAt(lo) - convert, keepAt(hi) - convert];
    const interpolated = Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * ylo) / (ylo - yhi));
    expect(res!.breakeven_price_usd_per_btc[1]).toBeCloseTo(interpolated, 4);
    // Interpolating a line in ln P errs by less than 2% here.
    expect(Math.abs(interpolated / exact - 1)).toBeLessThan(0.02);
    // keep's own breakeven, where E[NPV keep] = 0: between P0 · 10^(−6/8) (every month curtailed,
    // −$217,646) and P0 · 10^(−5/8) (+$12,576, some months curtailed).
    const [klo, khi] = [P0 * 10 ** (-6 / 8), P0 * 10 ** (-5 / 8)];
    expect(keepAt(khi)).toBeGreaterThan(0);
    const kInterp = Math.exp(Math.log(klo) + ((Math.log(khi) - Math.log(klo)) * keepAt(klo)) / (keepAt(klo) - keepAt(khi)));
    expect(keepAt(klo)).toBeLessThan(0);
    expect(res!.breakeven_price_usd_per_btc[0]).toBeCloseTo(kInterp, 4);
  });

  it('IRR of converting against keeping: the rate at which the incremental flows discount to zero', () => {
    const inc = Array.from(conv!.expected_cf_usd, (v, t) => v - (keep!.expected_cf_usd[t] ?? 0));
    const irr = conv!.irr_vs_keep!;
    const m = Math.pow(1 + irr, 1 / 12) - 1;
    const npvAt = (r: number): number => inc.reduce((a, f, t) => a + f / (1 + r) ** (t + 1), 0);
    expect(Math.abs(npvAt(m))).toBeLessThan(1e-6 * Math.max(...inc.map(Math.abs)));
    // At the 10% discount rate the increment is worth E[NPV convert] − E[NPV keep] > 0, so IRR > 10%.
    expect(npvAt(d ** -1 - 1)).toBeCloseTo(convert - keepAt(START.price_usd_per_btc), 2);
    expect(irr).toBeGreaterThan(0.1);
  });
});

/** A hand-made option: only the fields expectedCashFlows and summarise read. */
function option(name: string, w: number[], a: number[] = [], b: number[] = [], c: number[] = [], first = -1): OptionModel {
  const f = (xs: number[]): Float64Array => Float64Array.from(xs);
  const none = new Float64Array(0);
  return {
    name,
    mining_weight: f(w),
    hpc_flow_no_default: f(a),
    hpc_flow_defaulted: f(b),
    hpc_flow_relet: f(c),
    first_lease_month: first,
    hpc_prefix_no_default: none,
    hpc_prefix_defaulted: none,
    hpc_prefix_relet: none,
    lease_prefix_no_default: none,
    lease_prefix_defaulted: none,
    lease_prefix_relet: none,
  };
}

function siteModel(options: OptionModel[], h: number, relet: number): SiteModel {
  return { name: 'hand', default_hazard_monthly: h, relet_after_months: relet, options } as unknown as SiteModel;
}

function raw(mining: number[], terminal: number, npv: number[][], leasePv: number[][]): RawValuation {
  return {
    paths: npv[0]!.length,
    npv: npv.map((x) => Float64Array.from(x)),
    lease_pv: leasePv.map((x) => Float64Array.from(x)),
    mining_cf_mean: [Float64Array.from(mining)],
    terminal_mean: Float64Array.of(terminal),
  };
}

describe('expectedCashFlows, worked by hand', () => {
  it('w·mining (+ w·terminal in the last month) + a·S(t) + b·(S(t − D) − S(t)) + c·(1 − S(t − D))', () => {
    // Three months of mining at weights 1, ½, ¼ with terminal 1,000; a lease from month 1, hazard
    // 10%/month, re-let 2 months after a default. S(t) = 0.9^(t − 1 + 1) from month 1, 1 before.
    const opt = option('lease', [1, 0.5, 0.25], [0, 10, 10, 10, 10], [0, -1, -1, -1, -1], [0, 5, 5, 5, 5], 1);
    const cf = expectedCashFlows(siteModel([opt], 0.1, 2), raw([100, 200, 300], 1000, [[0]], [[0]]), 0, 0);
    //   t = 0: 100;  t = 1: 100 + 10·0.9 − (1 − 0.9) = 108.9;  t = 2: 75 + 250 + 8.1 − 0.19 = 332.91;
    //   t = 3: 10·0.729 − (0.9 − 0.729) + 5·(1 − 0.9) = 7.619;  t = 4: 6.561 − 0.1539 + 5·0.19 = 7.3571.
    const want = [100, 108.9, 332.91, 7.619, 7.3571];
    expect(cf.length).toBe(5);
    cf.forEach((v, t) => expect(v).toBeCloseTo(want[t]!, 12));
  });

  it('without a lease: the weighted mining cash flow and terminal value alone', () => {
    const cf = expectedCashFlows(
      siteModel([option('keep', [1, 1, 0.5], [0, 0, 0], [0, 0, 0], [0, 0, 0])], 0.1, 2),
      raw([100, 200, 300], 1000, [[0]], [[0]]),
      0,
      0,
    );
    expect(Array.from(cf)).toEqual([100, 200, 650]);
  });
});

describe('summarise, worked by hand', () => {
  // Options in the order convert A, keep, convert B. Keep mines 50 a month with terminal 30: 50, 50, 80.
  // A stops mining and leases: −50, 50, 80, 0, 121, so A − keep = −100, 0, 0, 0, +121, whose monthly
  // IRR solves (1 + r)^4 = 1.21: 1.21^3 − 1 = 77.1561% a year. B mines like keep (no increment).
  const keepOpt = option('keep', [1, 1, 1], [0, 0, 0], [0, 0, 0], [0, 0, 0]);
  const a = option('A', [0, 0, 0], [-50, 50, 80, 0, 121], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], 0);
  const b = option('B', [1, 1, 1], [0, 0, 0], [0, 0, 0], [0, 0, 0]);
  const spec = oneSite({
    hpc: { ...hpc, lease_usd_per_mw_year: 2e6 },
    options: [{ kind: 'convert', share_pct: 50, start_month: START.month }, { kind: 'keep' }, { kind: 'convert', share_pct: 20, start_month: START.month }],
  });
  // NPV per path: A 10, 20 (mean 15); keep 30, 10 (mean 20); B 0, 5. Lease PV per USD/MW-year: A 2, B 0.
  const r = raw(
    [50, 50, 50],
    30,
    [
      [10, 20],
      [30, 10],
      [0, 5],
    ],
    [
      [2, 2],
      [0, 0],
      [0, 0],
    ],
  );
  // Summarised inside each test: Stryker's per-test coverage sees only code run by a test.
  const results = (): OptionResult[] => summarise([spec], [siteModel([a, keepOpt, b], 0, 0)], r)[0]!.options;

  it('IRR of the increment over keep, the keep option found where it stands', () => {
    const [resA, resKeep, resB] = results();
    expect(resA!.irr_vs_keep).toBeCloseTo(1.21 ** 3 - 1, 10);
    expect(resKeep!.irr_vs_keep).toBeNull();
    expect(resB!.irr_vs_keep).toBeNull(); // no increment, no sign change
    expect([resA!.kind, resKeep!.kind, resB!.kind]).toEqual(['convert', 'keep', 'convert']);
  });

  it('breakeven lease L + (E[NPV keep] − E[NPV]) / E[∂NPV/∂L]; none without lease revenue', () => {
    const [resA, resKeep, resB] = results();
    // 2,000,000 + (20 − 15) / 2.
    expect(resA!.breakeven_lease_usd_per_mw_year).toBeCloseTo(2_000_002.5, 6);
    expect(resB!.breakeven_lease_usd_per_mw_year).toBeNull();
    expect(resKeep!.breakeven_lease_usd_per_mw_year).toBeNull();
    expect([resA!.prob_best, resKeep!.prob_best, resB!.prob_best]).toEqual([0.5, 0.5, 0]);
  });

  it('with no keep option there is nothing to compare: no IRR, no breakeven', () => {
    const alone = oneSite({ hpc, options: [{ kind: 'convert', share_pct: 50, start_month: START.month }] });
    const [only] = summarise([alone], [siteModel([a], 0, 0)], raw([50, 50, 50], 30, [[10, 20]], [[2, 2]]))[0]!.options;
    expect(only).toMatchObject({ irr_vs_keep: null, breakeven_lease_usd_per_mw_year: null, prob_best: 1 });
    expect(Array.from(only!.expected_cf_usd)).toEqual([-50, 50, 80, 0, 121]);
  });
});
