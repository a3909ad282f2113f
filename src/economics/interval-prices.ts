/**
 * Hourly means of sub-hourly market prices (ERCOT settles real-time energy every 15 minutes).
 * The hourly price of node n in UTC hour [h, h + 3600 s) is
 *
 *   p̄(n, h) = (1/4) · Σ_{k=0..3} p(n, h + 900·k)        USD/MWh
 *
 * — the plain mean of the four interval prices, which is what a load drawing a constant power
 * through the hour pays per MWh. Negative prices are real and kept. An hour lacking any of its
 * four intervals gets no mean (a partial hour would bias it towards the intervals present): it is
 * counted in `incomplete_hours` and left for a later, complete read.
 */

/** One settlement interval's price at one node. */
export interface IntervalPrice {
  node: string;
  /** Start of the 15-minute interval, unix seconds (UTC). */
  interval_start_unix_s: number;
  power_price_usd_per_mwh: number;
}

export interface HourlyMean {
  node: string;
  hour_start_unix_s: number;
  power_price_usd_per_mwh: number;
}

export interface HourlyMeans {
  /** Ascending by node, then hour. */
  hours: HourlyMean[];
  /** Node-hours with fewer than four intervals, left out. */
  incomplete_hours: number;
  /** Intervals given more than once; the later one counts (a republished interval corrects the first). */
  replaced_intervals: number;
}

export const INTERVAL_S = 900;
const PER_HOUR = 3600 / INTERVAL_S;

/** Hourly means per node (formula above); intervals must start on a quarter hour. */
export function hourlyMeans(intervals: Iterable<IntervalPrice>): HourlyMeans {
  const byNode = new Map<string, Map<number, number>>();
  let replaced = 0;
  for (const x of intervals) {
    if (x.interval_start_unix_s % INTERVAL_S !== 0) throw new RangeError(`interval of ${x.node} at ${x.interval_start_unix_s} s is not on a quarter hour`);
    let m = byNode.get(x.node);
    if (!m) {
      m = new Map<number, number>();
      byNode.set(x.node, m);
    }
    if (m.has(x.interval_start_unix_s)) replaced++;
    m.set(x.interval_start_unix_s, x.power_price_usd_per_mwh);
  }
  const hours: HourlyMean[] = [];
  let incomplete = 0;
  for (const node of [...byNode.keys()].sort()) {
    const m = byNode.get(node) as Map<number, number>;
    const starts = new Set<number>();
    for (const t of m.keys()) starts.add(t - (t % 3600));
    for (const h of [...starts].sort((a, b) => a - b)) {
      let sum = 0;
      let n = 0;
      for (let k = 0; k < PER_HOUR; k++) {
        const p = m.get(h + k * INTERVAL_S);
        if (p === undefined) continue;
        sum += p;
        n++;
      }
      if (n < PER_HOUR) incomplete++;
      else hours.push({ node, hour_start_unix_s: h, power_price_usd_per_mwh: sum / PER_HOUR });
    }
  }
  return { hours, incomplete_hours: incomplete, replaced_intervals: replaced };
}
