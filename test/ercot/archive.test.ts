/**
 * The ERCOT archive readers on archives built here (test/helpers/zip-writer.ts) from the real
 * HB_WEST 15-minute prices of the two 2023 DST days, and the hourly means checked against the
 * public hourly file: a cross-check of the CPT → UTC conversion and the averaging on real data.
 */
import { describe, expect, it } from 'vitest';
import { decodeArchive, decodeIntervalDocument } from '../../src/adapters/feeds/ercot-records.js';
import { readZip } from '../../src/adapters/feeds/zip.js';
import { readXlsx } from '../../src/adapters/feeds/xlsx.js';
import { hourlyMeans } from '../../src/economics/interval-prices.js';
import { centralToUnixS, daylightSpan } from '../../src/units/central-time.js';
import { catchError } from '../helpers/catch-error.js';
import { writeXlsx, writeZip, type TestCell } from '../helpers/zip-writer.js';
import { ARCHIVE_HEADER } from './mis-fixtures.js';
import { westHourly, westQuarterHours, type QuarterHour } from './real-data.js';

const HEADER = ARCHIVE_HEADER;
const iso = (t: number): string => new Date(t * 1000).toISOString().replace('.000', '');

/** Archive rows (CPT hour ending, interval, repeated flag) for quarter hours, as ERCOT writes them. */
function archiveRows(qs: readonly QuarterHour[], dateAs: 'serial' | 'text'): TestCell[][] {
  const seen = new Set<string>();
  return qs.map((q) => {
    const [y = 0, mo = 0, d = 0, h = 0, mi = 0] = q.central.split(/[-T:]/).slice(0, 5).map(Number);
    const wall = q.central.slice(0, 16);
    const repeated = seen.has(wall);
    seen.add(wall);
    const date = dateAs === 'serial' ? Date.UTC(y, mo - 1, d) / 86_400_000 + 25_569 : `${String(mo).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}`;
    return [date, h + 1, mi / 15 + 1, repeated ? 'Y' : { inline: 'N' }, 'HB_WEST', 'HU', Number(q.price)];
  });
}

const day = (qs: QuarterHour[], local: string) => qs.filter((q) => q.central.startsWith(local));

describe('Central time', () => {
  it('switches at 08:00Z in March and 07:00Z in November', () => {
    expect(daylightSpan(2023).map(iso)).toEqual(['2023-03-12T08:00:00Z', '2023-11-05T07:00:00Z']);
    expect(daylightSpan(2024).map(iso)).toEqual(['2024-03-10T08:00:00Z', '2024-11-03T07:00:00Z']);
  });
  it('resolves the repeated hour by its flag and refuses the skipped hour', () => {
    const local = Date.UTC(2023, 10, 5, 1, 30) / 1000;
    expect(iso(centralToUnixS(local, false) as number)).toBe('2023-11-05T06:30:00Z');
    expect(iso(centralToUnixS(local, true) as number)).toBe('2023-11-05T07:30:00Z');
    expect(typeof centralToUnixS(Date.UTC(2023, 10, 5, 3) / 1000, true)).toBe('string');
    expect(typeof centralToUnixS(Date.UTC(2023, 2, 12, 2, 15) / 1000, false)).toBe('string');
  });
});

describe('ERCOT annual archive (NP6-785-ER)', () => {
  const qs = westQuarterHours();
  const spring = day(qs, '2023-03-12');
  const fall = day(qs, '2023-11-05');
  const hourly = westHourly();

  it('reads the monthly sheets to UTC intervals whose hourly means equal the public hourly file, on both DST days', () => {
    expect(spring).toHaveLength(23 * 4);
    expect(fall).toHaveLength(25 * 4);
    const book = writeXlsx([
      { name: 'Mar', rows: [['Historical RTM Load Zone and Hub Prices'], HEADER, ...archiveRows(spring, 'serial')] },
      { name: 'Nov', rows: [HEADER, ...archiveRows(fall, 'text')] },
    ]);
    const intervals = decodeArchive(writeZip([{ name: 'rpt.00013061.0000000000000000.RTMLZHBSPP_2023.xlsx', data: book }]), 'RTMLZHBSPP_2023.zip');
    expect(intervals.map((x) => iso(x.interval_start_unix_s))).toEqual([...spring, ...fall].map((q) => q.utc));
    const means = hourlyMeans(intervals);
    expect(means.incomplete_hours).toBe(0);
    expect(means.hours).toHaveLength(48);
    for (const h of means.hours) expect(h.power_price_usd_per_mwh.toFixed(4)).toBe(hourly.get(iso(h.hour_start_unix_s)));
    // The two 01:00 local hours of the fall-back night are 06:00Z (CDT) and 07:00Z (CST).
    expect(means.hours.filter((h) => iso(h.hour_start_unix_s).startsWith('2023-11-05T0')).map((h) => h.power_price_usd_per_mwh)).toContain(22.11);
  });

  it('names the line of an interval in the skipped spring hour, a misplaced repeated flag or a bad price', () => {
    const archive = (row: TestCell[]) =>
      writeZip([{ name: 'a.xlsx', data: writeXlsx([{ name: 'Mar', rows: [HEADER, ...archiveRows(spring.slice(0, 2), 'text'), row] }]) }]);
    for (const row of [
      ['03/12/2023', 3, 1, 'N', 'HB_WEST', 'HU', 10],
      ['03/13/2023', 2, 1, 'Y', 'HB_WEST', 'HU', 10],
      ['03/13/2023', 2, 1, 'N', 'HB_WEST', 'HU', 'n/a'],
      ['2023-13-01', 2, 1, 'N', 'HB_WEST', 'HU', 1],
      ['03/13/2023', 25, 1, 'N', 'HB_WEST', 'HU', 1],
    ] as TestCell[][]) {
      const err = catchError(() => decodeArchive(archive(row), 'x.zip'));
      expect(err).toMatchObject({ code: 'PARSE', line: 4 });
    }
  });

  it('refuses bytes that are not a zip, a zip without a workbook and a truncated entry', () => {
    expect(catchError(() => decodeArchive(Buffer.from('<html>busy</html>'), 'x.zip'))).toMatchObject({ code: 'PARSE' });
    expect(catchError(() => decodeArchive(writeZip([{ name: 'readme.txt', data: 'hi' }]), 'x.zip'))).toMatchObject({ code: 'PARSE' });
    const zip = writeZip([{ name: 'a.csv', data: 'x'.repeat(1000) }]);
    expect(catchError(() => readZip(zip.subarray(0, 40), 'x.zip'))).toMatchObject({ code: 'PARSE' });
  });
});

describe('zip and xlsx readers', () => {
  it('reads stored and deflated entries behind a comment', () => {
    const entries = readZip(
      writeZip(
        [
          { name: 'a.txt', data: 'stored', store: true },
          { name: 'b/c.txt', data: 'deflated '.repeat(50) },
        ],
        'a comment',
      ),
      'z.zip',
    );
    expect(entries.map((e) => [e.name, e.read().toString().slice(0, 9)])).toEqual([
      ['a.txt', 'stored'],
      ['b/c.txt', 'deflated '],
    ]);
  });
  it('keeps column positions across empty cells and resolves entities in shared and inline strings', () => {
    const [sheet] = readXlsx(
      writeXlsx([
        {
          name: 'S&P',
          rows: [
            ['a<b & c', null, 3.5],
            [null, { inline: '"x"' }],
          ],
        },
      ]),
      'w.xlsx',
    );
    expect(sheet!.name).toBe('S&P');
    expect(sheet!.rows()).toEqual([
      ['a<b & c', null, 3.5],
      [null, '"x"'],
    ]);
  });
});

describe('ERCOT interval documents (NP6-905-CD)', () => {
  it('reads a zipped CSV, keeps only the nodes asked for and the DST flag', () => {
    const csv = [
      'DeliveryDate,DeliveryHour,DeliveryInterval,SettlementPointName,SettlementPointType,SettlementPointPrice,DSTFlag',
      '11/05/2023,2,1,HB_WEST,HU,23.84,Y',
      '11/05/2023,2,1,LZ_WEST,LZ,-1.5,Y',
      '"11/05/2023",2,1,"HB_NORTH",HU,20,N',
    ].join('\r\n');
    const got = decodeIntervalDocument(writeZip([{ name: 'cdr.00012301.csv', data: csv }]), 'doc 1', (n) => n.startsWith('HB_'));
    expect(got.map((x) => [x.node, iso(x.interval_start_unix_s), x.power_price_usd_per_mwh])).toEqual([
      ['HB_WEST', '2023-11-05T07:00:00Z', 23.84],
      ['HB_NORTH', '2023-11-05T06:00:00Z', 20],
    ]);
  });
});

describe('hourly means on the whole public 15-minute file', () => {
  it('equal the public hourly HB_WEST file in every one of its 26,304 hours, negative prices included', () => {
    const qs = westQuarterHours();
    const means = hourlyMeans(qs.map((q) => ({ node: 'HB_WEST', interval_start_unix_s: Date.parse(q.utc) / 1000, power_price_usd_per_mwh: Number(q.price) })));
    const hourly = westHourly();
    expect(means.hours).toHaveLength(hourly.size);
    expect(means.hours.filter((h) => h.power_price_usd_per_mwh < 0).length).toBeGreaterThan(100);
    const off = means.hours.filter((h) => h.power_price_usd_per_mwh.toFixed(4) !== hourly.get(iso(h.hour_start_unix_s)));
    expect(off).toEqual([]);
  });
  it('leave out an hour missing an interval and let a republished interval replace the first', () => {
    const x = (k: number, p: number) => ({ node: 'N', interval_start_unix_s: 3600 + 900 * k, power_price_usd_per_mwh: p });
    expect(hourlyMeans([x(0, 1), x(1, 2), x(2, 3)])).toMatchObject({ hours: [], incomplete_hours: 1 });
    expect(hourlyMeans([x(0, 1), x(1, 2), x(2, 3), x(3, 4), x(3, -6)])).toMatchObject({
      hours: [{ hour_start_unix_s: 3600, power_price_usd_per_mwh: 0 }],
      replaced_intervals: 1,
    });
  });
});
