/**
 * Cache hits answered in front of Hono. A GET whose answer came from the body cache (json.ts) is
 * remembered by its exact request target (path and query as sent); the next request for the same
 * target is written straight from the cached bytes, without building a fetch Request, routing,
 * validating the query again or converting a Response — which cost ~3× the CPU of the bytes'
 * own write on the hashprice window (BENCHMARKS.md, api).
 *
 * The fast path keeps every rule the Hono path applies to such a request, sharing its state:
 * the Host check (request-guard.ts), the per-client budget (client-limit.ts: a hit takes a token
 * like any request), and the store watch (store-watch.ts). Whenever one of them has something to
 * do — a check is due, a client is at its limit, a Host is refused — the request goes to Hono,
 * which answers exactly as before. A remembered answer is current while the body cache has not
 * been cleared (its generation) and within the UTC day it was made: cached answers carry the
 * day's "as of" age, and the cache keys change with it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cachedAnswer, cachedBodyOf, type BodyCache, type CachedBody } from './json.js';
import { clientKeyOf, type ClientLimiter } from './client-limit.js';
import type { StoreWatch } from './store-watch.js';

/** Request targets remembered at once; beyond it the oldest is forgotten. */
export const MAX_REMEMBERED = 1024;

interface Remembered {
  body: CachedBody;
  generation: number;
  day: number;
}

export interface HitFastPathDeps {
  cache: BodyCache;
  limiter: ClientLimiter;
  watch: StoreWatch;
  allowedHost: (hostHeader: string) => boolean;
  nowUnixS: () => number;
}

export class HitFastPath {
  private readonly remembered = new Map<string, Remembered>();
  constructor(private readonly deps: HitFastPathDeps) {}

  private day(): number {
    return Math.floor(this.deps.nowUnixS() / 86_400);
  }

  /** After Hono answered `req` with `res`: remembers the target when the answer is a cached body. */
  remember(req: IncomingMessage, res: Response): void {
    if (req.method !== 'GET' || res.status !== 200 || !req.url?.startsWith('/api/')) return;
    const body = cachedBodyOf(res);
    if (body === undefined) return;
    if (this.remembered.size >= MAX_REMEMBERED) {
      const oldest = this.remembered.keys().next().value;
      if (oldest !== undefined) this.remembered.delete(oldest);
    }
    this.remembered.set(req.url, { body, generation: this.deps.cache.generation, day: this.day() });
  }

  /** Answers `req` from a remembered body and returns true, or returns false for Hono to answer it. */
  answer(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || req.url === undefined) return false;
    const hit = this.remembered.get(req.url);
    if (hit === undefined) return false;
    const { cache, limiter, watch, allowedHost } = this.deps;
    if (hit.generation !== cache.generation || hit.day !== this.day()) {
      this.remembered.delete(req.url);
      return false;
    }
    const host = req.headers.host;
    if (host === undefined || !allowedHost(host) || watch.due()) return false;
    if (!limiter.off && !limiter.takeInstant(clientKeyOf(req.headers.authorization, req.socket.remoteAddress))) return false;
    const a = cachedAnswer(hit.body, req.headers['if-none-match'], req.headers['accept-encoding']);
    if (a.bytes !== null) a.headers['content-length'] = String(a.bytes.byteLength);
    res.writeHead(a.status, a.headers);
    res.end(a.bytes ?? undefined);
    return true;
  }
}
