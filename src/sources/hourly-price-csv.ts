/**
 * Reads an hourly power-price CSV (USD/MWh): a header with `hour_start_utc` (ISO-8601 UTC, e.g.
 * `2024-05-01T13:00:00Z`) and the named price column (e.g. `HB_WEST` in ERCOT exports, or
 * `price_usd_per_mwh`). parseHourlyPriceCsv is pure; readHourlyPriceCsv reads the file.
 */
import { readFileSync } from 'node:fs';
import { NotFoundError, ParseError } from '../errors.js';
import type { HourlyPrice } from '../economics/power-prices.js';

const HOUR_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:00(:00)?Z$/;

export function parseHourlyPriceCsv(text: string, column: string, source = 'price CSV'): HourlyPrice[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const ti = header.indexOf('hour_start_utc');
  const pi = header.indexOf(column);
  if (ti < 0 || pi < 0) {
    throw new ParseError(`expected columns hour_start_utc and ${column}, found ${header.join(', ') || 'nothing'}`, { line: 1, source });
  }
  const out: HourlyPrice[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const t = (cells[ti] ?? '').trim();
    const p = (cells[pi] ?? '').trim();
    if (!HOUR_RE.test(t)) throw new ParseError(`hour_start_utc must look like 2024-05-01T13:00:00Z, got "${t}"`, { line: i + 1, source });
    const price = p === '' ? NaN : Number(p);
    if (!Number.isFinite(price)) throw new ParseError(`${column} must be a number (USD/MWh), got "${p}"`, { line: i + 1, source });
    out.push({ hour_start_utc: t, price_usd_per_mwh: price });
  }
  if (out.length === 0) throw new ParseError('no price rows', { line: 2, source });
  return out;
}

export function readHourlyPriceCsv(path: string, column: string): HourlyPrice[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new NotFoundError(`cannot read power price CSV "${path}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  return parseHourlyPriceCsv(text, column, path);
}
