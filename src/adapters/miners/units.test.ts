import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ghsToThs, mhsToThs, thsToGhs, thsToMhs } from '../../units/hashrate.js';
import { toThs } from './cgminer/rates.js';

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
const hashrate = fc.double({ min: 1e-6, max: 1e9, noNaN: true });

describe('firmware hashrate units', () => {
  it('GH/s and MH/s round-trip through TH/s within 1e-12 relative', () => {
    fc.assert(fc.property(hashrate, (x) => close(thsToGhs(ghsToThs(x)), x) && close(thsToMhs(mhsToThs(x)), x) && close(ghsToThs(thsToGhs(x)), x)));
  });
  it('reads rate_unit as the firmware writes it', () => {
    expect(toThs(199_241.07, 'GH/s')).toBeCloseTo(199.24107, 12);
    expect(toThs(95_000_000, 'MH/s')).toBe(95);
    expect(toThs(104, 'TH/s')).toBe(104);
    expect(toThs(1000, undefined)).toBe(1);
  });
});
