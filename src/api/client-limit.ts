/**
 * Per-client caps: requests in flight at once, and a request rate (a token bucket); beyond either,
 * 429 with Retry-After. Heavy reads are cached and computed once (json.ts), but a client opening
 * 50 connections still queues 50 answers ahead of everyone else's on the one event loop; refused
 * early, its excess costs a few microseconds each instead. A client is
 * its bearer token when it sends one (several users behind one proxy), else its remote address.
 *
 * A refusal is held for `holdMs` (default 1 s, never longer than its Retry-After) before it is
 * sent: a flooder that retries at once on every 429 would otherwise make the server answer
 * thousands of refusals a second (2,600/s from 50 connections in the flood bench), and that work
 * alone delays everyone else's requests. Held, each connection costs one timer until its answer.
 * At most `maxHeld` refusals wait at once; beyond that they are answered at once. Holds are spread
 * over [holdMs / 2, holdMs] (a golden-ratio sequence, so consecutive refusals land far apart):
 * with one fixed hold, the 42 refusals of a 50-connection flood came back in the same
 * millisecond every second, and their retries arrived as one burst that stalled the event
 * loop for 20–90 ms (health p99 36 ms with no jobs running; spread, see BENCHMARKS.md).
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { problem, problemResponse } from './problem.js';

export const DEFAULT_MAX_IN_FLIGHT = 8;
/** Sustained requests per second per client, and the burst above it (the dashboard loads with ~15). */
export const DEFAULT_RATE_PER_S = 50;
export const DEFAULT_BURST = 100;
export const DEFAULT_HOLD_MS = 1000;
export const DEFAULT_MAX_HELD = 4096;

function clientKey(c: Context): string {
  const auth = c.req.header('authorization');
  if (auth) return `token:${createHash('sha256').update(auth).digest('base64url').slice(0, 16)}`;
  // @hono/node-server puts the Node request in env.incoming; in-process requests (tests) have none.
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return `addr:${incoming?.socket?.remoteAddress ?? 'local'}`;
}

export interface ClientLimitOptions {
  maxInFlight?: number | undefined;
  ratePerS?: number | undefined;
  burst?: number | undefined;
  exempt?: (path: string) => boolean;
  nowMs?: () => number;
  /** How long a 429 waits before it is sent (0: at once). */
  holdMs?: number | undefined;
  maxHeld?: number | undefined;
}

export function clientLimit(options: ClientLimitOptions = {}): MiddlewareHandler {
  const max = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const rate = options.ratePerS ?? DEFAULT_RATE_PER_S;
  const burst = options.burst ?? (options.ratePerS === undefined ? DEFAULT_BURST : 2 * rate);
  const now = options.nowMs ?? (() => performance.now());
  const inFlight = new Map<string, number>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
  const maxHeld = options.maxHeld ?? DEFAULT_MAX_HELD;
  let held = 0;
  let refusals = 0;
  const tooMany = async (detail: string, retryS: number): Promise<Response> => {
    const spread = (refusals++ * 0.6180339887498949) % 1;
    const wait = Math.min(holdMs, retryS * 1000) * (0.5 + 0.5 * spread);
    if (wait > 0 && held < maxHeld) {
      held++;
      await new Promise((r) => setTimeout(r, wait));
      held--;
    }
    return problemResponse(problem(429, 'TOO_MANY_REQUESTS', detail), { 'retry-after': String(retryS) });
  };
  return async (c, next) => {
    if (options.exempt?.(c.req.path)) return next();
    if (rate === 0 && max === 0) return next(); // both limits off (`serve --client-rate-per-s 0 --client-in-flight 0`)
    const key = clientKey(c);
    const t = now();
    const b = buckets.get(key) ?? { tokens: burst, at: t };
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * rate);
    b.at = t;
    if (rate > 0 && b.tokens < 1)
      return tooMany(`this client sent more than ${rate} requests per second; retry later`, Math.max(1, Math.ceil((1 - b.tokens) / rate)));
    b.tokens -= 1;
    if (buckets.size > 10_000) buckets.clear(); // bounded memory; forgetting a bucket only refills it
    buckets.set(key, b);
    const n = inFlight.get(key) ?? 0;
    if (max > 0 && n >= max) return tooMany(`this client already has ${max} requests in flight; retry after 1 s`, 1);
    inFlight.set(key, n + 1);
    try {
      await next();
    } finally {
      const left = (inFlight.get(key) ?? 1) - 1;
      if (left <= 0) inFlight.delete(key);
      else inFlight.set(key, left);
    }
  };
}
