/**
 * A model's efficiency curve — its operating points as (power_w, hashrate_ths), ascending by
 * power — and the curve's upper concave hull, which the dispatch optimiser uses: on the hull, each
 * extra watt buys no more hashrate than the previous one (diminishing returns), so a greedy
 * allocation of power by marginal hashrate per watt is optimal, and any point under the hull is
 * dominated by a mix of two hull points (time-sharing between them).
 */
import type { OperatingProfile } from './model.js';

export interface CurvePoint {
  power_w: number;
  hashrate_ths: number;
  /** Profile name for curve points; hull points keep the name of the profile they came from. */
  name?: string;
}

/** The operating points of `profiles` as a curve, ascending by power. */
export function efficiencyCurve(profiles: readonly OperatingProfile[]): CurvePoint[] {
  return profiles
    .map((p) => ({ power_w: p.power_w, hashrate_ths: p.hashrate_ths, name: p.name }))
    .sort((a, b) => a.power_w - b.power_w || a.hashrate_ths - b.hashrate_ths);
}

/** z-component of (b − a) × (c − a); ≥ 0 means b lies on or below the chord a→c. */
function cross(a: CurvePoint, b: CurvePoint, c: CurvePoint): number {
  return (b.power_w - a.power_w) * (c.hashrate_ths - a.hashrate_ths) - (b.hashrate_ths - a.hashrate_ths) * (c.power_w - a.power_w);
}

/**
 * Upper concave hull of the points (Andrew's monotone chain, upper half), then cut after the
 * point of highest hashrate: more power for less hashrate is never worth choosing. Pass
 * `{ includeOff: true }` to add the machine switched off, (0 W, 0 TH/s), as the first point.
 * The result has strictly increasing power and hashrate and non-increasing slopes.
 * `{ keepPastTop: true }` keeps the hull's falling tail past the top point (more power, less
 * hashrate): worth choosing only when power has a negative price, as ERCOT's sometimes has, which
 * the dispatch planner must allow for. Slopes then still decrease, but may be negative.
 */
export function upperConcaveHull(points: readonly CurvePoint[], opts: { includeOff?: boolean; keepPastTop?: boolean } = {}): CurvePoint[] {
  const pts = [...points, ...(opts.includeOff ? [{ power_w: 0, hashrate_ths: 0, name: 'off' }] : [])].sort(
    (a, b) => a.power_w - b.power_w || b.hashrate_ths - a.hashrate_ths,
  );
  const hull: CurvePoint[] = [];
  for (const p of pts) {
    const last = hull[hull.length - 1];
    if (last && last.power_w === p.power_w) continue; // same power: the higher hashrate came first
    while (hull.length >= 2 && cross(hull[hull.length - 2] as CurvePoint, hull[hull.length - 1] as CurvePoint, p) >= 0) hull.pop();
    hull.push(p);
  }
  if (opts.keepPastTop) return hull;
  let best = 0;
  hull.forEach((p, i) => {
    if (p.hashrate_ths > (hull[best] as CurvePoint).hashrate_ths) best = i;
  });
  return hull.slice(0, best + 1);
}

/**
 * Hashrate (TH/s) the hull reaches at `power_w` by mixing its two neighbouring points; below the
 * first point, that point's hashrate scaled down in proportion; capped at the top point. At a hull
 * point it is that point's hashrate exactly (the segment that starts there answers, adding 0).
 */
export function hullHashrateAt(hull: readonly CurvePoint[], power_w: number): number {
  if (hull.length === 0 || power_w <= 0) return 0;
  const first = hull[0] as CurvePoint;
  if (power_w <= first.power_w) return first.hashrate_ths * (power_w / first.power_w);
  for (let i = 1; i < hull.length; i++) {
    const a = hull[i - 1] as CurvePoint;
    const b = hull[i] as CurvePoint;
    if (power_w < b.power_w) return a.hashrate_ths + ((b.hashrate_ths - a.hashrate_ths) * (power_w - a.power_w)) / (b.power_w - a.power_w);
  }
  return (hull[hull.length - 1] as CurvePoint).hashrate_ths;
}
