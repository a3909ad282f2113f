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
export function jsonText<T>(text: string, status = 200, headers: Record<string, string> = {}): TypedResponse<T, 200, 'json'> {
  const res = new Response(text, { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
  return res as unknown as TypedResponse<T, 200, 'json'>;
}

export function jsonOf<T>(value: T, status = 200): TypedResponse<T, 200, 'json'> {
  return jsonText<T>(stringifyJson(value), status);
}

/** A small bounded cache of serialized bodies, keyed by route + normalised query. */
export class BodyCache {
  private readonly map = new Map<string, string>();
  constructor(private readonly maxEntries = 256) {}

  get(key: string, compute: () => unknown): string {
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    const text = stringifyJson(compute());
    if (this.map.size >= this.maxEntries) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    this.map.set(key, text);
    return text;
  }

  async getAsync(key: string, compute: () => Promise<unknown>): Promise<string> {
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    const value = await compute();
    return this.get(key, () => value);
  }

  clear(): void {
    this.map.clear();
  }
}
