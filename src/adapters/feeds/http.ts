/**
 * The one HTTP client every public feed uses (mempool, Coin Metrics, Coinbase, Kraken, ERCOT), so
 * they all behave the same towards the servers they read:
 *
 *   const http = createFeedHttp({ userAgent: 'hashfloor/0.1.0 (+https://…)' });
 *   const rate = rateLimit(2, 1000);                       // ≤ 2 requests per 1000 ms, per feed
 *   const stats = { requests: 0, retries: 0 };             // FeedSource.stats() returns it
 *   const body = await http.fetchJson(url, { feed: 'mempool', rate, stats });
 *   const bytes = await http.fetchBytes(url, { feed: 'ercot', rate, stats, timeout_ms: 60_000 });
 *
 * - User-Agent: given by the composition root (name and version from package.json); never read here.
 * - Rate: `rate` is shared by every request of one feed; a request waits for a free slot of the
 *   sliding window (requests per window_ms).
 * - Retries: 429 and 5xx, and connection failures, are retried up to `retries` times (default 4);
 *   a TLS failure (untrusted certificate, https to a plain-HTTP port) is not: it fails at once.
 *   The wait is the server's `Retry-After` (seconds or an HTTP date) when given, else exponential
 *   backoff from `backoff_ms` (default 500 ms, doubling); either capped at `max_backoff_ms`
 *   (default 60 s). A `Retry-After` beyond the cap fails at once rather than stall `update`.
 * - Timeouts: `timeout_ms` (default 30 s) bounds the wait for headers and every pause of the body
 *   (a server that stalls mid-body fails like one that never answers).
 * - gzip: asked for (`Accept-Encoding: gzip`) and decoded by fetch.
 * - Every failure is an UpstreamError whose message names the feed, the URL and what was wrong.
 */
import { UpstreamError } from '../../errors.js';
import type { FeedStats } from '../../ports/feed-source.js';

/** A sliding-window rate ceiling shared by the requests of one feed. */
export interface RateLimit {
  readonly requests: number;
  readonly window_ms: number;
  /** Resolves when a request may start (and counts it). */
  acquire(): Promise<void>;
}

export function rateLimit(requests: number, window_ms: number, nowMs: () => number = () => performance.now()): RateLimit {
  if (!(requests >= 1) || !(window_ms >= 0)) throw new RangeError(`rate limit needs requests ≥ 1 and window_ms ≥ 0, got ${requests}/${window_ms}`);
  const starts: number[] = [];
  let chain = Promise.resolve();
  return {
    requests,
    window_ms,
    acquire() {
      // Serialised so concurrent callers take slots in order.
      const next = chain.then(async () => {
        for (;;) {
          const now = nowMs();
          while (starts.length > 0 && now - (starts[0] as number) >= window_ms) starts.shift();
          if (starts.length < requests) {
            starts.push(now);
            return;
          }
          await sleep((starts[0] as number) + window_ms - now);
        }
      });
      chain = next;
      return next;
    },
  };
}

export interface FetchOptions {
  /** Feed name for messages (`mempool`, `coinmetrics`, …). */
  feed: string;
  rate: RateLimit;
  /** Incremented in place: one request per attempt, one retry per attempt after the first. */
  stats?: FeedStats;
  timeout_ms?: number;
  retries?: number;
  backoff_ms?: number;
  max_backoff_ms?: number;
  headers?: Record<string, string>;
  /** Statuses answered as data rather than retried or failed (e.g. 403 for a dropped metric). */
  accept_status?: readonly number[];
}

export interface FeedResponse<T> {
  status: number;
  body: T;
}

export interface FeedHttp {
  /** Parsed JSON of a 2xx answer; UpstreamError on anything else (HTML, truncated JSON, …). */
  fetchJson(url: string, options: FetchOptions): Promise<unknown>;
  /** Raw bytes of a 2xx answer (gzip already decoded). */
  fetchBytes(url: string, options: FetchOptions): Promise<Uint8Array>;
  /** As fetchJson, but a status in `accept_status` comes back with its (possibly non-JSON) body as null. */
  fetchJsonStatus(url: string, options: FetchOptions): Promise<FeedResponse<unknown>>;
}

export interface FeedHttpConfig {
  /** e.g. `hashfloor/0.1.0 (+https://github.com/…)`; passed in by the composition root. */
  userAgent: string;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Retry-After as milliseconds from now (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function retryAfterMs(value: string | null, nowMs: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** The failure's low-level cause (undici puts the socket's error in `cause`). */
function causeOf(err: unknown): { code: string; message: string | undefined } {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return { code: cause?.code ?? '', message: cause?.message };
}

/** A certificate or handshake failure: retrying cannot fix it, so it fails at once. */
function isTlsFailure(err: unknown): boolean {
  const { code, message } = causeOf(err);
  return code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT') || /ssl|tls|certificate/i.test(message ?? '');
}

/** Why a connection failed, in words a user can act on. */
function networkReason(err: unknown): string {
  const { code, message } = causeOf(err);
  if (isTlsFailure(err)) return `TLS failure (${[code, message].filter(Boolean).join(': ')}): check the URL's scheme and the server's certificate`;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  return message ?? (err instanceof Error ? err.message : String(err));
}

class Timeout extends Error {}

/** Reads the whole body, failing when no bytes arrive for `timeout_ms`. */
async function readBody(res: Response, timeout_ms: number, onStall: () => void): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onStall();
        reject(new Timeout());
      }, timeout_ms);
    });
    try {
      const chunk: { done: boolean; value?: Uint8Array | undefined } = await Promise.race([reader.read(), stalled]);
      const value = chunk.value;
      if (chunk.done || value === undefined) break;
      parts.push(value);
      size += value.byteLength;
    } finally {
      clearTimeout(timer);
    }
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function shortUrl(url: string): string {
  return url.length > 160 ? `${url.slice(0, 157)}…` : url;
}

export function createFeedHttp(config: FeedHttpConfig): FeedHttp {
  async function request(url: string, o: FetchOptions): Promise<{ status: number; type: string; bytes: Uint8Array }> {
    const retries = o.retries ?? 4;
    const timeout_ms = o.timeout_ms ?? 30_000;
    const cap = o.max_backoff_ms ?? 60_000;
    const base = o.backoff_ms ?? 500;
    const where = `${o.feed}: ${shortUrl(url)}`;
    for (let attempt = 0; ; attempt++) {
      await o.rate.acquire();
      if (o.stats) {
        o.stats.requests++;
        if (attempt > 0) o.stats.retries++;
      }
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeout_ms);
      let failure: string;
      let wait_ms = Math.min(cap, base * 2 ** attempt);
      try {
        const res = await fetch(url, {
          signal: abort.signal,
          headers: { 'user-agent': config.userAgent, accept: 'application/json, */*;q=0.5', 'accept-encoding': 'gzip', ...o.headers },
        });
        clearTimeout(timer);
        if (res.ok || o.accept_status?.includes(res.status)) {
          const bytes = await readBody(res, timeout_ms, () => abort.abort());
          return { status: res.status, type: res.headers.get('content-type') ?? '', bytes };
        }
        await res.body?.cancel().catch(() => undefined);
        if (res.status !== 429 && res.status < 500) throw new UpstreamError(`${where}: HTTP ${res.status} ${res.statusText}`.trimEnd());
        failure = `HTTP ${res.status}${res.status === 429 ? ' (rate limited)' : ''}`;
        const after = retryAfterMs(res.headers.get('retry-after'));
        if (after !== null) {
          if (after > cap)
            throw new UpstreamError(`${where}: ${failure}, Retry-After ${Math.ceil(after / 1000)} s is beyond the ${cap / 1000} s cap; try again later`);
          wait_ms = after;
        }
      } catch (err) {
        clearTimeout(timer);
        if (err instanceof UpstreamError) throw err;
        failure = err instanceof Timeout || abort.signal.aborted ? `no answer within ${timeout_ms} ms (timeout)` : networkReason(err);
        if (isTlsFailure(err)) throw new UpstreamError(`${where}: ${failure}`);
      }
      if (attempt >= retries) throw new UpstreamError(`${where}: ${failure}${retries > 0 ? ` (after ${retries} retries)` : ''}`);
      await sleep(wait_ms);
    }
  }

  function parseJson(url: string, o: FetchOptions, r: { type: string; bytes: Uint8Array }): unknown {
    const text = new TextDecoder().decode(r.bytes);
    const where = `${o.feed}: ${shortUrl(url)}`;
    if (/html/i.test(r.type) || /^\s*</.test(text)) throw new UpstreamError(`${where}: expected JSON, got HTML (${r.type || 'no content-type'})`);
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      const what = text.trim() === '' ? 'an empty body' : `malformed or truncated JSON (${(err as Error).message}, ${r.bytes.byteLength} bytes)`;
      throw new UpstreamError(`${where}: expected JSON, got ${what}`);
    }
  }

  return {
    async fetchJson(url, o) {
      return parseJson(url, o, await request(url, o));
    },
    async fetchBytes(url, o) {
      return (await request(url, o)).bytes;
    },
    async fetchJsonStatus(url, o) {
      const r = await request(url, o);
      if (r.status >= 200 && r.status < 300) return { status: r.status, body: parseJson(url, o, r) };
      return { status: r.status, body: null };
    },
  };
}
