/**
 * The comparison of hashfloor's network efficiency with the Cambridge CBECI series (the shared
 * `cbeci_network_efficiency_daily_2010-07-18_2025-03-10.csv`, no licence stated: read as a
 * reference, never embedded): per UTC day the ratio ours / CBECI's estimate, summarised per year
 * as the median and the 5th and 95th percentiles (linear interpolation between order statistics).
 */
export interface CbeciDay {
  lower_jth: number;
  best_jth: number;
  upper_jth: number;
}

/** Date → CBECI's three efficiencies (header `Date,"Lower bound efficiency, J/Th",…`). */
export function parseCbeciCsv(text: string): Map<string, CbeciDay> {
  const out = new Map<string, CbeciDay>();
  for (const line of text.trim().split(/\r?\n/).slice(1)) {
    const [date, lo, best, hi] = line.split(',');
    if (date === undefined || best === undefined) continue;
    out.set(date, { lower_jth: Number(lo), best_jth: Number(best), upper_jth: Number(hi) });
  }
  return out;
}

/** The p-quantile (0..1) of `values`, interpolating linearly between order statistics. */
export function quantile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const at = (s.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (at - lo);
}

export interface YearRatio {
  year: string;
  days: number;
  median: number;
  p5: number;
  p95: number;
}

/** Per calendar year of the days both series hold: ours / CBECI's, for the field `pick` chooses. */
export function yearlyRatios(
  ours: readonly { date: string; efficiency_jth: number | null }[],
  cbeci: ReadonlyMap<string, CbeciDay>,
  pick: (c: CbeciDay) => number = (c) => c.best_jth,
): YearRatio[] {
  const byYear = new Map<string, number[]>();
  for (const d of ours) {
    const c = cbeci.get(d.date);
    if (!c || d.efficiency_jth === null) continue;
    const y = d.date.slice(0, 4);
    byYear.set(y, [...(byYear.get(y) ?? []), d.efficiency_jth / pick(c)]);
  }
  return [...byYear].map(([year, r]) => ({ year, days: r.length, median: quantile(r, 0.5), p5: quantile(r, 0.05), p95: quantile(r, 0.95) }));
}
