/**
 * UTC calendar days and unix seconds. A day is written `YYYY-MM-DD` (UTC); times are
 * `time_unix_s` (seconds) — milliseconds appear only at the JS Date boundary here.
 */
export const SECONDS_PER_DAY = 86_400;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2025-02-30). */
export function isIsoDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** Unix seconds at 00:00 UTC of `date` (YYYY-MM-DD). Throws RangeError on a malformed date. */
export function dateToUnixS(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`expected a date YYYY-MM-DD, got "${date}"`);
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

/** The UTC day (YYYY-MM-DD) containing `time_unix_s`. */
export function unixSToDate(time_unix_s: number): string {
  return new Date(time_unix_s * 1000).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 for a UTC date; differences of day numbers are exact day counts. */
export function dayNumber(date: string): number {
  return dateToUnixS(date) / SECONDS_PER_DAY;
}

export function dateFromDayNumber(day: number): string {
  return unixSToDate(day * SECONDS_PER_DAY);
}

/** `date` shifted by `days` (may be negative). */
export function addDays(date: string, days: number): string {
  return dateFromDayNumber(dayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** ISO-8601 UTC timestamp for `time_unix_s`, e.g. 2024-04-20T00:09:27Z. */
export function unixSToIso(time_unix_s: number): string {
  return new Date(time_unix_s * 1000).toISOString().replace('.000Z', 'Z');
}
