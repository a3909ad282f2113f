/**
 * Summary statistics of simulated NPVs: quantiles (linear interpolation between order statistics,
 * "type 7"), probability of being the best option, IRR of an expected cash-flow stream.
 */

export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface Distribution {
  mean: number;
  p5: number;
  p50: number;
  p95: number;
}

export function distribution(xs: Float64Array): Distribution {
  const sorted = Float64Array.from(xs).sort();
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return { mean: sum / xs.length, p5: quantileSorted(sorted, 0.05), p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95) };
}

export function mean(xs: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return xs.length ? sum / xs.length : NaN;
}

/** Share of paths on which each of `options` has the highest value (ties go to the first). */
export function probabilityBest(options: readonly Float64Array[]): number[] {
  const wins = new Array<number>(options.length).fill(0);
  const n = options[0]?.length ?? 0;
  for (let p = 0; p < n; p++) {
    let best = 0;
    for (let o = 1; o < options.length; o++) if (options[o]![p]! > options[best]![p]!) best = o;
    wins[best]! += 1;
  }
  return wins.map((w) => (n ? w / n : NaN));
}

/**
 * Net present value of monthly flows (end of month) at a monthly rate, Σ f_t · (1 + r)^−(t+1),
 * summed from the last month back by Horner's rule, v ← (v + f_t) / (1 + r). Below 0% the
 * factors (1 + r)^−t grow (at −99% a month they overflow after ~150 months): summed forward,
 * 0 · ∞ or ∞ − ∞ made the value NaN; summed backward only the running total can overflow, to
 * ±∞ of its own sign, which no finite earlier flow can reverse.
 */
export function npvMonthly(flows: ArrayLike<number>, rateMonthly: number): number {
  const m = 1 / (1 + rateMonthly);
  let v = 0;
  for (let t = flows.length - 1; t >= 0; t--) v = (v + flows[t]!) * m;
  return v;
}

/**
 * Annual IRR of monthly flows: the rate where NPV = 0, by bisection on the monthly rate in
 * (−99%, +100%) per month. Null when the flows do not change sign or no root lies in the range.
 */
export function irrAnnual(flows: ArrayLike<number>): number | null {
  let pos = false;
  let neg = false;
  for (let t = 0; t < flows.length; t++) {
    if (flows[t]! > 0) pos = true;
    if (flows[t]! < 0) neg = true;
  }
  if (!pos || !neg) return null;
  let lo = -0.99;
  let hi = 1;
  let flo = npvMonthly(flows, lo);
  const fhi = npvMonthly(flows, hi);
  if (Math.sign(flo) === Math.sign(fhi)) return null;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    const f = npvMonthly(flows, mid);
    if (Math.sign(f) === Math.sign(flo)) {
      lo = mid;
      flo = f;
    } else hi = mid;
  }
  return Math.pow(1 + (lo + hi) / 2, 12) - 1;
}
