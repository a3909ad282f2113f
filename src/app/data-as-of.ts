/**
 * How current the stored data is, for `GET /api/v1/health`: the last complete day of the merged
 * history (as-of.ts, the rule every "today" command uses) and of each live feed, and `stale`
 * when the history's last complete day is more than STALE_AFTER_DAYS before today (UTC).
 */
import type { DailyRow } from '../history/daily-row.js';
import type { Store } from '../ports/store.js';
import { dataAsOf, STALE_AFTER_DAYS } from './as-of.js';
import { SOURCES } from './update/sources.js';

export interface Freshness {
  /** `history` (merged) and each feed name → its last complete day, or null. */
  data_as_of: Record<string, string | null>;
  stale: boolean;
  stale_after_days: number;
}

export async function freshness(history: readonly DailyRow[], store: Store | null, now_unix_s: number): Promise<Freshness> {
  const asOf = dataAsOf(history, now_unix_s);
  const data_as_of: Record<string, string | null> = { history: asOf?.date ?? null };
  for (const s of SOURCES) data_as_of[s.name] = store ? await store.lastFeedDay(s.name) : null;
  return { data_as_of, stale: asOf === null || asOf.stale, stale_after_days: STALE_AFTER_DAYS };
}
