/**
 * How commands show the data's "as of" (src/app/as-of.ts) to people: one summary line and, when
 * the data is stale, the warning the runner prints on stderr.
 */
import { staleWarning, type DataAsOf } from '../app/as-of.js';
import { formatEnUs } from '../units/en-us-number.js';

const ago = (days: number): string => (days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`);

export function asOfLine(asOf: DataAsOf): string {
  return `Data as of ${asOf.date} (${ago(asOf.age_days)}; tip ≈ height ${formatEnUs(asOf.tip.height)})`;
}

export function asOfWarnings(asOf: DataAsOf | null): string[] {
  const w = staleWarning(asOf);
  return w === undefined ? [] : [w];
}
