/**
 * Hourly power prices from CSV: one row per hour, times in UTC, one price column or one per hub.
 *
 *   hour_start_utc,hour_start_local,price_usd_per_mwh          (one series for every site)
 *   2024-01-01T00:00:00Z,2023-12-31T18:00-06:00,27.5950
 *
 *   hour_start_utc,hour_start_local,HB_WEST,HB_NORTH,…         (one column per hub, USD/MWh)
 *   2024-01-01T00:00:00Z,2023-12-31T18:00-06:00,27.5950,17.8500,…
 *
 * Required: `hour_start_utc` (ISO-8601 UTC on the hour, `…T13:00:00Z` or `…T13:00Z`). Price
 * columns: `price_usd_per_mwh` when the header has it (any other column is then ignored, as it
 * always was); otherwise every column whose name does not start with `hour_start_` is one hub's
 * price in USD/MWh, named by the header (a site picks one with `price_hub`, see priceColumn).
 * Prices are plain decimal numbers (csv-cells.ts: no hex, no Infinity); negative prices are real in ERCOT and kept. `hour_start_local` and
 * other `hour_start_*` columns are for people: local time is derived from the site's time zone when
 * shown, never trusted from the file.
 *
 * The series must be complete and strictly hourly, because the planner indexes hours by position:
 * - a malformed time, an empty cell or a price that is not a number → ParseError naming the line
 *   and the column;
 * - the same hour twice (typically a DST fall-back hour written from local time) → ValidationError;
 * - an hour earlier than the one before it, or not on the hour (overlapping the previous hour) →
 *   ValidationError;
 * - a gap (missing hours, typically the DST spring-forward hour) → ValidationError naming the
 *   missing hours and the lines around them.
 * The same rules serve any hourly series (parseHourlyCsv), e.g. an hourly hashprice file
 * (`hour_start_utc,hashprice_usd_per_ph_day`).
 * This module only parses text; reading the file is the caller's job.
 */
import { ParseError, ValidationError } from '../../errors.js';
import { parseDecimal, parseUtc, unquote } from '../../config/csv-cells.js';
import { SECONDS_PER_HOUR } from '../../units/energy.js';
import { unixSToIso } from '../../units/time.js';

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

/** Several price columns (hubs) over the same hours: the file's price columns, in file order. */
export interface HourlyPriceTable {
  start_unix_s: number;
  /** Price column names as in the header (hub names, or `price_usd_per_mwh`). */
  columns: string[];
  /** One series per column, USD/MWh; values[j][i] is column j's price in hour i. */
  values: Float64Array[];
  line: Int32Array;
  source: string;
}

/** The column of a one-series price file (no hub named). */
const SINGLE_PRICE_COLUMN = 'price_usd_per_mwh';

const hourIso = (t: number): string => unixSToIso(t).replace(':00Z', 'Z');

/** A one-series power price file (`price_usd_per_mwh`); for hub files use parsePowerPriceTable. */
export function parsePowerPricesCsv(text: string, source = 'prices.csv'): HourlyPriceSeries {
  return parseHourlyCsv(text, source, { column: SINGLE_PRICE_COLUMN, unit: 'USD/MWh' });
}

/** A power price file with one `price_usd_per_mwh` column or one column per hub (see the header comment). */
export function parsePowerPriceTable(text: string, source = 'prices.csv'): HourlyPriceTable {
  return parseHourlyTable(text, source, { unit: 'USD/MWh' }, (header) => {
    if (header.includes(SINGLE_PRICE_COLUMN)) return [SINGLE_PRICE_COLUMN];
    const hubs = header.filter((h) => !h.startsWith('hour_start_'));
    if (hubs.length === 0) return `header must name hour_start_utc and either ${SINGLE_PRICE_COLUMN} or one price column per hub (e.g. HB_WEST,HB_NORTH)`;
    return hubs;
  });
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
  const t = parseHourlyTable(text, source, spec, (header) => (header.includes(spec.column) ? [spec.column] : `header must name the columns hour_start_utc and ${spec.column}`));
  return { start_unix_s: t.start_unix_s, price_usd_per_mwh: t.values[0] as Float64Array, line: t.line, source };
}

/**
 * The row rules shared by every hourly file. `pick` chooses the value columns from the header (or
 * returns what the header lacks); each value cell is checked where it stands, so a message names
 * its line and column.
 */
function parseHourlyTable(text: string, source: string, spec: { unit: string; min?: number }, pick: (header: string[]) => string[] | string): HourlyPriceTable {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').split(',').map(unquote);
  const timeCol = header.indexOf('hour_start_utc');
  const picked = pick(header);
  if (timeCol < 0 || typeof picked === 'string') {
    throw new ParseError(`${typeof picked === 'string' ? picked : 'header must name the column hour_start_utc'}, got "${lines[0] ?? ''}"`, { line: 1, source });
  }
  const twice = picked.find((c, j) => c === '' || picked.indexOf(c) !== j);
  if (twice !== undefined) throw new ParseError(twice === '' ? 'a price column has no name in the header' : `column ${twice} appears twice in the header`, { line: 1, source });
  const cols = picked.map((c) => header.indexOf(c));
  const values: number[][] = picked.map(() => []);
  const times: number[] = [];
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
    for (let j = 0; j < cols.length; j++) {
      const name = picked[j] as string;
      const valueText = unquote(cells[cols[j] as number] as string);
      if (valueText === '') throw new ParseError(`${name} is empty; every hour needs a value (${spec.unit})`, { line, source });
      const value = parseDecimal(valueText);
      if (value === undefined) throw new ParseError(`${name} must be a number (${spec.unit}), got "${valueText}"`, { line, source });
      if (spec.min !== undefined && value < spec.min) {
        throw ValidationError.field(`${source} line ${line}: ${name}`, `must be ≥ ${spec.min} ${spec.unit}, got ${valueText}`);
      }
      (values[j] as number[]).push(value);
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
    lineNo.push(line);
  }
  if (times.length === 0) throw new ParseError(`no ${picked.join(', ')} rows after the header`, { line: 2, source });
  return { start_unix_s: times[0] as number, columns: picked, values: values.map((v) => Float64Array.from(v)), line: Int32Array.from(lineNo), source };
}

/** Which column a site reads, and where that choice was made (for messages). */
export interface ColumnChoice {
  site: string;
  /** The hub asked for, or undefined when the site names none. */
  hub: string | undefined;
  /** The field that set (or should set) the hub, e.g. `sites[1].price_hub` or `--site-hub`. */
  field: string;
  /** Column used when the site names no hub and the table has several (the embedded file's HB_WEST). */
  fallback?: string;
  /**
   * The hub was asked for by the request (`--site-hub`, API `price_hubs`), not taken from the spec:
   * it must exist even in a one-series file.
   */
  requested?: boolean;
}

/**
 * One site's series from a price table: the named hub's column; without a hub the only column
 * (or `fallback`). A one-series file (its only column the generic `price_usd_per_mwh`) names no hub,
 * so a hub from the spec cannot contradict it: every site pays that series. An unknown hub (or one
 * `requested` that a one-series file lacks), or no hub where several columns exist, is a
 * ValidationError naming the site and the columns there are.
 */
export function priceColumn(table: HourlyPriceTable, choice: ColumnChoice): HourlyPriceSeries & { column: string } {
  const list = table.columns.join(', ');
  const oneSeries = table.columns.length === 1 && table.columns[0] === SINGLE_PRICE_COLUMN;
  let j: number;
  if (choice.hub !== undefined && !(oneSeries && choice.requested !== true)) {
    j = table.columns.indexOf(choice.hub);
    if (j < 0) throw ValidationError.field(choice.field, `site ${choice.site}: prices CSV ${table.source} has no column "${choice.hub}" (columns: ${list})`);
  } else if (table.columns.length === 1) j = 0;
  else {
    j = choice.fallback !== undefined ? table.columns.indexOf(choice.fallback) : -1;
    if (j < 0) throw ValidationError.field(choice.field, `site ${choice.site}: prices CSV ${table.source} has columns ${list}; set price_hub`);
  }
  return { start_unix_s: table.start_unix_s, price_usd_per_mwh: table.values[j] as Float64Array, line: table.line, source: table.source, column: table.columns[j] as string };
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
