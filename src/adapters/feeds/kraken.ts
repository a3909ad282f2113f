/**
 * Kraken public OHLC (FEEDS.md C.3): `GET /0/public/OHLC?pair=XBTUSD&interval=1440&since=<unix>` →
 * `{"error":[],"result":{"<pair>":[[time, open, high, low, close, vwap, volume, count], …],"last":…}}`
 * with prices as strings. Only the 720 most recent candles exist whatever `since` says, so this is
 * a top-up source, not a backfill; the last candle is the open day and is left out.
 */
import type { FeedRange } from '../../ports/feed-source.js';
import type { DailyBtcPrice, PriceFeed } from '../../ports/price-feed.js';
import { dateToUnixS, unixSToDate } from '../../units/time.js';
import { checkNotFuture, checkPrice, fail, isRecord, num } from './checks.js';
import { FeedBase } from './feed-base.js';

export const KRAKEN_DEFAULT_URL = 'https://api.kraken.com';
/** Candles Kraken keeps per interval: older days cannot be had from it. */
export const KRAKEN_MAX_CANDLES = 720;

export class KrakenFeed extends FeedBase implements PriceFeed {
  readonly name = 'kraken';
  readonly licence = 'Kraken market data terms (exchange prices)';

  async dailyPrices(range: FeedRange): Promise<DailyBtcPrice[]> {
    const path = `/0/public/OHLC?pair=XBTUSD&interval=1440&since=${dateToUnixS(range.from) - 1}`;
    const body = await this.getJson(path);
    if (!isRecord(body)) fail(this.name, `${path}: expected {"error":[],"result":{…}}`);
    if (Array.isArray(body.error) && body.error.length > 0) fail(this.name, `answered error ${JSON.stringify(body.error)}`);
    const result = body.result;
    if (!isRecord(result)) fail(this.name, `${path}: expected a "result" object`);
    const key = Object.keys(result).find((k) => k !== 'last');
    const candles = key === undefined ? undefined : result[key];
    if (!Array.isArray(candles)) fail(this.name, `${path}: expected result.<pair> to be an array of candles`);
    const today = unixSToDate(this.deps.nowUnixS());
    const out: DailyBtcPrice[] = [];
    candles.forEach((c, i) => {
      if (!Array.isArray(c) || c.length < 5) fail(this.name, `candles[${i}]: expected [time, open, high, low, close, vwap, volume, count]`);
      const date = unixSToDate(num(this.name, c[0], `candles[${i}][0] (time)`));
      checkNotFuture(this.name, date, this.deps.nowUnixS());
      if (date < range.from || date > range.to || date >= today) return;
      out.push({ date, price_usd_per_btc: checkPrice(this.name, date, num(this.name, c[4], `candles[${i}][4] (close)`)) });
    });
    out.sort((a, b) => a.date.localeCompare(b.date));
    return out.filter((p, i) => i === 0 || (out[i - 1] as DailyBtcPrice).date !== p.date);
  }
}
