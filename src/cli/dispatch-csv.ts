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
 * Yields chunks of text so a year × many groups streams to disk without one giant string.
 */
import { groupLevel, groupMix, switchPrices, type DispatchPlan } from '../dispatch/plan.js';
import { localHourText } from '../adapters/datasets/power-prices-csv.js';
import { unixSToIso } from '../units/time.js';

export const PLAN_CSV_HEADER = 'hour_start_utc,hour_start_local,site,group,profile,machines,power_kw,hashrate_ths,price_usd_per_mwh,step_up_below_usd_per_mwh,step_down_above_usd_per_mwh';

const num = (v: number, d: number): string => (Number.isFinite(v) ? Number(v.toFixed(d)).toString() : '');

export function* planCsvChunks(plan: DispatchPlan, onHour?: (t: number) => void): Generator<string> {
  const p = plan.problem;
  const G = p.groups.length;
  const counts = new Int32Array(plan.prep.hulls.vertexProfile.length);
  yield `${PLAN_CSV_HEADER}\n`;
  for (let t = 0; t < p.hours; t++) {
    plan.assignment.counts(t, counts);
    const time = p.start_unix_s + 3600 * t;
    const utc = unixSToIso(time);
    const local = p.sites.map((s) => (s.time_zone ? localHourText(time, s.time_zone) : ''));
    const rows: string[] = [];
    for (let g = 0; g < G; g++) {
      const grp = p.groups[g]!;
      const site = p.sites[grp.site]!;
      const price = site.price_usd_per_mwh[t]!;
      const sp = switchPrices(plan, t, g);
      const level = sp ? groupLevel(plan, counts, g) : 0;
      const up = sp?.[level]?.below_usd_per_mwh ?? NaN;
      const down = sp && level > 0 ? (sp[level - 1]?.below_usd_per_mwh ?? NaN) : NaN;
      const head = `${utc},${local[grp.site]},${site.id},${grp.id}`;
      const tail = `${num(price, 4)},${num(up, 4)},${num(down, 4)}`;
      const mix = groupMix(plan, counts, g);
      const off = grp.machines - mix.reduce((a, m) => a + m.machines, 0);
      if (off > 0 || mix.length === 0) rows.push(`${head},off,${off},0,0,${tail}`);
      for (const m of mix) {
        const pr = grp.profiles[m.profile]!;
        rows.push(`${head},${pr.name},${m.machines},${num((m.machines * pr.power_w * site.pue) / 1e3, 3)},${num(m.machines * pr.hashrate_ths, 3)},${tail}`);
      }
    }
    onHour?.(t);
    yield `${rows.join('\n')}\n`;
  }
}
