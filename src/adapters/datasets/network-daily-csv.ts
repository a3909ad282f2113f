/**
 * The daily network history as CSV: the embedded `data/network_daily.csv` and user import files
 * share this format. Columns (header required, order free):
 *   date (YYYY-MM-DD, ascending, unique), then for each field of DailyRow a value column and an
 *   optional provenance column `<field>_src`:
 *   blocks (whole number), difficulty (> 0), hashrate_ehs (EH/s ≥ 0), issuance_sat, fees_sat,
 *   supply_sat (whole satoshis, ≤ 21M BTC), price_usd_per_btc (> 0). An empty cell is missing (null).
 *   The pre-0.2 names `price_usd` and `price_usd_src` are still read (OLD_HEADERS); only the new ones are written.
 * Only `date` is required; an absent provenance cell defaults to the file's origin (e.g. `user-import`).
 */
import { readFile } from 'node:fs/promises';
import { NotFoundError, ParseError, ValidationError, type ValidationIssue } from '../../errors.js';
import { DAILY_FIELDS, emptyDailyRow, type DailyField, type DailyRow } from '../../history/daily-row.js';
import { RENAMED } from '../../units/renamed-fields.js';
import { MAX_MONEY_SAT } from '../../units/sat.js';
import { isIsoDate } from '../../units/time.js';
import { parseDecimal } from '../../config/csv-cells.js';

export const NETWORK_DAILY_COLUMNS: readonly string[] = ['date', ...DAILY_FIELDS.flatMap((f) => [f, `${f}_src`])];

/**
 * Header names of before 0.2 (issue #12), read as the new ones so files written by earlier
 * versions and users' own exports keep importing. Removed in 0.3, with the JSON aliases.
 */
const OLD_HEADERS: Readonly<Record<string, string>> = {
  [RENAMED.price_usd_per_btc]: 'price_usd_per_btc',
  [`${RENAMED.price_usd_per_btc}_src`]: 'price_usd_per_btc_src',
};

const SAT_FIELDS = new Set<DailyField>(['issuance_sat', 'fees_sat', 'supply_sat']);
const SAT_RE = /^\d{1,16}$/;

/** Splits one CSV line; handles double-quoted cells (RFC 4180) only when a quote is present. */
function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

interface Rejected {
  expected: string;
}

/** The parsed value, or what was expected (only errors allocate: this runs 40,000 times per file). */
function parseValue(field: DailyField, text: string): number | bigint | Rejected {
  if (SAT_FIELDS.has(field)) {
    if (!SAT_RE.test(text)) return { expected: 'a whole number of satoshis' };
    const v = BigInt(text);
    return v <= MAX_MONEY_SAT ? v : { expected: 'at most 21,000,000 BTC in satoshis' };
  }
  const n = parseDecimal(text);
  if (n === undefined) return { expected: 'a decimal number' };
  if (field === 'blocks') return Number.isInteger(n) && n >= 0 && n <= 1000 ? n : { expected: 'a whole number of blocks 0..1000' };
  if (field === 'difficulty' || field === 'price_usd_per_btc') return n > 0 ? n : { expected: 'a number > 0' };
  return n >= 0 ? n : { expected: 'a number ≥ 0' };
}

export interface ParseOptions {
  /** Names the file in messages (e.g. `data/network_daily.csv`). */
  source: string;
  /** Provenance for present values without a `<field>_src` cell. */
  defaultProvenance: string;
  /** Accepted dates, inclusive (e.g. genesis to today for an import). */
  dateRange?: { first: string; last: string };
}

/**
 * Parses the whole text. A bad header is a ParseError (line 1); bad rows are collected — every
 * one, each naming line and column — and thrown together as one ValidationError, so an import
 * either parses completely or yields nothing.
 */
export function parseNetworkDailyCsv(text: string, options: ParseOptions): DailyRow[] {
  const lines = text.split('\n');
  const written = splitLine((lines[0] ?? '').replace(/\r$/, '')).map((h) => h.trim());
  const header = written.map((h) => OLD_HEADERS[h] ?? h);
  const col = new Map(header.map((h, i) => [h, i]));
  const twice = header.find((h, i) => header.indexOf(h) !== i);
  if (twice !== undefined)
    throw new ParseError(`column "${twice}" appears twice (${written.filter((h, i) => header[i] === twice).join(' and ')})`, {
      line: 1,
      source: options.source,
    });
  const dateCol = col.get('date');
  if (dateCol === undefined)
    throw new ParseError(`missing column "date" (expected header with ${NETWORK_DAILY_COLUMNS.join(',')})`, { line: 1, source: options.source });
  const unknown = written.filter((_, i) => !NETWORK_DAILY_COLUMNS.includes(header[i] as string));
  if (unknown.length)
    throw new ParseError(`unknown column "${unknown[0]}" (accepted: ${NETWORK_DAILY_COLUMNS.join(',')})`, { line: 1, source: options.source });
  // Messages name a column as the file spells it.
  const fieldCols = DAILY_FIELDS.map((f) => [f, col.get(f), col.get(`${f}_src`), written[col.get(f) ?? -1] ?? f] as const);

  const rows: DailyRow[] = [];
  const issues: ValidationIssue[] = [];
  let prevDate = '';
  for (let n = 1; n < lines.length; n++) {
    let line = lines[n] as string;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') continue;
    const at = `line ${n + 1}`;
    const cells = splitLine(line);
    if (cells.length !== header.length) {
      issues.push({ path: at, message: `expected ${header.length} cells, got ${cells.length}` });
      continue;
    }
    const date = (cells[dateCol] as string).trim();
    if (!isIsoDate(date)) {
      issues.push({ path: `${at}, date`, message: `expected a date YYYY-MM-DD, got "${date}"` });
      continue;
    }
    const range = options.dateRange;
    if (range && (date < range.first || date > range.last))
      issues.push({ path: `${at}, date`, message: `must lie between ${range.first} and ${range.last}, got ${date}` });
    if (date <= prevDate) issues.push({ path: `${at}, date`, message: `dates must be ascending and unique (${date} after ${prevDate})` });
    prevDate = date;
    const row: DailyRow = emptyDailyRow(date);
    for (const [field, vi, si, name] of fieldCols) {
      if (vi === undefined) continue;
      const raw = (cells[vi] as string).trim();
      if (raw === '') continue;
      const parsed = parseValue(field, raw);
      if (typeof parsed === 'object') {
        issues.push({ path: `${at}, ${name}`, message: `expected ${parsed.expected}, got "${raw}"` });
        continue;
      }
      (row as unknown as Record<string, number | bigint>)[field] = parsed;
      const src = si === undefined ? '' : (cells[si] as string).trim();
      row.provenance[field] = src || options.defaultProvenance;
    }
    rows.push(row);
  }
  if (issues.length) throw new ValidationError(issues);
  return rows;
}

function cell(v: number | bigint | null): string {
  return v === null ? '' : v.toString();
}

/** Writes rows in the canonical column order (the inverse of parseNetworkDailyCsv). */
export function formatNetworkDailyCsv(rows: readonly DailyRow[]): string {
  const out = [NETWORK_DAILY_COLUMNS.join(',')];
  for (const r of rows) {
    const cells = [r.date];
    for (const f of DAILY_FIELDS) cells.push(cell(r[f]), r[f] === null ? '' : (r.provenance[f] ?? ''));
    out.push(cells.join(','));
  }
  return `${out.join('\n')}\n`;
}

/** Reads and parses a network-daily CSV file. */
export async function readNetworkDailyFile(path: string, defaultProvenance: string, dateRange?: ParseOptions['dateRange']): Promise<DailyRow[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(`${path}: no such file`, { cause: err });
    throw new ParseError(`cannot read file: ${code ?? String(err)}`, { source: path }, { cause: err });
  }
  return parseNetworkDailyCsv(text, { source: path, defaultProvenance, ...(dateRange ? { dateRange } : {}) });
}
