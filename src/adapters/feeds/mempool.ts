/**
 * mempool.space REST (or a self-hosted instance), from the facts in FEEDS.md C.1:
 *   GET /blocks/tip/height                          → the tip height (a bare number)
 *   GET /v1/blocks/:startHeight                     → 15 blocks going down from startHeight, each
 *       { id, height, timestamp, difficulty, extras: { reward, totalFees, pool: { slug, name } } }
 *   GET /v1/mining/blocks/timestamp/:unix           → the height at a time ({height} or a number)
 *   GET /v1/historical-price?currency=USD           → { prices: [{ time, USD }, …] }
 *   GET /v1/mining/hashrate/:period                 → { hashrates: [{ timestamp, avgHashrate (H/s) }] }
 * Amounts are sats (exact bigints); issuance of a block = reward − totalFees.
 */
import type { FeedRange } from '../../ports/feed-source.js';
import type { FeedBlock } from '../../ports/network-feed.js';
import type { DailyBtcPrice, PriceFeed } from '../../ports/price-feed.js';
import { unixSToDate } from '../../units/time.js';
import { checkDifficulties, checkNotFuture, checkPrice, fail, isRecord, num, sats } from './checks.js';
import { FeedBase } from './feed-base.js';

export const MEMPOOL_DEFAULT_URL = 'https://mempool.space/api';
/** Blocks per `/v1/blocks/:startHeight` answer. */
export const MEMPOOL_BLOCKS_PER_PAGE = 15;
const HASHRATE_PERIODS: [days: number, period: string][] = [
  [3, '3d'],
  [7, '1w'],
  [30, '1m'],
  [90, '3m'],
  [180, '6m'],
  [365, '1y'],
  [730, '2y'],
  [1095, '3y'],
];

export class MempoolFeed extends FeedBase implements PriceFeed {
  readonly name = 'mempool';
  readonly licence = 'mempool.space terms of service (facts; no licence stated)';

  async tipHeight(): Promise<number> {
    const h = num(this.name, await this.getJson('/blocks/tip/height'), 'tip height');
    if (!Number.isSafeInteger(h) || h < 0) fail(this.name, `tip height: expected a whole number, got ${h}`);
    return h;
  }

  /** Height of the last block at or before `time_unix_s`. */
  async heightAt(time_unix_s: number): Promise<number> {
    const body = await this.getJson(`/v1/mining/blocks/timestamp/${time_unix_s}`);
    const h = num(this.name, isRecord(body) ? body.height : body, 'height at timestamp');
    if (!Number.isSafeInteger(h) || h < 0) fail(this.name, `height at timestamp: expected a whole number, got ${h}`);
    return h;
  }

  /** The 15 (or fewer near genesis) blocks at and below `startHeight`, ascending. */
  async blocksPage(startHeight: number): Promise<FeedBlock[]> {
    const body = await this.getJson(`/v1/blocks/${startHeight}`);
    if (!Array.isArray(body)) fail(this.name, `/v1/blocks/${startHeight}: expected an array of blocks, got ${typeof body}`);
    return body.map((b, i) => this.#block(b, `/v1/blocks/${startHeight}[${i}]`)).sort((a, b) => a.height - b.height);
  }

  /**
   * Blocks (after, to] ascending, one page per 15 heights from the bottom up. `onPage` sees each
   * page (for progress). Checks heights are consecutive and difficulty never falls beyond ×4.
   */
  async blocksRange(after: number, to: number, onPage?: (done: number, total: number) => void): Promise<FeedBlock[]> {
    const byHeight = new Map<number, FeedBlock>();
    const total = Math.max(0, to - after);
    const tops: number[] = [];
    for (let top = after + MEMPOOL_BLOCKS_PER_PAGE; top < to; top += MEMPOOL_BLOCKS_PER_PAGE) tops.push(top);
    if (total > 0) tops.push(to);
    for (const top of tops) {
      for (const b of await this.blocksPage(top)) if (b.height > after && b.height <= to) byHeight.set(b.height, b);
      onPage?.(byHeight.size, total);
    }
    const out = [...byHeight.values()].sort((a, b) => a.height - b.height);
    out.forEach((b, i) => {
      if (b.height !== after + 1 + i) fail(this.name, `blocks ${after + 1}..${to}: height ${after + 1 + i} missing from the answers`);
    });
    if (out.length !== total) fail(this.name, `blocks ${after + 1}..${to}: got ${out.length} of ${total}`);
    checkDifficulties(
      this.name,
      out.map((b) => ({ at: `height ${b.height}`, difficulty: b.difficulty })),
    );
    return out;
  }

  #block(b: unknown, at: string): FeedBlock {
    if (!isRecord(b)) fail(this.name, `${at}: expected a block object`);
    // The docs show reward and fees under `extras`; accept them at the top level too.
    const extras = isRecord(b.extras) ? b.extras : b;
    const height = num(this.name, b.height, `${at}.height`);
    const time_unix_s = num(this.name, b.timestamp, `${at}.timestamp`);
    if (!Number.isSafeInteger(height) || height < 0) fail(this.name, `${at}.height: expected a whole number, got ${height}`);
    checkNotFuture(this.name, unixSToDate(time_unix_s), this.deps.nowUnixS() + 7200);
    const reward_sat = sats(this.name, extras.reward, `${at}.extras.reward`);
    const fees_sat = sats(this.name, extras.totalFees, `${at}.extras.totalFees`);
    if (fees_sat > reward_sat) fail(this.name, `${at}: totalFees ${fees_sat} exceeds reward ${reward_sat}`);
    const pool = isRecord(extras.pool)
      ? typeof extras.pool.slug === 'string'
        ? extras.pool.slug
        : typeof extras.pool.name === 'string'
          ? extras.pool.name
          : null
      : null;
    if (typeof b.id !== 'string' || !/^[0-9a-f]{64}$/.test(b.id)) fail(this.name, `${at}.id: expected a 64-hex block hash`);
    return { height, hash: b.id, time_unix_s, difficulty: num(this.name, b.difficulty, `${at}.difficulty`), reward_sat, fees_sat, pool };
  }

  /** Last price of each UTC day of `range` in the full USD history (one request). */
  async dailyPrices(range: FeedRange): Promise<DailyBtcPrice[]> {
    const body = await this.getJson('/v1/historical-price?currency=USD');
    const list = isRecord(body) ? body.prices : undefined;
    if (!Array.isArray(list)) fail(this.name, '/v1/historical-price: expected {"prices":[{time, USD}, …]}');
    const today = unixSToDate(this.deps.nowUnixS());
    const byDay = new Map<string, { time: number; price: number }>();
    list.forEach((p, i) => {
      if (!isRecord(p)) fail(this.name, `/v1/historical-price prices[${i}]: expected an object`);
      const time = num(this.name, p.time, `prices[${i}].time`);
      const date = unixSToDate(time);
      checkNotFuture(this.name, date, this.deps.nowUnixS());
      // The open day's price is not its close yet.
      if (date < range.from || date > range.to || date >= today || p.USD === undefined) return;
      const price = checkPrice(this.name, date, num(this.name, p.USD, `prices[${i}].USD`));
      const had = byDay.get(date);
      if (!had || had.time < time) byDay.set(date, { time, price });
    });
    return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, v]) => ({ date, price_usd_per_btc: v.price }));
  }

  /** Daily mean hashrate (EH/s) for the days of `range` the smallest sufficient period covers. */
  async dailyHashrates(range: FeedRange): Promise<Map<string, number>> {
    const days = Math.ceil((this.deps.nowUnixS() - Date.parse(`${range.from}T00:00:00Z`) / 1000) / 86_400);
    const period = HASHRATE_PERIODS.find(([d]) => d >= days)?.[1] ?? 'all';
    const body = await this.getJson(`/v1/mining/hashrate/${period}`);
    const list = isRecord(body) ? body.hashrates : undefined;
    if (!Array.isArray(list)) fail(this.name, `/v1/mining/hashrate/${period}: expected {"hashrates":[{timestamp, avgHashrate}, …]}`);
    const out = new Map<string, number>();
    list.forEach((h, i) => {
      if (!isRecord(h)) fail(this.name, `hashrates[${i}]: expected an object`);
      const date = unixSToDate(num(this.name, h.timestamp, `hashrates[${i}].timestamp`));
      checkNotFuture(this.name, date, this.deps.nowUnixS());
      const hs = num(this.name, h.avgHashrate, `hashrates[${i}].avgHashrate`);
      if (hs <= 0) fail(this.name, `hashrates[${i}].avgHashrate: expected > 0 H/s, got ${hs}`);
      if (date >= range.from && date <= range.to) out.set(date, hs / 1e18);
    });
    return out;
  }
}
