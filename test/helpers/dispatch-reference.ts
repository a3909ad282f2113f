/**
 * The dispatch problem's terms written out from docs/dispatch.md ("Problem"), independently of the
 * planner (nothing here imports src/dispatch beyond its input type), for the HiGHS reference model
 * (dispatch-lp.ts) and the hand-worked tests:
 *   revenue rate r_t            = hashprice_t / 1000 / 24 · (1 − pool fee)        USD per TH/s·h
 *   cap (site s, hour t)        = the site's cap_mw, or the lowest cap of an event that hour   MW
 *   DR payment (s, t)           = the highest payment of an event that hour, else 0   USD/MWh
 *   stock baseline under a cap  = every group at its stock profile, the most efficient (TH/s per W)
 *                                 first, each with as many whole machines as the cap still holds,
 *                                 so the least efficient are the ones switched off          MW, TH/s
 *   overclock wear              = w · max(0, H_p − H_stock) per machine-hour on profile p, w the
 *                                 problem's overclock_wear_usd_per_th_hour (0 when absent)  USD
 * Caps are compared in MW with a 1e-9 MW (1 mW) allowance for rounding.
 */
import type { DispatchGroup, DispatchProblem } from '../../src/dispatch/problem.js';

export function revenueRate(hashprice_usd_per_ph_day: number, pool_fee: number): number {
  return (hashprice_usd_per_ph_day / 24 / 1000) * (1 - pool_fee);
}

/** Overclock wear of one machine-hour of group `g` at `hashrate_ths` (USD; 0 at or below stock, and off). */
export function wearUsd(p: DispatchProblem, g: DispatchGroup, hashrate_ths: number): number {
  return (p.overclock_wear_usd_per_th_hour ?? 0) * Math.max(0, hashrate_ths - g.profiles[g.stock]!.hashrate_ths);
}

/** Cap (MW) and DR payment (USD/MWh) of site s in hour t. */
export function siteHour(p: DispatchProblem, s: number, t: number): { cap_mw: number; dr_usd_per_mwh: number } {
  let cap_mw = p.sites[s]!.cap_mw;
  let dr_usd_per_mwh = 0;
  for (const e of p.events ?? []) {
    if (e.site !== s || e.hour !== t) continue;
    cap_mw = Math.min(cap_mw, e.cap_mw);
    dr_usd_per_mwh = Math.max(dr_usd_per_mwh, e.payment_usd_per_mwh);
  }
  return { cap_mw, dr_usd_per_mwh };
}

/** Grid MW and TH/s of site s's stock fleet under `cap_mw`, least efficient groups off first. */
export function stockBaseline(p: DispatchProblem, s: number, cap_mw: number): { power_mw: number; hashrate_ths: number } {
  const pue = p.sites[s]!.pue;
  const atSite = p.groups.filter((g) => g.site === s);
  const jPerTh = (g: (typeof atSite)[number]): number => g.profiles[g.stock]!.power_w / g.profiles[g.stock]!.hashrate_ths;
  // Stable sort: equally efficient groups keep their order.
  const order = [...atSite].sort((a, b) => jPerTh(a) - jPerTh(b));
  let power_mw = 0;
  let hashrate_ths = 0;
  for (const g of order) {
    const stock = g.profiles[g.stock]!;
    const mwEach = (stock.power_w * pue) / 1e6;
    let n = 0;
    while (n < g.machines && power_mw + (n + 1) * mwEach <= cap_mw + 1e-9) n++;
    power_mw += n * mwEach;
    hashrate_ths += n * stock.hashrate_ths;
  }
  return { power_mw, hashrate_ths };
}

/**
 * The DR constant of the objective: Σ over site-hours of payment · baseline MW under the site's
 * normal cap — over every site-hour, or only those of `hours` × `sites`.
 */
export function drConstantUsd(p: DispatchProblem, hours?: readonly number[], sites?: readonly number[]): number {
  let total = 0;
  for (const s of sites ?? p.sites.keys()) {
    let paid = 0;
    for (const t of hours ?? Array.from({ length: p.hours }, (_, h) => h)) paid += siteHour(p, s, t).dr_usd_per_mwh;
    // The baseline walks every machine: only worth it where some hour pays.
    if (paid !== 0) total += paid * stockBaseline(p, s, p.sites[s]!.cap_mw).power_mw;
  }
  return total;
}
