/**
 * How current the stored data is, for `GET /api/v1/health`: the last complete day of the merged
 * history and of each live feed, and `stale` when the history's last complete day is more than
 * STALE_AFTER_DAYS before today (UTC). A partial day (the open day at the tip) is never complete.
 */
import { isEstimated, type DailyRow } from '../history/daily-row.js';
import type { Store } from '../ports/store.js';
import { daysBetween, unixSToDate } from '../units/time.js';
import { SOURCES } from './update/sources.js';

export const STALE_AFTER_DAYS = 3;

export interface DataAsOf {
  /** `history` (merged) and each feed name → its last complete day, or null. */
  data_as_of: Record<string, string | null>;
  stale: boolean;
  stale_after_days: number;
}

export async function dataAsOf(history: readonly DailyRow[], store: Store | null, now_unix_s: number): Promise<DataAsOf> {
  let last: string | null = null;
  for (let i = history.length - 1; i >= 0 && last === null; i--) {
    const r = history[i] as DailyRow;
    if (r.blocks !== null && !isEstimated(r, 'blocks')) last = r.date;
  }
  const data_as_of: Record<string, string | null> = { history: last };
  for (const s of SOURCES) data_as_of[s.name] = store ? await store.lastFeedDay(s.name) : null;
  return { data_as_of, stale: last === null || daysBetween(last, unixSToDate(now_unix_s)) > STALE_AFTER_DAYS, stale_after_days: STALE_AFTER_DAYS };
}
