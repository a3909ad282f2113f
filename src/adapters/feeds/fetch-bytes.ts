/**
 * A small HTTP GET for feeds, until the shared feed client (the HTTP client of the feeds
 * branch) replaces it: a timeout per attempt (headers and body), a few retries on 429 and 5xx
 * and on network failures, Retry-After honoured (seconds or an HTTP date, capped), otherwise
 * exponential backoff. Every failure is one UpstreamError naming the feed and the URL.
 */
import { UpstreamError } from '../../errors.js';

export type FetchBytes = (url: string) => Promise<Uint8Array>;

export interface FetchBytesOptions {
  /** Feed name for messages, e.g. `ercot`. */
  feed: string;
  timeout_ms?: number;
  /** Further attempts after the first. */
  retries?: number;
  /** First backoff wait; doubled each retry. */
  backoff_ms?: number;
  /** Longest Retry-After obeyed; a longer one fails at once rather than stall an update. */
  max_retry_after_s?: number;
  user_agent?: string;
  sleep?: (ms: number) => Promise<void>;
  /** Called on each retry (for request counts). */
  onAttempt?: (retry: boolean) => void;
}

const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Seconds to wait from a Retry-After header, or undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - nowMs) / 1000);
}

export function fetchBytes(o: FetchBytesOptions): FetchBytes {
  const timeout = o.timeout_ms ?? 30_000;
  const retries = o.retries ?? 3;
  const backoff = o.backoff_ms ?? 1000;
  const maxWait = o.max_retry_after_s ?? 120;
  const sleep = o.sleep ?? sleepMs;
  return async (url) => {
    let last = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      o.onAttempt?.(attempt > 0);
      let wait_ms = backoff * 2 ** attempt;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(timeout), headers: o.user_agent ? { 'user-agent': o.user_agent } : {} });
        if (res.ok) return new Uint8Array(await res.arrayBuffer());
        await res.body?.cancel();
        last = `HTTP ${res.status}`;
        if (res.status !== 429 && res.status < 500) break;
        const after = retryAfterSeconds(res.headers.get('retry-after'), Date.now());
        if (after !== undefined) {
          if (after > maxWait)
            throw new UpstreamError(`${o.feed}: ${url} answered ${last} and asks to wait ${Math.round(after)} s (more than ${maxWait} s); try again later`);
          wait_ms = after * 1000;
        }
      } catch (err) {
        if (err instanceof UpstreamError) throw err;
        const e = err as Error;
        last = e.name === 'TimeoutError' ? `no answer within ${timeout / 1000} s` : `${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ''}`;
      }
      if (attempt < retries) await sleep(wait_ms);
    }
    throw new UpstreamError(`${o.feed}: ${url} failed: ${last}${retries > 0 ? ` (after ${retries + 1} attempts)` : ''}`);
  };
}
