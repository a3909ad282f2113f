import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mainnetHeaders } from '../../test/helpers/fixtures.js';
import { bitsToTarget, POW_LIMIT, POW_LIMIT_REGTEST } from './difficulty.js';
import { checkProofOfWork, hash256, reversedHex } from './header.js';
import { ProofOfWorkChecker } from './pow-check.js';

/** The hash (internal byte order) whose 256-bit value is `n`. */
const hashOf = (n: bigint): Uint8Array => Uint8Array.from(Buffer.from(n.toString(16).padStart(64, '0'), 'hex').reverse());
const verdict = (hash: Uint8Array, bits: number, limit: bigint) => {
  const v = checkProofOfWork({ hash: reversedHex(hash), bits }, limit);
  return v.ok ? null : v.reason;
};

describe('ProofOfWorkChecker: checkProofOfWork on bytes', () => {
  it('real mainnet headers pass', () => {
    const pow = new ProofOfWorkChecker(POW_LIMIT);
    for (const h of mainnetHeaders()) {
      const header = Buffer.from(h.header_hex, 'hex');
      expect(pow.check(hash256(header), header.readUInt32LE(72))).toBeNull();
    }
  });

  it('a hash equal to the target passes, one more fails (mainnet genesis bits 1d00ffff)', () => {
    const pow = new ProofOfWorkChecker(POW_LIMIT);
    const target = bitsToTarget(0x1d00ffff);
    expect(pow.check(hashOf(target), 0x1d00ffff)).toBeNull();
    expect(pow.check(hashOf(target + 1n), 0x1d00ffff)).toBe('hash-above-target');
    expect(pow.check(hashOf(target - 1n), 0x1d00ffff)).toBeNull();
    expect(pow.check(hashOf((1n << 256n) - 1n), 0x1d00ffff)).toBe('hash-above-target');
  });

  it('bits that fail by themselves: negative, overflowing, zero, above the network limit', () => {
    const zero = new Uint8Array(32);
    // bits 0x00000001 (a zero target) as a fresh checker's very first bits.
    expect(new ProofOfWorkChecker(POW_LIMIT).check(zero, 0x00000001)).toBe('zero-target');
    const pow = new ProofOfWorkChecker(POW_LIMIT);
    expect(pow.check(zero, 0x04923456)).toBe('negative-target');
    expect(pow.check(zero, 0xff123456)).toBe('overflow-target');
    expect(pow.check(zero, 0x00000000)).toBe('zero-target');
    expect(pow.check(zero, 0x207fffff)).toBe('above-pow-limit');
    expect(new ProofOfWorkChecker(POW_LIMIT_REGTEST).check(zero, 0x207fffff)).toBeNull();
  });

  it('agrees with checkProofOfWork for any hash and bits, bits changing or not between calls (fuzz)', () => {
    const pow = new ProofOfWorkChecker(POW_LIMIT_REGTEST);
    const bitsPool = [0x1d00ffff, 0x170ed0eb, 0x207fffff, 0x1b0404cb, 0x03123456, 0x01003456, 0x2100ffff, 0x04923456, 0x00000000];
    fc.assert(
      fc.property(fc.constantFrom(...bitsPool), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(31), (bits, hash, zeros) => {
        // Many leading zeros (high bytes in internal order) so that some hashes meet the targets.
        for (let i = 31; i > 31 - zeros; i--) hash[i] = 0;
        expect(pow.check(hash, bits)).toBe(verdict(hash, bits, POW_LIMIT_REGTEST));
      }),
      { numRuns: 3000 },
    );
  });
});
