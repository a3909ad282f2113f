/**
 * Whole machines from one group's LP counts (switching-lp.ts, or its restriction to stretches in
 * switching-stretches.ts, laid out hour by hour) that keep every cap and the
 * minimum dwell D. Caps: every vertex above off holds at most m[t,k] = ⌊x[t,k]⌋ machines (counted
 * from the lowest vertex up, never more than N in all), so the site draws no more than the LP,
 * which keeps the cap. Dwell: hour by hour,
 *  1. machines that arrived at a vertex less than D hours ago stay (locked);
 *  2. the others stay where they are while that vertex has room under m[t,k];
 *  3. vertices still under m[t,k] receive machines in order of this hour's value per machine,
 *     first those that must leave their vertex anyway, then machines that were off — but a vertex
 *     takes only as many arrivals as fit under m in each of the next D hours, given the machines
 *     already locked there then (so a locked machine never pushes a later hour past m);
 *  4. whatever must still leave goes off (off has no cap; it stays locked off for D hours).
 * Every machine is placed each hour, locked machines always fit (step 3), so no case needs
 * breaking a rule; the price is value: floors and blocked arrivals are what the plan gives up to
 * the LP bound (the reported gap). Arrivals never meet departures at one vertex, so the moves
 * are the positive parts of the count changes, as plan.ts prices them. With D = 1 nothing is
 * locked and every vertex gets exactly m[t,k] — the floors, the rest off.
 */

/**
 * Fills out (laid out t·V + k, k = 0 off) with one group's whole-machine counts, from its LP counts
 * `lp` and its value per machine-hour `value` (USD), both laid out like `out`.
 */
export function wholeMachinePlan(lp: Float64Array, value: Float64Array, V: number, N: number, T: number, D: number, out: Int32Array): void {
  const m = new Int32Array(T * V);
  for (let t = 0; t < T; t++) {
    let on = 0;
    for (let k = 1; k < V; k++) {
      const c = Math.max(0, Math.min(N - on, Math.floor(lp[t * V + k]! + 1e-6)));
      m[t * V + k] = c;
      on += c;
    }
  }
  const arrivals = new Int32Array(T * V);
  const locked = new Int32Array(V);
  const free = new Int32Array(V);
  const cur = new Int32Array(V);
  const order = Int32Array.from({ length: V - 1 }, (_, k) => k + 1);
  // Hour 0: the LP's floors, the rest off (nothing is locked before the horizon).
  let off = N;
  for (let k = 1; k < V; k++) off -= out[k] = m[k]!;
  out[0] = off;
  for (let t = 1; t < T; t++) {
    const prev = (t - 1) * V;
    let movers = 0;
    for (let k = 0; k < V; k++) {
      let l = 0;
      for (let s = Math.max(1, t - D + 1); s < t; s++) l += arrivals[s * V + k]!;
      locked[k] = l;
      free[k] = out[prev + k]! - l;
      if (k === 0) {
        cur[0] = l;
        continue;
      }
      const stay = Math.min(free[k]!, m[t * V + k]! - l);
      cur[k] = l + stay;
      movers += free[k]! - stay;
    }
    let offFree = free[0]!;
    // Best value first, ties by vertex (insertion sort: a handful of vertices, every hour).
    for (let q = 1; q < order.length; q++) {
      const k = order[q]!;
      let z = q - 1;
      while (z >= 0 && (value[t * V + order[z]!]! < value[t * V + k]! || (value[t * V + order[z]!]! === value[t * V + k]! && order[z]! > k))) {
        order[z + 1] = order[z]!;
        z--;
      }
      order[z + 1] = k;
    }
    for (const k of order) {
      let room = m[t * V + k]! - cur[k]!;
      // Arrivals now stay through t + D − 1: leave room for the machines locked there then.
      let committed = locked[k]!;
      for (let u = t + 1; u < Math.min(T, t + D) && room > 0; u++) {
        if (u - D >= 1) committed -= arrivals[(u - D) * V + k]!;
        room = Math.min(room, m[u * V + k]! - committed);
      }
      if (room <= 0) continue;
      const fromMovers = Math.min(room, movers);
      const fromOff = Math.min(room - fromMovers, offFree);
      movers -= fromMovers;
      offFree -= fromOff;
      arrivals[t * V + k] = fromMovers + fromOff;
      cur[k] = cur[k]! + fromMovers + fromOff;
    }
    arrivals[t * V] = movers;
    cur[0] = cur[0]! + offFree + movers;
    out.set(cur, t * V);
  }
}
