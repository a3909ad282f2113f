/**
 * Cell parsers shared by the CSV readers in src/adapters/datasets/, so every file accepts the same forms.
 * - parseDecimal: a plain decimal number, optional sign, digits with an optional fraction and an
 *   optional exponent (`-12`, `27.595`, `.5`, `1e3`). `Number()` alone would also take `0x10`,
 *   `0b1`, `0o7`, `Infinity`, space-padded text and the empty string (as 0) — none of which a
 *   data file means.
 * - parseUtc: `YYYY-MM-DDTHH:MM[:SS]Z` with a real calendar date (2024-02-30 is rejected, not
 *   rolled over into March).
 * Callers trim and unquote a cell (CSV framing) before parsing it.
 */

const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a plain decimal text denotes; undefined for anything else (or an overflow to ±∞). */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL_RE.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$/;

/** Unix seconds of `YYYY-MM-DDTHH:MM[:SS]Z`; undefined when malformed or not a real date and time. */
export function parseUtc(text: string): number | undefined {
  const m = TIME_RE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? '0')) as [number, number, number, number, number, number];
  if (mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h) return undefined;
  return ms / 1000;
}

/** A cell without surrounding spaces and one pair of surrounding double quotes. */
export function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}
