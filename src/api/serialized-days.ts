/**
 * Date-window answers (`{"days":[…]}` over the history or the hashprice index) assembled from
 * each day's JSON, serialized once per dataset: a miss then costs two binary searches and one
 * string join instead of a filter over every day, a rename walk and a JSON.stringify of the
 * window (2.7 ms of CPU for a 53-day window before; see BENCHMARKS.md, `npm run bench -- api`).
 * The text is byte for byte what stringifyJson(withDeprecatedNames({ days }, fields)) writes.
 */
import { withDeprecatedNames, type RenamedField } from '../units/renamed-fields.js';
import { stringifyJson } from './json.js';

export interface SerializedDays {
  /** `{"days":[…]}` for the days with from ≤ date ≤ to (either bound optional), ascending. */
  window(range: { from?: string | undefined; to?: string | undefined }): string;
}

/** First index in `dates` (ascending) whose date is ≥ `date` (or > `date` when `after`). */
function bound(dates: readonly string[], date: string, after: boolean): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const d = dates[mid] as string;
    if (d < date || (after && d === date)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const built = new WeakMap<readonly object[], Map<string, SerializedDays>>();

/**
 * The serialized days of `rows` (ascending by date, never mutated once served), remembered per
 * array and alias set: a new array (after an import) builds anew.
 */
export function serializedDays<T extends { date: string }>(rows: readonly T[], fields: readonly RenamedField[]): SerializedDays {
  const key = fields.join(',');
  let perFields = built.get(rows);
  if (!perFields) built.set(rows, (perFields = new Map<string, SerializedDays>()));
  let days = perFields.get(key);
  if (!days) {
    const dates = rows.map((r) => r.date);
    const texts = rows.map((r) => stringifyJson(withDeprecatedNames(r, fields)));
    days = {
      window: (r) => {
        const i = r.from === undefined ? 0 : bound(dates, r.from, false);
        const j = r.to === undefined ? dates.length : bound(dates, r.to, true);
        return `{"days":[${texts.slice(i, Math.max(i, j)).join(',')}]}`;
      },
    };
    perFields.set(key, days);
  }
  return days;
}
