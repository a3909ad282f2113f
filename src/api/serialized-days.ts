/**
 * Date-window answers (`{"days":[…]}` over the history or the hashprice index) assembled from
 * each day's JSON, serialized and UTF-8 encoded once per dataset into one buffer (`day,day,…`):
 * a window is then two binary searches and one copy of its bytes, with no per-request
 * serialisation, string join or encoding (a 53-day window: 2.7 ms of CPU as a filter, rename
 * walk and JSON.stringify; ~60 µs more as a join, Buffer.from and SHA-256 over its 37 kB; see
 * BENCHMARKS.md, `npm run bench -- api`). The bytes are exactly what
 * stringifyJson(withDeprecatedNames({ days }, fields)) writes.
 *
 * A window's ETag is derived from the SHA-256 of the whole dataset's bytes (once per dataset)
 * and the window's first and last index: its body is a function of those alone, so a different
 * body always has a different tag, and the same data gives the same tag in every process.
 */
import { createHash } from 'node:crypto';
import { withDeprecatedNames, type RenamedField } from '../units/renamed-fields.js';
import { cachedBytes, stringifyJson, type CachedBody } from './json.js';

export interface DateRange {
  from?: string | undefined;
  to?: string | undefined;
}

export interface SerializedDays {
  /** `{"days":[…]}` for the days with from ≤ date ≤ to (either bound optional), ascending. */
  window(range: DateRange): string;
  /** The same window as a cached body: its bytes and ETag. */
  windowBody(range: DateRange): CachedBody;
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

const PREFIX = Buffer.from('{"days":[');
const SUFFIX = Buffer.from(']}');

function build<T extends { date: string }>(rows: readonly T[], fields: readonly RenamedField[]): SerializedDays {
  const dates = rows.map((r) => r.date);
  const texts = rows.map((r) => stringifyJson(withDeprecatedNames(r, fields)));
  const all = Buffer.from(texts.join(','), 'utf8');
  // starts[k]: byte offset of day k in `all`; starts[n] one past the end plus the comma.
  const starts = new Int32Array(texts.length + 1);
  for (let k = 0; k < texts.length; k++) starts[k + 1] = (starts[k] as number) + Buffer.byteLength(texts[k] as string, 'utf8') + 1;
  const digest = createHash('sha256').update(all).digest('base64url');
  const indices = (r: DateRange): [number, number] => {
    const i = r.from === undefined ? 0 : bound(dates, r.from, false);
    const j = r.to === undefined ? dates.length : bound(dates, r.to, true);
    return [i, Math.max(i, j)];
  };
  const bytes = (i: number, j: number): Uint8Array[] => (i === j ? [PREFIX, SUFFIX] : [PREFIX, all.subarray(starts[i], (starts[j] as number) - 1), SUFFIX]);
  return {
    window: (r) => Buffer.concat(bytes(...indices(r))).toString('utf8'),
    windowBody: (r) => {
      const [i, j] = indices(r);
      const tag = createHash('sha256').update(`${digest}:${i}:${j}`).digest('base64url').slice(0, 27);
      return cachedBytes(bytes(i, j), `"${tag}"`);
    },
  };
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
  if (!days) perFields.set(key, (days = build(rows, fields)));
  return days;
}
