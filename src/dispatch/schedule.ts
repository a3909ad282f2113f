/**
 * The Schedule: a DispatchPlan as plain JSON data, the artefact a miner driver applies and what
 * `hashfloor dispatch --schedule FILE.json` and the API's dispatch job hand out. Decoding the
 * planner's hull-vertex layout (DispatchPlan.prep, .assignment) happens here and nowhere outside
 * src/dispatch/: everything else reads the Schedule.
 *
 * Shape (schema_version 1; JSON Schema in docs/schemas/schedule.schema.json):
 * - `hour_start_utc` (`YYYY-MM-DDTHH:00Z`) is hour 0; `hours` hours follow, one hour each.
 * - `sites[]`: id, grid cap (MW), PUE, IANA time zone (null without one).
 * - `groups[]` in the planner's group order. `group` is the group id; `lot` is the index into the
 *   fleet spec's `lots` the group was built from and `model` the lot's catalog model id (both null
 *   for a problem not built from a spec). src/dispatch/fleet-problem.ts builds one group per lot,
 *   id `site/model-id`, `#n` appended for the n-th lot of the same model at the same site.
 * - `profiles[]` of a group: every operating point it may run, by its catalog profile name, with
 *   `power_w` (wall, one machine, before PUE) and `hashrate_ths` (one machine), so a driver can
 *   translate a profile name into firmware settings.
 * - `runs[]`: machine counts per hour, run-length encoded. A run covers hours
 *   start_hour … start_hour + hours − 1, during which `points` (profile → machines, in ascending
 *   power, only profiles with machines) and `off` machines stay the same; consecutive runs differ.
 *   Runs tile 0…hours−1 without gaps; Σ points.machines + off = the group's `machines`.
 * - `totals`: plan and baseline, as the CLI prints them (scheduleTotals).
 */
import { hourIso } from '../economics/hourly-prices.js';
import type { DispatchPlan, DispatchTotals } from './plan.js';

export const SCHEDULE_SCHEMA_VERSION = 1;

/** A plan's totals over its hours, the figures `hashfloor dispatch --json` reports. */
export interface ScheduleTotals {
  energy_mwh: number;
  /** hashrate_ths_hours / hours / 1000. */
  average_hashrate_phs: number;
  /** After the pool fee; null without BTC prices. */
  btc: number | null;
  revenue_usd: number;
  energy_cost_usd: number;
  margin_usd: number;
  dr_revenue_usd: number;
  switching_cost_usd: number;
  profile_changes: number;
  value_usd: number;
}

export interface ScheduleSite {
  site: string;
  cap_mw: number;
  pue: number;
  time_zone: string | null;
}

export interface ScheduleProfile {
  profile: string;
  /** One machine at the wall, before PUE (W). */
  power_w: number;
  /** One machine (TH/s). */
  hashrate_ths: number;
}

export interface SchedulePoint {
  profile: string;
  machines: number;
}

export interface ScheduleRun {
  start_hour: number;
  hours: number;
  points: SchedulePoint[];
  off: number;
}

export interface ScheduleGroup {
  group: string;
  site: string;
  lot: number | null;
  model: string | null;
  machines: number;
  /** The profile the baseline runs (the nameplate `stock` point). */
  baseline_profile: string;
  profiles: ScheduleProfile[];
  runs: ScheduleRun[];
}

export interface Schedule {
  schema_version: typeof SCHEDULE_SCHEMA_VERSION;
  hour_start_utc: string;
  hours: number;
  method: string;
  sites: ScheduleSite[];
  groups: ScheduleGroup[];
  totals: { plan: ScheduleTotals; baseline: ScheduleTotals };
}

export function scheduleTotals(t: DispatchTotals, hours: number): ScheduleTotals {
  return {
    energy_mwh: t.energy_mwh,
    average_hashrate_phs: t.hashrate_ths_hours / hours / 1e3,
    btc: t.btc,
    revenue_usd: t.revenue_usd,
    energy_cost_usd: t.energy_cost_usd,
    margin_usd: t.margin_usd,
    dr_revenue_usd: t.dr_revenue_usd,
    switching_cost_usd: t.switching_cost_usd,
    profile_changes: t.profile_changes,
    value_usd: t.value_usd,
  };
}

function sameSlice(a: Int32Array, b: Int32Array, from: number, to: number): boolean {
  for (let v = from; v < to; v++) if (a[v] !== b[v]) return false;
  return true;
}

export function planSchedule(plan: DispatchPlan): Schedule {
  const p = plan.problem;
  const { vertexStart, vertexProfile } = plan.prep.hulls;
  const nV = vertexProfile.length;
  let cur = new Int32Array(nV);
  let prev = new Int32Array(nV);
  const runs: ScheduleRun[][] = p.groups.map(() => []);
  for (let t = 0; t < p.hours; t++) {
    plan.assignment.counts(t, cur);
    for (let g = 0; g < p.groups.length; g++) {
      const v0 = vertexStart[g]!;
      const v1 = vertexStart[g + 1]!;
      const list = runs[g]!;
      if (t > 0 && sameSlice(cur, prev, v0, v1)) {
        list[list.length - 1]!.hours += 1;
        continue;
      }
      const profiles = p.groups[g]!.profiles;
      const points: SchedulePoint[] = [];
      // Vertex v0 is off; the rest ascend in power along the group's hull.
      for (let v = v0 + 1; v < v1; v++) if (cur[v]! > 0) points.push({ profile: profiles[vertexProfile[v]!]!.name, machines: cur[v]! });
      list.push({ start_hour: t, hours: 1, points, off: cur[v0]! });
    }
    [prev, cur] = [cur, prev];
  }
  return {
    schema_version: SCHEDULE_SCHEMA_VERSION,
    hour_start_utc: hourIso(p.start_unix_s),
    hours: p.hours,
    method: plan.method,
    sites: p.sites.map((s) => ({ site: s.id, cap_mw: s.cap_mw, pue: s.pue, time_zone: s.time_zone ?? null })),
    groups: p.groups.map((grp, g) => ({
      group: grp.id,
      site: p.sites[grp.site]!.id,
      lot: grp.lot ?? null,
      model: grp.model ?? null,
      machines: grp.machines,
      baseline_profile: grp.profiles[grp.stock]!.name,
      profiles: grp.profiles.map((pr) => ({ profile: pr.name, power_w: pr.power_w, hashrate_ths: pr.hashrate_ths })),
      runs: runs[g]!,
    })),
    totals: { plan: scheduleTotals(plan.totals, p.hours), baseline: scheduleTotals(plan.baseline, p.hours) },
  };
}

/**
 * Walks a group's runs hour by hour: `at(t)` is the run covering hour t. Hours must be asked in
 * ascending order (a cursor, so a year of hours costs one pass over the runs).
 */
export function runCursor(group: ScheduleGroup): { at(t: number): ScheduleRun } {
  let i = 0;
  return {
    at(t: number): ScheduleRun {
      while (i < group.runs.length - 1 && t >= group.runs[i]!.start_hour + group.runs[i]!.hours) i++;
      return group.runs[i]!;
    },
  };
}
