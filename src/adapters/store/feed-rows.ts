/**
 * The live-feed half of the SQL store (ports/feed-store.ts): explorer blocks, per-feed daily rows
 * and write locks. Shared by both databases; called by SqlStore inside its transactions.
 */
import { ValidationError } from '../../errors.js';
import { DAILY_FIELDS, type DailyRow } from '../../history/daily-row.js';
import { feedPartialDayProvenance } from '../../history/block-days.js';
import type { FeedBatch, FeedBatchResult, StoreLockHolder } from '../../ports/feed-store.js';
import type { FeedBlock } from '../../ports/network-feed.js';
import { MAX_MONEY_SAT } from '../../units/sat.js';
import { arrayToDaily, assertDailyRows, DAILY_COLUMNS, feedOrigin } from './daily-rows.js';
import { chunksFor, toBigInt, toNumber, valuesPlaceholders, type Dialect, type SqlExecutor, type SqlValue } from './driver.js';

export const FEED_BLOCK_COLUMNS = ['height', 'hash', 'time_unix_s', 'difficulty', 'reward_sat', 'fees_sat', 'pool', 'feed'];

export function assertFeedBatch(batch: FeedBatch): string {
  const origin = feedOrigin(batch.feed);
  assertDailyRows(batch.rows);
  const blocks = batch.blocks ?? [];
  blocks.forEach((b, i) => {
    const at = (f: string) => `blocks[${i}].${f}`;
    if (!Number.isSafeInteger(b.height) || b.height < 0) throw ValidationError.field(at('height'), `expected a whole number ≥ 0, got ${b.height}`);
    if (i > 0 && b.height !== (blocks[i - 1] as FeedBlock).height + 1)
      throw ValidationError.field(at('height'), `expected consecutive heights, got ${b.height} after ${(blocks[i - 1] as FeedBlock).height}`);
    if (!/^[0-9a-f]{64}$/.test(b.hash)) throw ValidationError.field(at('hash'), 'expected 64 lowercase hex digits');
    if (!Number.isSafeInteger(b.time_unix_s)) throw ValidationError.field(at('time_unix_s'), `expected whole unix seconds, got ${b.time_unix_s}`);
    if (!(b.difficulty > 0) || !Number.isFinite(b.difficulty)) throw ValidationError.field(at('difficulty'), `expected a number > 0, got ${b.difficulty}`);
    if (b.reward_sat < 0n || b.reward_sat > MAX_MONEY_SAT) throw ValidationError.field(at('reward_sat'), `expected sats in [0, 21M BTC], got ${b.reward_sat}`);
    if (b.fees_sat < 0n || b.fees_sat > b.reward_sat) throw ValidationError.field(at('fees_sat'), `expected sats in [0, reward_sat], got ${b.fees_sat}`);
  });
  return origin;
}

function blockParams(feed: string, b: FeedBlock): SqlValue[] {
  return [b.height, b.hash, b.time_unix_s, b.difficulty, b.reward_sat, b.fees_sat, b.pool, feed];
}

export function rowToFeedBlock(r: Record<string, unknown>): FeedBlock {
  return {
    height: toNumber(r.height, 'height'),
    hash: String(r.hash),
    time_unix_s: toNumber(r.time_unix_s, 'time_unix_s'),
    difficulty: Number(r.difficulty),
    reward_sat: toBigInt(r.reward_sat, 'reward_sat'),
    fees_sat: toBigInt(r.fees_sat, 'fees_sat'),
    pool: typeof r.pool === 'string' ? r.pool : null,
  };
}

/** Values and provenance of a row, comparable across a round trip through either database. */
function rowKey(r: DailyRow): string {
  return JSON.stringify(DAILY_FIELDS.map((f) => [r[f] === null ? null : String(r[f]), r[f] === null ? null : (r.provenance[f] ?? null)]));
}

/**
 * Writes `batch` through `step` (every statement a crash-injection step) and reads through
 * `read`. Only days whose stored row differs are written, so a repeated batch writes nothing.
 */
export async function writeFeedBatch(step: SqlExecutor, read: SqlExecutor, dialect: Dialect, batch: FeedBatch, origin: string): Promise<FeedBatchResult> {
  const blocks = batch.blocks ?? [];
  let blocks_written = 0;
  const first = blocks[0];
  if (first) {
    const stored = (
      await read.all(`SELECT ${FEED_BLOCK_COLUMNS.join(', ')} FROM feed_blocks WHERE height >= ? AND height <= ? ORDER BY height`, [
        first.height,
        (blocks[blocks.length - 1] as FeedBlock).height,
      ])
    ).map(rowToFeedBlock);
    const same = stored.length === blocks.length && stored.every((s, i) => s.hash === (blocks[i] as FeedBlock).hash);
    if (!same) {
      await step.run('DELETE FROM feed_blocks WHERE height >= ?', [first.height]);
      for (const chunk of chunksFor(blocks, FEED_BLOCK_COLUMNS.length, dialect)) {
        await step.run(
          `INSERT INTO feed_blocks (${FEED_BLOCK_COLUMNS.join(', ')}) VALUES ${valuesPlaceholders(chunk.length, FEED_BLOCK_COLUMNS.length)}`,
          chunk.flatMap((b) => blockParams(batch.feed, b)),
        );
      }
      blocks_written = blocks.length;
    }
  }
  const dates = batch.rows.map((r) => r.date).sort();
  const existing = new Map<string, string>();
  if (dates.length > 0) {
    const sql = `SELECT ${DAILY_COLUMNS.join(', ')} FROM daily WHERE origin = ? AND date >= ? AND date <= ?`;
    for (const a of await read.rows(sql, [origin, dates[0] as string, dates[dates.length - 1] as string])) {
      const { row } = arrayToDaily(a);
      existing.set(row.date, rowKey(row));
    }
  }
  let days_added = 0;
  let days_revised = 0;
  const changed = batch.rows.filter((r) => {
    const had = existing.get(r.date);
    if (had === undefined) days_added++;
    else if (had !== rowKey(r)) days_revised++;
    else return false;
    return true;
  });
  const cols = DAILY_COLUMNS;
  const onConflict = ` ON CONFLICT (origin, date) DO UPDATE SET ${cols
    .slice(2)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;
  for (const chunk of chunksFor(changed, cols.length, dialect)) {
    const params = chunk.flatMap((r) => [
      origin,
      r.date,
      ...DAILY_FIELDS.map((f) => r[f]),
      ...DAILY_FIELDS.map((f) => (r[f] === null ? null : (r.provenance[f] ?? origin))),
    ]);
    await step.run(`INSERT INTO daily (${cols.join(', ')}) VALUES ${valuesPlaceholders(chunk.length, cols.length)}${onConflict}`, params);
  }
  return { days_added, days_revised, blocks_written };
}

export async function lastFeedDay(db: SqlExecutor, feed: string): Promise<string | null> {
  const partial = `${feedPartialDayProvenance('')}%`;
  const rows = await db.all('SELECT MAX(date) AS d FROM daily WHERE origin = ? AND (prov_blocks IS NULL OR prov_blocks NOT LIKE ?)', [
    feedOrigin(feed),
    partial,
  ]);
  const d = rows[0]?.d;
  return typeof d === 'string' ? d : null;
}

export async function feedBlocks(db: SqlExecutor, q: { fromHeight?: number; limit?: number; fromTop?: boolean }): Promise<FeedBlock[]> {
  const params: SqlValue[] = [q.fromHeight ?? 0];
  const limit = q.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(q.limit))}` : '';
  const sql = `SELECT ${FEED_BLOCK_COLUMNS.join(', ')} FROM feed_blocks WHERE height >= ? ORDER BY height ${q.fromTop ? 'DESC' : 'ASC'}${limit}`;
  const out = (await db.all(sql, params)).map(rowToFeedBlock);
  return q.fromTop ? out.reverse() : out;
}

export async function acquireLock(tx: SqlExecutor, name: string, holder: string, now: number, ttl_s: number): Promise<StoreLockHolder | null> {
  await tx.run('DELETE FROM store_locks WHERE name = ? AND (expires_unix_s <= ? OR holder = ?)', [name, now, holder]);
  const taken = await tx.run('INSERT INTO store_locks (name, holder, acquired_unix_s, expires_unix_s) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING', [
    name,
    holder,
    now,
    now + ttl_s,
  ]);
  if (taken > 0) return null;
  const r = (await tx.all('SELECT holder, acquired_unix_s, expires_unix_s FROM store_locks WHERE name = ?', [name]))[0];
  // Released between our insert and this read: the caller tries again.
  if (!r) return { holder: '(just released)', acquired_unix_s: now, expires_unix_s: now };
  return {
    holder: String(r.holder),
    acquired_unix_s: toNumber(r.acquired_unix_s, 'acquired_unix_s'),
    expires_unix_s: toNumber(r.expires_unix_s, 'expires_unix_s'),
  };
}
