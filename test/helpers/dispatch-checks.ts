/**
 * Checks on a finished dispatch plan shared by the planner's tests: every cap holds, every
 * machine is placed exactly once and no machine leaves a profile before the minimum dwell,
 * whatever method produced the plan.
 */
import type { DispatchPlan } from '../../src/dispatch/plan.js';

/** Max grid power per site-hour over its effective cap, relative (≤ 0 when every cap holds); also checks machine counts. */
export function worstCapExcess(plan: DispatchPlan): number {
  const p = plan.problem;
  const counts = new Int32Array(plan.prep.hulls.vertexProfile.length);
  const { vertexStart, vertex_power_w: pw } = plan.prep.hulls;
  let worst = -Infinity;
  for (let t = 0; t < p.hours; t++) {
    plan.assignment.counts(t, counts);
    const w = new Float64Array(p.sites.length);
    p.groups.forEach((grp, g) => {
      let on = 0;
      for (let v = vertexStart[g]!; v < vertexStart[g + 1]!; v++) {
        if (counts[v]! < 0 || !Number.isInteger(counts[v])) throw new Error(`bad count ${counts[v]}`);
        w[grp.site] = w[grp.site]! + counts[v]! * pw[v]! * p.sites[grp.site]!.pue;
        on += counts[v]!;
      }
      if (on !== grp.machines) throw new Error(`group ${g} hour ${t}: ${on} machines of ${grp.machines}`);
    });
    p.sites.forEach((site, i) => {
      const cap = Math.min(site.cap_mw, ...(p.events ?? []).filter((e) => e.site === i && e.hour === t).map((e) => e.cap_mw)) * 1e6;
      worst = Math.max(worst, (w[i]! - cap) / Math.max(cap, 1));
    });
  }
  return worst;
}

/**
 * Worst shortfall (machines) against the minimum dwell D, 0 when it holds. From the plan's counts
 * alone: the fewest arrivals at a profile in hour t are max(0, n_t − n_{t−1}), and a count series
 * can keep every arrival for D hours iff n_t ≥ the arrivals of hours t−D+1…t (hour 0 counts as
 * settled) — departures then always come from machines that have been there D hours or more.
 */
export function worstDwellShortfall(plan: DispatchPlan): number {
  const p = plan.problem;
  const D = p.switching?.min_dwell_hours ?? 1;
  const nV = plan.prep.hulls.vertexProfile.length;
  const n: Int32Array[] = [];
  for (let t = 0; t < p.hours; t++) {
    n.push(new Int32Array(nV));
    plan.assignment.counts(t, n[t]!);
  }
  let worst = 0;
  for (let v = 0; v < nV; v++) {
    for (let t = 1; t < p.hours; t++) {
      let recent = 0;
      for (let s = Math.max(1, t - D + 1); s <= t; s++) recent += Math.max(0, n[s]![v]! - n[s - 1]![v]!);
      worst = Math.max(worst, recent - n[t]![v]!);
    }
  }
  return worst;
}
