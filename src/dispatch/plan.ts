/**
 * planDispatch: the public entry of the dispatch planner. Pure: it returns a plan and applies
 * nothing. Objective (USD) = revenue − energy cost + demand-response revenue, see problem.ts for
 * each term's formula. Without switching rules hours separate (hourly.ts: exact LP by greedy, then
 * whole machines); with a cost per change, lost minutes or a minimum dwell they are coupled
 * (switching.ts).
 *
 * The baseline is "stock 24/7 up to the cap": every group at its stock profile, and where a site's
 * cap (or a DR event's reduced cap) cannot hold them all, machines are switched off starting from
 * the least efficient group (most J/TH) until the rest fit. Savings = plan value − baseline value.
 * Hashrate given up = 1 − (plan TH/s·h) / (baseline TH/s·h), in percent of the baseline's stock
 * hashrate — the figure the industry quotes (negative when the plan overclocks more than it
 * curtails).
 *
 * A site with a contract (DispatchSite.contract) is billed under it for the plan and the baseline
 * alike (src/economics/power-contract.ts: priceSiteHours, the function `fleet report` costs the same
 * hours with): energy cost = the contract's bill + hosting adder · MWh, and its demand-response
 * availability joins DR revenue. The planner optimises the contract's marginal prices; the bill
 * differs from Σ MWh · marginal price by terms no single hour moves (the volume a resale contract
 * buys, monthly fees) and by the two it leaves out (take-or-pay, DR availability). The LP bound is
 * shifted by the same difference, so the gap stays the planner's.
 */
import { solveHours, type Assignment } from './hourly.js';
import { arrivalCostUsd, hasSwitching, revenueUsdPerThHour, siteHourTerms, validateProblem, type DispatchProblem } from './problem.js';
import { prepareSegments, type Prepared } from './segments.js';
import { solveWithSwitching } from './switching.js';
import { wearCostUsd } from './wear.js';
import type { LpSolver } from '../ports/lp-solver.js';
import { priceSiteHours, type ContractBill } from '../economics/power-contract.js';

export interface DispatchTotals {
  energy_mwh: number;
  /** Hashrate × hours (TH/s·h); divide by hours for the average TH/s. */
  hashrate_ths_hours: number;
  /** BTC earned after the pool fee; null without BTC prices. */
  btc: number | null;
  revenue_usd: number;
  energy_cost_usd: number;
  /** revenue − energy cost. */
  margin_usd: number;
  dr_revenue_usd: number;
  /** margin + DR revenue − switching cost − overclock wear: the objective. */
  value_usd: number;
  switching_cost_usd: number;
  /** Overclock wear: w · TH/s·h run above stock (problem.ts: overclock_wear_usd_per_th_hour); 0 for the baseline. */
  wear_cost_usd: number;
  profile_changes: number;
}

export interface DispatchPlan {
  problem: DispatchProblem;
  prep: Prepared;
  assignment: Assignment;
  /** Per hour, whole fleet: grid MW, TH/s, USD. */
  hourly: { power_mw: Float64Array; hashrate_ths: Float64Array; revenue_usd: Float64Array; energy_cost_usd: Float64Array; dr_revenue_usd: Float64Array };
  totals: DispatchTotals;
  baseline: DispatchTotals;
  /** Upper bound on the best value with whole machines (LP relaxation optimum, USD). */
  lp_bound_usd: number;
  /** lp_bound − plan value ≥ 0: how far the plan can be from the integer optimum at most. */
  integrality_gap_usd: number;
  savings_usd: number;
  hashrate_given_up_pct_of_stock: number;
  /** How the plan was solved, for the report. */
  method: string;
  /** DR payment per site-hour (USD/MWh), s·hours + t; 0 outside events. */
  dr_usd_per_mwh: Float64Array;
  /** Per site (problem order): its contract's bill for the plan and the baseline, null for a site without a contract. */
  contracts: ({ plan: ContractBill; baseline: ContractBill } | null)[];
}

function emptyTotals(): DispatchTotals {
  return {
    energy_mwh: 0,
    hashrate_ths_hours: 0,
    btc: 0,
    revenue_usd: 0,
    energy_cost_usd: 0,
    margin_usd: 0,
    dr_revenue_usd: 0,
    value_usd: 0,
    switching_cost_usd: 0,
    wear_cost_usd: 0,
    profile_changes: 0,
  };
}

function finish(t: DispatchTotals, hasBtc: boolean): DispatchTotals {
  t.margin_usd = t.revenue_usd - t.energy_cost_usd;
  t.value_usd = t.margin_usd + t.dr_revenue_usd - t.switching_cost_usd - t.wear_cost_usd;
  if (!hasBtc) t.btc = null;
  return t;
}

/** Stock draw (grid W) and hashrate of each site under `cap_w`, least efficient groups switched off first. */
export function stockUpToCap(p: DispatchProblem, site: number, cap_w: number): { used_w: number; hash_ths: number } {
  const order = p.groups
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => g.site === site)
    .sort((a, b) => {
      const ea = a.g.profiles[a.g.stock]!;
      const eb = b.g.profiles[b.g.stock]!;
      return eb.hashrate_ths / eb.power_w - ea.hashrate_ths / ea.power_w || a.i - b.i;
    });
  const pue = p.sites[site]!.pue;
  let used = 0;
  let hash = 0;
  for (const { g } of order) {
    const pr = g.profiles[g.stock]!;
    const m = Math.min(g.machines, Math.floor((cap_w * (1 + 1e-12) - used) / (pr.power_w * pue)));
    if (m <= 0) continue;
    used += m * pr.power_w * pue;
    hash += m * pr.hashrate_ths;
  }
  return { used_w: used, hash_ths: hash };
}

export interface PlanOptions {
  /** Called after each hour is planned (progress bars). */
  onHour?: (t: number) => void;
  /**
   * LP solver for switching costs under binding caps (src/adapters/solver/highs-lp.ts loads HiGHS); without
   * one, those plans use the Lagrangian method and report a certified gap instead of being exact.
   */
  lpSolver?: LpSolver | undefined;
  /** Largest LP handed to the solver (columns); bigger instances use the Lagrangian method. */
  maxLpColumns?: number | undefined;
}

export function planDispatch(p: DispatchProblem, opts: PlanOptions = {}): DispatchPlan {
  validateProblem(p);
  const T = p.hours;
  const S = p.sites.length;
  const prep = prepareSegments(p);
  const terms = siteHourTerms(p);
  const normal = p.sites.map((_, s) => stockUpToCap(p, s, terms.cap_normal_w[s]!));
  const switching = hasSwitching(p.switching);
  const solved = switching ? solveWithSwitching(p, prep, terms, opts) : { assignment: solveHours(p, prep, terms, opts.onHour), lp_bound_usd: NaN, method: '' };
  const a = solved.assignment;

  const hourly = {
    power_mw: new Float64Array(T),
    hashrate_ths: new Float64Array(T),
    revenue_usd: new Float64Array(T),
    energy_cost_usd: new Float64Array(T),
    dr_revenue_usd: new Float64Array(T),
  };
  const totals = emptyTotals();
  const base = emptyTotals();
  let drConstant = 0;
  // Baseline draw per site-hour (s·T + t), and the planner's energy cost of the plan at contract sites.
  const baseUsed = new Float64Array(S * T);
  let plannerContractCost = 0;
  for (let t = 0; t < T; t++) {
    const r = revenueUsdPerThHour(p.hashprice_usd_per_ph_day[t]!, p.pool_fee);
    const btc = p.price_usd_per_btc?.[t];
    for (let s = 0; s < S; s++) {
      const site = p.sites[s]!;
      const st = s * T + t;
      // A contract site's energy is billed below; here only its hosting adder.
      const price = (site.contract ? 0 : site.price_usd_per_mwh[t]!) + (site.adder_usd_per_mwh ?? 0);
      const dr = terms.dr_usd_per_mwh[st]!;
      const used = a.used_w[st]!;
      const hash = a.hash_ths[st]!;
      const rev = r * hash;
      const cost = (used * price) / 1e6;
      if (site.contract) plannerContractCost += (used * site.price_usd_per_mwh[t]!) / 1e6;
      const drRev = dr > 0 ? (dr * (normal[s]!.used_w - used)) / 1e6 : 0;
      drConstant += (dr * normal[s]!.used_w) / 1e6;
      hourly.power_mw[t] = hourly.power_mw[t]! + used / 1e6;
      hourly.hashrate_ths[t] = hourly.hashrate_ths[t]! + hash;
      hourly.revenue_usd[t] = hourly.revenue_usd[t]! + rev;
      hourly.energy_cost_usd[t] = hourly.energy_cost_usd[t]! + cost;
      hourly.dr_revenue_usd[t] = hourly.dr_revenue_usd[t]! + drRev;
      totals.energy_mwh += used / 1e6;
      totals.hashrate_ths_hours += hash;
      totals.revenue_usd += rev;
      totals.energy_cost_usd += cost;
      totals.dr_revenue_usd += drRev;
      if (btc) totals.btc = (totals.btc ?? 0) + rev / btc;
      // Baseline: stock under this hour's effective cap (an event may lower it).
      const b = terms.cap_w[st] === terms.cap_normal_w[s] ? normal[s]! : stockUpToCap(p, s, terms.cap_w[st]!);
      baseUsed[st] = b.used_w;
      const bRev = r * b.hash_ths;
      base.energy_mwh += b.used_w / 1e6;
      base.hashrate_ths_hours += b.hash_ths;
      base.revenue_usd += bRev;
      base.energy_cost_usd += (b.used_w * price) / 1e6;
      base.dr_revenue_usd += dr > 0 ? (dr * (normal[s]!.used_w - b.used_w)) / 1e6 : 0;
      if (btc) base.btc = (base.btc ?? 0) + bRev / btc;
    }
  }
  totals.wear_cost_usd = wearCostUsd(prep, a, T);
  const contracts = p.sites.map((_, s) => billContract(p, s, a.used_w, baseUsed, hourly, totals, base));
  // The bill's terms no hour moves (and the two the planner leaves out) shift the LP bound alike.
  const contractShift = contracts.reduce((x, c) => x + (c ? c.plan.dr_availability_usd - c.plan.cost_usd : 0), 0) + plannerContractCost;
  if (switching) {
    const sw = countChanges(p, prep, a);
    totals.profile_changes = sw.changes;
    totals.switching_cost_usd = sw.cost_usd;
  }
  finish(totals, p.price_usd_per_btc !== undefined);
  finish(base, p.price_usd_per_btc !== undefined);
  let lpBound = drConstant + contractShift + (switching ? solved.lp_bound_usd : 0);
  if (!switching) for (let t = 0; t < T; t++) lpBound += a.lp_value_usd[t]!;
  return {
    problem: p,
    prep,
    assignment: a,
    hourly,
    totals,
    baseline: base,
    lp_bound_usd: lpBound,
    integrality_gap_usd: Math.max(0, lpBound - totals.value_usd),
    savings_usd: totals.value_usd - base.value_usd,
    hashrate_given_up_pct_of_stock: base.hashrate_ths_hours > 0 ? 100 * (1 - totals.hashrate_ths_hours / base.hashrate_ths_hours) : 0,
    dr_usd_per_mwh: terms.dr_usd_per_mwh,
    contracts,
    method: switching ? solved.method : 'hourly greedy over upper concave hulls (exact LP), whole machines by flooring the split group and filling the cap',
  };
}

/** Bills site s's plan and baseline draw under its contract into the totals and hourly series; null without a contract. */
function billContract(
  p: DispatchProblem,
  s: number,
  planUsed: Float64Array,
  baseUsed: Float64Array,
  hourly: DispatchPlan['hourly'],
  totals: DispatchTotals,
  base: DispatchTotals,
): { plan: ContractBill; baseline: ContractBill } | null {
  const site = p.sites[s]!;
  if (!site.contract) return null;
  const T = p.hours;
  const bill = (used_w: Float64Array) =>
    priceSiteHours(site.contract!.contract, {
      start_unix_s: p.start_unix_s,
      energy_mwh: Float64Array.from(used_w.subarray(s * T, (s + 1) * T), (w) => w / 1e6),
      index_usd_per_mwh: site.contract!.index_usd_per_mwh,
      capacity_mw: site.cap_mw,
      time_zone: site.time_zone,
    });
  const plan = bill(planUsed);
  for (let t = 0; t < T; t++) {
    hourly.energy_cost_usd[t] = hourly.energy_cost_usd[t]! + plan.cost_usd[t]!;
    hourly.dr_revenue_usd[t] = hourly.dr_revenue_usd[t]! + plan.dr_availability_usd[t]!;
  }
  totals.energy_cost_usd += plan.bill.cost_usd;
  totals.dr_revenue_usd += plan.bill.dr_availability_usd;
  const baseline = bill(baseUsed).bill;
  base.energy_cost_usd += baseline.cost_usd;
  base.dr_revenue_usd += baseline.dr_availability_usd;
  return { plan: plan.bill, baseline };
}

/**
 * Group g's machines in an hour as (profile index → machines), from the vertex counts of
 * Assignment.counts(); off machines are not listed.
 */
export function groupMix(plan: DispatchPlan, counts: Int32Array, g: number): { profile: number; machines: number }[] {
  const { vertexStart, vertexProfile } = plan.prep.hulls;
  const out: { profile: number; machines: number }[] = [];
  for (let v = vertexStart[g]! + 1; v < vertexStart[g + 1]!; v++) if (counts[v]! > 0) out.push({ profile: vertexProfile[v]!, machines: counts[v]! });
  return out;
}

/** Lowest hull vertex (0 = off) group g occupies in an hour, from Assignment.counts(). */
export function groupLevel(plan: DispatchPlan, counts: Int32Array, g: number): number {
  const v0 = plan.prep.hulls.vertexStart[g]!;
  for (let v = v0; v < plan.prep.hulls.vertexStart[g + 1]!; v++) if (counts[v]! > 0) return v - v0;
  return 0;
}

/**
 * Machine profile changes between consecutive hours and what they cost: per group, the machines
 * that must move to turn one hour's vertex histogram into the next, Σ_k max(0, n_t(k) − n_{t−1}(k))
 * (a machine moving several vertices counts once), each priced at its destination's
 * κ_{t,k} = κ₀ + m/60 · r_t·H_k (problem.ts: arrivalCostUsd) — the cheapest way between the two
 * histograms, since a change costs only where it arrives.
 */
export function countChanges(p: DispatchProblem, prep: Prepared, a: Assignment): { changes: number; cost_usd: number } {
  const nVertices = prep.hulls.vertexProfile.length;
  const H = prep.hulls.vertex_hashrate_ths;
  let prev = new Int32Array(nVertices);
  let cur = new Int32Array(nVertices);
  let changes = 0;
  let cost = 0;
  a.counts(0, prev);
  for (let t = 1; t < p.hours; t++) {
    a.counts(t, cur);
    const r = revenueUsdPerThHour(p.hashprice_usd_per_ph_day[t]!, p.pool_fee);
    for (let v = 0; v < nVertices; v++) {
      const arrived = cur[v]! - prev[v]!;
      if (arrived <= 0) continue;
      changes += arrived;
      cost += arrived * arrivalCostUsd(p.switching, r, H[v]!);
    }
    [prev, cur] = [cur, prev];
  }
  return { changes, cost_usd: cost };
}

/**
 * The power price (USD/MWh) below which each of group g's hull profiles beats the one beneath it in
 * hour t, holding the cap's shadow price fixed: (r·dH_k − w·dE_k) / dW_k · 1e6 − adder − DR payment − λ,
 * with dH_k, dE_k (TH/s, TH/s over stock) and dW_k (grid W) the segment's steps for one machine and w
 * the overclock wear rate. Prices above the first threshold mean off; below the last, the top profile.
 * Null under switching rules (hasSwitching): then an hour's choice also depends on the hours around
 * it (a change costs, a dwell binds), so no single-hour price threshold explains it.
 */
export function switchPrices(plan: DispatchPlan, t: number, g: number): { profile: string; below_usd_per_mwh: number }[] | null {
  const p = plan.problem;
  if (hasSwitching(p.switching)) return null;
  const grp = p.groups[g]!;
  const site = p.sites[grp.site]!;
  const st = grp.site * p.hours + t;
  const r = revenueUsdPerThHour(p.hashprice_usd_per_ph_day[t]!, p.pool_fee);
  const dr = plan.dr_usd_per_mwh[st]!;
  const lambda = plan.assignment.shadow_usd_per_mwh[st]!;
  const { vertexStart, vertex_power_w, vertex_hashrate_ths, vertex_wear_ths, vertexProfile } = plan.prep.hulls;
  const w = plan.prep.wear_usd_per_th_hour;
  const out: { profile: string; below_usd_per_mwh: number }[] = [];
  for (let v = vertexStart[g]! + 1; v < vertexStart[g + 1]!; v++) {
    const dW = (vertex_power_w[v]! - vertex_power_w[v - 1]!) * site.pue;
    const net = r * (vertex_hashrate_ths[v]! - vertex_hashrate_ths[v - 1]!) - w * (vertex_wear_ths[v]! - vertex_wear_ths[v - 1]!);
    out.push({ profile: grp.profiles[vertexProfile[v]!]!.name, below_usd_per_mwh: (net / dW) * 1e6 - (site.adder_usd_per_mwh ?? 0) - dr - lambda });
  }
  return out;
}
