/**
 * Coinbase Exchange daily candles (FEEDS.md C.3): `GET /products/BTC-USD/candles?granularity=86400
 * &start=ISO&end=ISO`, at most 300 candles per request, each `[time, low, high, open, close, volume]`
 * (numbers; numeric strings accepted). Order is not documented, candles may precede `start` and
 * days without trades have none: we sort, filter to the range and leave gaps as gaps. The daily
 * price is the candle's close; the open day (today, UTC) is not closed yet and is left out.
 */
import type { FeedRange } from '../../ports/feed-source.js';
import type { DailyBtcPrice, PriceFeed } from '../../ports/price-feed.js';
import { addDays, daysBetween, unixSToDate } from '../../units/time.js';
import { checkNotFuture, checkPrice, fail, num } from './checks.js';
import { FeedBase } from './feed-base.js';

export const COINBASE_DEFAULT_URL = 'https://api.exchange.coinbase.com';
export const COINBASE_MAX_CANDLES = 300;

export class CoinbaseFeed extends FeedBase implements PriceFeed {
  readonly name = 'coinbase';
  readonly licence = 'Coinbase market data terms (exchange prices; commercial use allowed by its terms)';

  async dailyPrices(range: FeedRange): Promise<DailyBtcPrice[]> {
    const today = unixSToDate(this.deps.nowUnixS());
    const last = range.to < today ? range.to : addDays(today, -1);
    const byDay = new Map<string, number>();
    for (let from = range.from; from <= last; from = addDays(from, COINBASE_MAX_CANDLES)) {
      const to = daysBetween(from, last) >= COINBASE_MAX_CANDLES ? addDays(from, COINBASE_MAX_CANDLES - 1) : last;
      const path = `/products/BTC-USD/candles?granularity=86400&start=${from}T00:00:00Z&end=${to}T00:00:00Z`;
      const body = await this.getJson(path);
      if (!Array.isArray(body)) fail(this.name, `${path}: expected an array of candles, got ${JSON.stringify(body)?.slice(0, 80)}`);
      body.forEach((c, i) => {
        if (!Array.isArray(c) || c.length < 5) fail(this.name, `candles[${i}]: expected [time, low, high, open, close, volume]`);
        const date = unixSToDate(num(this.name, c[0], `candles[${i}][0] (time)`));
        checkNotFuture(this.name, date, this.deps.nowUnixS());
        if (date < from || date > to) return;
        byDay.set(date, checkPrice(this.name, date, num(this.name, c[4], `candles[${i}][4] (close)`)));
      });
    }
    return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, price_usd_per_btc]) => ({ date, price_usd_per_btc }));
  }
}
