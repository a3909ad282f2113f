/**
 * Date flags against the loaded history: a date outside the days the history holds is a
 * UsageError (exit 2) naming the flag and the covered range.
 */
import { UsageError } from '../errors.js';
import type { DailyRow } from '../history/daily-row.js';

export function historyRange(rows: readonly DailyRow[]): { first: string; last: string } {
  const first = rows[0]?.date;
  const last = rows.at(-1)?.date;
  if (first === undefined || last === undefined) throw new UsageError('the network history is empty — import days with `hashfloor import daily FILE.csv`');
  return { first, last };
}

/** Throws unless `date` lies within the history; returns it unchanged. */
export function requireDateInHistory(date: string, rows: readonly DailyRow[], flag: string): string {
  const { first, last } = historyRange(rows);
  if (date < first || date > last) throw new UsageError(`${flag} ${date} is outside the network history (${first} to ${last})`);
  return date;
}
