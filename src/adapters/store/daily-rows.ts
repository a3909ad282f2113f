/**
 * DailyRow ⇄ table row, input checks and the merge across origins. Shared by both databases.
 *
 * Merge rule (listDaily): for each UTC day and each field, the value comes from the
 * highest-priority origin that has it (own-node > user-import > feed:* > dataset:*), together with
 * that origin's provenance. A null never hides a lower-priority value: an own-node day that knows
 * fees but not the price keeps the embedded price. Priority applies within a tier: observed values
 * first, then estimates (`estimated:…`), then partial-day lower bounds (PARTIAL_DAY_PROVENANCE) —
 * so an estimate never hides an observation, and a partial own-node day never hides anything.
 * Live feeds (`feed:<name>`, written by `hashfloor update`) rank among themselves by FEED_RANK:
 * an exchange's close before an explorer's reference price, exact block aggregates (mempool)
 * before a third party's daily metrics (Coin Metrics); unknown feeds after those, by name.
 */
import { ValidationError, type ValidationIssue } from '../../errors.js';
import { DAILY_FIELDS, isEstimated, PARTIAL_DAY_PROVENANCE, type DailyField, type DailyRow } from '../../history/daily-row.js';
import { feedPartialDayProvenance } from '../../history/block-days.js';
import { isSat } from '../../units/sat.js';
import { isIsoDate } from '../../units/time.js';
import { describeValue, toBigIntOrNull, toNumberOrNull, toStringOrNull, type SqlValue } from './driver.js';

export const ORIGIN_OWN_NODE = 'own-node';
export const ORIGIN_USER_IMPORT = 'user-import';
/** Origins a caller may write with upsertDaily besides `feed:<name>` (datasets go through loadDataset). */
export const WRITABLE_ORIGINS = [ORIGIN_OWN_NODE, ORIGIN_USER_IMPORT] as const;
export const FEED_ORIGIN_PREFIX = 'feed:';
const FEED_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export function feedOrigin(feed: string): string {
  if (!FEED_NAME.test(feed)) throw ValidationError.field('feed', `expected a feed name of lowercase letters, digits and -, got "${feed}"`);
  return `${FEED_ORIGIN_PREFIX}${feed}`;
}

export function isWritableOrigin(origin: string): boolean {
  return (
    (WRITABLE_ORIGINS as readonly string[]).includes(origin) ||
    (origin.startsWith(FEED_ORIGIN_PREFIX) && FEED_NAME.test(origin.slice(FEED_ORIGIN_PREFIX.length)))
  );
}

/** Order among live feeds, first wins (see the merge rule above). */
const FEED_RANK = ['coinbase', 'kraken', 'mempool', 'coinmetrics'];

export function datasetOrigin(name: string): string {
  return `dataset:${name}`;
}

/** Higher wins. */
export function originPriority(origin: string): number {
  if (origin === ORIGIN_OWN_NODE) return 4;
  if (origin === ORIGIN_USER_IMPORT) return 3;
  if (origin.startsWith(FEED_ORIGIN_PREFIX)) {
    const rank = FEED_RANK.indexOf(origin.slice(FEED_ORIGIN_PREFIX.length));
    return 2 + (rank < 0 ? 0 : (FEED_RANK.length - rank) / (FEED_RANK.length + 1));
  }
  return 1;
}

const SAT_FIELDS = new Set<DailyField>(['issuance_sat', 'fees_sat', 'supply_sat']);

/**
 * Table column of each field. The BTC price kept its pre-0.2 column name (`price_usd`): renaming a
 * column of a table users already hold would need a migration on both databases for no gain, so
 * the new spelling stops at this edge.
 */
const COLUMN_OF: Readonly<Record<DailyField, string>> = { ...Object.fromEntries(DAILY_FIELDS.map((f) => [f, f])), price_usd_per_btc: 'price_usd' } as Record<
  DailyField,
  string
>;

/** Column order of the daily table as written: origin, date, 7 values, 7 provenances. */
export const DAILY_COLUMNS = ['origin', 'date', ...DAILY_FIELDS.map((f) => COLUMN_OF[f]), ...DAILY_FIELDS.map((f) => `prov_${COLUMN_OF[f]}`)];

/** Every issue of `rows` (up to 20), each naming `rows[i].field`; duplicate days are an issue too. */
export function dailyIssues(rows: readonly DailyRow[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const at = (f: string) => `rows[${i}]${row?.date ? ` (${row.date})` : ''}.${f}`;
    if (typeof row?.date !== 'string' || !isIsoDate(row.date)) {
      issues.push({ path: at('date'), message: `expected a UTC day YYYY-MM-DD, got ${JSON.stringify(row?.date)}` });
    } else if (seen.has(row.date)) {
      issues.push({ path: at('date'), message: 'the same day appears twice in one batch' });
    } else seen.add(row.date);
    for (const f of DAILY_FIELDS) {
      const v: unknown = row?.[f];
      if (v === null) continue;
      if (SAT_FIELDS.has(f)) {
        if (!isSat(v)) issues.push({ path: at(f), message: `expected null or a bigint of satoshis in [0, 21M BTC], got ${describeValue(v)}` });
      } else if (f === 'blocks') {
        if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
          issues.push({ path: at(f), message: `expected null or a whole number ≥ 0, got ${describeValue(v)}` });
      } else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        issues.push({ path: at(f), message: `expected null or a finite number ≥ 0, got ${describeValue(v)}` });
      }
      const p: unknown = row?.provenance?.[f];
      if (p !== undefined && typeof p !== 'string') issues.push({ path: at(`provenance.${f}`), message: 'expected a string' });
    }
  });
  return issues.slice(0, 20);
}

export function assertDailyRows(rows: readonly DailyRow[]): void {
  const issues = dailyIssues(rows);
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * Bound values of one row in DAILY_COLUMNS order. Provenance is kept only for present values; a
 * present value without provenance is attributed to `defaultProvenance`.
 */
export function dailyParams(origin: string, row: DailyRow, defaultProvenance: string | null): SqlValue[] {
  const values: SqlValue[] = DAILY_FIELDS.map((f) => row[f]);
  const prov: SqlValue[] = DAILY_FIELDS.map((f) => (row[f] === null ? null : (row.provenance[f] ?? defaultProvenance)));
  return [origin, row.date, ...values, ...prov];
}

export interface OriginRow {
  origin: string;
  row: DailyRow;
}

const PROV_OFFSET = 2 + DAILY_FIELDS.length;

/** A stored row, read as an array in DAILY_COLUMNS order, back to its origin and DailyRow (satoshis as exact bigints). */
export function arrayToDaily(a: readonly unknown[]): OriginRow {
  const row = { date: String(a[1]), provenance: {} } as DailyRow;
  const values = row as unknown as Record<DailyField, unknown>;
  for (let i = 0; i < DAILY_FIELDS.length; i++) {
    const f = DAILY_FIELDS[i] as DailyField;
    values[f] = SAT_FIELDS.has(f) ? toBigIntOrNull(a[2 + i], f) : toNumberOrNull(a[2 + i], f);
    const p = toStringOrNull(a[PROV_OFFSET + i]);
    if (p !== null) row.provenance[f] = p;
  }
  return { origin: String(a[0]), row };
}

/** Merges rows ordered by date (any origin order within a day) into one row per day. */
export function mergeByPriority(rows: readonly OriginRow[]): DailyRow[] {
  const out: DailyRow[] = [];
  for (let i = 0; i < rows.length;) {
    const first = rows[i] as OriginRow;
    let end = i + 1;
    while (end < rows.length && (rows[end] as OriginRow).row.date === first.row.date) end++;
    out.push(end === i + 1 ? first.row : mergeDay(rows.slice(i, end)));
    i = end;
  }
  return out;
}

/** 2 observed or derived, 1 estimated, 0 a partial day's lower bound. */
function tier(row: DailyRow, f: DailyField): number {
  const p = row.provenance[f];
  if (p === PARTIAL_DAY_PROVENANCE || p?.startsWith(FEED_PARTIAL_PREFIX)) return 0;
  return isEstimated(row, f) ? 1 : 2;
}

/** A feed's partial-day lower bound (history/block-days.ts feedPartialDayProvenance). */
const FEED_PARTIAL_PREFIX = feedPartialDayProvenance('');

function mergeDay(day: OriginRow[]): DailyRow {
  // Ties (unranked feeds) by origin name, so the merge never depends on row order.
  day.sort((a, b) => originPriority(b.origin) - originPriority(a.origin) || a.origin.localeCompare(b.origin));
  const merged: DailyRow = { ...(day[0] as OriginRow).row, provenance: {} };
  for (const f of DAILY_FIELDS) {
    let src: OriginRow | undefined;
    for (const d of day) if (d.row[f] !== null && (!src || tier(d.row, f) > tier(src.row, f))) src = d;
    (merged as unknown as Record<string, unknown>)[f] = src ? src.row[f] : null;
    const p = src?.row.provenance[f];
    if (p !== undefined) merged.provenance[f] = p;
  }
  return merged;
}
