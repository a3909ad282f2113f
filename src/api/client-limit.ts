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

/** The client a request counts against: its bearer token when it sends one, else its remote address. */
export function clientKeyOf(authorization: string | undefined, remoteAddress: string | undefined): string {
  if (authorization) return `token:${createHash('sha256').update(authorization).digest('base64url').slice(0, 16)}`;
  return `addr:${remoteAddress ?? 'local'}`;
}

function clientKey(c: Context): string {
  // @hono/node-server puts the Node request in env.incoming; in-process requests (tests) have none.
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return clientKeyOf(c.req.header('authorization'), incoming?.socket?.remoteAddress);
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

/**
 * The per-client state both request paths share: the Hono middleware below, and the cache-hit
 * fast path in front of Hono (hit-fast-path.ts), so a client's hits and misses draw on one budget.
 */
export class ClientLimiter {
  readonly maxInFlight: number;
  readonly ratePerS: number;
  private readonly burst: number;
  private readonly now: () => number;
  private readonly inFlight = new Map<string, number>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: ClientLimitOptions = {}) {
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.ratePerS = options.ratePerS ?? DEFAULT_RATE_PER_S;
    this.burst = options.burst ?? (options.ratePerS === undefined ? DEFAULT_BURST : 2 * this.ratePerS);
    this.now = options.nowMs ?? (() => performance.now());
  }

  /** Both limits off (`serve --client-rate-per-s 0 --client-in-flight 0`). */
  get off(): boolean {
    return this.ratePerS === 0 && this.maxInFlight === 0;
  }

  private bucket(key: string): { tokens: number; at: number } {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.ratePerS);
    b.at = t;
    if (this.buckets.size > 10_000) this.buckets.clear(); // bounded memory; forgetting a bucket only refills it
    this.buckets.set(key, b);
    return b;
  }

  /**
   * Starts a request of `key`: takes a token and an in-flight slot, or says why it must wait. A
   * started request must be ended with `leave(key)`.
   */
  enter(key: string): { detail: string; retryS: number } | undefined {
    const b = this.bucket(key);
    if (this.ratePerS > 0 && b.tokens < 1)
      return {
        detail: `this client sent more than ${this.ratePerS} requests per second; retry later`,
        retryS: Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerS)),
      };
    b.tokens -= 1;
    const n = this.inFlight.get(key) ?? 0;
    if (this.maxInFlight > 0 && n >= this.maxInFlight)
      return { detail: `this client already has ${this.maxInFlight} requests in flight; retry after 1 s`, retryS: 1 };
    this.inFlight.set(key, n + 1);
    return undefined;
  }

  leave(key: string): void {
    const left = (this.inFlight.get(key) ?? 1) - 1;
    if (left <= 0) this.inFlight.delete(key);
    else this.inFlight.set(key, left);
  }

  /**
   * Takes a token for a request answered at once (no slot held while it runs), when `enter` would
   * admit it; false leaves everything untouched, for the caller to hand the request to `enter`.
   */
  takeInstant(key: string): boolean {
    const b = this.bucket(key);
    if (this.ratePerS > 0 && b.tokens < 1) return false;
    if (this.maxInFlight > 0 && (this.inFlight.get(key) ?? 0) >= this.maxInFlight) return false;
    b.tokens -= 1;
    return true;
  }
}

export function clientLimit(options: ClientLimitOptions = {}, limiter: ClientLimiter = new ClientLimiter(options)): MiddlewareHandler {
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
    if (limiter.off) return next();
    const key = clientKey(c);
    const refused = limiter.enter(key);
    if (refused) return tooMany(refused.detail, refused.retryS);
    try {
      await next();
    } finally {
      limiter.leave(key);
    }
  };
}
