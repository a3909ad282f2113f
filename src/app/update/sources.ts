/**
 * The live sources `hashfloor update` knows, one entry each: its name (in --sources, provenance
 * and the summary), whether it runs without --sources, its default base URL with the flag and
 * environment variable that override it, its default rate ceiling and how to build it. Adding a
 * source (ERCOT) is one entry here.
 */
import { CoinbaseFeed, COINBASE_DEFAULT_URL } from '../../adapters/feeds/coinbase.js';
import { CoinMetricsFeed, COINMETRICS_DEFAULT_URL } from '../../adapters/feeds/coinmetrics.js';
import type { FeedDeps } from '../../adapters/feeds/feed-base.js';
import { KrakenFeed, KRAKEN_DEFAULT_URL, KRAKEN_MAX_CANDLES } from '../../adapters/feeds/kraken.js';
import { MempoolFeed, MEMPOOL_DEFAULT_URL } from '../../adapters/feeds/mempool.js';
import { ErcotMisFeed, ERCOT_MIS_URL } from '../../adapters/feeds/ercot.js';
import { ercotSource } from './ercot-source.js';
import { addDays, unixSToDate } from '../../units/time.js';
import { mempoolSource } from './mempool-source.js';
import { networkSource, priceSource, type UpdateSource } from './source.js';

export interface SourceEntry {
  name: string;
  /** Runs when --sources is not given. */
  default: boolean;
  default_url: string;
  /** CLI flag overriding the base URL (without --). */
  url_flag: string;
  /** Environment variable overriding the base URL (the flag wins). */
  url_env: string;
  /** Default rate ceiling: `requests` per `window_ms`. */
  rate: { requests: number; window_ms: number };
  /** Said in the output whenever the source is used (a licence that restricts use). */
  licence_notice?: string;
  create(deps: FeedDeps): UpdateSource;
}

export const SOURCES: readonly SourceEntry[] = [
  {
    name: 'mempool',
    default: true,
    default_url: MEMPOOL_DEFAULT_URL,
    url_flag: 'mempool-url',
    url_env: 'HASHFLOOR_MEMPOOL_URL',
    rate: { requests: 2, window_ms: 1000 },
    create: (d) => mempoolSource(new MempoolFeed(d)),
  },
  {
    name: 'coinmetrics',
    default: false,
    default_url: COINMETRICS_DEFAULT_URL,
    url_flag: 'coinmetrics-url',
    url_env: 'HASHFLOOR_COINMETRICS_URL',
    rate: { requests: 10, window_ms: 6000 },
    licence_notice: 'Coin Metrics community data is CC BY-NC 4.0 (non-commercial use only; attribute Coin Metrics); its values are marked so in provenance',
    create: (d) => networkSource(new CoinMetricsFeed(d)),
  },
  {
    name: 'coinbase',
    default: true,
    default_url: COINBASE_DEFAULT_URL,
    url_flag: 'coinbase-url',
    url_env: 'HASHFLOOR_COINBASE_URL',
    rate: { requests: 3, window_ms: 1000 },
    create: (d) => priceSource(new CoinbaseFeed(d)),
  },
  {
    name: 'kraken',
    default: true,
    default_url: KRAKEN_DEFAULT_URL,
    url_flag: 'kraken-url',
    url_env: 'HASHFLOOR_KRAKEN_URL',
    rate: { requests: 1, window_ms: 1000 },
    // The open candle is one of the 720.
    create: (d) => priceSource(new KrakenFeed(d), { earliest: (now) => addDays(unixSToDate(now), -(KRAKEN_MAX_CANDLES - 1)) }),
  },
  {
    name: 'ercot',
    // Hourly power prices, not network history: run when named (or when a fleet names an ERCOT hub).
    default: false,
    default_url: ERCOT_MIS_URL,
    url_flag: 'ercot-url',
    url_env: 'HASHFLOOR_ERCOT_URL',
    rate: { requests: 30, window_ms: 60_000 },
    create: (d) => {
      const stats = { requests: 0, retries: 0 };
      const fetch = (url: string) => d.http.fetchBytes(url, { feed: 'ercot', rate: d.rate, stats, timeout_ms: 60_000, ...d.http_options });
      return ercotSource(new ErcotMisFeed({ base_url: d.baseUrl, fetch }), () => stats);
    },
  },
];

export function sourceEntry(name: string): SourceEntry | undefined {
  return SOURCES.find((s) => s.name === name);
}
