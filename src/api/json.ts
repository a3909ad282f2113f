/**
 * JSON bodies for the API: satoshis (bigint) as decimal strings, NaN/Infinity as null, compact.
 * Read endpoints over static datasets cache their serialized body — raw and gzipped, with an
 * ETag — so a hot route costs one map lookup and no per-request serialisation or compression.
 *
 * Every JSON response carries `Vary: Accept-Encoding` from the start. Hono's compress middleware
 * adds that header otherwise, and adding a header to a finished response makes @hono/node-server
 * turn its body into a stream and copy it (≈ the body's size in garbage per request, and a slower
 * write path): that, not the JSON, was the hashprice endpoint's per-request cost.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Context, TypedResponse } from 'hono';
import { stringifyJson } from '../app/json.js';

/** Bodies smaller than this are sent as they are (gzip gains little and costs a round of CPU). */
export const GZIP_MIN_BYTES = 1024;
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', vary: 'Accept-Encoding' };

export { stringifyJson };

/**
 * A JSON response whose body was serialized by us (bigints allowed). Typed as the route's
 * declared response so handlers keep their schema check at compile time.
 */
export function jsonText<T>(text: string | Uint8Array, status = 200, headers: Record<string, string> = {}): TypedResponse<T, 200, 'json'> {
  const res = new Response(typeof text === 'string' ? text : (text as Uint8Array<ArrayBuffer>), { status, headers: { ...JSON_HEADERS, ...headers } });
  return res as unknown as TypedResponse<T, 200, 'json'>;
}

export function jsonOf<T>(value: T, status = 200): TypedResponse<T, 200, 'json'> {
  return jsonText<T>(stringifyJson(value), status);
}

/** A serialized body kept for reuse: UTF-8 bytes, their gzip (when worth it) and a strong ETag. */
export interface CachedBody {
  readonly raw: Uint8Array;
  /** `raw` as consecutive pieces (views into a larger buffer, not copied), for the socket's own write. */
  readonly parts: readonly Uint8Array[];
  readonly byteLength: number;
  readonly gzip: Uint8Array | null;
  readonly etag: string;
}

/**
 * A body from its bytes, whole or in pieces, and an ETag that changes whenever the bytes do.
 * Pieces are joined only when something needs them whole (the Hono path, gzip): a window sent
 * by the fast path is written as views into its dataset's buffer, without a copy to collect.
 */
export function cachedBytes(bytes: Uint8Array | readonly Uint8Array[], etag: string): CachedBody {
  const parts = bytes instanceof Uint8Array ? [bytes] : bytes;
  let raw: Uint8Array | undefined = bytes instanceof Uint8Array ? bytes : undefined;
  const whole = () => (raw ??= Buffer.concat(parts));
  // Compressed on the first request that accepts gzip, not on every miss: a script asking for
  // distinct windows without Accept-Encoding paid ~0.7 ms of zlib per request for nothing.
  let gzip: Uint8Array | null | undefined;
  const byteLength = parts.reduce((n, p) => n + p.byteLength, 0);
  return {
    get raw() {
      return whole();
    },
    parts,
    byteLength,
    get gzip() {
      return (gzip ??= byteLength >= GZIP_MIN_BYTES ? gzipSync(whole()) : null);
    },
    etag,
  };
}

function cachedBody(text: string): CachedBody {
  const raw = Buffer.from(text, 'utf8');
  return cachedBytes(raw, `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"`);
}

/** True when an Accept-Encoding header admits gzip (q > 0). */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** A cached body's answer to one request: status, headers and the bytes to send. */
export interface CachedAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  /** The bytes to send, in pieces (one, unless the raw body is kept in pieces). */
  bytes: readonly Uint8Array[] | null;
}

/**
 * 304 when the client's If-None-Match holds the ETag, the gzipped bytes when the client accepts
 * gzip, the raw bytes otherwise. Revalidated on every use (`no-cache`): an import changes the answers.
 */
export function cachedAnswer(body: CachedBody, ifNoneMatch: string | undefined, acceptEncoding: string | undefined): CachedAnswer {
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === body.etag))
    return { status: 304, headers: { vary: JSON_HEADERS.vary, etag: body.etag, 'cache-control': 'no-cache' }, bytes: null };
  const headers: Record<string, string> = { ...JSON_HEADERS, etag: body.etag, 'cache-control': 'no-cache' };
  // Asks the client first: body.gzip compresses on first use.
  const gzip = acceptsGzip(acceptEncoding) ? body.gzip : null;
  if (gzip) return { status: 200, headers: { ...headers, 'content-encoding': 'gzip' }, bytes: [gzip] };
  return { status: 200, headers, bytes: body.parts };
}

/** Responses made from a cached body, with it: the server's fast path answers their URL again (hit-fast-path.ts). */
const answeredFrom = new WeakMap<Response, CachedBody>();

export function cachedBodyOf(res: Response): CachedBody | undefined {
  return answeredFrom.get(res);
}

/** The Hono response for a cached body (cachedAnswer). */
export function cachedJson<T>(c: Context, body: CachedBody): TypedResponse<T, 200, 'json'> {
  const a = cachedAnswer(body, c.req.header('if-none-match'), c.req.header('accept-encoding'));
  const bytes = a.bytes === null ? null : a.bytes.length === 1 ? (a.bytes[0] as Uint8Array) : Buffer.concat(a.bytes);
  // With its length, Hono's compress middleware sees a small body as small (< GZIP_MIN_BYTES) and
  // leaves it as cachedAnswer chose, as the fast path sends it; without, it gzipped it and weakened the ETag.
  const headers = bytes === null ? a.headers : { ...a.headers, 'content-length': String(bytes.byteLength) };
  const res = new Response(bytes as Uint8Array<ArrayBuffer> | null, { status: a.status, headers });
  answeredFrom.set(res, body);
  return res as unknown as TypedResponse<T, 200, 'json'>;
}

/** A small bounded cache of serialized bodies, keyed by route + normalised query. */
export class BodyCache {
  private readonly map = new Map<string, CachedBody>();
  /** Bodies being computed: concurrent requests for the same key wait for one computation. */
  private readonly pending = new Map<string, Promise<CachedBody>>();
  /** Counts clear(): a body remembered elsewhere is current only while this has not moved. */
  generation = 0;
  constructor(private readonly maxEntries = 256) {}

  get(key: string, compute: () => unknown): CachedBody {
    return this.getBody(key, () => cachedBody(stringifyJson(compute())));
  }

  /** As get, for a body `compute` has already made (e.g. a serializedDays window). */
  getBody(key: string, compute: () => CachedBody): CachedBody {
    return this.map.get(key) ?? this.keep(key, compute());
  }

  private keep(key: string, body: CachedBody): CachedBody {
    if (this.map.size >= this.maxEntries) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    this.map.set(key, body);
    return body;
  }

  async getAsync(key: string, compute: () => Promise<unknown>): Promise<CachedBody> {
    return this.getAsyncBody(key, async () => cachedBody(stringifyJson(await compute())));
  }

  /** As getAsync, for a body `compute` has already made (e.g. a serializedDays window). */
  async getAsyncBody(key: string, compute: () => Promise<CachedBody>): Promise<CachedBody> {
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    let running = this.pending.get(key);
    if (!running) {
      running = compute()
        .then((body) => this.map.get(key) ?? this.keep(key, body))
        .finally(() => this.pending.delete(key));
      this.pending.set(key, running);
    }
    return running;
  }

  clear(): void {
    this.generation++;
    this.map.clear();
    this.pending.clear();
  }
}
