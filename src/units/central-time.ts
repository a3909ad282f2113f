/**
 * US Central Prevailing Time (America/Chicago), as ERCOT publishes every market interval: CST
 * (UTC−6) in winter, CDT (UTC−5) from the second Sunday of March 02:00 CST (08:00Z) to the first
 * Sunday of November 02:00 CDT (07:00Z). The rule is written out rather than asked of Intl so
 * the conversion is the same on every Node build (the rule holds from 2007 on; earlier years are
 * refused). On the spring-forward day 02:00–03:00 local does not exist (23 hours); on the
 * fall-back day 01:00–02:00 local happens twice (25 hours) and a flag says which.
 */
import { SECONDS_PER_DAY } from './time.js';

const HOUR_S = 3600;
/** The first year the present US rule (Energy Policy Act of 2005) applies. */
export const FIRST_RULE_YEAR = 2007;

/** Unix seconds of 00:00Z on the n-th Sunday (n ≥ 1) of `month` (1–12) in `year`. */
function nthSunday(year: number, month: number, n: number): number {
  const first = Date.UTC(year, month - 1, 1) / 1000;
  const weekday = new Date(first * 1000).getUTCDay();
  return first + (((7 - weekday) % 7) + 7 * (n - 1)) * SECONDS_PER_DAY;
}

/** [start, end) of CDT in `year`, unix seconds. */
export function daylightSpan(year: number): [start_unix_s: number, end_unix_s: number] {
  if (!Number.isInteger(year) || year < FIRST_RULE_YEAR) throw new RangeError(`Central time rule known from ${FIRST_RULE_YEAR} on, got year ${year}`);
  return [nthSunday(year, 3, 2) + 8 * HOUR_S, nthSunday(year, 11, 1) + 7 * HOUR_S];
}

/** UTC offset of Central time at an instant, in hours (−5 or −6). */
export function centralOffsetHours(time_unix_s: number): -5 | -6 {
  const [start, end] = daylightSpan(new Date(time_unix_s * 1000).getUTCFullYear());
  return time_unix_s >= start && time_unix_s < end ? -5 : -6;
}

/**
 * The instant of a Central wall-clock time given as seconds since 1970-01-01T00:00 *local*.
 * `repeated` picks the second (CST) occurrence of a fall-back hour; it must be false elsewhere.
 * Returns a string saying why for a time that does not exist or a flag that does not fit.
 */
export function centralToUnixS(local_s: number, repeated: boolean): number | string {
  const asCst = local_s + 6 * HOUR_S;
  const asCdt = local_s + 5 * HOUR_S;
  const cst = centralOffsetHours(asCst) === -6;
  const cdt = centralOffsetHours(asCdt) === -5;
  if (cst && cdt) return repeated ? asCst : asCdt;
  if (repeated) return 'the repeated-hour flag is set, but that local hour happens only once';
  if (cst) return asCst;
  if (cdt) return asCdt;
  return 'that local time does not exist (the spring-forward hour)';
}

/**
 * Start of an ERCOT delivery interval: local day `date_local_s` (00:00 of the delivery date, as
 * local seconds), hour ending `hourEnding` (1–24; 1 is 00:00–01:00), interval 1–4 of 15 minutes.
 */
export function ercotIntervalStart(date_local_s: number, hourEnding: number, interval: number, repeated: boolean): number | string {
  if (!Number.isInteger(hourEnding) || hourEnding < 1 || hourEnding > 24) return `hour ending must be 1–24, got ${hourEnding}`;
  if (!Number.isInteger(interval) || interval < 1 || interval > 4) return `interval must be 1–4, got ${interval}`;
  return centralToUnixS(date_local_s + (hourEnding - 1) * HOUR_S + (interval - 1) * 900, repeated);
}
