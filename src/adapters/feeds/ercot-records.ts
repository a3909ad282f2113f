/**
 * ERCOT's published real-time settlement point price files, decoded to 15-minute interval prices
 * in UTC (facts from the project reference FEEDS.md, section C.4):
 * - NP6-785-ER, the annual archive: a zip holding an xlsx with one sheet per month, columns
 *   "Delivery Date", "Delivery Hour" (hour ending, 1–24), "Delivery Interval" (1–4),
 *   "Repeated Hour Flag" (N, or Y on the second pass of a fall-back hour), "Settlement Point
 *   Name", "Settlement Point Type", "Settlement Point Price" (USD/MWh).
 * - NP6-905-CD, one zipped CSV per interval: DeliveryDate, DeliveryHour, DeliveryInterval,
 *   SettlementPointName, SettlementPointType, SettlementPointPrice, DSTFlag.
 * Times are Central Prevailing Time (units/central-time.ts converts them). Header names are
 * matched without case or spaces, so both spellings read alike; a date is an Excel serial, or
 * text MM/DD/YYYY or YYYY-MM-DD.
 */
import { ParseError } from '../../errors.js';
import type { IntervalPrice } from '../../economics/interval-prices.js';
import { ercotIntervalStart } from '../../units/central-time.js';
import { SECONDS_PER_DAY } from '../../units/time.js';
import { parseDecimal } from '../../config/csv-cells.js';
import { readXlsx, type CellValue } from './xlsx.js';
import { readZip } from './zip.js';

const FIELDS = {
  date: 'deliverydate',
  hour: 'deliveryhour',
  interval: 'deliveryinterval',
  node: 'settlementpointname',
  price: 'settlementpointprice',
} as const;
/** The repeated-hour flag goes by two names: the archive's and the per-interval file's. */
const FLAG_NAMES = ['repeatedhourflag', 'dstflag'];
/** Days from Excel's day 0 (1899-12-30, counting its fictitious 1900-02-29) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25_569;

const key = (h: CellValue): string =>
  String(h ?? '')
    .toLowerCase()
    .replace(/[\s_]/g, '');

type Columns = Record<keyof typeof FIELDS, number> & { flag: number };

/** Column positions from a header row, or undefined when it is not the header. */
function columnsOf(header: readonly CellValue[]): Columns | undefined {
  const keys = header.map(key);
  const out: Partial<Columns> = {};
  for (const [f, name] of Object.entries(FIELDS) as [keyof typeof FIELDS, string][]) {
    const i = keys.indexOf(name);
    if (i < 0) return undefined;
    out[f] = i;
  }
  out.flag = keys.findIndex((k) => FLAG_NAMES.includes(k));
  return out as Columns;
}

/** Local midnight of a delivery date cell as seconds since 1970-01-01T00:00 local, or undefined. */
function localDay(cell: CellValue): number | undefined {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell > 0 ? (cell - EXCEL_EPOCH_DAYS) * SECONDS_PER_DAY : undefined;
  const s = String(cell ?? '').trim();
  const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const ymd = us ? [us[3], us[1], us[2]] : isoDay ? [isoDay[1], isoDay[2], isoDay[3]] : undefined;
  if (!ymd) return undefined;
  const [y, mo, d] = ymd.map(Number) as [number, number, number];
  const t = Date.UTC(y, mo - 1, d);
  return new Date(t).getUTCDate() === d && mo >= 1 && mo <= 12 ? t / 1000 : undefined;
}

const whole = (cell: CellValue): number | undefined => {
  const n = typeof cell === 'number' ? cell : /^\s*\d{1,2}\s*$/.test(String(cell ?? '')) ? Number(cell) : NaN;
  return Number.isInteger(n) ? n : undefined;
};

/** One data row → an interval price; a ParseError names the source, line and column. */
function toInterval(row: readonly CellValue[], c: Columns, header: readonly CellValue[], source: string, line: number): IntervalPrice {
  const bad = (col: number, expected: string): never => {
    throw new ParseError(`${String(header[col])} must be ${expected}, got "${String(row[col] ?? '')}"`, { source, line });
  };
  const day = localDay(row[c.date] ?? null) ?? bad(c.date, 'a date (Excel serial, MM/DD/YYYY or YYYY-MM-DD)');
  const hour = whole(row[c.hour] ?? null) ?? bad(c.hour, 'an hour ending 1–24');
  const interval = whole(row[c.interval] ?? null) ?? bad(c.interval, 'an interval 1–4');
  const flagText =
    c.flag < 0
      ? 'N'
      : String(row[c.flag] ?? '')
          .trim()
          .toUpperCase();
  if (flagText !== 'N' && flagText !== 'Y') bad(c.flag, 'Y or N');
  const node = String(row[c.node] ?? '').trim();
  if (node === '') bad(c.node, 'a settlement point name');
  const p = row[c.price];
  const price = typeof p === 'number' ? p : (parseDecimal(String(p ?? '').trim()) ?? bad(c.price, 'a price in USD/MWh'));
  const start = ercotIntervalStart(day, hour, interval, flagText === 'Y');
  if (typeof start === 'string') throw new ParseError(`${start} (delivery hour ${hour}, interval ${interval}, flag ${flagText})`, { source, line });
  return { node, interval_start_unix_s: start, power_price_usd_per_mwh: price };
}

/** Interval prices of the rows under the first header row of a table; `keep` filters by node. */
function decodeTable(rows: CellValue[][], source: string, keep: (node: string) => boolean): IntervalPrice[] {
  const at = rows.findIndex((r) => columnsOf(r) !== undefined);
  if (at < 0) throw new ParseError(`no header with ${Object.values(FIELDS).join(', ')} (not an ERCOT settlement point price table)`, { source });
  const header = rows[at] as CellValue[];
  const c = columnsOf(header) as Columns;
  const out: IntervalPrice[] = [];
  for (let i = at + 1; i < rows.length; i++) {
    const row = rows[i] as CellValue[];
    if (row.every((v) => v === null || v === '')) continue;
    if (!keep(String(row[c.node] ?? '').trim())) continue;
    out.push(toInterval(row, c, header, source, i + 1));
  }
  return out;
}

/** The NP6-785-ER annual archive (zip → xlsx → monthly sheets). */
export function decodeArchive(zip: Uint8Array, source: string, keep: (node: string) => boolean = () => true): IntervalPrice[] {
  const book = readZip(zip, source).find((e) => e.name.toLowerCase().endsWith('.xlsx'));
  if (!book) throw new ParseError('the archive holds no .xlsx workbook', { source });
  return readXlsx(book.read(), `${source}/${book.name}`).flatMap((s) => decodeTable(s.rows(), `${source}/${book.name} sheet "${s.name}"`, keep));
}

/** Splits a CSV line; quoted cells (RFC 4180) only when a quote is present. */
function csvCells(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** One NP6-905-CD document (a zip holding one CSV). */
export function decodeIntervalDocument(zip: Uint8Array, source: string, keep: (node: string) => boolean = () => true): IntervalPrice[] {
  const csv = readZip(zip, source).find((e) => e.name.toLowerCase().endsWith('.csv'));
  if (!csv) throw new ParseError('the document holds no .csv file', { source });
  const rows = csv
    .read()
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => csvCells(l) as CellValue[]);
  return decodeTable(rows, `${source}/${csv.name}`, keep);
}
