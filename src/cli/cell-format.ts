import { formatEnUs } from '../units/en-us-number.js';
/**
 * Cell formatters for people's tables (Column.format). Anything that is not a finite number shows
 * as '—', so a missing value never prints as "NaN" or "undefined".
 */
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Exactly `digits` decimals with thousands separators, e.g. decimals(2)(1234.5) → "1,234.50". */
export const decimals =
  (digits: number) =>
  (v: unknown): string =>
    isFiniteNumber(v) ? formatEnUs(v, { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';

/** Rounded to a whole number with thousands separators, e.g. 1234.6 → "1,235". */
export const wholeNumber = (v: unknown): string => (isFiniteNumber(v) ? formatEnUs(Math.round(v)) : '—');

/** A share (0…1) as a percentage with `digits` decimals, e.g. percent(2)(0.0312) → "3.12%". */
export const percent =
  (digits: number) =>
  (v: unknown): string =>
    isFiniteNumber(v) ? `${(v * 100).toFixed(digits)}%` : '—';

/** A hashrate in EH/s: whole numbers from 10 EH/s up, up to 3 decimals below (early-chain values). */
export const hashrateEhs = (v: unknown): string => (isFiniteNumber(v) ? formatEnUs(v, { maximumFractionDigits: v >= 10 ? 0 : 3 }) : '—');

/** `digits` significant digits with thousands separators, for values spanning many magnitudes (BTC per PH/s per day: 295,700 in 2012, 0.0004052 in 2025). */
export const significant =
  (digits: number) =>
  (v: unknown): string =>
    isFiniteNumber(v) ? formatEnUs(v, { maximumSignificantDigits: digits }) : '—';
