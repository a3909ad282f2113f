import { describe, expect, it } from 'vitest';
import { simulateChunk, type MarketRecord } from './kernel.js';
import { BLOCKS_PER_MONTH, discountedPrefix, discountFactors, type MarketModel, type OptionModel, type SiteModel } from './model.js';
import { PathRng } from './rng.js';

/**
 * simulateChunk against a plain reference written from the kernel's doc comment: one path at a
 * time, months in order, Math.exp/Math.log, no batching, ring buffer or segment sums. Both read the
 * same draws (per path: S uniforms, T Student-t, 2T normals, by PathRng's fills, which rng tests
 * pin down), so they must agree to rounding. Hand-made inputs (not real data): two sites, a lag-2
 * hashrate response, a halving inside the horizon, fleet refreshes, tax, a tenant that defaults.
 */
const T = 30;
const LAG = 2;
const SUBSIDY = Float64Array.from({ length: T }, (_, t) => (t < 20 ? 3.125 : 1.5625));
const MARKET: MarketModel = {
  steps: T,
  start_price_usd_per_btc: 100_000,
  start_hashrate_ehs: 800,
  start_fee_share: 0.03,
  price_mu: 0.01,
  price_sigma: 0.2,
  price_nu: 5,
  hash_alpha: 0.02,
  hash_beta: 0.3,
  hash_lag: LAG,
  hash_sigma: 0.05,
  fee_c: -1.2,
  fee_phi: 0.6,
  fee_sigma: 0.5,
  initial_rev_log_changes: Float64Array.from([0.08, -0.05]),
  subsidy_btc: SUBSIDY,
};
const DISCOUNT = discountFactors(0.1, T);
const constant = (v: number): Float64Array => new Float64Array(T).fill(v);
const zeros = (): Float64Array => new Float64Array(T + 1);

function miningOption(name: string, weight: (t: number) => number): OptionModel {
  return {
    name,
    mining_weight: Float64Array.from({ length: T }, (_, t) => weight(t)),
    hpc_prefix_no_default: zeros(),
    hpc_prefix_defaulted: zeros(),
    hpc_prefix_relet: zeros(),
    lease_prefix_no_default: zeros(),
    lease_prefix_defaulted: zeros(),
    lease_prefix_relet: zeros(),
    hpc_flow_no_default: new Float64Array(T),
    hpc_flow_defaulted: new Float64Array(T),
    hpc_flow_relet: new Float64Array(T),
    first_lease_month: -1,
  };
}

/** Convert the hall from month 12: capex then a lease, a 30% backstop after a default, a re-let at 80%. */
function convertOption(): OptionModel {
  const flow = (f: (t: number) => number): Float64Array => Float64Array.from({ length: T }, (_, t) => (t < 12 ? 0 : f(t)));
  const nd = flow((t) => (t === 12 ? -2e6 : 150_000));
  const df = flow((t) => (t === 12 ? -2e6 : 45_000));
  const rl = flow((t) => (t === 12 ? -2e6 : 120_000));
  const unit = flow(() => 8 / 12);
  return {
    ...miningOption('convert', (t) => (t < 12 ? 1 : 0)),
    hpc_prefix_no_default: discountedPrefix(nd, DISCOUNT),
    hpc_prefix_defaulted: discountedPrefix(df, DISCOUNT),
    hpc_prefix_relet: discountedPrefix(rl, DISCOUNT),
    lease_prefix_no_default: discountedPrefix(unit, DISCOUNT),
    lease_prefix_defaulted: discountedPrefix(new Float64Array(T), DISCOUNT),
    lease_prefix_relet: discountedPrefix(
      flow(() => (0.8 * 8) / 12),
      DISCOUNT,
    ),
    hpc_flow_no_default: nd,
    hpc_flow_defaulted: df,
    hpc_flow_relet: rl,
    first_lease_month: 12,
  };
}

/** A 10 MW fleet at 25 J/TH whose frontier improves 7%/month: refreshes pay back on good paths. */
const REFRESHER: SiteModel = {
  name: 'refresher',
  mining_it_w: 10e6,
  efficiency_jth: 25,
  pool_fee: 0.02,
  uptime: 0.95,
  power_cost_usd: Float64Array.from({ length: T }, (_, t) => 10 * 730.5 * (70 + t)),
  opex_usd: constant(40_000),
  frontier_jth: Float64Array.from({ length: T }, (_, t) => 24 * 0.93 ** t),
  refresh_capex_usd_per_ths: 1,
  refresh_payback_months: 10,
  refresh_min_interval_months: 6,
  terminal_years: 2,
  default_hazard_monthly: 0,
  relet_after_months: 0,
  tax_rate: 0,
  discount: DISCOUNT,
  // No option with a constant weight: segments must end exactly where some option's weight changes.
  options: [miningOption('phased', (t) => (t < 8 ? 1 : t < 20 ? 0.5 : 0.25)), miningOption('halved', (t) => (t < 8 ? 1 : 0.5))],
};
/** An old 5 MW fleet that loses money on most paths, taxed, with an HPC conversion whose tenant may default. */
const MARGINAL: SiteModel = {
  name: 'marginal',
  mining_it_w: 5e6,
  efficiency_jth: 30,
  pool_fee: 0.03,
  uptime: 0.9,
  power_cost_usd: constant(5 * 730.5 * 95),
  opex_usd: constant(20_000),
  frontier_jth: constant(30),
  refresh_capex_usd_per_ths: 1e6,
  refresh_payback_months: 1,
  refresh_min_interval_months: 1000,
  terminal_years: 3,
  default_hazard_monthly: 0.06,
  relet_after_months: 3,
  tax_rate: 0.25,
  discount: DISCOUNT,
  options: [miningOption('keep', () => 1), convertOption()],
};
const SITES = [REFRESHER, MARGINAL];

interface Reference {
  npv: number[][];
  lease: number[][];
  mining: number[][];
  terminal: number[];
  record: MarketRecord;
  /** Scale of the flows summed into each NPV (for a tolerance relative to it). */
  scale: number;
  refreshes: number;
  refreshesAtInterval: number;
  blockedByInterval: number;
  blockedByPayback: number;
  positiveTail: number;
  negativeTail: number;
}

function reference(seed: number, from: number, to: number): Reference {
  const rng = new PathRng(seed);
  const S = SITES.length;
  const m = MARKET;
  const out: Reference = {
    npv: SITES.flatMap((s) => s.options.map(() => [])),
    lease: SITES.flatMap((s) => s.options.map(() => [])),
    mining: SITES.map(() => new Array<number>(T).fill(0)),
    terminal: SITES.map(() => 0),
    record: {
      price_usd_per_btc: new Float64Array((to - from) * T),
      hashrate_ehs: new Float64Array((to - from) * T),
      fee_share: new Float64Array((to - from) * T),
    },
    scale: 0,
    refreshes: 0,
    refreshesAtInterval: 0,
    blockedByInterval: 0,
    blockedByPayback: 0,
    positiveTail: 0,
    negativeTail: 0,
  };
  for (let p = from; p < to; p++) {
    rng.select(p);
    const u = new Float64Array(S);
    rng.fillUniform(u);
    const tz = new Float64Array(T);
    rng.fillStudentT(tz, m.price_nu);
    const z = new Float64Array(2 * T);
    rng.fillNormal(z);
    // Market: r_t = μ + σ·√((ν−2)/ν)·T_ν; x_t = c + φx + σ_f·Z; R_t = subsidy·(1 + eˣ);
    // Δln H = α + β·Δln Rev_{t−lag} + σ_h·Z; revenue per PH/s-month = BLOCKS·R·P/(H_EH·1000).
    let price = m.start_price_usd_per_btc;
    let hash = m.start_hashrate_ehs;
    let x = Math.log(m.start_fee_share / (1 - m.start_fee_share));
    let reward = m.subsidy_btc[0]! * (1 + Math.exp(x));
    const revChange: number[] = [...m.initial_rev_log_changes];
    const revPerPh: number[] = [];
    for (let t = 0; t < T; t++) {
      const r = m.price_mu + m.price_sigma * Math.sqrt((m.price_nu - 2) / m.price_nu) * tz[t]!;
      price *= Math.exp(r);
      x = m.fee_c + m.fee_phi * x + m.fee_sigma * z[2 * t]!;
      const next = m.subsidy_btc[t]! * (1 + Math.exp(x));
      revChange.push(r + Math.log(next / reward));
      reward = next;
      hash *= Math.exp(m.hash_alpha + m.hash_beta * revChange[t]! + m.hash_sigma * z[2 * t + 1]!);
      revPerPh.push((BLOCKS_PER_MONTH * reward * price) / (hash * 1000));
      const j = (p - from) * T + t;
      out.record.price_usd_per_btc[j] = price;
      out.record.hashrate_ehs[j] = hash;
      out.record.fee_share[j] = Math.exp(x) / (1 + Math.exp(x));
    }
    let slot = 0;
    SITES.forEach((site, s) => {
      let eff = site.efficiency_jth;
      let last = -Infinity;
      const cfs: number[] = [];
      for (let t = 0; t < T; t++) {
        const power = site.power_cost_usd[t]! * site.uptime;
        const revenue = (jth: number): number => revPerPh[t]! * (1 - site.pool_fee) * site.uptime * (site.mining_it_w / jth / 1000);
        const margin = revenue(eff) - power;
        let cf = Math.max(margin, 0) - site.opex_usd[t]!;
        const fr = site.frontier_jth[t]!;
        const capex = (site.mining_it_w / fr) * site.refresh_capex_usd_per_ths;
        const pays = (revenue(fr) - power) * site.refresh_payback_months > capex;
        if (margin < 0 && fr < eff) {
          if (!pays) out.blockedByPayback++;
          else if (t - last < site.refresh_min_interval_months) out.blockedByInterval++;
          else {
            if (t - last === site.refresh_min_interval_months) out.refreshesAtInterval++;
            out.refreshes++;
            cf = revenue(fr) - power - site.opex_usd[t]! - capex;
            eff = fr;
            last = t;
          }
        }
        cf -= site.tax_rate * Math.max(cf, 0);
        cfs.push(cf);
        out.mining[s]![t]! += cf;
        out.scale = Math.max(out.scale, Math.abs(cf));
      }
      const tail = cfs.slice(T - 12).reduce((a, b) => a + b, 0);
      if (tail > 0) out.positiveTail++;
      else out.negativeTail++;
      const term = Math.max(tail, 0) * site.terminal_years;
      out.terminal[s]! += term;
      // Tenant survives `months` whole months from the first lease month: ⌊ln u / ln(1 − h)⌋.
      const months = site.default_hazard_monthly > 0 ? Math.floor(Math.log(u[s]!) / Math.log(1 - site.default_hazard_monthly)) : Infinity;
      for (const opt of site.options) {
        let v = term * opt.mining_weight[T - 1]! * site.discount[T - 1]!;
        for (let t = 0; t < T; t++) v += site.discount[t]! * opt.mining_weight[t]! * cfs[t]!;
        let lease = 0;
        if (opt.first_lease_month >= 0) {
          const kd = Math.min(opt.first_lease_month + months, T);
          const kr = Math.min(kd + site.relet_after_months, T);
          const seg = (a: Float64Array, lo: number, hi: number): number => a[hi]! - a[lo]!;
          v += seg(opt.hpc_prefix_no_default, 0, kd) + seg(opt.hpc_prefix_defaulted, kd, kr) + seg(opt.hpc_prefix_relet, kr, T);
          lease = seg(opt.lease_prefix_no_default, 0, kd) + seg(opt.lease_prefix_defaulted, kd, kr) + seg(opt.lease_prefix_relet, kr, T);
        }
        out.npv[slot]!.push(v);
        out.lease[slot]!.push(lease);
        slot++;
      }
    });
  }
  return out;
}

/** The largest of f(0…n−1); NaN if any is NaN (so a NaN fails the comparison after it). */
function worst(n: number, f: (i: number) => number): number {
  let w = 0;
  for (let i = 0; i < n; i++) {
    const e = f(i);
    if (!(e <= w)) w = Number.isNaN(e) ? NaN : e;
    if (Number.isNaN(w)) return NaN;
  }
  return w;
}

describe('simulateChunk equals the reference written from its formulas', () => {
  // Paths 5…74: two full batches of 32 and a partial one, from an offset.
  const FROM = 5;
  const TO = 75;
  const n = TO - FROM;

  it('prices, hashrates, fee shares, NPVs, lease PVs, mining sums and terminal sums, path by path', () => {
    const ref = reference(2027, FROM, TO);
    // The inputs exercise each branch: refreshes (one exactly at the 6-month minimum interval), refreshes
    // held back by the interval and by the payback test, and tails of both signs.
    expect(ref.refreshes).toBeGreaterThan(0);
    expect(ref.refreshesAtInterval).toBeGreaterThan(0);
    expect(ref.blockedByInterval).toBeGreaterThan(0);
    expect(ref.blockedByPayback).toBeGreaterThan(0);
    expect(ref.positiveTail).toBeGreaterThan(0);
    expect(ref.negativeTail).toBeGreaterThan(0);

    const record: MarketRecord = { price_usd_per_btc: new Float64Array(n * T), hashrate_ehs: new Float64Array(n * T), fee_share: new Float64Array(n * T) };
    const got = simulateChunk(MARKET, SITES, new PathRng(2027), FROM, TO, record);
    expect(got.from).toBe(FROM);
    expect(got.to).toBe(TO);
    // Market series to 1e-12 relative: products of e^r against a sum of r (rounding of 30 steps).
    for (const key of ['price_usd_per_btc', 'hashrate_ehs', 'fee_share'] as const) {
      expect(
        worst(n * T, (j) => Math.abs(record[key][j]! / ref.record[key][j]! - 1)),
        key,
      ).toBeLessThan(1e-12);
    }
    // Money to 1e-9 of the largest monthly cash flow (~$5M) per term summed: rounding of ~30-term
    // sums, far below the smallest flow a slip would move (a month's opex, $20,000).
    const tol = 1e-9 * ref.scale;
    expect(got.npv).toHaveLength(4);
    expect(got.lease_pv).toHaveLength(4);
    for (let o = 0; o < 4; o++) {
      expect(got.npv[o]).toHaveLength(n);
      expect(
        worst(n, (p) => Math.abs(got.npv[o]![p]! - ref.npv[o]![p]!)),
        `npv[${o}]`,
      ).toBeLessThan(tol * T);
      expect(
        worst(n, (p) => Math.abs(got.lease_pv[o]![p]! - ref.lease[o]![p]!)),
        `lease[${o}]`,
      ).toBeLessThan(1e-9);
    }
    expect(got.mining_cf_sum).toHaveLength(2);
    for (let s = 0; s < 2; s++) {
      expect(got.mining_cf_sum[s]).toHaveLength(T);
      expect(
        worst(T, (t) => Math.abs(got.mining_cf_sum[s]![t]! - ref.mining[s]![t]!)),
        `mining[${s}]`,
      ).toBeLessThan(tol * n);
      expect(Math.abs(got.terminal_sum[s]! - ref.terminal[s]!)).toBeLessThan(tol * n * 12);
    }
  });

  it('gives each path the same values whichever chunk simulates it', () => {
    const whole = simulateChunk(MARKET, SITES, new PathRng(2027), FROM, TO);
    const part = simulateChunk(MARKET, SITES, new PathRng(2027), 40, 42);
    for (let o = 0; o < 4; o++) expect(Array.from(part.npv[o]!)).toEqual(Array.from(whole.npv[o]!.subarray(40 - FROM, 42 - FROM)));
  });
});
