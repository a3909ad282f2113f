/**
 * JSON bodies for the API: satoshis (bigint) as decimal strings, NaN/Infinity as null, compact.
 * Read endpoints over static datasets cache their serialized body so a hot route costs one map
 * lookup (the hashprice benchmark depends on it).
 */
import type { TypedResponse } from 'hono';
import { jsonReplacer } from '../cli/render.js';

export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, jsonReplacer);
}

/**
 * A JSON response whose body was serialized by us (bigints allowed). Typed as the route's
 * declared response so handlers keep their schema check at compile time.
 */
export function jsonText<T>(text: string | Uint8Array, status = 200, headers: Record<string, string> = {}): TypedResponse<T, 200, 'json'> {
  const res = new Response(typeof text === 'string' ? text : (text as Uint8Array<ArrayBuffer>), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
  return res as unknown as TypedResponse<T, 200, 'json'>;
}

export function jsonOf<T>(value: T, status = 200): TypedResponse<T, 200, 'json'> {
  return jsonText<T>(stringifyJson(value), status);
}

/**
 * A small bounded cache of serialized bodies, keyed by route + normalised query. Bodies are kept
 * as UTF-8 bytes so a hit costs no re-encoding (a 30 kB string would be encoded on every send).
 */
export class BodyCache {
  private readonly map = new Map<string, Uint8Array>();
  private readonly encoder = new TextEncoder();
  constructor(private readonly maxEntries = 256) {}

  get(key: string, compute: () => unknown): Uint8Array {
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    const text = this.encoder.encode(stringifyJson(compute()));
    if (this.map.size >= this.maxEntries) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    this.map.set(key, text);
    return text;
  }

  async getAsync(key: string, compute: () => Promise<unknown>): Promise<Uint8Array> {
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    const value = await compute();
    return this.get(key, () => value);
  }

  clear(): void {
    this.map.clear();
  }
}
