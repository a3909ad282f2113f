/**
 * Checks on a finished dispatch plan shared by the planner's tests: every cap holds and every
 * machine is placed exactly once, whatever method produced the plan.
 */
import type { DispatchPlan } from '../../src/dispatch/plan.js';

/** Max grid power per site-hour over its effective cap, relative (≤ 0 when every cap holds); also checks machine counts. */
export function worstCapExcess(plan: DispatchPlan): number {
  const p = plan.problem;
  const counts = new Int32Array(plan.prep.hulls.vertexProfile.length);
  const { vertexStart, vertexPower_w: pw } = plan.prep.hulls;
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
