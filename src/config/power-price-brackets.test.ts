import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors.js';
import { parsePowerPriceBracketsCsv } from './power-price-brackets.js';

const parse = (text: string) => parsePowerPriceBracketsCsv(text, 'brackets.csv');

function failure(text: string): ParseError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}

describe('power price brackets CSV', () => {
  it('reads the brackets in either column order, skipping blank lines', () => {
    const want = [
      { power_price_usd_per_mwh: 30, hashrate_share: 0.25 },
      { power_price_usd_per_mwh: 45, hashrate_share: 0.5 },
      { power_price_usd_per_mwh: 70, hashrate_share: 0.25 },
    ];
    expect(parse('power_price_usd_per_mwh,hashrate_share\n30,0.25\n45,0.5\n\n70,0.25\n')).toEqual(want);
    expect(parse('\uFEFFhashrate_share,power_price_usd_per_mwh\r\n0.25,30\r\n0.5,45\r\n0.25,70\r\n')).toEqual(want);
    // Rounded shares within the tolerance are accepted as they are.
    expect(parse('power_price_usd_per_mwh,hashrate_share\n40,0.33\n50,0.33\n60,0.339\n')).toHaveLength(3);
  });

  it('names the missing column, the lines summed and a byte-order mark that is not the first character', () => {
    expect(failure('power_price_usd_per_mwh\n30\n').message).toContain('the header must name column hashrate_share once');
    expect(failure('hashrate_share\n1\n').message).toContain('the header must name column power_price_usd_per_mwh once');
    expect(failure('power_price_usd_per_mwh,hashrate_share\n\n30,0.5\n40,0.6\n').message).toContain(
      'column hashrate_share: lines 3–4 sum to 1.1, expected 1 (±0.005)',
    );
    // Only a leading BOM is dropped: one inside a later cell leaves that cell no number.
    expect(failure('power_price_usd_per_mwh,hashrate_share\n30,0.5\n4\uFEFF0,0.5\n').line).toBe(3);
  });

  it.each([
    ['power_price_usd_per_mwh,hashrate_share\n30,0.5\nabc,0.5\n', 3, 'power_price_usd_per_mwh'],
    ['power_price_usd_per_mwh,hashrate_share\n30,0.5\n1e6,0.5\n', 3, 'power_price_usd_per_mwh'],
    ['power_price_usd_per_mwh,hashrate_share\n30,0x1\n', 2, 'hashrate_share'],
    ['power_price_usd_per_mwh,hashrate_share\n30,1.5\n', 2, 'hashrate_share'],
    ['power_price_usd_per_mwh,hashrate_share\n30,0.5\n40,0.6\n', 3, 'hashrate_share'],
    ['power_price_usd_per_mwh,hashrate_share\n30,0.5,9\n', 2, 'expected 2 cells'],
    ['power_price_usd_per_mwh,share\n30,1\n', 1, 'share'],
    ['power_price_usd_per_mwh\n30\n', 1, 'hashrate_share'],
    ['power_price_usd_per_mwh,hashrate_share\n', 2, 'no brackets'],
  ])('refuses %j at line %i naming %s', (text, line, column) => {
    const e = failure(text);
    expect(e.code).toBe('PARSE');
    expect(e.line).toBe(line);
    expect(e.message).toContain('brackets.csv');
    expect(e.message).toContain(column);
  });
});
