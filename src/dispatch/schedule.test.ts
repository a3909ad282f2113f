import { describe, expect, it } from 'vitest';
import { randomProblem } from '../../test/helpers/dispatch-instances.js';
import { planDispatch, type DispatchPlan } from './plan.js';
import type { DispatchProblem } from './problem.js';
import { planSchedule, runCursor, scheduleTotals, type Schedule } from './schedule.js';

/** Machines per (group, profile name | 'off') per hour, straight from the planner's vertex counts. */
function planCounts(plan: DispatchPlan): Map<string, number>[] {
  const { vertexStart, vertexProfile } = plan.prep.hulls;
  const counts = new Int32Array(vertexProfile.length);
  const out: Map<string, number>[] = [];
  for (let t = 0; t < plan.problem.hours; t++) {
    plan.assignment.counts(t, counts);
    const hour = new Map<string, number>();
    plan.problem.groups.forEach((grp, g) => {
      for (let v = vertexStart[g]!; v < vertexStart[g + 1]!; v++) {
        const name = v === vertexStart[g] ? 'off' : grp.profiles[vertexProfile[v]!]!.name;
        if (counts[v]! > 0) hour.set(`${grp.id}|${name}`, counts[v]!);
      }
    });
    out.push(hour);
  }
  return out;
}

/** The same from the Schedule, by expanding every run into its hours. */
function scheduleCounts(s: Schedule): Map<string, number>[] {
  const out = Array.from({ length: s.hours }, () => new Map<string, number>());
  for (const grp of s.groups) {
    for (const run of grp.runs) {
      for (let t = run.start_hour; t < run.start_hour + run.hours; t++) {
        for (const m of run.points) out[t]!.set(`${grp.group}|${m.profile}`, m.machines);
        if (run.off > 0) out[t]!.set(`${grp.group}|off`, run.off);
      }
    }
  }
  return out;
}

const instances: [string, DispatchProblem][] = [];
for (let seed = 1; seed <= 24; seed++) {
  const p = randomProblem(seed, {
    hours: 12 + (seed % 13),
    groups: 1 + (seed % 5),
    profiles: 1 + (seed % 6),
    sites: 1 + (seed % 3),
    capShare: 0.3 + (seed % 5) * 0.2,
    events: seed % 3,
  });
  instances.push([`seed ${seed}`, p]);
  if (seed % 3 === 0)
    instances.push([
      `seed ${seed}, switching`,
      { ...p, switching: { cost_usd_per_change: 0.5, lost_minutes_per_change: 5 * (seed % 4), min_dwell_hours: 1 + (seed % 4) } },
    ]);
}

describe('planSchedule', () => {
  it.each(instances)("%s: expanding the runs gives back exactly the plan's counts per hour", (_name, p) => {
    const plan = planDispatch(p);
    const s = planSchedule(plan);
    expect(scheduleCounts(s)).toEqual(planCounts(plan));
    for (const grp of s.groups) {
      // Runs tile the hours, each differs from the one before, and every machine is placed.
      let next = 0;
      grp.runs.forEach((run, i) => {
        expect(run.start_hour).toBe(next);
        next += run.hours;
        expect(run.points.reduce((a, m) => a + m.machines, run.off)).toBe(grp.machines);
        if (i > 0) expect({ points: run.points, off: run.off }).not.toEqual({ points: grp.runs[i - 1]!.points, off: grp.runs[i - 1]!.off });
      });
      expect(next).toBe(s.hours);
      const cursor = runCursor(grp);
      for (let t = 0; t < s.hours; t++) {
        const run = cursor.at(t);
        expect(t >= run.start_hour && t < run.start_hour + run.hours).toBe(true);
      }
    }
    expect(s.totals).toEqual({ plan: scheduleTotals(plan.totals, p.hours), baseline: scheduleTotals(plan.baseline, p.hours) });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it("starts at the problem's first hour, names sites and profiles, and leaves lot and model null for a problem not built from a spec", () => {
    const p = randomProblem(7, { hours: 30, groups: 3, profiles: 4, sites: 2 });
    const s = planSchedule(planDispatch({ ...p, start_unix_s: Date.UTC(2024, 6, 1, 5) / 1000 }));
    expect(s.schema_version).toBe(1);
    expect(s.hour_start_utc).toBe('2024-07-01T05:00Z');
    expect(s.hours).toBe(30);
    expect(s.sites.map((x) => x.site)).toEqual(['s0', 's1']);
    expect(s.groups.map((g) => [g.group, g.site, g.lot, g.model])).toEqual([
      ['g0', 's0', null, null],
      ['g1', 's1', null, null],
      ['g2', 's0', null, null],
    ]);
    expect(s.groups[0]!.profiles).toEqual(p.groups[0]!.profiles.map((pr) => ({ profile: pr.name, power_w: pr.power_w, hashrate_ths: pr.hashrate_ths })));
  });

  it('collapses equal hours: a flat price week is one run per group', () => {
    const p = randomProblem(3, { hours: 168, groups: 2, profiles: 3, prices: new Float64Array(168).fill(30) });
    const s = planSchedule(planDispatch({ ...p, hashprice_usd_per_ph_day: new Float64Array(168).fill(45) }));
    expect(s.groups.map((g) => g.runs.length)).toEqual([1, 1]);
    expect(s.groups[0]!.runs[0]!.hours).toBe(168);
  });
});
