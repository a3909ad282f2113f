/**
 * An hourly power price file to import into the store (`hashfloor import prices`), any market:
 *
 *   hour_start_utc,HB_WEST,PJM_WEST,…        one USD/MWh column per node, named by the header
 *   hour_start_utc,price_usd_per_mwh          one series; the node is given by the caller (--node)
 *
 * the same layout as a dispatch prices CSV (power-prices-csv.ts), so one file serves both;
 * `hour_start_*` columns other than hour_start_utc are for people and ignored. Unlike a dispatch
 * file, hours may have gaps (the store holds what it is given; a plan asks for whole ranges).
 * The whole file is checked first: every bad cell is one issue naming its line and column
 * (a time not on a UTC hour, a repeated hour, an empty or non-numeric price), thrown together as
 * one ValidationError, so nothing is written unless every row is good.
 */
import { ParseError, ValidationError, type ValidationIssue } from '../../errors.js';
import { parseDecimal, parseUtc, unquote } from '../../config/csv-cells.js';
import type { PowerPriceHour } from '../../ports/store.js';
import { SINGLE_PRICE_COLUMN } from '../../economics/hourly-prices.js';

export const IMPORT_SOURCE = 'user-import';
/** Most issues listed in one error: enough to fix a file, short enough to read. */
const MAX_ISSUES = 50;

export function parsePriceImportCsv(text: string, source: string, node?: string): PowerPriceHour[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((h) => unquote(h).trim());
  const timeCol = header.indexOf('hour_start_utc');
  if (timeCol < 0)
    throw new ParseError(`header must name hour_start_utc and one price column per node (USD/MWh), got "${lines[0] ?? ''}"`, { line: 1, source });
  const cols = header.map((h, j) => ({ h, j })).filter(({ h }) => !h.startsWith('hour_start_'));
  const single = cols.length === 1 && cols[0]?.h === SINGLE_PRICE_COLUMN;
  if (cols.length === 0) throw new ParseError('header names no price column (one per node, e.g. HB_WEST)', { line: 1, source });
  if (single && node === undefined) throw new ParseError(`a ${SINGLE_PRICE_COLUMN} file names no node: give --node NAME`, { line: 1, source });
  if (!single && node !== undefined)
    throw new ParseError(`--node is for a ${SINGLE_PRICE_COLUMN} file; this header names its nodes (${cols.map((c) => c.h).join(', ')})`, { line: 1, source });
  const twice = cols.find((c, i) => c.h === '' || cols.findIndex((d) => d.h === c.h) !== i);
  if (twice) throw new ParseError(twice.h === '' ? 'a price column has no name' : `column ${twice.h} appears twice`, { line: 1, source });
  const rows: PowerPriceHour[] = [];
  const issues: ValidationIssue[] = [];
  const seen = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    const at = `${source} line ${i + 1}`;
    const cells = raw.split(',').map(unquote);
    if (cells.length !== header.length) {
      issues.push({ path: at, message: `expected ${header.length} cells (${header.join(',')}), got ${cells.length}` });
      continue;
    }
    const timeText = cells[timeCol] as string;
    const t = parseUtc(timeText);
    if (t === undefined || t % 3600 !== 0)
      issues.push({ path: `${at}: hour_start_utc`, message: `expected the start of a UTC hour like 2023-01-01T13:00:00Z, got "${timeText}"` });
    else if (seen.has(t))
      issues.push({ path: `${at}: hour_start_utc`, message: `hour ${timeText} repeats line ${seen.get(t)} (times must be UTC, each hour once)` });
    else seen.set(t, i + 1);
    for (const { h, j } of cols) {
      const v = (cells[j] as string).trim();
      const price = v === '' ? undefined : parseDecimal(v);
      if (price === undefined) issues.push({ path: `${at}: ${h}`, message: `expected a price in USD/MWh (a decimal number, may be negative), got "${v}"` });
      else if (t !== undefined)
        rows.push({ node: single ? (node as string) : h, hour_start_unix_s: t, power_price_usd_per_mwh: price, source: IMPORT_SOURCE, document_id: null });
    }
  }
  if (issues.length) throw new ValidationError(issues.slice(0, MAX_ISSUES));
  if (rows.length === 0) throw new ParseError('no rows after the header', { line: 2, source });
  return rows;
}
