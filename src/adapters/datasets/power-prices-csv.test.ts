import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError, ValidationError } from '../../errors.js';
import { priceColumn } from '../../economics/hourly-prices.js';
import { localHourText, parsePowerPricesCsv, parsePowerPriceTable } from './power-prices-csv.js';
import { catchAppError } from '../../../test/helpers/catch-error.js';

const HEADER = 'hour_start_utc,hour_start_local,price_usd_per_mwh';
const csv = (...rows: string[]): string => [HEADER, ...rows].join('\n') + '\n';

describe('parsePowerPricesCsv', () => {
  it('reads the embedded ERCOT HB_WEST 2024 year: 8,784 UTC hours, both DST nights intact', () => {
    const text = readFileSync(new URL('../../../data/ercot_hubs_hourly_2024.csv', import.meta.url), 'utf8');
    const table = parsePowerPriceTable(text, 'ercot_hubs_hourly_2024.csv');
    expect(table.columns).toEqual(['HB_WEST', 'HB_NORTH', 'HB_SOUTH', 'HB_HOUSTON', 'HB_PAN', 'HB_HUBAVG', 'HB_BUSAVG']);
    const s = priceColumn(table, { site: 'x', hub: 'HB_WEST', field: 'price_hub' });
    expect(s.price_usd_per_mwh.length).toBe(8_784); // 2024 is a leap year
    expect(s.start_unix_s).toBe(Date.UTC(2024, 0, 1) / 1000);
    expect(s.price_usd_per_mwh[0]).toBeCloseTo(27.595, 6); // first row of the file
    const mean = s.price_usd_per_mwh.reduce((a, b) => a + b, 0) / s.price_usd_per_mwh.length;
    expect(mean).toBeCloseTo(27.433075, 6); // HB_WEST 2024 mean of hourly means
    expect(Math.max(...s.price_usd_per_mwh)).toBe(3056.645); // the year's scarcity spike, as in the file
    expect(s.price_usd_per_mwh.filter((p) => p < 0).length).toBe(858); // negative-price hours kept
  });

  for (const cell of ['0x10', '0b1', '0o7', 'Infinity', '-Infinity', '12abc', '+', '.']) {
    it(`rejects the price cell "${cell}" (Number() would take some of these), naming line and column`, () => {
      const e = catchAppError(() => parsePowerPricesCsv(csv('2024-01-01T00:00:00Z,x,10', `2024-01-01T01:00:00Z,x,${cell}`), 'p.csv'));
      expect(e.code).toBe('PARSE');
      expect((e as ParseError).line).toBe(3);
      expect(e.message).toContain('price_usd_per_mwh must be a number (USD/MWh)');
    });
  }

  it('takes plain decimals: sign, fraction, leading dot, exponent', () => {
    const s = parsePowerPricesCsv(
      csv('2024-01-01T00:00:00Z,x,-12', '2024-01-01T01:00:00Z,x,+27.595', '2024-01-01T02:00:00Z,x,.5', '2024-01-01T03:00:00Z,x,1e3'),
      'p.csv',
    );
    expect([...s.price_usd_per_mwh]).toEqual([-12, 27.595, 0.5, 1000]);
  });

  it('names the line of a price that is not a number', () => {
    const e = catchAppError(() => parsePowerPricesCsv(csv('2024-01-01T00:00:00Z,x,10', '2024-01-01T01:00:00Z,x,n/a'), 'p.csv'));
    expect(e.code).toBe('PARSE');
    expect((e as ParseError).line).toBe(3);
    expect(e.message).toContain('price_usd_per_mwh');
  });

  it('rejects a malformed or local time', () => {
    const e = catchAppError(() => parsePowerPricesCsv(csv('2024-01-01T00:00-06:00,x,10')));
    expect(e.code).toBe('PARSE');
    expect((e as ParseError).line).toBe(2);
  });

  it('rejects a duplicate hour (DST fall-back written in local time)', () => {
    const e = catchAppError(() => parsePowerPricesCsv(csv('2024-11-03T06:00:00Z,a,1', '2024-11-03T07:00:00Z,b,2', '2024-11-03T07:00:00Z,c,3')));
    expect(e.code).toBe('VALIDATION');
    expect((e as ValidationError).issues[0]?.path).toContain('line 4');
    expect(e.message).toContain('line 3');
  });

  it('rejects a gap and names the missing hour', () => {
    const e = catchAppError(() => parsePowerPricesCsv(csv('2024-03-10T07:00:00Z,a,1', '2024-03-10T09:00:00Z,b,2')));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('2024-03-10T08:00Z');
  });

  it('rejects overlapping hours: out of order or not on the hour', () => {
    expect(catchAppError(() => parsePowerPricesCsv(csv('2024-01-01T02:00:00Z,a,1', '2024-01-01T01:00:00Z,b,2'))).code).toBe('VALIDATION');
    expect(catchAppError(() => parsePowerPricesCsv(csv('2024-01-01T02:00:00Z,a,1', '2024-01-01T02:30:00Z,b,2'))).code).toBe('VALIDATION');
  });

  it('rejects a file without the required columns or rows', () => {
    expect(catchAppError(() => parsePowerPricesCsv('time,price\n2024-01-01T00:00:00Z,1\n')).code).toBe('PARSE');
    expect(catchAppError(() => parsePowerPricesCsv(`${HEADER}\n`)).code).toBe('PARSE');
  });
});

describe('localHourText', () => {
  it('shows US Central local time with its offset across the fall-back night', () => {
    expect(localHourText(Date.UTC(2024, 10, 3, 6) / 1000, 'America/Chicago')).toBe('2024-11-03T01:00-05:00');
    expect(localHourText(Date.UTC(2024, 10, 3, 7) / 1000, 'America/Chicago')).toBe('2024-11-03T01:00-06:00');
    expect(localHourText(Date.UTC(2024, 0, 1) / 1000, 'UTC')).toBe('2024-01-01T00:00+00:00');
  });
});

describe('parsePowerPriceTable: one price column per hub', () => {
  const HUBS = 'hour_start_utc,hour_start_central,HB_WEST,HB_NORTH,HB_SOUTH';
  const hubs = (...rows: string[]): string => [HUBS, ...rows].join('\n') + '\n';
  const ok = hubs('2024-01-01T00:00:00Z,a,27.5950,17.8500,22.2850', '2024-01-01T01:00:00Z,b,14.5500,14.2975,-1.5');

  it('reads every column not named hour_start_* as a hub, in file order', () => {
    const t = parsePowerPriceTable(ok, 'hubs.csv');
    expect(t.columns).toEqual(['HB_WEST', 'HB_NORTH', 'HB_SOUTH']);
    expect(t.start_unix_s).toBe(Date.UTC(2024, 0, 1) / 1000);
    expect([...t.values[1]!]).toEqual([17.85, 14.2975]);
    expect([...t.values[2]!]).toEqual([22.285, -1.5]);
  });

  it('keeps a single-series file as it was: price_usd_per_mwh is the one column, others ignored', () => {
    const t = parsePowerPriceTable('hour_start_utc,price_usd_per_mwh,HB_NORTH\n2024-01-01T00:00:00Z,10,not-read\n');
    expect(t.columns).toEqual(['price_usd_per_mwh']);
    expect(priceColumn(t, { site: 'a', hub: undefined, field: 'f' }).price_usd_per_mwh[0]).toBe(10);
  });

  it.each([
    ['a non-number', hubs('2024-01-01T00:00:00Z,a,1,2,3', '2024-01-01T01:00:00Z,b,1,n/a,3'), 3, /line 3: HB_NORTH must be a number.*"n\/a"/],
    ['an empty cell', hubs('2024-01-01T00:00:00Z,a,1,2,3', '2024-01-01T01:00:00Z,b,1,2,'), 3, /line 3: HB_SOUTH is empty/],
    ['a quoted empty cell', hubs('2024-01-01T00:00:00Z,a,"",2,3'), 2, /line 2: HB_WEST is empty/],
  ])('names the line and the column of %s', (_what, text, line, message) => {
    const e = catchAppError(() => parsePowerPriceTable(text, 'hubs.csv'));
    expect(e.code).toBe('PARSE');
    expect((e as ParseError).line).toBe(line);
    expect(e.message).toMatch(message);
  });

  it('applies the hour rules to the whole row: gap, duplicate DST hour, overlap', () => {
    const gap = catchAppError(() => parsePowerPriceTable(hubs('2024-03-10T07:00:00Z,a,1,2,3', '2024-03-10T09:00:00Z,b,1,2,3')));
    expect((gap as ValidationError).issues[0]?.path).toBe('prices.csv line 3: hour_start_utc');
    expect(gap.message).toContain('2024-03-10T08:00Z');
    const dup = catchAppError(() => parsePowerPriceTable(hubs('2024-11-03T07:00:00Z,a,1,2,3', '2024-11-03T07:00:00Z,b,1,2,3')));
    expect(dup.message).toMatch(/line 3.*duplicate hour 2024-11-03T07:00Z \(also on line 2\)/);
    expect(catchAppError(() => parsePowerPriceTable(hubs('2024-01-01T02:00:00Z,a,1,2,3', '2024-01-01T02:30:00Z,b,1,2,3'))).message).toMatch(/line 3.*overlaps/);
  });

  it('rejects a header with no price column or a hub named twice', () => {
    expect(catchAppError(() => parsePowerPriceTable('hour_start_utc,hour_start_local\n2024-01-01T00:00:00Z,a\n')).message).toMatch(
      /line 1.*one price column per hub/,
    );
    expect(catchAppError(() => parsePowerPriceTable('hour_start_utc,HB_WEST,HB_WEST\n2024-01-01T00:00:00Z,1,2\n')).message).toMatch(
      /line 1.*HB_WEST appears twice/,
    );
  });
});
