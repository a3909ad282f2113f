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
 * else the month is curtailed (mining stops, cash flow = −opex). Option o's NPV =
 * Σ_t d_t·w_o[t]·cf_t + terminal + HPC flows up to the tenant's default month (prefix sums);
 * the weights are piecewise constant, so the sum is taken per segment between phase starts.
 */
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
  price_usd: Float64Array;
  hashrate_ehs: Float64Array;
  fee_share: Float64Array;
}

export function simulateChunk(market: MarketModel, sites: readonly SiteModel[], rng: PathRng, from: number, to: number, record?: MarketRecord): ChunkResult {
  const T = market.steps;
  const n = to - from;
  const S = sites.length;
  const npv: Float64Array[] = [];
  const leasePv: Float64Array[] = [];
  for (const s of sites) for (let o = 0; o < s.options.length; o++) {
    npv.push(new Float64Array(n));
    leasePv.push(new Float64Array(n));
  }
  const miningSum = new Float64Array(S * T);
  const terminalSum = new Float64Array(S);

  const nu = market.price_nu;
  const tScale = market.price_sigma * Math.sqrt((nu - 2) / nu);
  const mu = market.price_mu;
  const { hash_alpha: ha, hash_beta: hb, hash_sigma: hs, fee_c: fc, fee_phi: fphi, fee_sigma: fs } = market;
  const lag = market.hash_lag;
  const ring = new Float64Array(lag + 1);
  const lnSub = market.subsidy_btc.map((v) => Math.log(v));
  const x0 = Math.log(market.start_fee_share / (1 - market.start_fee_share));
  const lnP0 = Math.log(market.start_price_usd);
  const lnH0 = Math.log(market.start_hashrate_ehs * 1000);
  const lnK = Math.log(BLOCKS_PER_MONTH);

  // Site schedules flattened [s·T + t]: the inner loop then reads typed arrays only.
  const power = new Float64Array(S * T);
  const opex = new Float64Array(S * T);
  const frontier = new Float64Array(S * T);
  const netFactor = new Float64Array(S);
  const itW = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    const site = sites[s]!;
    for (let t = 0; t < T; t++) {
      power[s * T + t] = site.power_cost_usd[t]! * site.uptime;
      opex[s * T + t] = site.opex_usd[t]!;
      frontier[s * T + t] = site.frontier_jth[t]!;
    }
    netFactor[s] = (1 - site.pool_fee) * site.uptime;
    itW[s] = site.mining_it_w;
  }
  // Option weights change only at phase starts, so each option's mining NPV is Σ_k w_o,k · seg_k
  // with seg_k the discounted cash flow summed over segment k: one add per month whatever the
  // number of options. segEnd[s·(T+1) + k] is the month segment k of site s ends (exclusive).
  const segEnd = new Int32Array(S * (T + 1));
  const segCount = new Int32Array(S);
  const segW: Float64Array[] = [];
  const disc = new Float64Array(S * T);
  for (let s = 0; s < S; s++) {
    const site = sites[s]!;
    let k = 0;
    for (let t = 1; t <= T; t++) {
      if (t === T || site.options.some((o) => o.mining_weight[t] !== o.mining_weight[t - 1])) segEnd[s * (T + 1) + k++] = t;
    }
    segCount[s] = k;
    const w = new Float64Array(site.options.length * k);
    site.options.forEach((o, j) => {
      let start = 0;
      for (let q = 0; q < k; q++) {
        w[j * k + q] = o.mining_weight[start]!;
        start = segEnd[s * (T + 1) + q]!;
      }
    });
    segW.push(w);
    for (let t = 0; t < T; t++) disc[s * T + t] = site.discount[t]!;
  }
  const segVal = new Float64Array(S * T);
  const segIdx = new Int32Array(S);
  const segAcc = new Float64Array(S);

  const eff = new Float64Array(S);
  /** Fleet hashrate (PH/s) = IT W / efficiency / 1000; updated on a refresh. */
  const ph = new Float64Array(S);
  const lastRefresh = new Int32Array(S);
  const tail = new Float64Array(S);
  const uDefault = new Float64Array(S);
  const tDraw = new Float64Array(T);
  const zDraw = new Float64Array(2 * T);

  for (let p = from; p < to; p++) {
    rng.select(p);
    rng.fillUniform(uDefault);
    rng.fillStudentT(tDraw, nu);
    rng.fillNormal(zDraw);
    for (let s = 0; s < S; s++) {
      eff[s] = sites[s]!.efficiency_jth;
      ph[s] = itW[s]! / eff[s]! / 1000;
      lastRefresh[s] = -1_000_000;
      tail[s] = 0;
    }
    segIdx.fill(0);
    segAcc.fill(0);
    for (let k = 0; k < lag; k++) ring[k] = market.initial_rev_log_changes[k]!;
    let lnP = lnP0;
    let lnH = lnH0;
    let x = x0;
    let prevLnR = lnSub[0]! + Math.log1p(Math.exp(x0));
    let wr = lag;
    let rd = 0;
    for (let t = 0; t < T; t++) {
      const r = mu + tScale * tDraw[t]!;
      lnP += r;
      x = fc + fphi * x + fs * zDraw[2 * t]!;
      const lnR = lnSub[t]! + Math.log(1 + Math.exp(x));
      // Ring of the last lag + 1 revenue changes: write at t + lag, read t − lag (mod lag + 1).
      ring[wr] = r + lnR - prevLnR;
      prevLnR = lnR;
      lnH += ha + hb * ring[rd]! + hs * zDraw[2 * t + 1]!;
      wr = wr === lag ? 0 : wr + 1;
      rd = rd === lag ? 0 : rd + 1;
      // USD revenue of 1 PH/s over the month.
      const revPh = Math.exp(lnK + lnR + lnP - lnH);
      if (record) {
        const j = (p - from) * T + t;
        record.price_usd[j] = Math.exp(lnP);
        record.hashrate_ehs[j] = Math.exp(lnH) / 1000;
        record.fee_share[j] = 1 / (1 + Math.exp(-x));
      }
      for (let s = 0; s < S; s++) {
        const i = s * T + t;
        const netPh = revPh * netFactor[s]!;
        const cost = power[i]!;
        let margin = netPh * ph[s]! - cost;
        let capex = 0;
        if (margin < 0) {
          const fr = frontier[i]!;
          const site = sites[s]!;
          if (t - lastRefresh[s]! >= site.refresh_min_interval_months && fr < eff[s]!) {
            const phNew = itW[s]! / fr / 1000;
            const marginNew = netPh * phNew - cost;
            const capexNew = phNew * 1000 * site.refresh_capex_usd_per_ths;
            if (marginNew * site.refresh_payback_months > capexNew) {
              eff[s] = fr;
              ph[s] = phNew;
              lastRefresh[s] = t;
              margin = marginNew;
              capex = capexNew;
            }
          }
        }
        const cf = (margin > 0 ? margin : 0) - opex[i]! - capex;
        miningSum[i] = miningSum[i]! + cf;
        if (t >= T - 12) tail[s] = tail[s]! + cf;
        const sa = segAcc[s]! + disc[i]! * cf;
        if (t + 1 === segEnd[s * (T + 1) + segIdx[s]!]) {
          segVal[s * T + segIdx[s]!] = sa;
          segIdx[s] = segIdx[s]! + 1;
          segAcc[s] = 0;
        } else segAcc[s] = sa;
      }
    }
    // Terminal value, HPC flows up to the tenant's default month, and write-out.
    let slot = 0;
    for (let s = 0; s < S; s++) {
      const site = sites[s]!;
      const term = tail[s]! > 0 ? tail[s]! * site.terminal_years : 0;
      terminalSum[s] = terminalSum[s]! + term;
      const h = site.default_hazard_monthly;
      const survived = h > 0 ? Math.floor(Math.log(uDefault[s]!) / Math.log(1 - h)) : Number.POSITIVE_INFINITY;
      const dT = site.discount[T - 1]!;
      for (let o = 0; o < site.options.length; o++, slot++) {
        const opt = site.options[o]!;
        const k = segCount[s]!;
        const w = segW[s]!;
        let v = term * opt.mining_weight[T - 1]! * dT;
        for (let q = 0; q < k; q++) v += w[o * k + q]! * segVal[s * T + q]!;
        let lease = 0;
        if (opt.first_lease_month >= 0) {
          const A = opt.hpc_prefix_no_default;
          const B = opt.hpc_prefix_defaulted;
          const len = A.length - 1;
          const kd = Math.min(opt.first_lease_month + survived, len);
          v += A[kd]! + B[len]! - B[kd]!;
          lease = opt.lease_prefix_no_default[kd]! + opt.lease_prefix_defaulted[len]! - opt.lease_prefix_defaulted[kd]!;
        }
        npv[slot]![p - from] = v;
        leasePv[slot]![p - from] = lease;
      }
    }
  }
  const miningBySite = Array.from({ length: S }, (_, s) => miningSum.slice(s * T, (s + 1) * T));
  return { from, to, npv, lease_pv: leasePv, mining_cf_sum: miningBySite, terminal_sum: terminalSum };
}
