/**
 * Text charts for people: a one-line sparkline of a series, bucketed to a width. Pure.
 */
const BARS = '▁▂▃▄▅▆▇█';

export interface SparklineOptions {
  /** Characters in the line; longer series are averaged into this many buckets. */
  width: number;
  /** Scale bars by log10 (for series spanning orders of magnitude). */
  log?: boolean;
}

/** Sparkline of `values` (nulls skipped within a bucket; an all-null bucket prints a space). */
export function sparkline(values: readonly (number | null)[], options: SparklineOptions): string {
  const n = values.length;
  const width = Math.max(1, Math.min(options.width, n));
  const buckets: (number | null)[] = [];
  for (let b = 0; b < width; b++) {
    let sum = 0;
    let count = 0;
    for (let i = Math.floor((b * n) / width); i < Math.floor(((b + 1) * n) / width); i++) {
      const v = values[i];
      if (v != null && (!options.log || v > 0)) {
        sum += options.log ? Math.log10(v) : v;
        count++;
      }
    }
    buckets.push(count ? sum / count : null);
  }
  const present = buckets.filter((v): v is number => v !== null);
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  return buckets.map((v) => (v === null ? ' ' : BARS[hi > lo ? Math.min(BARS.length - 1, Math.floor(((v - lo) / (hi - lo)) * BARS.length)) : 0])).join('');
}
