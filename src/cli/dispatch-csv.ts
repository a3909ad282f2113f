/**
 * The plan as a long CSV, one row per hour × group × profile in use (a fully-off group gets one
 * `off` row), for `hashfloor dispatch --out plan.csv`:
 *   hour_start_utc, hour_start_local (site time zone, with offset; empty without one), site, group,
 *   profile, machines, power_kw (grid side, incl. PUE), hashrate_ths, price_usd_per_mwh,
 *   step_up_below_usd_per_mwh  — below this price the group would move one hull profile up,
 *   step_down_above_usd_per_mwh — above this price it would move one hull profile down
 * (both holding the hour's cap shadow price fixed; empty where there is no profile to move to, and
 * empty in every row when switching rules apply: hours are then coupled and no one-hour threshold
 * explains a choice).
 * Derived from the Schedule (src/dispatch/schedule.ts) alone, plus the per-hour prices and
 * thresholds it does not carry, passed in. Yields chunks of text so a year × many groups streams
 * to disk without one giant string.
 */
import { runCursor, type Schedule } from '../dispatch/schedule.js';
import type { HourStepPrices } from '../dispatch/step-prices.js';
import { localHourText } from '../adapters/datasets/power-prices-csv.js';
import { parseUtc } from '../config/csv-cells.js';
import { InternalError } from '../errors.js';
import { unixSToIso } from '../units/time.js';

export const PLAN_CSV_HEADER =
  'hour_start_utc,hour_start_local,site,group,profile,machines,power_kw,hashrate_ths,price_usd_per_mwh,step_up_below_usd_per_mwh,step_down_above_usd_per_mwh';

const num = (v: number, d: number): string => (Number.isFinite(v) ? Number(v.toFixed(d)).toString() : '');

/** What the Schedule does not hold but the CSV shows, per hour. */
export interface PlanCsvHours {
  /** Each schedule site's hourly power price (USD/MWh), in `schedule.sites` order. */
  prices_usd_per_mwh: readonly ArrayLike<number>[];
  /** The step thresholds of hour t (src/dispatch/step-prices.ts), or null under switching rules. */
  steps: ((t: number) => HourStepPrices) | null;
}

export function* planCsvChunks(schedule: Schedule, hourly: PlanCsvHours, onHour?: (t: number) => void): Generator<string> {
  const start = parseUtc(schedule.hour_start_utc);
  if (start === undefined) throw new InternalError(`schedule hour_start_utc "${schedule.hour_start_utc}" is not a UTC hour`);
  const siteIndex = new Map(schedule.sites.map((s, i) => [s.site, i]));
  const groups = schedule.groups.map((grp) => ({
    grp,
    site: siteIndex.get(grp.site) ?? 0,
    profiles: new Map(grp.profiles.map((pr) => [pr.profile, pr])),
    runs: runCursor(grp),
  }));
  yield `${PLAN_CSV_HEADER}\n`;
  for (let t = 0; t < schedule.hours; t++) {
    const time = start + 3600 * t;
    const utc = unixSToIso(time);
    const local = schedule.sites.map((s) => (s.time_zone ? localHourText(time, s.time_zone) : ''));
    const steps = hourly.steps?.(t);
    const rows: string[] = [];
    groups.forEach(({ grp, site: s, profiles, runs }, g) => {
      const site = schedule.sites[s]!;
      const price = hourly.prices_usd_per_mwh[s]![t]!;
      const up = steps?.up_below_usd_per_mwh[g] ?? NaN;
      const down = steps?.down_above_usd_per_mwh[g] ?? NaN;
      const head = `${utc},${local[s]},${site.site},${grp.group}`;
      const tail = `${num(price, 4)},${num(up, 4)},${num(down, 4)}`;
      const run = runs.at(t);
      if (run.off > 0 || run.points.length === 0) rows.push(`${head},off,${run.off},0,0,${tail}`);
      for (const m of run.points) {
        const pr = profiles.get(m.profile)!;
        rows.push(`${head},${pr.profile},${m.machines},${num((m.machines * pr.power_w * site.pue) / 1e3, 3)},${num(m.machines * pr.hashrate_ths, 3)},${tail}`);
      }
    });
    onHour?.(t);
    yield `${rows.join('\n')}\n`;
  }
}
