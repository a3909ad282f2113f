import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { catchAppError } from '../../test/helpers/catch-error.js';
import { assertSat, btcFloatToSat, btcStringToSat, isSat, MAX_MONEY_SAT, parseSat, satToBtc, satToBtcString, SAT_PER_BTC } from './sat.js';

const pathOf = (fn: () => unknown): string | undefined => (catchAppError(fn) as ValidationError).issues[0]?.path;

describe('satoshi amounts', () => {
  it('21M BTC is 2,100,000,000,000,000 sat, and is the largest valid amount', () => {
    expect(SAT_PER_BTC).toBe(100_000_000n);
    expect(MAX_MONEY_SAT).toBe(2_100_000_000_000_000n);
    expect([isSat(0n), isSat(MAX_MONEY_SAT), isSat(MAX_MONEY_SAT + 1n), isSat(-1n), isSat(1), isSat('1')]).toEqual([true, true, false, false, false, false]);
    expect(assertSat(MAX_MONEY_SAT)).toBe(MAX_MONEY_SAT);
    expect(assertSat(0n)).toBe(0n);
    expect(pathOf(() => assertSat(MAX_MONEY_SAT + 1n))).toBe('amount_sat');
    expect(pathOf(() => assertSat(-1n, 'fees_sat'))).toBe('fees_sat');
  });

  it('parses decimal strings of satoshis exactly, naming the field on bad input', () => {
    expect(parseSat('312500000')).toBe(312_500_000n);
    expect(parseSat('2100000000000000')).toBe(MAX_MONEY_SAT);
    for (const bad of ['', '1.5', '-1', '1e3', ' 1', '0x10'])
      expect(
        pathOf(() => parseSat(bad, 'subsidy_sat')),
        bad,
      ).toBe('subsidy_sat');
    expect(pathOf(() => parseSat('2100000000000001'))).toBe('amount_sat');
  });

  it('reads BTC strings without floats: 3.125 BTC = 312,500,000 sat, 1e-8 BTC = 1 sat', () => {
    expect(btcStringToSat('3.125')).toBe(312_500_000n);
    expect(btcStringToSat('0.00000001')).toBe(1n);
    expect(btcStringToSat(' 50 ')).toBe(5_000_000_000n);
    expect(btcStringToSat('21000000')).toBe(MAX_MONEY_SAT);
    // 0.1 + 0.2 in floats is 0.30000000000000004; as a string it is exact.
    expect(btcStringToSat('0.3')).toBe(30_000_000n);
    for (const bad of ['0.000000001', '1.', '.5', '-1', 'abc', '1,5'])
      expect(
        pathOf(() => btcStringToSat(bad)),
        bad,
      ).toBe('amount_btc');
    expect(pathOf(() => btcStringToSat('21000000.00000001', 'supply'))).toBe('supply');
  });

  it('rounds third-party float BTC to the nearest satoshi and refuses a negative amount, even one that rounds to 0 sat', () => {
    expect(btcFloatToSat(12.34567891)).toBe(1_234_567_891n);
    expect(btcFloatToSat(0.000000014)).toBe(1n);
    expect(btcFloatToSat(0.000000016)).toBe(2n);
    expect(btcFloatToSat(0)).toBe(0n);
    for (const bad of [-0.1, -4e-9, NaN, Infinity])
      expect(
        pathOf(() => btcFloatToSat(bad, 'fees')),
        String(bad),
      ).toBe('fees');
    expect(pathOf(() => btcFloatToSat(21_000_001))).toBe('amount_btc');
  });

  it('writes BTC strings exactly and converts to float BTC at the economics boundary', () => {
    expect(satToBtcString(312_500_000n)).toBe('3.125');
    expect(satToBtcString(5_000_000_000n)).toBe('50');
    expect(satToBtcString(1n)).toBe('0.00000001');
    expect(satToBtcString(0n)).toBe('0');
    expect(satToBtcString(-150_000_000n)).toBe('-1.5');
    expect(satToBtcString(MAX_MONEY_SAT)).toBe('21000000');
    expect(satToBtc(312_500_000n)).toBe(3.125);
    expect(satToBtc(1n)).toBe(1e-8);
  });
});
