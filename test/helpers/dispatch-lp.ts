/**
 * The dispatch problem written as a plain LP (or MIP) and solved by HiGHS, as an independent
 * check of the planner. Every profile gets a column — including profiles under the hull — so the
 * solver, not the planner's hull, decides which are worth using.
 *   columns x[t,g,p] ∈ [0, N_g]   (machines of group g on profile p in hour t)
 *   rows    Σ_p x[t,g,p] ≤ N_g                       (one per hour × group)
 *           Σ_{g∈s,p} x[t,g,p]·P_p·PUE/1e6 ≤ cap_mw   (one per site × hour)
 *   maximise Σ x·(r_t·H_p − (price + adder + DR)·P_p·PUE/1e6 − wear_p) + Σ DR·baseline_mw
 * Revenue rate, caps, DR payments, overclock wear and the baseline come from dispatch-reference.ts (the formulas of
 * docs/dispatch.md written out again), not from the planner.
 */
import type { Highs } from 'highs';
import type { DispatchProblem } from '../../src/dispatch/problem.js';
import { memoisedSolve } from './highs-memo.js';
import { drConstantUsd, revenueRate, siteHour, wearUsd } from './dispatch-reference.js';

let instance: Promise<Highs> | undefined;
/** The WASM solver, loaded once. (`highs` ships CommonJS-flavoured types for an ESM default export.) */
export function loadHighs(): Promise<Highs> {
  instance ??= import('highs').then((m) => (m as unknown as { default: () => Promise<Highs> }).default());
  return instance;
}

export interface LpResult {
  objective_usd: number;
  status: string;
  columns: number;
  rows: number;
}

/** The LP (or, with `integer`, the MIP) optimum of the dispatch problem, by HiGHS. */
export function solveWithHighs(p: DispatchProblem, opts: { integer?: boolean; timeLimit_s?: number } = {}): Promise<LpResult> {
  return memoisedSolve('dispatch-lp', { p, opts }, ({ p, opts }) => buildAndSolve(p, opts));
}

/**
 * Without switching rules nothing links one hour to the next, nor one site to another: the model
 * above is the sum of one LP per (hour, site) — that site's groups, their rows of that hour and its
 * cap row, and its share of the DR constant (payment × baseline MW that hour). This solves one of
 * them (never memoised: the benchmark times it), without presolve, which on LPs this small costs
 * HiGHS more than it saves (about a fifth of its time on the benchmark's week).
 */
export async function solveHourSiteWithHighs(p: DispatchProblem, hour: number, site: number): Promise<LpResult> {
  return buildAndSolve(p, { presolveOff: true }, { hours: [hour], sites: [site] });
}

interface Scope {
  hours: readonly number[];
  sites: readonly number[];
}

async function buildAndSolve(p: DispatchProblem, opts: { integer?: boolean; timeLimit_s?: number; presolveOff?: boolean }, scope?: Scope): Promise<LpResult> {
  const highs = await loadHighs();
  const hours = scope?.hours ?? Array.from({ length: p.hours }, (_, t) => t);
  const sites = scope?.sites ?? p.sites.map((_, s) => s);
  const groups = p.groups.flatMap((g, i) => (sites.includes(g.site) ? [i] : []));
  const T = hours.length;
  const G = groups.length;
  let nCols = 0;
  for (const g of groups) nCols += p.groups[g]!.profiles.length * T;
  // Rows: one per hour × group, then one per site × hour (sites in scope order).
  const nRows = T * G + sites.length * T;
  const capRow = (s: number, h: number): number => T * G + sites.indexOf(s) * T + h;
  const cost = new Float64Array(nCols);
  const upper = new Float64Array(nCols);
  const starts = new Int32Array(nCols + 1);
  const indices = new Int32Array(2 * nCols);
  const values = new Float64Array(2 * nCols);
  let j = 0;
  hours.forEach((t, h) => {
    const r = revenueRate(p.hashprice_usd_per_ph_day[t]!, p.pool_fee);
    groups.forEach((g, gi) => {
      const grp = p.groups[g]!;
      const site = p.sites[grp.site]!;
      const c = site.price_usd_per_mwh[t]! + (site.adder_usd_per_mwh ?? 0) + siteHour(p, grp.site, t).dr_usd_per_mwh;
      for (const pr of grp.profiles) {
        cost[j] = r * pr.hashrate_ths - (c * pr.power_w * site.pue) / 1e6 - wearUsd(p, grp, pr.hashrate_ths);
        upper[j] = grp.machines;
        starts[j] = 2 * j;
        indices[2 * j] = h * G + gi;
        values[2 * j] = 1;
        indices[2 * j + 1] = capRow(grp.site, h);
        values[2 * j + 1] = (pr.power_w * site.pue) / 1e6;
        j++;
      }
    });
  });
  starts[nCols] = 2 * nCols;
  const offset = drConstantUsd(p, hours, sites);
  const rowUpper = new Float64Array(nRows);
  for (let h = 0; h < T; h++) groups.forEach((g, gi) => (rowUpper[h * G + gi] = p.groups[g]!.machines));
  for (const s of sites) hours.forEach((t, h) => (rowUpper[capRow(s, h)] = siteHour(p, s, t).cap_mw));
  const model = highs.createModel({
    numCols: nCols,
    numRows: nRows,
    sense: highs.constants.objectiveSense.maximize,
    offset,
    colCost: cost,
    colLower: new Float64Array(nCols),
    colUpper: upper,
    rowLower: new Float64Array(nRows).fill(-highs.infinity),
    rowUpper,
    matrix: { format: 'csc', numRows: nRows, numCols: nCols, starts, indices, values },
    ...(opts.integer ? { integrality: new Int32Array(nCols).fill(1) } : {}),
  });
  try {
    model.options.set({
      output_flag: false,
      ...(opts.presolveOff ? { presolve: 'off' } : {}),
      ...(opts.timeLimit_s ? { time_limit: opts.timeLimit_s } : {}),
      ...(opts.integer ? { mip_rel_gap: 1e-9 } : {}),
    });
    model.run();
    const status = model.getModelStatus();
    const names = Object.entries(highs.constants.modelStatus).find(([, v]) => v === status);
    return { objective_usd: model.getObjectiveValue(), status: names?.[0] ?? String(status), columns: nCols, rows: nRows };
  } finally {
    model.dispose();
  }
}

/**
 * With switching rules: the same LP over a time-expanded network whose nodes are (profile, hours
 * in it) — every profile of the spec and off, ages 1…D with D the minimum dwell (age D meaning
 * "D or more") — so the dwell is enforced by the network's shape, not by a window constraint:
 *   z[t,g,q,a] ≥ 0   machines of group g on profile q, in it for a hours (a = D: at least D)
 *   y[t,g,…]   ≥ 0   transitions from hour t−1: stay (q,a)→(q,min(a+1,D)) free, or move
 *                    (p,D)→(q,1), p ≠ q, costing κ₀ + lost_minutes/60 · r_t · H_q (USD per machine)
 * with flow conservation z[t−1,·] = Σ out-going y and z[t,·] = Σ in-coming y, Σ_{q,a} z = N_g every
 * hour, the site caps on Σ_a z, and hour 0's machines all at age D (free to move at hour 1).
 */
export function solveSwitchingWithHighs(p: DispatchProblem): Promise<LpResult> {
  return memoisedSolve('dispatch-switching-lp', p, buildAndSolveSwitching);
}

async function buildAndSolveSwitching(p: DispatchProblem): Promise<LpResult> {
  const highs = await loadHighs();
  const T = p.hours;
  const G = p.groups.length;
  const kappa0 = p.switching?.cost_usd_per_change ?? 0;
  const lostH = (p.switching?.lost_minutes_per_change ?? 0) / 60;
  const D = p.switching?.min_dwell_hours ?? 1;
  const cols: { cost: number; entries: [number, number][] }[] = [];
  const rowUpper: number[] = [];
  const rowLower: number[] = [];
  const row = (lo: number, hi: number): number => (rowLower.push(lo), rowUpper.push(hi)) - 1;
  // zIndex[t][g][q·D + (a−1)]: column of z, or −1 where the state cannot occur (hour 0, a < D).
  const zIndex: number[][][] = [];
  const capRow: number[] = [];
  for (let s = 0; s < p.sites.length; s++) for (let t = 0; t < T; t++) capRow[s * T + t] = row(-highs.infinity, siteHour(p, s, t).cap_mw);
  for (let t = 0; t < T; t++) {
    const r = revenueRate(p.hashprice_usd_per_ph_day[t]!, p.pool_fee);
    zIndex[t] = [];
    for (let g = 0; g < G; g++) {
      const grp = p.groups[g]!;
      const site = p.sites[grp.site]!;
      const st = grp.site * T + t;
      const c = site.price_usd_per_mwh[t]! + (site.adder_usd_per_mwh ?? 0) + siteHour(p, grp.site, t).dr_usd_per_mwh;
      const sum = row(grp.machines, grp.machines);
      const options = [{ hashrate_ths: 0, power_w: 0 }, ...grp.profiles];
      const K = options.length;
      const here: number[] = [];
      zIndex[t]![g] = here;
      options.forEach((pr) => {
        for (let a = 1; a <= D; a++) {
          if (t === 0 && a < D) {
            here.push(-1);
            continue;
          }
          here.push(cols.length);
          cols.push({
            cost: r * pr.hashrate_ths - (c * pr.power_w * site.pue) / 1e6 - wearUsd(p, grp, pr.hashrate_ths),
            entries: [
              [sum, 1],
              [capRow[st]!, (pr.power_w * site.pue) / 1e6],
            ],
          });
        }
      });
      if (t === 0) continue;
      const before = zIndex[t - 1]![g]!;
      const outRow = before.map((j) => (j >= 0 ? row(0, 0) : -1));
      const inRow = here.map(() => row(0, 0));
      before.forEach((j, i) => {
        if (j >= 0) cols[j]!.entries.push([outRow[i]!, 1]);
      });
      here.forEach((j, i) => cols[j]!.entries.push([inRow[i]!, 1]));
      const arc = (from: number, to: number, cost: number): void => {
        if (outRow[from]! >= 0)
          cols.push({
            cost: -cost,
            entries: [
              [outRow[from]!, -1],
              [inRow[to]!, -1],
            ],
          });
      };
      for (let q = 0; q < K; q++) {
        for (let a = 1; a <= D; a++) arc(q * D + a - 1, q * D + Math.min(a + 1, D) - 1, 0);
        for (let pp = 0; pp < K; pp++) if (pp !== q) arc(pp * D + D - 1, q * D, kappa0 + lostH * r * options[q]!.hashrate_ths);
      }
    }
  }
  const offset = drConstantUsd(p);
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const col of cols) {
    for (const [i, v] of col.entries.sort((a, b) => a[0] - b[0])) {
      indices.push(i);
      values.push(v);
    }
    starts.push(indices.length);
  }
  const n = cols.length;
  const m = rowUpper.length;
  const model = highs.createModel({
    numCols: n,
    numRows: m,
    sense: highs.constants.objectiveSense.maximize,
    offset,
    colCost: cols.map((c) => c.cost),
    colLower: new Float64Array(n),
    colUpper: new Float64Array(n).fill(highs.infinity),
    rowLower,
    rowUpper,
    matrix: { format: 'csc', numRows: m, numCols: n, starts, indices, values },
  });
  try {
    model.options.set({ output_flag: false });
    model.run();
    const status = model.getModelStatus();
    const names = Object.entries(highs.constants.modelStatus).find(([, v]) => v === status);
    return { objective_usd: model.getObjectiveValue(), status: names?.[0] ?? String(status), columns: n, rows: m };
  } finally {
    model.dispose();
  }
}
