/**
 * The one "as of" every command and route that needs today's state reads: the history's last
 * complete day, how old it is against the clock, and the chain tip its blocks imply.
 *
 * A day is complete when it lies before today (UTC) and holds a block count and a difficulty that
 * are not a partial own-node day's lower bound (PARTIAL_DAY_PROVENANCE, docs/store.md: the day in
 * progress at the tip stays partial until the next day's first block is synced). A price is not
 * required: trailing price-only days of the embedded dataset hold no block data, so they never
 * move the tip.
 *
 *   age_days  = today's UTC day number − the day's number          (days)
 *   stale     = age_days > STALE_AFTER_DAYS
 *   tip height = halving height of the day's era + Σ blocks from the halving's day through the day − 1
 *                (the height of the day's last block; a day missing from the history counts
 *                BLOCKS_PER_DAY = 144)                                                (blocks)
 *   tip time   = 00:00 UTC of the following day: the last block of the day came before it (unix s)
 */
import { UsageError } from '../errors.js';
import { HALVING_INTERVAL } from '../chain/subsidy.js';
import { halvingCycleOf, PAST_HALVING_DATES } from '../economics/hashprice-index.js';
import { BLOCKS_PER_DAY } from '../economics/payback.js';
import { PARTIAL_DAY_PROVENANCE, type DailyRow } from '../history/daily-row.js';
import { dayNumber, SECONDS_PER_DAY, unixSToDate } from '../units/time.js';

/** Older than this many days, people's output warns that the data is stale. */
export const STALE_AFTER_DAYS = 3;

const GENESIS_DATE = '2009-01-03';

export interface DataAsOf {
  /** The last complete day (YYYY-MM-DD, UTC). */
  date: string;
  /** Whole days from that day to today (UTC). */
  age_days: number;
  /** age_days > STALE_AFTER_DAYS. */
  stale: boolean;
  /** The chain tip at the end of that day, as implied by the history's block counts. */
  tip: { height: number; time_unix_s: number };
}

export function isCompleteDay(row: DailyRow, todayDate: string): boolean {
  return (
    row.date < todayDate &&
    row.blocks !== null &&
    row.blocks > 0 &&
    row.difficulty !== null &&
    row.difficulty > 0 &&
    row.provenance.blocks !== PARTIAL_DAY_PROVENANCE
  );
}

/** Index in `history` (ascending) of its last complete day, or −1. */
export function lastCompleteIndex(history: readonly DailyRow[], nowUnixS: number): number {
  const today = unixSToDate(nowUnixS);
  for (let i = history.length - 1; i >= 0; i--) if (isCompleteDay(history[i] as DailyRow, today)) return i;
  return -1;
}

/** Height at the end of history[i]: see the tip height formula above. */
function heightAtEndOf(history: readonly DailyRow[], i: number): number {
  const last = history[i] as DailyRow;
  const cycle = halvingCycleOf(last.date);
  const eraStart = cycle === 0 ? GENESIS_DATE : (PAST_HALVING_DATES[cycle - 1] as string);
  // The era's first block is counted among its day's blocks (genesis is height 0).
  let height = cycle * HALVING_INTERVAL - 1;
  let prevDay = dayNumber(eraStart) - 1;
  for (let j = 0; j <= i; j++) {
    const r = history[j] as DailyRow;
    if (r.date < eraStart) continue;
    const day = dayNumber(r.date);
    height += (day - prevDay - 1) * BLOCKS_PER_DAY + (r.blocks ?? BLOCKS_PER_DAY);
    prevDay = day;
  }
  return height;
}

/**
 * The last answer per history array, for its UTC day: the server asks on every request (health,
 * every route with data_as_of), and the tip height walks the whole era (~1.5 ms). Reused only
 * while the array, its length and its last row are the same, and for the same day.
 */
const lastAsOf = new WeakMap<readonly DailyRow[], { length: number; last: DailyRow | undefined; today: string; asOf: DataAsOf | null }>();

/** The history's "as of" at `nowUnixS`; null when it holds no complete day. */
export function dataAsOf(history: readonly DailyRow[], nowUnixS: number): DataAsOf | null {
  const today = unixSToDate(nowUnixS);
  const seen = lastAsOf.get(history);
  if (seen && seen.today === today && seen.length === history.length && seen.last === history[history.length - 1])
    return seen.asOf && { ...seen.asOf, tip: { ...seen.asOf.tip } };
  const asOf = computeDataAsOf(history, nowUnixS);
  lastAsOf.set(history, { length: history.length, last: history[history.length - 1], today, asOf });
  return asOf && { ...asOf, tip: { ...asOf.tip } };
}

function computeDataAsOf(history: readonly DailyRow[], nowUnixS: number): DataAsOf | null {
  const i = lastCompleteIndex(history, nowUnixS);
  if (i < 0) return null;
  const date = (history[i] as DailyRow).date;
  const age_days = dayNumber(unixSToDate(nowUnixS)) - dayNumber(date);
  return {
    date,
    age_days,
    stale: age_days > STALE_AFTER_DAYS,
    tip: { height: heightAtEndOf(history, i), time_unix_s: (dayNumber(date) + 1) * SECONDS_PER_DAY },
  };
}

/** As dataAsOf, but a history without a complete day is a UsageError (exit 2) saying what to do. */
export function requireDataAsOf(history: readonly DailyRow[], nowUnixS: number): DataAsOf {
  const asOf = dataAsOf(history, nowUnixS);
  if (!asOf)
    throw new UsageError(
      'the network history has no complete day (blocks and difficulty before today): run `hashfloor update` or `hashfloor sync`, or import days with `hashfloor import daily FILE.csv`',
    );
  return asOf;
}

/** The history through its last complete day: what "today's" models start from. */
export function historyThrough(history: readonly DailyRow[], asOf: DataAsOf): DailyRow[] {
  return history.filter((r) => r.date <= asOf.date);
}

/** The stderr line for people when the data is stale; undefined while it is fresh. */
export function staleWarning(asOf: DataAsOf | null): string | undefined {
  if (!asOf?.stale) return undefined;
  return `data ends ${asOf.date} (${asOf.age_days} days ago): run \`hashfloor update\` or \`hashfloor sync\``;
}

/** "as of" history and its clock, loaded once for a command or route. */
export async function loadAsOf(
  services: { history(db?: string): Promise<DailyRow[]>; nowUnixS(): number },
  db?: string,
): Promise<{ history: DailyRow[]; asOf: DataAsOf }> {
  const history = await services.history(db);
  return { history, asOf: requireDataAsOf(history, services.nowUnixS()) };
}
