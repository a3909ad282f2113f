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
 * price in USD/MWh, named by the header (a site picks one with `price_hub`, see
 * src/economics/hourly-prices.ts: priceColumn).
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
import { hourIso, SINGLE_PRICE_COLUMN, type HourlyPriceTable, type HourlySeries } from '../../economics/hourly-prices.js';

/** A one-series power price file (`price_usd_per_mwh`); for hub files use parsePowerPriceTable. */
export function parsePowerPricesCsv(text: string, source = 'prices.csv'): HourlySeries {
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

export interface HourlyColumn<K extends string> {
  /** Name of the value column, units in the name (e.g. `hashprice_usd_per_ph_day`). */
  column: K;
  /** Unit in words, for messages. */
  unit: string;
  /** Smallest value allowed (prices may be negative; a hashprice may not). */
  min?: number;
}

/**
 * Any hourly series with the same rules as power prices (header, UTC hours, no gaps, duplicates or
 * overlaps, numbers only); the values come back in a field named like the column, unit included.
 */
export function parseHourlyCsv<K extends string>(text: string, source: string, spec: HourlyColumn<K>): HourlySeries<K> {
  const t = parseHourlyTable(text, source, spec, (header) =>
    header.includes(spec.column) ? [spec.column] : `header must name the columns hour_start_utc and ${spec.column}`,
  );
  return { start_unix_s: t.start_unix_s, line: t.line, source, [spec.column]: t.values[0] as Float64Array } as HourlySeries<K>;
}

/**
 * The row rules shared by every hourly file. `pick` chooses the value columns from the header (or
 * returns what the header lacks); each value cell is checked where it stands, so a message names
 * its line and column.
 */
function parseHourlyTable(text: string, source: string, spec: { unit: string; min?: number }, pick: (header: string[]) => string[] | string): HourlyPriceTable {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .split(',')
    .map(unquote);
  const timeCol = header.indexOf('hour_start_utc');
  const picked = pick(header);
  if (timeCol < 0 || typeof picked === 'string') {
    throw new ParseError(`${typeof picked === 'string' ? picked : 'header must name the column hour_start_utc'}, got "${lines[0] ?? ''}"`, { line: 1, source });
  }
  const twice = picked.find((c, j) => c === '' || picked.indexOf(c) !== j);
  if (twice !== undefined)
    throw new ParseError(twice === '' ? 'a price column has no name in the header' : `column ${twice} appears twice in the header`, { line: 1, source });
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
      throw ValidationError.field(
        at,
        `${timeText} is not on the hour, so it overlaps the hour starting ${hourIso(t - (t % SECONDS_PER_HOUR))}; rows must be whole UTC hours`,
      );
    }
    const dup = seen.get(t);
    if (dup !== undefined) {
      throw ValidationError.field(
        at,
        `duplicate hour ${hourIso(t)} (also on line ${dup}); a repeated DST hour means the file was written in local time — times must be UTC`,
      );
    }
    const prev = times[times.length - 1];
    if (prev !== undefined && t < prev) {
      throw ValidationError.field(
        at,
        `${hourIso(t)} comes after ${hourIso(prev)} (line ${lineNo[lineNo.length - 1]}); hours must be in ascending order without overlap`,
      );
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
