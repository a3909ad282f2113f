/**
 * Coin Metrics community API v4 (FEEDS.md C.2): `GET /timeseries/asset-metrics?assets=btc
 * &metrics=…&frequency=1d&start_time=D&end_time=D&page_size=10000` →
 * `{"data":[{"asset":"btc","time":"…T00:00:00.000000000Z","PriceUSD":"84017.03",…}],"next_page_url":"…"}`.
 * Every number is a string; BTC amounts are whole BTC and become sats exactly from the decimal
 * text. Pages are followed through `next_page_url` (unmodified) or `next_page_token`. A metric the
 * community tier refuses (403) is dropped with a notice and the rest load. The row for time D is
 * the UTC day D, as in the embedded dataset.
 *
 * Licence: CC BY-NC 4.0 (non-commercial). Every value it supplies carries COINMETRICS_PROVENANCE.
 */
import { emptyDailyRow, type DailyField, type DailyRow } from '../../history/daily-row.js';
import type { FeedRange } from '../../ports/feed-source.js';
import type { NetworkFeed, NetworkTip } from '../../ports/network-feed.js';
import type { DailyBtcPrice, PriceFeed } from '../../ports/price-feed.js';
import { unixSToDate } from '../../units/time.js';
import { btcDecimalToSat, checkDifficulties, checkNotFuture, checkPrice, fail, isRecord, num } from './checks.js';
import { FeedBase } from './feed-base.js';

export const COINMETRICS_DEFAULT_URL = 'https://community-api.coinmetrics.io/v4';
export const COINMETRICS_LICENCE = 'CC-BY-NC-4.0';
/** Provenance of every Coin Metrics value: the feed and its licence, so an export can tell. */
export const COINMETRICS_PROVENANCE = `feed:coinmetrics;licence=${COINMETRICS_LICENCE}`;

const METRIC_FIELD = {
  PriceUSD: 'price_usd_per_btc',
  DiffMean: 'difficulty',
  BlkCnt: 'blocks',
  FeeTotNtv: 'fees_sat',
  IssTotNtv: 'issuance_sat',
  SplyCur: 'supply_sat',
} as const;
type Metric = keyof typeof METRIC_FIELD;
export const COINMETRICS_METRICS = Object.keys(METRIC_FIELD) as Metric[];
const SAT_METRICS = new Set<Metric>(['FeeTotNtv', 'IssTotNtv', 'SplyCur']);

export class CoinMetricsFeed extends FeedBase implements NetworkFeed, PriceFeed {
  readonly name = 'coinmetrics';
  readonly licence = COINMETRICS_LICENCE;
  /** Metrics dropped after a 403, for the run summary. */
  readonly dropped: string[] = [];

  tip(): Promise<NetworkTip> {
    return Promise.resolve().then(() => fail(this.name, 'does not report a tip (daily data only)'));
  }

  async dailyPrices(range: FeedRange): Promise<DailyBtcPrice[]> {
    return (await this.dailyRows(range)).flatMap((r) => (r.price_usd_per_btc === null ? [] : [{ date: r.date, price_usd_per_btc: r.price_usd_per_btc }]));
  }

  async dailyRows(range: FeedRange): Promise<DailyRow[]> {
    let metrics = COINMETRICS_METRICS.slice();
    let page = await this.#page(this.#url(range, metrics));
    if (page === null) {
      // One metric outside the community tier refuses the whole request: find which, keep the rest.
      const allowed: Metric[] = [];
      for (const m of metrics) {
        if ((await this.#page(this.#url(range, [m], 1))) === null) {
          this.dropped.push(m);
          this.deps.notice?.(`coinmetrics: metric ${m} answered 403 (not in the community tier); dropped, the other metrics still load`);
        } else allowed.push(m);
      }
      if (allowed.length === 0) fail(this.name, `every metric answered 403 (${metrics.join(', ')})`);
      metrics = allowed;
      page = await this.#page(this.#url(range, metrics));
      if (page === null) fail(this.name, `answered 403 for metrics ${metrics.join(', ')} that it served one by one`);
    }
    const rows: DailyRow[] = [];
    for (;;) {
      const current: Record<string, unknown> = page;
      for (const [i, d] of (current.data as unknown[]).entries()) rows.push(this.#row(d, i, metrics));
      const next =
        typeof current.next_page_url === 'string'
          ? current.next_page_url
          : typeof current.next_page_token === 'string'
            ? `${this.#url(range, metrics)}&next_page_token=${encodeURIComponent(current.next_page_token)}`
            : null;
      if (next === null) break;
      page = await this.#page(next);
      if (page === null) fail(this.name, 'answered 403 on a later page');
    }
    rows.sort((a, b) => a.date.localeCompare(b.date));
    const inRange = rows.filter((r, i) => r.date >= range.from && r.date <= range.to && (i === 0 || (rows[i - 1] as DailyRow).date !== r.date));
    checkDifficulties(
      this.name,
      inRange.flatMap((r) => (r.difficulty === null ? [] : [{ at: r.date, difficulty: r.difficulty }])),
    );
    return inRange;
  }

  #url(range: FeedRange, metrics: readonly Metric[], page_size = 10_000): string {
    return `${this.base}/timeseries/asset-metrics?assets=btc&metrics=${metrics.join(',')}&frequency=1d&start_time=${range.from}&end_time=${range.to}&page_size=${page_size}`;
  }

  /** One page's body, or null when it answered 403. */
  async #page(url: string): Promise<Record<string, unknown> | null> {
    const r = await this.deps.http.fetchJsonStatus(url, this.options({ accept_status: [403] }));
    if (r.status === 403) return null;
    if (!isRecord(r.body) || !Array.isArray(r.body.data)) fail(this.name, `expected {"data":[…]} from ${url.slice(0, 120)}`);
    return r.body;
  }

  #row(d: unknown, i: number, metrics: readonly Metric[]): DailyRow {
    if (!isRecord(d) || typeof d.time !== 'string') fail(this.name, `data[${i}]: expected {"asset":"btc","time":"…",…}`);
    const t = Date.parse(d.time);
    if (Number.isNaN(t)) fail(this.name, `data[${i}].time: expected an ISO 8601 time, got ${JSON.stringify(d.time)}`);
    const date = unixSToDate(Math.floor(t / 1000));
    checkNotFuture(this.name, date, this.deps.nowUnixS());
    const row: DailyRow = emptyDailyRow(date);
    const values = row as unknown as Record<DailyField, unknown>;
    for (const m of metrics) {
      const v = d[m];
      if (v === undefined || v === null) continue;
      const f = METRIC_FIELD[m];
      const what = `data[${i}] (${date}).${m}`;
      if (SAT_METRICS.has(m)) values[f] = btcDecimalToSat(this.name, v, what);
      else if (m === 'PriceUSD') values[f] = checkPrice(this.name, date, num(this.name, v, what));
      else {
        const n = num(this.name, v, what);
        if (n < 0 || (m === 'BlkCnt' && !Number.isSafeInteger(n)))
          fail(this.name, `${what}: expected ${m === 'BlkCnt' ? 'a whole number' : 'a number'} ≥ 0, got ${JSON.stringify(v)}`);
        values[f] = n;
      }
      row.provenance[f] = COINMETRICS_PROVENANCE;
    }
    return row;
  }
}
