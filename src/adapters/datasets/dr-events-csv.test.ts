import { describe, expect, it } from 'vitest';
import { catchError } from '../../../test/helpers/catch-error.js';
import type { AppError, ParseError, ValidationError } from '../../errors.js';
import { parseDrEventsCsv } from './dr-events-csv.js';

const HEADER = 'site,hour_start_utc,cap_mw,payment_usd_per_mwh';
const sites = [
  { id: 'west', cap_mw: 150 },
  { id: 'north', cap_mw: 60 },
];
const start = Date.UTC(2024, 1, 1) / 1000; // 2024-02-01T00:00Z
const parse = (...rows: string[]): ReturnType<typeof parseDrEventsCsv> =>
  parseDrEventsCsv([HEADER, ...rows].join('\n') + '\n', 'dr.csv', sites, start, 24 * 60);

const caught = (fn: () => unknown): AppError => catchError(fn) as AppError;

describe('parseDrEventsCsv', () => {
  it('reads events into plan hours and skips those outside the plan', () => {
    expect(parse('north,2024-02-29T01:00:00Z,0,300', 'west,2024-02-02T00:00Z,40.5,250', 'west,2025-01-01T00:00:00Z,0,1')).toEqual([
      { site: 1, hour: 28 * 24 + 1, cap_mw: 0, payment_usd_per_mwh: 300 },
      { site: 0, hour: 24, cap_mw: 40.5, payment_usd_per_mwh: 250 },
    ]);
  });

  it('rejects 2024-02-30 instead of rolling it over to 1 March, naming line and field', () => {
    const e = caught(() => parse('west,2024-02-29T00:00:00Z,0,1', 'west,2024-02-30T01:00:00Z,0,300'));
    expect(e.code).toBe('PARSE');
    expect((e as ParseError).line).toBe(3);
    expect(e.message).toBe('dr.csv, line 3: hour_start_utc must be a real UTC hour like 2024-08-20T22:00:00Z, got "2024-02-30T01:00:00Z"');
  });

  it('rejects 2024-03-32 with the line and field, not NaN', () => {
    const e = caught(() => parse('west,2024-03-32T00:00:00Z,0,300'));
    expect(e.code).toBe('PARSE');
    expect(e.message).toContain('line 2: hour_start_utc');
    expect(e.message).not.toContain('NaN');
  });

  it('rejects the same site-hour twice, naming both lines', () => {
    const e = caught(() => parse('west,2024-02-02T05:00:00Z,10,300', 'north,2024-02-02T05:00:00Z,10,300', 'west,2024-02-02T05:00Z,20,100')) as ValidationError;
    expect(e.code).toBe('VALIDATION');
    expect(e.issues[0]!.path).toBe('dr.csv line 4: hour_start_utc');
    expect(e.issues[0]!.message).toBe('site west has an event at 2024-02-02T05:00Z on line 2 already; give one row per site-hour');
  });

  it('rejects an event cap above the site cap, naming line, site and both MW values', () => {
    const e = caught(() => parse('north,2024-02-02T05:00:00Z,60,300', 'north,2024-02-02T06:00:00Z,75,300')) as ValidationError;
    expect(e.code).toBe('VALIDATION');
    expect(e.issues[0]!.path).toBe('dr.csv line 3: cap_mw');
    expect(e.issues[0]!.message).toBe("75 MW is above site north's cap of 60 MW; an event can only lower the cap");
  });

  it('rejects non-decimal cells, a time off the hour and an unknown site', () => {
    expect(caught(() => parse('west,2024-02-02T05:00:00Z,0x10,300')).message).toContain('line 2: cap_mw must be a decimal number');
    expect(caught(() => parse('west,2024-02-02T05:00:00Z,10,Infinity')).message).toContain('line 2: payment_usd_per_mwh must be a decimal number');
    expect((caught(() => parse('west,2024-02-02T05:30:00Z,10,1')) as ValidationError).issues[0]!.path).toBe('dr.csv line 2: hour_start_utc');
    expect((caught(() => parse('south,2024-02-02T05:00:00Z,10,1')) as ValidationError).issues[0]!.path).toBe('dr.csv line 2: site');
  });
});
