/**
 * Seeded random dispatch problems for tests and the benchmark (same seed → same instance).
 * Profiles follow a CMOS-like curve (hashrate ∝ f, power ∝ s + (1−s)·f·V²) with noise, so some
 * curves are non-concave (a profile sits below its neighbours' chord) and some machines have a
 * falling tail; prices include negative hours and spikes like ERCOT's.
 */
import type { DemandResponseEvent, DispatchGroup, DispatchProblem, DispatchSite } from '../../src/dispatch/problem.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface InstanceShape {
  hours: number;
  groups: number;
  profiles: number;
  sites?: number;
  /** Cap as a share of the fleet's stock draw (≤ 1 binds often). */
  capShare?: number;
  events?: number;
  /** Hour prices; defaults to random ERCOT-like prices. */
  prices?: Float64Array;
}

export function randomProblem(seed: number, shape: InstanceShape): DispatchProblem {
  const rnd = mulberry32(seed);
  const S = shape.sites ?? 1;
  const groups: DispatchGroup[] = [];
  const stockW = new Float64Array(S);
  for (let g = 0; g < shape.groups; g++) {
    const site = g % S;
    const h0 = 50 + rnd() * 200;
    const e0 = 15 + rnd() * 25; // J/TH
    const machines = 1 + Math.floor(rnd() * 500);
    const profiles = [];
    for (let k = 0; k < shape.profiles; k++) {
      const x = shape.profiles === 1 ? 1 : 0.6 + (0.6 * k) / (shape.profiles - 1);
      const v = Math.max(0.8, 1 + 0.5 * (x - 1));
      const noise = 1 + (rnd() - 0.5) * 0.16;
      profiles.push({ name: `p${k}`, hashrate_ths: h0 * x * (rnd() < 0.1 ? 0.85 : 1), power_w: h0 * e0 * (0.1 + 0.9 * x * v * v) * noise });
    }
    const stock = Math.min(shape.profiles - 1, Math.floor(shape.profiles * 0.6));
    stockW[site] = stockW[site]! + machines * profiles[stock]!.power_w;
    groups.push({ id: `g${g}`, site, machines, profiles, stock });
  }
  const sites: DispatchSite[] = [];
  for (let s = 0; s < S; s++) {
    const pue = 1 + rnd() * 0.2;
    const price =
      shape.prices ??
      Float64Array.from({ length: shape.hours }, () => {
        const u = rnd();
        return u < 0.08 ? -20 * rnd() : u > 0.97 ? 100 + 900 * rnd() : 10 + 60 * rnd();
      });
    sites.push({
      id: `s${s}`,
      cap_mw: Math.max(0.001, (stockW[s]! * pue * (shape.capShare ?? 0.3 + rnd())) / 1e6),
      pue,
      price_usd_per_mwh: price,
      adder_usd_per_mwh: rnd() * 5,
    });
  }
  const events: DemandResponseEvent[] = [];
  for (let e = 0; e < (shape.events ?? 0); e++) {
    const s = Math.floor(rnd() * S);
    events.push({ site: s, hour: Math.floor(rnd() * shape.hours), cap_mw: sites[s]!.cap_mw * rnd() * 0.5, payment_usd_per_mwh: 50 + rnd() * 200 });
  }
  const hp = 35 + rnd() * 20;
  return {
    start_unix_s: 1_704_067_200,
    hours: shape.hours,
    hashprice_usd_per_ph_day: Float64Array.from({ length: shape.hours }, () => hp * (0.95 + rnd() * 0.1)),
    pool_fee: 0.02,
    price_usd_per_btc: new Float64Array(shape.hours).fill(90_000),
    sites,
    groups,
    events,
  };
}
