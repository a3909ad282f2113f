/**
 * The Monte Carlo kernel: simulates market paths and every site's options on them, streaming
 * (no paths × steps matrix). Per path p (stream `rng.select(p)`), per month t:
 *   r_t   = μ + σ·√((ν−2)/ν)·T_ν                    BTC log return
 *   x_t   = c + φ·x_{t−1} + σ_f·Z                    logit fee share;  fees/block = subsidy_t·e^{x_t}
 *   R_t   = subsidy_t·(1 + e^{x_t})                   BTC per block
 *   Δln H = α + β·Δln Rev_{t−lag} + σ_h·Z,  Δln Rev_t = r_t + Δln R_t
 *   revenue per PH/s-month (USD) = BLOCKS_PER_MONTH · R_t · P_t / (H_EH · 1000)
 *     (= 30.44 days × hashprice: blocks per PH/s per day = 144 / H_PH)
 * Per site: margin = revenue·(1 − pool fee)·uptime·PH − power·uptime; when margin < 0 the fleet is
 * refreshed to the frontier efficiency if that pays back its capex within the payback window,
 * else the month is curtailed (mining stops, cash flow = −opex); cf = max(margin, 0) − opex −
 * capex, less tax·max(cf, 0). Option o's NPV = Σ_t d_t·w_o[t]·cf_t + terminal + HPC flows: without
 * default before the tenant's default month, the empty hall's until the re-let, re-let after
 * (prefix sums);
 * the weights are piecewise constant, so the sum is taken per segment between phase starts.
 *
 * Speed: per path the market is simulated once into a month array of revenue per PH/s, then
 * each site runs its own month loop over it with its state in locals; exp/ln are the inlined
 * FastExpLog (Math.exp/Math.log calls cost more than everything else in the loop).
 */
import { FastExpLog } from './fastmath.js';
import { BLOCKS_PER_MONTH, type MarketModel, type SiteModel } from './model.js';
import type { PathRng } from './rng.js';

/** Results of simulating paths [from, to): per-path NPVs and per-site sums of mining cash flow by month. */
export interface ChunkResult {
  from: number;
  to: number;
  /** npv[o][p − from] for each (site, option) in order of sites then options. */
  npv: Float64Array[];
  /** Discounted lease revenue per 1 USD/MW-year, same layout (for the breakeven lease rate). */
  lease_pv: Float64Array[];
  /** Σ over the chunk's paths of site s's full-fleet mining cash flow in month t: [s][t]. */
  mining_cf_sum: Float64Array[];
  /** Σ over paths of the mining terminal value (full fleet, undiscounted) per site. */
  terminal_sum: Float64Array;
}

/** Optional paths × steps record of the market (only when asked: tests, charts). Row-major [path − from][t]. */
export interface MarketRecord {
  price_usd_per_btc: Float64Array;
  hashrate_ehs: Float64Array;
  fee_share: Float64Array;
}

/** Paths whose random draws are filled before their market and sites run. */
const BATCH = 32;

export function simulateChunk(market: MarketModel, sites: readonly SiteModel[], rng: PathRng, from: number, to: number, record?: MarketRecord): ChunkResult {
  const T = market.steps;
  const n = to - from;
  const S = sites.length;
  const npv: Float64Array[] = [];
  const leasePv: Float64Array[] = [];
  for (const s of sites)
    for (let o = 0; o < s.options.length; o++) {
      npv.push(new Float64Array(n));
      leasePv.push(new Float64Array(n));
    }
  const miningSum = new Float64Array(S * T);
  const terminalSum = new Float64Array(S);
  const fm = new FastExpLog();

  const nu = market.price_nu;
  const tScale = market.price_sigma * Math.sqrt((nu - 2) / nu);
  const mu = market.price_mu;
  const { hash_alpha: ha, hash_beta: hb, hash_sigma: hs, fee_c: fc, fee_phi: fphi, fee_sigma: fs } = market;
  const lag = market.hash_lag;
  const lnSub = market.subsidy_btc.map((v) => Math.log(v));
  const x0 = Math.log(market.start_fee_share / (1 - market.start_fee_share));
  const lnP0 = Math.log(market.start_price_usd_per_btc);
  const lnH0 = Math.log(market.start_hashrate_ehs * 1000);
  const lnK = Math.log(BLOCKS_PER_MONTH);
  const prevLnR0 = lnSub[0]! + Math.log1p(Math.exp(x0));

  const plans = sites.map((site) => planSite(site, T));
  // Paths are drawn B at a time into [b·T + t] arrays, then each path runs the market with its
  // state in locals (a months-outer, paths-inner order measured no faster), then each site.
  const B = BATCH;
  /** USD revenue of 1 PH/s in month t on path b of the batch. */
  const rev = new Float64Array(B * T);
  const tDraw = new Float64Array(B * T);
  const zDraw = new Float64Array(B * 2 * T);
  const uDefault = new Float64Array(B * S);
  const ring = new Float64Array(lag + 1);
  const segVal = new Float64Array(T);

  for (let p0 = from; p0 < to; p0 += B) {
    const nb = Math.min(B, to - p0);
    for (let b = 0; b < nb; b++) {
      rng.select(p0 + b);
      rng.fillUniform(uDefault, b * S, (b + 1) * S);
      rng.fillStudentT(tDraw, nu, b * T, (b + 1) * T);
      rng.fillNormal(zDraw, b * 2 * T, (b + 1) * 2 * T);
    }
    for (let b = 0; b < nb; b++) {
      // Ring of the last lag + 1 revenue changes: write at t + lag, read t − lag (mod lag + 1).
      for (let k = 0; k < lag; k++) ring[k] = market.initial_rev_log_changes[k]!;
      let wr = lag;
      let rd = 0;
      let lp = lnP0;
      let lh = lnH0;
      let x = x0;
      let prevLnR = prevLnR0;
      const to = b * T;
      const zo = 2 * b * T;
      for (let t = 0; t < T; t++) {
        const r = mu + tScale * tDraw[to + t]!;
        lp = lp + r;
        x = fc + fphi * x + fs * zDraw[zo + 2 * t]!;
        const lnR = lnSub[t]! + fm.softplus(x);
        ring[wr] = r + lnR - prevLnR;
        prevLnR = lnR;
        lh = lh + ha + hb * ring[rd]! + hs * zDraw[zo + 2 * t + 1]!;
        wr = wr === lag ? 0 : wr + 1;
        rd = rd === lag ? 0 : rd + 1;
        rev[to + t] = fm.exp(lnK + lnR + lp - lh);
        if (record) {
          const j = (p0 + b - from) * T + t;
          record.price_usd_per_btc[j] = Math.exp(lp);
          record.hashrate_ehs[j] = Math.exp(lh) / 1000;
          record.fee_share[j] = 1 / (1 + Math.exp(-x));
        }
      }
    }
    for (let b = 0; b < nb; b++) {
      const p = p0 + b;
      // Each site's mining on this market path, then its options: terminal value, HPC flows up to
      // the tenant's default month, and write-out.
      let slot = 0;
      for (let s = 0; s < S; s++) {
        const plan = plans[s]!;
        const site = sites[s]!;
        const tailCf = mineSite(plan, rev, b * T, miningSum, s * T, segVal);
        const term = tailCf > 0 ? tailCf * site.terminal_years : 0;
        terminalSum[s] = terminalSum[s]! + term;
        const survived = plan.ln_survive < 0 ? Math.floor(Math.log(uDefault[b * S + s]!) / plan.ln_survive) : Number.POSITIVE_INFINITY;
        const dT = site.discount[T - 1]!;
        const reletAfter = site.relet_after_months;
        const k = plan.seg_count;
        const w = plan.seg_weight;
        for (let o = 0; o < site.options.length; o++, slot++) {
          const opt = site.options[o]!;
          let v = term * opt.mining_weight[T - 1]! * dT;
          for (let q = 0; q < k; q++) v += w[o * k + q]! * segVal[q]!;
          let lease = 0;
          if (opt.first_lease_month >= 0) {
            // Default in month kd: no-default flows before it, the empty hall's until kr, re-let after.
            const nd = opt.hpc_prefix_no_default;
            const df = opt.hpc_prefix_defaulted;
            const rl = opt.hpc_prefix_relet;
            const len = nd.length - 1;
            const kd = Math.min(opt.first_lease_month + survived, len);
            const kr = Math.min(kd + reletAfter, len);
            v += nd[kd]! + df[kr]! - df[kd]! + rl[len]! - rl[kr]!;
            const ld = opt.lease_prefix_defaulted;
            const lr = opt.lease_prefix_relet;
            lease = opt.lease_prefix_no_default[kd]! + ld[kr]! - ld[kd]! + lr[len]! - lr[kr]!;
          }
          npv[slot]![p - from] = v;
          leasePv[slot]![p - from] = lease;
        }
      }
    }
  }
  const miningBySite = Array.from({ length: S }, (_, s) => miningSum.slice(s * T, (s + 1) * T));
  return { from, to, npv, lease_pv: leasePv, mining_cf_sum: miningBySite, terminal_sum: terminalSum };
}

/** A site's schedules and constants in the form its month loop reads (typed arrays and numbers only). */
interface SitePlan {
  /** Energy cost of the month at the site's uptime (USD). */
  power_usd: Float64Array;
  opex_usd: Float64Array;
  frontier_jth: Float64Array;
  /** Fleet hashrate (PH/s) and refresh capex (USD) if the fleet were replaced at month t's frontier. */
  frontier_ph: Float64Array;
  frontier_capex_usd: Float64Array;
  discount: Float64Array;
  /** (1 − pool fee) · uptime. */
  net_factor: number;
  it_w: number;
  efficiency_jth: number;
  refresh_min_interval_months: number;
  refresh_payback_months: number;
  refresh_capex_usd_per_ths: number;
  tax_rate: number;
  /** ln(1 − monthly default hazard); 0 when the tenant never defaults. */
  ln_survive: number;
  /**
   * Option weights change only at phase starts, so each option's mining NPV is Σ_k w_o,k · seg_k
   * with seg_k the discounted cash flow summed over segment k: one add per month whatever the
   * number of options. Segment k ends (exclusive) at seg_end[k]; its weight for option o is
   * seg_weight[o·seg_count + k].
   */
  seg_end: Int32Array;
  seg_count: number;
  seg_weight: Float64Array;
}

function planSite(site: SiteModel, T: number): SitePlan {
  const ends: number[] = [];
  for (let t = 1; t <= T; t++) {
    if (t === T || site.options.some((o) => o.mining_weight[t] !== o.mining_weight[t - 1])) ends.push(t);
  }
  const k = ends.length;
  const w = new Float64Array(site.options.length * k);
  site.options.forEach((o, j) => {
    for (let q = 0; q < k; q++) w[j * k + q] = o.mining_weight[q === 0 ? 0 : ends[q - 1]!]!;
  });
  const h = site.default_hazard_monthly;
  return {
    power_usd: site.power_cost_usd.map((c) => c * site.uptime),
    opex_usd: site.opex_usd,
    frontier_jth: site.frontier_jth,
    frontier_ph: site.frontier_jth.map((fr) => site.mining_it_w / fr / 1000),
    frontier_capex_usd: site.frontier_jth.map((fr) => (site.mining_it_w / fr / 1000) * 1000 * site.refresh_capex_usd_per_ths),
    discount: site.discount,
    net_factor: (1 - site.pool_fee) * site.uptime,
    it_w: site.mining_it_w,
    efficiency_jth: site.efficiency_jth,
    refresh_min_interval_months: site.refresh_min_interval_months,
    refresh_payback_months: site.refresh_payback_months,
    refresh_capex_usd_per_ths: site.refresh_capex_usd_per_ths,
    tax_rate: site.tax_rate,
    ln_survive: h > 0 ? Math.log(1 - h) : 0,
    seg_end: Int32Array.from(ends),
    seg_count: k,
    seg_weight: w,
  };
}

/**
 * One site's full-fleet mining on one market path: adds each month's cash flow to
 * mining[off + t], writes the discounted sum of each option-weight segment to segVal[k] and
 * returns the last 12 months' undiscounted cash flow (for the terminal value). When the margin is
 * negative the fleet is refreshed to the frontier if that pays back within the payback window
 * (at most once per minimum interval), else the month is curtailed.
 */
function mineSite(plan: SitePlan, rev: Float64Array, revOff: number, mining: Float64Array, off: number, segVal: Float64Array): number {
  const {
    power_usd: power,
    opex_usd: opex,
    frontier_jth: frontier,
    frontier_ph: frontierPh,
    frontier_capex_usd: frontierCapex,
    discount,
    net_factor: netFactor,
    seg_end: segEnd,
  } = plan;
  const minInterval = plan.refresh_min_interval_months;
  const payback = plan.refresh_payback_months;
  const tax = plan.tax_rate;
  const T = power.length;
  const tailFrom = T - 12;
  let eff = plan.efficiency_jth;
  /** Fleet hashrate (PH/s) = IT W / efficiency / 1000; updated on a refresh. */
  let ph = plan.it_w / eff / 1000;
  let lastRefresh = -1_000_000;
  let tail = 0;
  let t = 0;
  for (let q = 0; q < plan.seg_count; q++) {
    const end = segEnd[q]!;
    let acc = 0;
    for (; t < end; t++) {
      const netPh = rev[revOff + t]! * netFactor;
      const cost = power[t]!;
      const margin = netPh * ph - cost;
      // max(margin, 0) as (m + |m|)/2 (exact, no branch), and the refresh test led by whether a
      // new fleet would pay back (mostly false): the margin is negative in ~60% of the example's
      // months, so branching on its sign first mispredicts often.
      let cf = 0.5 * (margin + Math.abs(margin)) - opex[t]!;
      const marginNew = netPh * frontierPh[t]! - cost;
      const capexNew = frontierCapex[t]!;
      if (marginNew * payback > capexNew && margin < 0 && t - lastRefresh >= minInterval && frontier[t]! < eff) {
        eff = frontier[t]!;
        ph = frontierPh[t]!;
        lastRefresh = t;
        // marginNew > capex/payback ≥ 0, so the refreshed month mines.
        cf = marginNew - opex[t]! - capexNew;
      }
      // Tax on the month's positive cash flow (no loss carry-forward).
      if (tax > 0) cf -= tax * 0.5 * (cf + Math.abs(cf));
      mining[off + t] = mining[off + t]! + cf;
      if (t >= tailFrom) tail += cf;
      acc += discount[t]! * cf;
    }
    segVal[q] = acc;
  }
  return tail;
}
