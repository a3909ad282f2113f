/**
 * What each feed adapter is built from: its base URL, the shared HTTP client, its rate ceiling and
 * the clock's "now" (for refusing days in the future). Passed in by the source registry.
 */
import type { FeedStats } from '../../ports/feed-source.js';
import type { FeedHttp, FetchOptions, RateLimit } from './http.js';

export interface FeedDeps {
  /** Base URL without a trailing slash, e.g. `https://mempool.space/api`. */
  baseUrl: string;
  http: FeedHttp;
  rate: RateLimit;
  nowUnixS: () => number;
  /** Overrides of the HTTP defaults (tests shorten timeouts and backoff). */
  http_options?: Partial<Pick<FetchOptions, 'timeout_ms' | 'retries' | 'backoff_ms' | 'max_backoff_ms'>>;
  /** A line for the user (a dropped metric, a short answer). */
  notice?: (line: string) => void;
}

export abstract class FeedBase {
  abstract readonly name: string;
  abstract readonly licence: string;
  protected readonly counts: FeedStats = { requests: 0, retries: 0 };
  protected readonly base: string;

  constructor(protected readonly deps: FeedDeps) {
    this.base = deps.baseUrl.replace(/\/+$/, '');
  }

  stats(): FeedStats {
    return { ...this.counts };
  }

  protected options(extra: Partial<FetchOptions> = {}): FetchOptions {
    return { feed: this.name, rate: this.deps.rate, stats: this.counts, ...this.deps.http_options, ...extra };
  }

  protected getJson(path: string, extra?: Partial<FetchOptions>): Promise<unknown> {
    return this.deps.http.fetchJson(path.startsWith('http') ? path : `${this.base}${path}`, this.options(extra));
  }
}
