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
 *
 * A first request (a miss) is answered here too when its route registered a direct answer (the
 * date-window reads, routes/history.ts): a function of the query that validates it with the
 * route's own schema and returns the body from data already loaded, or undefined — bad input,
 * an option it does not handle, data not loaded yet — and then Hono answers, errors included.
 * Queries with percent-escapes, `+`, repeated or valueless parameters always go to Hono, so the
 * direct answer sees the same values Hono's parser would.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cachedAnswer, cachedBodyOf, type BodyCache, type CachedBody } from './json.js';
import { clientKeyOf, type ClientLimiter } from './client-limit.js';
import type { StoreWatch } from './store-watch.js';

/** A route's answer to a GET from its query alone, synchronously, or undefined to leave it to Hono. */
export type DirectGet = (query: Readonly<Record<string, string>>) => CachedBody | undefined;

/** `a=1&b=2` as a record, or undefined when any part needs Hono's parser (escapes, repeats, no value). */
function plainQuery(search: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (search === '') return out;
  if (search.includes('%') || search.includes('+')) return undefined;
  for (const part of search.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const name = part.slice(0, eq);
    if (Object.hasOwn(out, name)) return undefined;
    out[name] = part.slice(eq + 1);
  }
  return out;
}

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
  /** Direct answers by exact path (no trailing slash, as Hono's routes). */
  direct?: ReadonlyMap<string, DirectGet>;
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
    if (body !== undefined) this.keep(req.url, body);
  }

  private keep(url: string, body: CachedBody): void {
    if (this.remembered.size >= MAX_REMEMBERED) {
      const oldest = this.remembered.keys().next().value;
      if (oldest !== undefined) this.remembered.delete(oldest);
    }
    this.remembered.set(url, { body, generation: this.deps.cache.generation, day: this.day() });
  }

  /** Answers `req` from a remembered body and returns true, or returns false for Hono to answer it. */
  answer(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || req.url === undefined) return false;
    const hit = this.remembered.get(req.url);
    if (hit !== undefined && (hit.generation !== this.deps.cache.generation || hit.day !== this.day())) this.remembered.delete(req.url);
    else if (hit !== undefined) return this.allowed(req) && this.send(req, res, hit.body);
    return this.answerDirect(req, req.url, res);
  }

  /** A miss on a route with a direct answer: answered here when the answer is there without waiting. */
  private answerDirect(req: IncomingMessage, url: string, res: ServerResponse): boolean {
    const q = url.indexOf('?');
    const direct = this.deps.direct?.get(q < 0 ? url : url.slice(0, q));
    if (direct === undefined || !this.allowed(req)) return false;
    const query = plainQuery(q < 0 ? '' : url.slice(q + 1));
    const body = query && direct(query);
    if (!body) return false;
    if (!this.send(req, res, body)) return false;
    this.keep(url, body);
    return true;
  }

  /** The Host check and the store watch, as on the Hono path. */
  private allowed(req: IncomingMessage): boolean {
    const host = req.headers.host;
    return host !== undefined && this.deps.allowedHost(host) && !this.deps.watch.due();
  }

  /** Writes the answer, or returns false (nothing written) when the client is at its limit. */
  private send(req: IncomingMessage, res: ServerResponse, body: CachedBody): boolean {
    const { limiter } = this.deps;
    if (!limiter.off && !limiter.takeInstant(clientKeyOf(req.headers.authorization, req.socket.remoteAddress))) return false;
    const a = cachedAnswer(body, req.headers['if-none-match'], req.headers['accept-encoding']);
    if (a.bytes !== null) a.headers['content-length'] = String(a.bytes.reduce((n, b) => n + b.byteLength, 0));
    res.writeHead(a.status, a.headers);
    if (a.bytes === null || a.bytes.length === 0) res.end();
    else {
      // Corked (end() uncorks), the pieces leave with the headers in one writev, as one buffer would.
      res.cork();
      for (const b of a.bytes.slice(0, -1)) res.write(b);
      res.end(a.bytes.at(-1));
    }
    return true;
  }
}
