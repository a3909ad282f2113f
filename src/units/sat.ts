/**
 * Satoshi amounts. Consensus money is an integer count of satoshis held as `bigint`;
 * it crosses JSON and the API as a decimal string and is never a float at the chain layer.
 */
import { ValidationError } from '../errors.js';
export type Sat = bigint;

export const SAT_PER_BTC = 100_000_000n;
/**
 * 21,000,000 BTC = 21,000,000 × SAT_PER_BTC sat: the cap every public entry validates against
 * (bitcoinjs leaves it open; we don't). Written out, not computed at import time.
 */
export const MAX_MONEY_SAT = 2_100_000_000_000_000n;

/** True when `value` is a valid amount: an integer 0 ≤ value ≤ 21M BTC. */
export function isSat(value: unknown): value is Sat {
  return typeof value === 'bigint' && value >= 0n && value <= MAX_MONEY_SAT;
}

/** Throws a ValidationError naming `field` unless `value` is a valid satoshi amount. */
export function assertSat(value: bigint, field = 'amount_sat'): Sat {
  if (value < 0n || value > MAX_MONEY_SAT) {
    throw ValidationError.field(field, `must be between 0 and ${MAX_MONEY_SAT} sat, got ${value}`);
  }
  return value;
}

/** Parses a decimal string of satoshis ("312500000") exactly. */
export function parseSat(text: string, field = 'amount_sat'): Sat {
  if (!/^\d+$/.test(text)) throw ValidationError.field(field, `must be a whole number of satoshis, got "${text}"`);
  return assertSat(BigInt(text), field);
}

/**
 * Parses a decimal BTC amount ("3.125", "0.00000001") to satoshis exactly, without floats.
 * More than 8 decimal places is rejected rather than rounded.
 */
export function btcStringToSat(text: string, field = 'amount_btc'): Sat {
  const m = /^(\d+)(?:\.(\d{1,8}))?$/.exec(text.trim());
  if (!m) throw ValidationError.field(field, `must be a decimal BTC amount with at most 8 decimals, got "${text}"`);
  const whole = BigInt(m[1] as string); // the pattern's first group always matches
  const frac = BigInt((m[2] ?? '').padEnd(8, '0'));
  return assertSat(whole * SAT_PER_BTC + frac, field);
}

/**
 * Rounds a float BTC amount from a dataset (e.g. Coin Metrics FeeTotNtv = 12.34567891) to the
 * nearest satoshi. Only for ingesting third-party floats; consensus values never pass through here.
 */
export function btcFloatToSat(btc: number, field = 'amount_btc'): Sat {
  if (!Number.isFinite(btc) || btc < 0) throw ValidationError.field(field, `must be a finite, non-negative BTC amount, got ${btc}`);
  return assertSat(BigInt(Math.round(btc * 1e8)), field);
}

/** Exact decimal string in BTC ("3.125", "0.00000001"): for display and JSON. */
export function satToBtcString(sat: Sat): string {
  const neg = sat < 0n;
  const abs = neg ? -sat : sat;
  const whole = abs / SAT_PER_BTC;
  const frac = (abs % SAT_PER_BTC).toString().padStart(8, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** BTC as a float, for economics (prices, ratios) — the boundary where exactness ends on purpose. */
export function satToBtc(sat: Sat): number {
  return Number(sat) / 1e8;
}
