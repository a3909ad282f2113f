/**
 * One UTC day of network history. Every value says how it was obtained through `provenance`:
 * the source name for observed values (`coinmetrics`, `blockchaincom`, `yahoo`, `bitcoinvisuals`,
 * `own-node`, `user-import`), `derived:<how>` for values computed from others, and
 * `estimated:<method>` for values filled by an estimator. Missing stays `null`, never 0.
 */
import type { Sat } from '../units/sat.js';

export const DAILY_FIELDS = ['blocks', 'difficulty', 'hashrate_ehs', 'issuance_sat', 'fees_sat', 'price_usd_per_btc', 'supply_sat'] as const;
export type DailyField = (typeof DAILY_FIELDS)[number];

export interface DailyRow {
  /** UTC day, YYYY-MM-DD. */
  date: string;
  /** Blocks found that day (main chain). */
  blocks: number | null;
  /** Mean difficulty of that day's blocks. */
  difficulty: number | null;
  /** Network hashrate as reported by the source (EH/s); the index derives its own from difficulty. */
  hashrate_ehs: number | null;
  /** New coins issued that day (sat). */
  issuance_sat: Sat | null;
  /** Total fees paid to miners that day (sat). */
  fees_sat: Sat | null;
  /** BTC price that day (USD, daily close or reference rate). */
  price_usd_per_btc: number | null;
  /** Supply at the end of the day (sat). */
  supply_sat: Sat | null;
  /** How each present field was obtained; a field absent here is null in the row. */
  provenance: Partial<Record<DailyField, string>>;
}

/** True when `field` of `row` was filled by an estimator rather than observed or derived. */
/** A day with no value known yet (every field null, no provenance). */
export function emptyDailyRow(date: string): DailyRow {
  return {
    date,
    blocks: null,
    difficulty: null,
    hashrate_ehs: null,
    issuance_sat: null,
    fees_sat: null,
    price_usd_per_btc: null,
    supply_sat: null,
    provenance: {},
  };
}

export function isEstimated(row: DailyRow, field: DailyField): boolean {
  return row.provenance[field]?.startsWith('estimated') ?? false;
}

/**
 * Provenance of a value aggregated from a day whose block set is not known whole (an own-node day
 * at the edge of the stored chain): a lower bound, so it fills a field only when nothing else does.
 */
export const PARTIAL_DAY_PROVENANCE = 'estimated:own-node-partial-day';
