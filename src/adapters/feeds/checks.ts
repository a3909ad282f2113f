/**
 * What every feed checks before a value reaches the store, so nonsense from upstream fails with one
 * line naming the feed and the value instead of landing in the history: days in the future,
 * prices ≤ 0 or absurd, difficulty falling faster than consensus allows, amounts that are not exact.
 */
import { UpstreamError } from '../../errors.js';
import { MAX_MONEY_SAT, SAT_PER_BTC, type Sat } from '../../units/sat.js';
import { unixSToDate } from '../../units/time.js';

/** A retarget divides difficulty by at most 4 (the consensus bound on the timespan). */
export const MAX_DIFFICULTY_FALL = 4;
/** Above this a daily BTC price is a unit error upstream, not a market (USD per BTC). */
export const ABSURD_PRICE_USD_PER_BTC = 1e8;

export function fail(feed: string, message: string): never {
  throw new UpstreamError(`${feed}: ${message}`);
}

export function checkNotFuture(feed: string, date: string, nowUnixS: number): void {
  if (date > unixSToDate(nowUnixS)) fail(feed, `answered a day in the future (${date}; today is ${unixSToDate(nowUnixS)} UTC)`);
}

export function checkPrice(feed: string, date: string, price: number): number {
  if (!Number.isFinite(price) || price <= 0 || price > ABSURD_PRICE_USD_PER_BTC) {
    fail(feed, `price on ${date} is ${price} USD/BTC; expected a number > 0 and ≤ ${ABSURD_PRICE_USD_PER_BTC}`);
  }
  return price;
}

/** `series` ascending; each value > 0 and no fall by more than ×4 from one to the next. */
export function checkDifficulties(feed: string, series: readonly { at: string; difficulty: number }[]): void {
  let prev: { at: string; difficulty: number } | undefined;
  for (const s of series) {
    if (!Number.isFinite(s.difficulty) || s.difficulty <= 0) fail(feed, `difficulty at ${s.at} is ${s.difficulty}; expected a number > 0`);
    if (prev && s.difficulty * MAX_DIFFICULTY_FALL < prev.difficulty) {
      fail(feed, `difficulty falls from ${prev.difficulty} (${prev.at}) to ${s.difficulty} (${s.at}), more than the consensus ×${MAX_DIFFICULTY_FALL} bound`);
    }
    prev = s;
  }
}

/** A finite number from a JSON number or numeric string. */
export function num(feed: string, value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) fail(feed, `${what}: expected a number, got ${JSON.stringify(value) ?? 'nothing'}`);
  return n;
}

/** Whole satoshis from a JSON integer or digit string, exactly; within [0, 21M BTC]. */
export function sats(feed: string, value: unknown, what: string): Sat {
  let v: bigint | null = null;
  if (typeof value === 'string' && /^\d+$/.test(value)) v = BigInt(value);
  else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) v = BigInt(value);
  if (v === null || v > MAX_MONEY_SAT) fail(feed, `${what}: expected whole satoshis in [0, 21M BTC], got ${JSON.stringify(value) ?? 'nothing'}`);
  return v;
}

/**
 * Whole BTC as a decimal string ("6.25", "0.12345678") to sats exactly, never through a float.
 * Digits past the 8th decimal must be zeros: anything else is not an amount of satoshis.
 */
export function btcDecimalToSat(feed: string, value: unknown, what: string): Sat {
  const m = typeof value === 'string' ? /^(\d+)(?:\.(\d+))?$/.exec(value.trim()) : null;
  const frac = m?.[2] ?? '';
  if (!m || /[1-9]/.test(frac.slice(8)))
    fail(feed, `${what}: expected a decimal BTC amount with at most 8 decimals, got ${JSON.stringify(value) ?? 'nothing'}`);
  const sat = BigInt(m[1] as string) * SAT_PER_BTC + BigInt(frac.slice(0, 8).padEnd(8, '0'));
  if (sat > MAX_MONEY_SAT) fail(feed, `${what}: ${m[0]} BTC exceeds the 21M BTC cap`);
  return sat;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
