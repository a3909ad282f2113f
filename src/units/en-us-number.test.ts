import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { formatEnUs, type EnUsNumberOptions } from './en-us-number.js';

// The reference is Intl itself: formatEnUs must write exactly what toLocaleString('en-US') writes.
const intl = (v: number | bigint, o: EnUsNumberOptions = {}): string => new Intl.NumberFormat('en-US', o).format(v);

describe('formatEnUs writes numbers as en-US toLocaleString does', () => {
  it('hand-picked cases: grouping, defaults, ties, the shortest decimal, signs, non-finite', () => {
    const cases: [number | bigint, EnUsNumberOptions, string][] = [
      [840000, {}, '840,000'],
      [1234.5678, {}, '1,234.568'],
      [0, {}, '0'],
      [-0, {}, '-0'],
      [999.9996, {}, '1,000'],
      [1.005, { maximumFractionDigits: 2 }, '1.01'], // the shortest decimal 1.005, not the binary 1.00499…
      [2.5, { maximumFractionDigits: 0 }, '3'],
      [-2.5, { maximumFractionDigits: 0 }, '-3'],
      [-0.001, { maximumFractionDigits: 2 }, '-0'],
      [0.06, { maximumFractionDigits: 0 }, '0'],
      [12.3, { minimumFractionDigits: 2, maximumFractionDigits: 2 }, '12.30'],
      [12.3, { minimumFractionDigits: 5 }, '12.30000'],
      [86_000.123, { maximumSignificantDigits: 3 }, '86,000'],
      [0.000012345, { maximumSignificantDigits: 3 }, '0.0000123'],
      [1e21, {}, '1,000,000,000,000,000,000,000'],
      [1e-7, { maximumFractionDigits: 10 }, '0.0000001'],
      [2_100_000_000_000_000n, {}, '2,100,000,000,000,000'],
      [-1234n, {}, '-1,234'],
      [Number.NaN, {}, 'NaN'],
      [Number.POSITIVE_INFINITY, {}, '∞'],
      [Number.NEGATIVE_INFINITY, {}, '-∞'],
    ];
    // None of these needs Intl: the point of formatEnUs is that a CLI run never loads it.
    const spy = vi.spyOn(Number.prototype, 'toLocaleString');
    try {
      for (const [v, o, text] of cases) expect(formatEnUs(v, o), `${v} ${JSON.stringify(o)}`).toBe(text);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    for (const [v, o, text] of cases) expect(intl(v, o), `Intl: ${v} ${JSON.stringify(o)}`).toBe(text);
  });

  it('hands Intl only a double of more than 14 digits asked for more than 14 (where ICU rounds its own approximation)', () => {
    // ICU writes 9,999,999.99999999 here; the shortest decimal 9999999.999999994 would keep the 4.
    expect(formatEnUs(-9999999.999999994, { maximumSignificantDigits: 16 })).toBe('-9,999,999.99999999');
    expect(formatEnUs(0.1 + 0.2, { maximumFractionDigits: 20 })).toBe('0.30000000000000004');
  });

  it('matches Intl on random doubles of every magnitude, ties and integers included, under random options', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e7, max: 1e7, noNaN: true }),
      fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000), // three-place decimals: ties at 2 places
      fc.integer({ min: -2e6, max: 2e6 }).map((n) => n / 2), // exact halves
      fc.integer({ min: -30, max: 30 }).chain((e) => fc.integer({ min: 1, max: 999_999 }).map((m) => m * 10 ** e)),
    );
    const options = fc.oneof(
      fc.constant({}),
      fc.record({ maximumFractionDigits: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ minimumFractionDigits: fc.integer({ min: 0, max: 8 }) }),
      fc.integer({ min: 0, max: 8 }).chain((min) => fc.integer({ min, max: 12 }).map((max) => ({ minimumFractionDigits: min, maximumFractionDigits: max }))),
      fc.record({ maximumSignificantDigits: fc.integer({ min: 1, max: 21 }) }),
    );
    fc.assert(
      fc.property(value, options, (v, o) => formatEnUs(v, o) === intl(v, o)),
      { numRuns: 4_000 },
    );
  });

  it('matches Intl on bigints, with and without significant digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.option(fc.integer({ min: 1, max: 21 }), { nil: undefined }), (v, sig) => {
        const o = sig === undefined ? {} : { maximumSignificantDigits: sig };
        return formatEnUs(v, o) === intl(v, o);
      }),
      { numRuns: 1_000 },
    );
  });

  it('refuses digit options Intl refuses', () => {
    expect(() => formatEnUs(1, { minimumFractionDigits: 3, maximumFractionDigits: 2 })).toThrow(RangeError);
    expect(() => formatEnUs(1, { maximumFractionDigits: 101 })).toThrow(RangeError);
    expect(() => formatEnUs(1, { maximumSignificantDigits: 0 })).toThrow(RangeError);
    expect(() => intl(1, { minimumFractionDigits: 3, maximumFractionDigits: 2 })).toThrow(RangeError);
  });
});
