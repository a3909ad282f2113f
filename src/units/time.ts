/**
 * UTC calendar days and unix seconds. A day is written `YYYY-MM-DD` (UTC); times are
 * `time_unix_s` (seconds) — milliseconds appear only at the JS Date boundary here.
 */
import { ValidationError } from '../errors.js';
export const SECONDS_PER_DAY = 86_400;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days since 1970-01-01 of a valid `YYYY-MM-DD`, or NaN. Plain arithmetic (H. Hinnant's
 * days_from_civil) rather than a Date per call: history code converts thousands of dates.
 */
function civilDayNumber(text: string): number {
  const m = DATE_RE.exec(text);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && isLeap(y) ? 29 : (MONTH_DAYS[mo - 1] as number))) return NaN;
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2025-02-30). */
export function isIsoDate(text: string): boolean {
  return !Number.isNaN(civilDayNumber(text));
}

/** Unix seconds at 00:00 UTC of `date` (YYYY-MM-DD). Throws a ValidationError (`date`) on a malformed date. */
export function dateToUnixS(date: string): number {
  return dayNumber(date) * SECONDS_PER_DAY;
}

/** The UTC day (YYYY-MM-DD) containing `time_unix_s`. */
export function unixSToDate(time_unix_s: number): string {
  return new Date(time_unix_s * 1000).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 for a UTC date; differences of day numbers are exact day counts. */
export function dayNumber(date: string): number {
  const day = civilDayNumber(date);
  if (Number.isNaN(day)) throw ValidationError.field('date', `expected a date YYYY-MM-DD, got "${date}"`);
  return day;
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

/**
 * The local hour of day (0–23) of each of `hours` UTC hours from `start_unix_s` in an IANA time
 * zone (UTC when none is given). Zones offset by whole hours give whole local hours; a half-hour
 * zone gives the hour the local clock shows at the UTC hour's start.
 */
export function localHoursOfDay(start_unix_s: number, hours: number, timeZone = 'UTC'): Uint8Array {
  const out = new Uint8Array(hours);
  // UTC by arithmetic (what Intl would answer, without formatting every hour); + 24 keeps hours before 1970 in 0–23.
  // Intl is always given a zone: never the process's own.
  if (timeZone === 'UTC') return out.map((_, t) => ((Math.floor((start_unix_s + 3600 * t) / 3600) % 24) + 24) % 24);
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' });
  return out.map((_, t) => Number(fmt.format(new Date((start_unix_s + 3600 * t) * 1000))) % 24);
}

/** Hours in the UTC calendar month containing `time_unix_s` (672…744). */
export function hoursInUtcMonth(time_unix_s: number): number {
  const d = new Date(time_unix_s * 1000);
  return (Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)) / 3_600_000;
}
