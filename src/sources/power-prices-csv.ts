/**
 * Hourly power prices from CSV: one row per hour, times in UTC.
 *
 *   hour_start_utc,hour_start_local,price_usd_per_mwh
 *   2024-01-01T00:00:00Z,2023-12-31T18:00-06:00,27.5950
 *
 * Required columns: `hour_start_utc` (ISO-8601 UTC on the hour, `…T13:00:00Z` or `…T13:00Z`) and
 * `price_usd_per_mwh` (a finite number; negative prices are real in ERCOT and kept). Other
 * columns (a local-time column, other hubs) are ignored: local time is derived from the site's
 * time zone when shown, never trusted from the file.
 *
 * The series must be complete and strictly hourly, because the planner indexes hours by position:
 * - a malformed time or a price that is not a number → ParseError naming the line and column;
 * - the same hour twice (typically a DST fall-back hour written from local time) → ValidationError;
 * - an hour earlier than the one before it, or not on the hour (overlapping the previous hour) →
 *   ValidationError;
 * - a gap (missing hours, typically the DST spring-forward hour) → ValidationError naming the
 *   missing hours and the lines around them.
 * The same rules serve any hourly series (parseHourlyCsv), e.g. an hourly hashprice file
 * (`hour_start_utc,hashprice_usd_per_ph_day`).
 * This module only parses text; reading the file is the caller's job.
 */
import { ParseError, ValidationError } from '../errors.js';
import { SECONDS_PER_HOUR } from '../units/energy.js';
import { unixSToIso } from '../units/time.js';

export interface HourlyPriceSeries {
  /** Start of the first hour, unix seconds (UTC). Hour i starts at start_unix_s + 3600·i. */
  start_unix_s: number;
  /** Price per hour, USD/MWh; length = number of hours. */
  price_usd_per_mwh: Float64Array;
  /** File line (1-based) of each hour, for messages that point back into the file. */
  line: Int32Array;
  /** Where the series came from (file name), for messages. */
  source: string;
}

const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$/;

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** Parses `YYYY-MM-DDTHH:MM[:SS]Z`; returns unix seconds or undefined when malformed. */
function parseUtc(text: string): number | undefined {
  const m = TIME_RE.exec(text);
  if (!m) return undefined;
  const n = (i: number): number => Number(m[i] ?? '0');
  const [y, mo, d, h] = [n(1), n(2), n(3), n(4)];
  const ms = Date.UTC(y, mo - 1, d, h, n(5), n(6));
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h) return undefined;
  return ms / 1000;
}

const hourIso = (t: number): string => unixSToIso(t).replace(':00Z', 'Z');

export function parsePowerPricesCsv(text: string, source = 'prices.csv'): HourlyPriceSeries {
  return parseHourlyCsv(text, source, { column: 'price_usd_per_mwh', unit: 'USD/MWh' });
}

export interface HourlyColumn {
  /** Name of the value column, units in the name (e.g. `hashprice_usd_per_ph_day`). */
  column: string;
  /** Unit in words, for messages. */
  unit: string;
  /** Smallest value allowed (prices may be negative; a hashprice may not). */
  min?: number;
}

/**
 * Any hourly series with the same rules as power prices (header, UTC hours, no gaps, duplicates or
 * overlaps, numbers only); the values come back in `price_usd_per_mwh` whatever `column` names, so
 * callers keep one series type — read them as the column's unit.
 */
export function parseHourlyCsv(text: string, source: string, spec: HourlyColumn): HourlyPriceSeries {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').split(',').map(unquote);
  const timeCol = header.indexOf('hour_start_utc');
  const priceCol = header.indexOf(spec.column);
  if (timeCol < 0 || priceCol < 0) {
    throw new ParseError(`header must name the columns hour_start_utc and ${spec.column}, got "${lines[0] ?? ''}"`, { line: 1, source });
  }
  const times: number[] = [];
  const prices: number[] = [];
  const lineNo: number[] = [];
  const seen = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    const line = i + 1;
    const cells = raw.split(',');
    if (cells.length !== header.length) {
      throw new ParseError(`expected ${header.length} columns (${header.join(',')}), got ${cells.length}`, { line, source });
    }
    const timeText = unquote(cells[timeCol] as string);
    const t = parseUtc(timeText);
    if (t === undefined) {
      throw new ParseError(`hour_start_utc must be an ISO-8601 UTC time like 2024-01-01T13:00:00Z, got "${timeText}"`, { line, source });
    }
    const priceText = unquote(cells[priceCol] as string);
    const price = priceText === '' ? NaN : Number(priceText);
    if (!Number.isFinite(price)) {
      throw new ParseError(`${spec.column} must be a number (${spec.unit}), got "${priceText}"`, { line, source });
    }
    if (spec.min !== undefined && price < spec.min) {
      throw ValidationError.field(`${source} line ${line}: ${spec.column}`, `must be ≥ ${spec.min} ${spec.unit}, got ${priceText}`);
    }
    const at = `${source} line ${line}: hour_start_utc`;
    if (t % SECONDS_PER_HOUR !== 0) {
      throw ValidationError.field(at, `${timeText} is not on the hour, so it overlaps the hour starting ${hourIso(t - (t % SECONDS_PER_HOUR))}; rows must be whole UTC hours`);
    }
    const dup = seen.get(t);
    if (dup !== undefined) {
      throw ValidationError.field(at, `duplicate hour ${hourIso(t)} (also on line ${dup}); a repeated DST hour means the file was written in local time — times must be UTC`);
    }
    const prev = times[times.length - 1];
    if (prev !== undefined && t < prev) {
      throw ValidationError.field(at, `${hourIso(t)} comes after ${hourIso(prev)} (line ${lineNo[lineNo.length - 1]}); hours must be in ascending order without overlap`);
    }
    if (prev !== undefined && t > prev + SECONDS_PER_HOUR) {
      const missing = (t - prev) / SECONDS_PER_HOUR - 1;
      throw ValidationError.field(
        at,
        `gap of ${missing} hour(s) after line ${lineNo[lineNo.length - 1]}: ${hourIso(prev + SECONDS_PER_HOUR)}${missing > 1 ? ` … ${hourIso(t - SECONDS_PER_HOUR)}` : ''} missing; every UTC hour needs a price`,
      );
    }
    seen.set(t, line);
    times.push(t);
    prices.push(price);
    lineNo.push(line);
  }
  if (times.length === 0) throw new ParseError(`no ${spec.column} rows after the header`, { line: 2, source });
  return { start_unix_s: times[0] as number, price_usd_per_mwh: Float64Array.from(prices), line: Int32Array.from(lineNo), source };
}

/**
 * The hours of `series` from 00:00 UTC of `fromUnixS` up to (not including) `toUnixS`.
 * Throws a ValidationError naming `field` when the range is not covered.
 */
export function sliceHours(series: HourlyPriceSeries, fromUnixS: number, toUnixS: number, field = '--from/--to'): HourlyPriceSeries {
  const n = series.price_usd_per_mwh.length;
  const end = series.start_unix_s + n * SECONDS_PER_HOUR;
  if (fromUnixS < series.start_unix_s || toUnixS > end || toUnixS <= fromUnixS) {
    throw ValidationError.field(field, `${series.source} covers ${hourIso(series.start_unix_s)} to ${hourIso(end)} (exclusive); asked for ${hourIso(fromUnixS)} to ${hourIso(toUnixS)}`);
  }
  const a = (fromUnixS - series.start_unix_s) / SECONDS_PER_HOUR;
  const b = (toUnixS - series.start_unix_s) / SECONDS_PER_HOUR;
  return { start_unix_s: fromUnixS, price_usd_per_mwh: series.price_usd_per_mwh.slice(a, b), line: series.line.slice(a, b), source: series.source };
}

/**
 * Local wall-clock time of `time_unix_s` in an IANA time zone with its UTC offset, e.g.
 * `2024-11-03T01:00-06:00` (the second 01:00 of a fall-back night is told apart by the offset).
 */
export function localHourText(time_unix_s: number, timeZone: string): string {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  });
  const parts = Object.fromEntries(fmt.formatToParts(new Date(time_unix_s * 1000)).map((p) => [p.type, p.value]));
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}${offset}`;
}
