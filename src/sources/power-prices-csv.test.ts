import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, ParseError, ValidationError } from '../errors.js';
import { localHourText, parsePowerPricesCsv, sliceHours } from './power-prices-csv.js';

const HEADER = 'hour_start_utc,hour_start_local,price_usd_per_mwh';
const csv = (...rows: string[]): string => [HEADER, ...rows].join('\n') + '\n';

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('parsePowerPricesCsv', () => {
  it('reads the embedded ERCOT HB_WEST 2024 year: 8,784 UTC hours, both DST nights intact', () => {
    const text = readFileSync(new URL('../../data/ercot_hb_west_hourly_2024.csv', import.meta.url), 'utf8');
    const s = parsePowerPricesCsv(text, 'ercot_hb_west_hourly_2024.csv');
    expect(s.price_usd_per_mwh.length).toBe(8_784); // 2024 is a leap year
    expect(s.start_unix_s).toBe(Date.UTC(2024, 0, 1) / 1000);
    expect(s.price_usd_per_mwh[0]).toBeCloseTo(27.595, 6); // first row of the file
    const mean = s.price_usd_per_mwh.reduce((a, b) => a + b, 0) / s.price_usd_per_mwh.length;
    expect(mean).toBeCloseTo(27.433, 2); // HB_WEST 2024 mean of hourly means
    expect(Math.max(...s.price_usd_per_mwh)).toBeCloseTo(3056.645, 3); // the year's scarcity spike
    expect(s.price_usd_per_mwh.filter((p) => p < 0).length).toBe(858); // negative-price hours kept
  });

  it('names the line of a price that is not a number', () => {
    const e = caught(() => parsePowerPricesCsv(csv('2024-01-01T00:00:00Z,x,10', '2024-01-01T01:00:00Z,x,n/a'), 'p.csv'));
    expect(e.code).toBe('PARSE');
    expect((e as ParseError).line).toBe(3);
    expect(e.message).toContain('price_usd_per_mwh');
  });

  it('rejects a malformed or local time', () => {
    const e = caught(() => parsePowerPricesCsv(csv('2024-01-01T00:00-06:00,x,10')));
    expect(e.code).toBe('PARSE');
    expect((e as ParseError).line).toBe(2);
  });

  it('rejects a duplicate hour (DST fall-back written in local time)', () => {
    const e = caught(() => parsePowerPricesCsv(csv('2024-11-03T06:00:00Z,a,1', '2024-11-03T07:00:00Z,b,2', '2024-11-03T07:00:00Z,c,3')));
    expect(e.code).toBe('VALIDATION');
    expect((e as ValidationError).issues[0]?.path).toContain('line 4');
    expect(e.message).toContain('line 3');
  });

  it('rejects a gap and names the missing hour', () => {
    const e = caught(() => parsePowerPricesCsv(csv('2024-03-10T07:00:00Z,a,1', '2024-03-10T09:00:00Z,b,2')));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('2024-03-10T08:00Z');
  });

  it('rejects overlapping hours: out of order or not on the hour', () => {
    expect(caught(() => parsePowerPricesCsv(csv('2024-01-01T02:00:00Z,a,1', '2024-01-01T01:00:00Z,b,2'))).code).toBe('VALIDATION');
    expect(caught(() => parsePowerPricesCsv(csv('2024-01-01T02:00:00Z,a,1', '2024-01-01T02:30:00Z,b,2'))).code).toBe('VALIDATION');
  });

  it('rejects a file without the required columns or rows', () => {
    expect(caught(() => parsePowerPricesCsv('time,price\n2024-01-01T00:00:00Z,1\n')).code).toBe('PARSE');
    expect(caught(() => parsePowerPricesCsv(`${HEADER}\n`)).code).toBe('PARSE');
  });
});

describe('sliceHours and localHourText', () => {
  const s = parsePowerPricesCsv(csv('2024-01-01T00:00:00Z,a,1', '2024-01-01T01:00:00Z,b,2', '2024-01-01T02:00:00Z,c,3'));
  it('slices by UTC time and refuses ranges outside the file', () => {
    const t0 = Date.UTC(2024, 0, 1) / 1000;
    expect([...sliceHours(s, t0 + 3600, t0 + 3 * 3600).price_usd_per_mwh]).toEqual([2, 3]);
    expect(caught(() => sliceHours(s, t0, t0 + 4 * 3600)).code).toBe('VALIDATION');
  });
  it('shows US Central local time with its offset across the fall-back night', () => {
    expect(localHourText(Date.UTC(2024, 10, 3, 6) / 1000, 'America/Chicago')).toBe('2024-11-03T01:00-05:00');
    expect(localHourText(Date.UTC(2024, 10, 3, 7) / 1000, 'America/Chicago')).toBe('2024-11-03T01:00-06:00');
    expect(localHourText(Date.UTC(2024, 0, 1) / 1000, 'UTC')).toBe('2024-01-01T00:00+00:00');
  });
});
