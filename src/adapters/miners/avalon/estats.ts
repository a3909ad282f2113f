/**
 * Avalon `estats` (PROTOCOLS.md A.1): `STATS[0]["MM ID0"]` is one string of `Key[value]` tokens.
 * The key of that entry may carry a suffix after `:`, and its text may start with `'STATS':`.
 */
import { num } from '../cgminer/fields.js';
import type { JsonObject } from '../cgminer/repair.js';

const TOKEN = /(\w+)\[([^\]]*)\]/g;

/** The `Key[value]` tokens of one MM ID string; a key seen twice keeps its first value. */
export function parseMmTokens(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const body = text.replace(/^'STATS':/, '');
  for (const m of body.matchAll(TOKEN)) {
    const [, key, value] = m as unknown as [string, string, string];
    if (!out.has(key)) out.set(key, value.trim());
  }
  return out;
}

/** The MM ID0 tokens of an `estats` STATS entry; empty when it has none. */
export function mmTokensOf(stats: JsonObject | undefined): Map<string, string> {
  if (!stats) return new Map();
  for (const [key, value] of Object.entries(stats)) {
    if (key.split(':')[0]?.trim() === 'MM ID0' && typeof value === 'string') return parseMmTokens(value);
  }
  return new Map();
}

/** A token as one number (`WALLPOWER[3731]`, `FanR[49%]` → 49). */
export function tokenNumber(tokens: Map<string, string>, key: string): number | null {
  const v = tokens.get(key);
  return v === undefined ? null : num(v.replace(/%$/, ''));
}

/** A token as a list of numbers (`MGHS[59459.52 61407.83 63139.66]`). */
export function tokenNumbers(tokens: Map<string, string>, key: string): number[] {
  const v = tokens.get(key);
  if (v === undefined) return [];
  return v
    .split(/\s+/)
    .map(num)
    .filter((n): n is number => n !== null);
}
