import { describe, expect, it } from 'vitest';
import { centralOffsetHours, centralToUnixS, daylightSpan, ercotIntervalStart, FIRST_RULE_YEAR } from './central-time.js';

const utc = (iso: string): number => Date.parse(iso) / 1000;
/** A Central wall-clock time written as if it were UTC: seconds since 1970-01-01T00:00 local. */
const local = (iso: string): number => Date.parse(`${iso}Z`) / 1000;

describe('US Central time (ERCOT)', () => {
  it('CDT runs from the second Sunday of March 08:00Z to the first Sunday of November 07:00Z', () => {
    expect(daylightSpan(2024)).toEqual([utc('2024-03-10T08:00:00Z'), utc('2024-11-03T07:00:00Z')]);
    expect(daylightSpan(2025)).toEqual([utc('2025-03-09T08:00:00Z'), utc('2025-11-02T07:00:00Z')]);
    // 2026-03-01 and 2026-11-01 are Sundays themselves: the 2nd Sunday is 03-08, the 1st of November 11-01.
    expect(daylightSpan(2026)).toEqual([utc('2026-03-08T08:00:00Z'), utc('2026-11-01T07:00:00Z')]);
    expect(daylightSpan(FIRST_RULE_YEAR)).toEqual([utc('2007-03-11T08:00:00Z'), utc('2007-11-04T07:00:00Z')]);
    expect(() => daylightSpan(2006)).toThrow(RangeError);
    expect(() => daylightSpan(2024.5)).toThrow(RangeError);
  });

  it('is UTC−5 inside that span and UTC−6 outside, switching on the exact second', () => {
    const [start, end] = daylightSpan(2024);
    expect([centralOffsetHours(start - 1), centralOffsetHours(start), centralOffsetHours(end - 1), centralOffsetHours(end)]).toEqual([-6, -5, -5, -6]);
    expect(centralOffsetHours(utc('2024-07-01T12:00:00Z'))).toBe(-5);
    expect(centralOffsetHours(utc('2024-01-15T12:00:00Z'))).toBe(-6);
  });

  it('maps wall-clock times to instants: a summer noon, a winter noon, the fall-back hour twice', () => {
    expect(centralToUnixS(local('2024-07-01T12:00:00'), false)).toBe(utc('2024-07-01T17:00:00Z'));
    expect(centralToUnixS(local('2024-01-15T12:00:00'), false)).toBe(utc('2024-01-15T18:00:00Z'));
    // 2024-11-03 01:30 local happens at 06:30Z (CDT) and again at 07:30Z (CST).
    expect(centralToUnixS(local('2024-11-03T01:30:00'), false)).toBe(utc('2024-11-03T06:30:00Z'));
    expect(centralToUnixS(local('2024-11-03T01:30:00'), true)).toBe(utc('2024-11-03T07:30:00Z'));
    expect(typeof centralToUnixS(local('2024-11-03T02:30:00'), true)).toBe('string'); // 02:30 happens once
    expect(centralToUnixS(local('2024-11-03T02:30:00'), false)).toBe(utc('2024-11-03T08:30:00Z'));
    // 2024-03-10 02:30 local never happens; 01:59 CST and 03:00 CDT do.
    expect(typeof centralToUnixS(local('2024-03-10T02:30:00'), false)).toBe('string');
    expect(centralToUnixS(local('2024-03-10T01:59:00'), false)).toBe(utc('2024-03-10T07:59:00Z'));
    expect(centralToUnixS(local('2024-03-10T03:00:00'), false)).toBe(utc('2024-03-10T08:00:00Z'));
  });

  it('starts ERCOT intervals: hour ending 1–24 and quarter 1–4 of the delivery day', () => {
    const day = local('2024-07-01T00:00:00');
    expect(ercotIntervalStart(day, 1, 1, false)).toBe(utc('2024-07-01T05:00:00Z'));
    expect(ercotIntervalStart(day, 24, 4, false)).toBe(utc('2024-07-02T04:45:00Z'));
    expect(ercotIntervalStart(day, 14, 3, false)).toBe(utc('2024-07-01T18:30:00Z'));
    // Fall back: hour ending 2 runs twice, the second pass flagged.
    const nov = local('2024-11-03T00:00:00');
    expect(ercotIntervalStart(nov, 2, 1, false)).toBe(utc('2024-11-03T06:00:00Z'));
    expect(ercotIntervalStart(nov, 2, 1, true)).toBe(utc('2024-11-03T07:00:00Z'));
    // Spring forward: hour ending 3 (02:00–03:00) does not exist.
    expect(typeof ercotIntervalStart(local('2024-03-10T00:00:00'), 3, 1, false)).toBe('string');
    for (const [he, q] of [
      [0, 1],
      [25, 1],
      [1.5, 1],
      [1, 0],
      [1, 5],
      [1, 2.5],
    ] as const)
      expect(typeof ercotIntervalStart(day, he, q, false), `${he}/${q}`).toBe('string');
  });

  it('says why a time is refused: the missing spring-forward hour, a misplaced repeated-hour flag, the field out of range', () => {
    expect(centralToUnixS(local('2024-03-10T02:30:00'), false)).toMatch(/does not exist/);
    expect(centralToUnixS(local('2024-07-01T01:30:00'), true)).toMatch(/repeated-hour flag/);
    const day = local('2024-07-01T00:00:00');
    expect(ercotIntervalStart(day, 25, 1, false)).toBe('hour ending must be 1–24, got 25');
    expect(ercotIntervalStart(day, 1, 5, false)).toBe('interval must be 1–4, got 5');
  });
});
