/**
 * A JSON-RPC client for Bitcoin Core, as Core documents it: HTTP POST of
 * `{"jsonrpc":"1.0","id":…,"method":…,"params":[…]}` (or an array of them: a batch, answered by an
 * array in any order, matched by id), HTTP Basic auth from the cookie file (`__cookie__:<password>`,
 * rewritten at every node start, so it is re-read on a 401) or rpcuser/rpcpassword (rpcauth).
 * Errors come back as `{code, message}`; HTTP 429/503 (Core answers 503 when its work queue is
 * full) are retried with exponential backoff up to maxAttempts; RPC_IN_WARMUP (-28) with the same
 * capped backoff for up to warmupLimitMs (a node loading its index warms up for minutes); a
 * request with no complete answer within timeoutMs (a hung connection, or headers then a stalled
 * body) is retried up to timeoutAttempts times; everything else is thrown. A call answered with a
 * null result is an upstream failure: every method hashfloor calls returns a value.
 */
import { readFile } from 'node:fs/promises';
import { UpstreamError } from '../../errors.js';

export type RpcAuth = { cookieFile: string } | { user: string; password: string };

export interface RpcClientOptions {
  url: string;
  auth: RpcAuth;
  /** Attempts per request before giving up on retryable failures. */
  maxAttempts?: number;
  /** First backoff (ms); doubles per attempt, capped at 5 s. */
  backoffMs?: number;
  /**
   * How long (ms of backoff) a call keeps retrying a node that answers -28 (warming up: loading its
   * block index can take minutes), not counted against maxAttempts. Default 10 minutes.
   */
  warmupLimitMs?: number;
  /** Told once, on the first warm-up answer (the CLI prints it). */
  onWarmup?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Longest wait (ms) for one request's whole answer, headers and body. Default 30 s. */
  timeoutMs?: number;
  /** Attempts per request when the node does not answer in time. Default 3. */
  timeoutAttempts?: number;
}

export const DEFAULT_RPC_TIMEOUT_MS = 30_000;

/** Core's RPC error codes hashfloor acts on (Bitcoin Core's rpc/protocol.h). */
export const RPC_IN_WARMUP = -28;
export const RPC_INVALID_PARAMETER = -8;
export const RPC_INVALID_ADDRESS_OR_KEY = -5;
export const RPC_METHOD_NOT_FOUND = -32601;

/** An error object returned by the node for one call. */
export class RpcError extends UpstreamError {
  constructor(
    readonly rpcCode: number,
    readonly method: string,
    message: string,
  ) {
    super(`${method}: ${message} (RPC error ${rpcCode})`);
  }
}

export interface RpcCall {
  method: string;
  params: unknown[];
}

interface RpcResponse {
  id: unknown;
  result: unknown;
  error: { code: number; message: string } | null;
}

export interface RpcCounters {
  requests: number;
  calls: number;
  retries: number;
  http429: number;
  http503: number;
  warmup: number;
  reauth: number;
}

class Retryable extends Error {}
class TimedOut extends Error {}
class WarmingUp extends Error {}

export const WARMUP_LIMIT_MS = 10 * 60_000;
const MAX_BACKOFF_MS = 5000;

export class RpcClient {
  readonly counters: RpcCounters = { requests: 0, calls: 0, retries: 0, http429: 0, http503: 0, warmup: 0, reauth: 0 };
  private authHeader: string | null = null;
  private nextId = 1;
  private warned = false;

  constructor(private readonly opts: RpcClientOptions) {}

  private async loadAuth(): Promise<string> {
    const a = this.opts.auth;
    let userpass: string;
    if ('cookieFile' in a) {
      const text = await readFile(a.cookieFile, 'utf8').catch((err: unknown) => {
        throw new UpstreamError(`cannot read the RPC cookie file ${a.cookieFile} (is bitcoind running?)`, { cause: err });
      });
      userpass = text.trim();
      if (!userpass.includes(':')) throw new UpstreamError(`cookie file ${a.cookieFile} is not "__cookie__:<password>"`);
    } else userpass = `${a.user}:${a.password}`;
    return `Basic ${Buffer.from(userpass).toString('base64')}`;
  }

  async call<T>(method: string, params: unknown[] = []): Promise<T> {
    const [r] = await this.batch([{ method, params }]);
    return r as T;
  }

  /** Sends the calls as one batch (one call: a plain request); results in call order. */
  async batch(calls: readonly RpcCall[]): Promise<unknown[]> {
    if (calls.length === 0) return [];
    const maxAttempts = this.opts.maxAttempts ?? 10;
    const sleep = this.opts.sleep ?? ((ms: number) => new Promise<void>((res) => setTimeout(res, ms)));
    const warmupLimitMs = this.opts.warmupLimitMs ?? WARMUP_LIMIT_MS;
    let reauthed = false;
    let warmups = 0;
    let warmedMs = 0;
    let timeouts = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send(calls);
      } catch (err) {
        if (err instanceof NeedAuth && !reauthed && 'cookieFile' in this.opts.auth) {
          // The node restarted and wrote a new cookie: read it once more.
          reauthed = true;
          this.authHeader = null;
          this.counters.reauth++;
          attempt--;
          continue;
        }
        if (err instanceof WarmingUp) {
          if (warmedMs >= warmupLimitMs) throw new UpstreamError(`${err.message} (still warming up after ${(warmedMs / 1000).toFixed(0)} s of retries)`);
          if (!this.warned) {
            this.warned = true;
            this.opts.onWarmup?.(`${err.message}; retrying for up to ${(warmupLimitMs / 60_000).toFixed(0)} min`);
          }
          this.counters.retries++;
          const ms = Math.min((this.opts.backoffMs ?? 50) * 2 ** warmups++, MAX_BACKOFF_MS);
          warmedMs += ms;
          attempt--;
          await sleep(ms);
          continue;
        }
        if (err instanceof TimedOut) {
          if (++timeouts >= (this.opts.timeoutAttempts ?? 3))
            throw new UpstreamError(`${err.message} (gave up after ${timeouts} attempts; raise --rpc-timeout for a slow node)`);
          this.counters.retries++;
          attempt--;
          await sleep(Math.min((this.opts.backoffMs ?? 50) * 2 ** (timeouts - 1), MAX_BACKOFF_MS));
          continue;
        }
        if (err instanceof NeedAuth) throw new UpstreamError(`RPC authentication failed at ${this.opts.url} (check --rpc-cookie or --rpc-user/--rpc-password)`);
        if (!(err instanceof Retryable) || attempt >= maxAttempts) {
          if (err instanceof Retryable) throw new UpstreamError(`${err.message} (gave up after ${attempt} attempts)`);
          throw err;
        }
        this.counters.retries++;
        await sleep(Math.min((this.opts.backoffMs ?? 50) * 2 ** (attempt - 1), MAX_BACKOFF_MS));
      }
    }
  }

  private async send(calls: readonly RpcCall[]): Promise<unknown[]> {
    this.authHeader ??= await this.loadAuth();
    const reqs = calls.map((c) => ({ jsonrpc: '1.0', id: this.nextId++, method: c.method, params: c.params }));
    const single = reqs.length === 1;
    this.counters.requests++;
    this.counters.calls += reqs.length;
    const timeoutMs = this.opts.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    let res: Response;
    let text: string;
    try {
      // One deadline for the headers and the body alike: a node can answer its headers and stall.
      res = await fetch(this.opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: this.authHeader },
        body: JSON.stringify(single ? reqs[0] : reqs),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const name = (err as Error | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new TimedOut(`Bitcoin Core RPC at ${this.opts.url} gave no complete answer within ${timeoutMs / 1000} s`);
      throw new UpstreamError(`cannot reach Bitcoin Core RPC at ${this.opts.url}: ${(err as Error).message}`, { cause: err });
    }
    if (res.status === 401 || res.status === 403) throw new NeedAuth();
    if (res.status === 429) {
      this.counters.http429++;
      throw new Retryable(`HTTP 429 from ${this.opts.url}`);
    }
    if (res.status === 503 && !text.startsWith('{')) {
      this.counters.http503++;
      throw new Retryable(`HTTP 503 from ${this.opts.url} (work queue full?)`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new UpstreamError(`RPC answered HTTP ${res.status} with a non-JSON body: ${text.slice(0, 200)}`);
    }
    const list = (single ? [body] : body) as RpcResponse[];
    if (!Array.isArray(list)) throw new UpstreamError(`RPC batch answered with a non-array (HTTP ${res.status})`);
    const byId = new Map<unknown, RpcResponse>(list.map((r) => [r?.id, r]));
    return reqs.map((q) => {
      const r = byId.get(q.id);
      if (!r) throw new UpstreamError(`RPC batch answer lacks id ${q.id} (${q.method})`);
      if (r.error) {
        if (r.error.code === RPC_IN_WARMUP) {
          this.counters.warmup++;
          throw new WarmingUp(`node is warming up: ${r.error.message}`);
        }
        throw new RpcError(r.error.code, q.method, r.error.message);
      }
      if (r.result === null || r.result === undefined) throw new UpstreamError(`${q.method}: Bitcoin Core RPC at ${this.opts.url} answered with no result`);
      return r.result;
    });
  }
}

class NeedAuth extends Error {}
