/**
 * Overclock wear of a plan (USD): Σ_t Σ_v n_t(v) · w · E_v, with n_t(v) the machines on hull vertex v
 * in hour t, E_v = max(0, H_v − H_stock) TH/s over the group's stock and w the problem's
 * overclock_wear_usd_per_th_hour (problem.ts). The baseline runs stock and so wears nothing.
 */
import type { Assignment } from './hourly.js';
import type { Prepared } from './segments.js';

export function wearCostUsd(prep: Prepared, a: Pick<Assignment, 'counts'>, hours: number): number {
  const w = prep.wear_usd_per_th_hour;
  const E = prep.hulls.vertex_wear_ths;
  const over: number[] = [];
  E.forEach((e, v) => e > 0 && over.push(v));
  if (w === 0 || over.length === 0) return 0;
  const counts = new Int32Array(E.length);
  let ths = 0;
  for (let t = 0; t < hours; t++) {
    a.counts(t, counts);
    for (const v of over) ths += counts[v]! * E[v]!;
  }
  return w * ths;
}
