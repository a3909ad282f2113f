/** Edges of the small text rules: IPv4 ranges and port lists, bracket CSVs, plausibility warnings. */
import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/helpers/catch-error.js';
import { ParseError, UsageError } from '../errors.js';
import { addressesOf, parseIpv4Range, parsePortList } from './cidr.js';
import { plausibilityWarning, plausibilityWarnings, warningLines } from './plausible.js';
import { parsePowerPriceBracketsCsv } from './power-price-brackets.js';

describe('IPv4 ranges and ports', () => {
  it('four octets 0–255, one optional prefix 0–32 of one or two digits', () => {
    expect(parseIpv4Range('255.255.255.255')).toMatchObject({ network: 2 ** 32 - 1, prefix: 32 });
    expect(parseIpv4Range('10.0.0.0/8')).toMatchObject({ prefix: 8, first: 10 * 2 ** 24 + 1, last: 11 * 2 ** 24 - 2 });
    expect(addressesOf([parseIpv4Range('10.0.0.7/32')])).toEqual(['10.0.0.7']);
    expect(parseIpv4Range('0.0.0.0/0')).toMatchObject({ prefix: 0, first: 1, last: 2 ** 32 - 2 });
    for (const t of ['1.2.3', '1.2.3.4.5', '1.2.3.256', '1.2.3.4/33', '1.2.3.4/24/5', '10.0.0.0/08', 'x.0.0.0', '10.0.0.0/'])
      expect(
        catchError(() => parseIpv4Range(t)),
        t,
      ).toBeInstanceOf(UsageError);
  });

  it('ports 1–65535, spaces allowed, duplicates once, no leading zero', () => {
    expect(parsePortList('4028, 4029,4028', '--port')).toEqual([4028, 4029]);
    expect(parsePortList('65535', '--port')).toEqual([65535]);
    for (const t of ['0', '65536', '04028', '4028x', ''])
      expect(
        catchError(() => parsePortList(t, '--port')),
        t,
      ).toBeInstanceOf(UsageError);
  });
});

describe('power price brackets CSV: edges', () => {
  const parse = (text: string) => parsePowerPriceBracketsCsv(text, 'b.csv');
  const lineOf = (text: string): number | undefined => {
    const e = catchError(() => parse(text));
    expect(e).toBeInstanceOf(ParseError);
    return (e as ParseError).line;
  };
  const head = 'power_price_usd_per_mwh,hashrate_share';

  it('prices −1,000…10,000 USD/MWh and shares 0…1 pass; blank lines are skipped', () => {
    expect(parse(`${head}\n-1000,0\n   \n10000,1\n`)).toEqual([
      { power_price_usd_per_mwh: -1000, hashrate_share: 0 },
      { power_price_usd_per_mwh: 10_000, hashrate_share: 1 },
    ]);
    expect(parse(`\uFEFF${head}\n40,1`)).toHaveLength(1);
  });

  it('names the line of a price or share out of range, an unknown column', () => {
    expect(lineOf(`${head}\n-1000.5,1`)).toBe(2);
    expect(lineOf(`${head}\n10000.5,1`)).toBe(2);
    expect(lineOf(`${head}\n40,0.5\n50,-0.1\n60,0.6`)).toBe(3);
    expect(lineOf(`${head}\n40,1.001`)).toBe(2); // within the sum's tolerance, but no share exceeds 1
    expect(lineOf(`${head},note\n40,1,x`)).toBe(1);
  });
});

describe('plausibility warnings: edges', () => {
  it('the plausible range is inclusive at both ends', () => {
    for (const [field, v] of [
      ['power_price_usd_per_mwh', 1],
      ['power_price_usd_per_mwh', 500],
      ['uptime_pct', 100],
      ['pool_fee_pct', 0],
      ['pool_fee_pct', 10],
    ] as const)
      expect(plausibilityWarning(field, v), `${field} ${v}`).toBeNull();
    expect(plausibilityWarning('power_price_usd_per_mwh', 500.5)?.path).toBe('power_price_usd_per_mwh');
    expect(plausibilityWarning('pool_fee_pct', 10.5, 'company.pool_fee_pct')?.path).toBe('company.pool_fee_pct');
  });

  it('hints at a fraction for a percentage in (0, 1], and at USD/kWh for a price in (0, 1); not at zero', () => {
    expect(plausibilityWarning('uptime_pct', 0.95)?.message).toMatch(/did you mean 95 %/);
    expect(plausibilityWarning('uptime_pct', 1)?.message).toMatch(/did you mean 100 %/);
    expect(plausibilityWarning('uptime_pct', 0)?.message).not.toMatch(/fraction/);
    expect(plausibilityWarning('power_price_usd_per_mwh', 0.05)?.message).toMatch(/did you mean 50 USD\/MWh/);
    expect(plausibilityWarning('power_price_usd_per_mwh', 0)?.message).not.toMatch(/did you mean/);
    expect(plausibilityWarning('power_price_usd_per_mwh', -5)?.message).not.toMatch(/did you mean/);
  });

  it('walks nested documents, skipping nulls; prints path: message lines', () => {
    const w = plausibilityWarnings({ a: null, sites: [{ power_price_usd_per_mwh: 900 }, null], company: { pool_fee_pct: 50 } });
    expect(w.map((x) => x.path)).toEqual(['sites[0].power_price_usd_per_mwh', 'company.pool_fee_pct']);
    expect(warningLines([{ path: 'a.b', message: 'm' }])).toEqual(['a.b: m']);
  });
});
