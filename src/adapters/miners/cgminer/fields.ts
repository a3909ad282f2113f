/** Reading the loosely typed JSON of miner replies without `any`: absent or odd values become null. */
import type { JsonObject } from './repair.js';

/** The first entry of a reply section such as `VERSION` or `SUMMARY`. */
export function first(reply: JsonObject | undefined, section: string): JsonObject | undefined {
  return entries(reply, section)[0];
}

/** Every object entry of a reply section. */
export function entries(reply: JsonObject | undefined, section: string): JsonObject[] {
  const v = reply?.[section];
  return Array.isArray(v) ? v.filter((e): e is JsonObject => e !== null && typeof e === 'object' && !Array.isArray(e)) : [];
}

/** A finite number from a number or a numeric string; null otherwise (inf/nan included). */
export function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** `123456789012` or `12-34-…` → `12:34:56:78:90:12`; anything not 12 hex digits is kept as given. */
export function formatMac(v: unknown): string | null {
  const s = str(v);
  if (s === null) return null;
  const hex = s.replace(/[^0-9a-fA-F]/g, '');
  return hex.length === 12 ? (hex.match(/../g) as string[]).join(':').toUpperCase() : s;
}

export const maxOf = (xs: readonly number[]): number | null => (xs.length ? Math.max(...xs) : null);
