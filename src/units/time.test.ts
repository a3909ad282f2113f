import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateFromDayNumber,
  dateToUnixS,
  dayNumber,
  daysBetween,
  hoursInUtcMonth,
  isIsoDate,
  localHoursOfDay,
  unixSToDate,
  unixSToIso,
} from './time.js';
import { catchAppError } from '../../test/helpers/catch-error.js';
import { ValidationError } from '../errors.js';

describe('UTC days', () => {
  it('day numbers agree with Date for every day 1600–2400 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1600, 0, 1) / 86_400_000, max: Date.UTC(2400, 0, 1) / 86_400_000 }), (day) => {
        const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(isIsoDate(date)).toBe(true);
        expect(dayNumber(date)).toBe(day);
        expect(dateToUnixS(date)).toBe(day * 86_400);
        expect(unixSToDate(day * 86_400)).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });

  it('knows the calendar: leap years, month lengths, the form', () => {
    expect(dayNumber('2009-01-03')).toBe(14_247); // genesis day
    expect(dateToUnixS('2024-04-20')).toBe(1_713_571_200);
    for (const ok of ['2024-02-29', '2000-02-29', '2025-12-31']) expect(isIsoDate(ok)).toBe(true);
    for (const bad of [
      '2025-02-29',
      '2100-02-29',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-01-00',
      '2025-01-32',
      '2025-1-01',
      '20250101',
      ' 2025-01-01',
    ])
      expect(isIsoDate(bad)).toBe(false);
    const e = catchAppError(() => dayNumber('2025-02-30'));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues[0]?.path).toBe('date');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });

  it('counts days between dates and writes instants in ISO-8601', () => {
    // The 2020 and 2024 halvings: 2020-05-11 to 2024-04-20 is 1,440 days.
    expect(daysBetween('2020-05-11', '2024-04-20')).toBe(1440);
    expect(daysBetween('2024-04-20', '2020-05-11')).toBe(-1440);
    expect(dateFromDayNumber(14_247)).toBe('2009-01-03');
    // Block 840,000: 2024-04-20T00:09:27Z.
    expect(unixSToIso(1_713_571_767)).toBe('2024-04-20T00:09:27Z');
    expect(unixSToIso(1_713_571_767.5)).toBe('2024-04-20T00:09:27.500Z');
  });
});

describe('local hours and month lengths', () => {
  const utc = (iso: string): number => Date.parse(iso) / 1000;
  it('gives the UTC hour of day when no zone (or UTC) is given, also before 1970', () => {
    expect([...localHoursOfDay(utc('2024-07-01T22:00:00Z'), 4)]).toEqual([22, 23, 0, 1]);
    expect([...localHoursOfDay(utc('2024-07-01T22:00:00Z'), 4, 'UTC')]).toEqual([22, 23, 0, 1]);
    expect([...localHoursOfDay(utc('1969-12-31T22:00:00Z'), 3)]).toEqual([22, 23, 0]);
  });

  it('follows a zone’s clock: Chicago skips 02:00 on 2024-03-10, Kolkata (UTC+5:30) shows the hour at each UTC hour’s start', () => {
    expect([...localHoursOfDay(utc('2024-03-10T06:00:00Z'), 4, 'America/Chicago')]).toEqual([0, 1, 3, 4]);
    expect([...localHoursOfDay(utc('2024-01-01T00:00:00Z'), 2, 'Asia/Kolkata')]).toEqual([5, 6]);
  });

  it('counts 744 hours in January, 696 in February 2024 (leap), 672 in February 2023 and 720 in April', () => {
    expect(['2024-01-15', '2024-02-29', '2023-02-01', '2024-04-30'].map((d) => hoursInUtcMonth(utc(`${d}T23:00:00Z`)))).toEqual([744, 696, 672, 720]);
  });
});
