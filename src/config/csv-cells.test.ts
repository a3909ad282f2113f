import { describe, expect, it } from 'vitest';
import { parseDecimal, parseUtc, unquote } from './csv-cells.js';

describe('parseDecimal', () => {
  it('takes plain decimal numbers', () => {
    expect(['0', '-12', '+3', '27.595', '.5', '5.', '1e3', '-2.5E-2'].map(parseDecimal)).toEqual([0, -12, 3, 27.595, 0.5, 5, 1000, -0.025]);
  });
  it('rejects what Number() would also take: hex, binary, octal, Infinity, padding, the empty string', () => {
    for (const t of ['0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', ' 12 ', '12 ', '', '1e', 'e3', '1_000', '1e999'])
      expect(parseDecimal(t), t).toBeUndefined();
  });
});

describe('parseUtc', () => {
  it('reads a real UTC time', () => {
    expect(parseUtc('2024-02-29T01:00:00Z')).toBe(Date.UTC(2024, 1, 29, 1) / 1000);
    expect(parseUtc('2024-02-29T01:30Z')).toBe(Date.UTC(2024, 1, 29, 1, 30) / 1000);
  });
  it('rejects impossible dates and times instead of rolling them over', () => {
    for (const t of [
      '2024-02-30T01:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-03-32T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:60:00Z',
      '2024-01-01T00:00:60Z',
      '2024-01-01 00:00:00Z',
    ]) {
      expect(parseUtc(t), t).toBeUndefined();
    }
  });
});

describe('parseUtc: edges of the clock and the calendar', () => {
  it('the last minute and second of a day; a two-digit year is not a 1900s year', () => {
    expect(parseUtc('2024-12-31T23:59:59Z')).toBe(Date.UTC(2024, 11, 31, 23, 59, 59) / 1000);
    expect(parseUtc('2024-01-01T00:59Z')).toBe(Date.UTC(2024, 0, 1, 0, 59) / 1000);
    // Date.UTC maps years 0–99 onto 1900–1999: year 50 would read as 1950.
    expect(parseUtc('0050-01-01T00:00Z')).toBeUndefined();
  });
});

describe('unquote', () => {
  it('trims, then drops one pair of surrounding double quotes', () => {
    expect([' a ', '"a,b"', '  "x"  ', '""', '"', '"a', 'a"', '""a""', '"a" b'].map(unquote)).toEqual(['a', 'a,b', 'x', '', '"', '"a', 'a"', '"a"', '"a" b']);
  });
});
