import { describe, expect, it } from 'vitest';
import { bip34Height, BIP34_HEIGHT, BIP34_HEIGHTS, coinbaseFacts, coinbaseTag, trustedBip34Height } from './coinbase.js';
import { hexToBytes } from './reader.js';
import type { Transaction } from './transaction.js';

const push = (hex: string): Uint8Array => hexToBytes(hex);

describe('BIP34 height push', () => {
  it('reads minimally encoded little-endian heights of 1–8 bytes', () => {
    // Block 840,000's coinbase starts 03 40d10c: 0x0cd140 = 840,000.
    expect(bip34Height(push('0340d10c2f666f756e647279'))).toEqual({ height: 840_000, pushBytes: 4 });
    expect(bip34Height(push('035b7a03'))).toEqual({ height: 227_931, pushBytes: 4 }); // the first BIP34 block
    expect(bip34Height(push('017f'))).toEqual({ height: 127, pushBytes: 2 });
    expect(bip34Height(push('028000'))).toEqual({ height: 128, pushBytes: 3 });
    // 8 bytes: 2^53 − 1 is the largest height a number holds.
    expect(bip34Height(push('08ffffffffffff1f00'))).toEqual({ height: Number.MAX_SAFE_INTEGER, pushBytes: 9 });
    expect(bip34Height(push('08000000000000200000'))).toBeNull(); // 2^53: past a safe integer
  });

  it('reads OP_0 as 0 and OP_1…OP_16 as 1…16', () => {
    expect(bip34Height(push('00'))).toEqual({ height: 0, pushBytes: 1 });
    expect(bip34Height(push('51'))).toEqual({ height: 1, pushBytes: 1 });
    expect(bip34Height(push('60'))).toEqual({ height: 16, pushBytes: 1 });
    expect(bip34Height(push('61'))).toBeNull(); // OP_NOP
    expect(bip34Height(push('50'))).toBeNull(); // OP_RESERVED
    expect(bip34Height(push('4f'))).toBeNull(); // OP_1NEGATE
  });

  it('has no height for an empty script, a push of 0 or more than 8 bytes, a truncated or a negative push', () => {
    expect(bip34Height(new Uint8Array())).toBeNull();
    expect(bip34Height(push('09' + '01'.repeat(9)))).toBeNull();
    expect(bip34Height(push('0901' + '00'.repeat(8)))).toBeNull(); // a 9-byte push of 1
    expect(bip34Height(push('0340d1'))).toBeNull(); // 3 bytes promised, 2 given
    expect(bip34Height(push('0340d10c'))).not.toBeNull(); // exactly the 3 promised
    expect(bip34Height(push('0180'))).toBeNull(); // sign bit set: −0
    expect(bip34Height(push('02ff80'))).toBeNull(); // −255
    expect(bip34Height(push('02ff7f'))).toEqual({ height: 32_767, pushBytes: 3 });
  });

  it('is trusted only from a version-2 block at or above the activation height', () => {
    expect(BIP34_HEIGHTS).toEqual({ main: 227_931, testnet: 21_111, testnet4: 1, signet: 1, regtest: 1 });
    expect(trustedBip34Height(2, BIP34_HEIGHT)).toBe(BIP34_HEIGHT);
    expect(trustedBip34Height(2, BIP34_HEIGHT - 1)).toBeNull();
    expect(trustedBip34Height(1, 840_000)).toBeNull();
    expect(trustedBip34Height(2, null)).toBeNull();
    expect(trustedBip34Height(0x20000000, 840_000)).toBe(840_000);
    expect(trustedBip34Height(2, 1, BIP34_HEIGHTS.regtest)).toBe(1);
    expect(trustedBip34Height(2, 0, BIP34_HEIGHTS.regtest)).toBeNull();
  });
});

describe('coinbase tag and facts', () => {
  it('keeps printable ASCII after the height push, drops other bytes, trims', () => {
    // 03 40d10c, then "  /Foundry USA/" with a 0x00 and a 0x7f inside, then a space.
    const script = push('0340d10c2020' + Buffer.from('/Foundry').toString('hex') + '00' + Buffer.from(' USA/').toString('hex') + '7f20');
    expect(coinbaseTag(script, true)).toBe('/Foundry USA/');
    // Not skipping: the push bytes 0x40 ('@') and 0x0c read as text too.
    expect(coinbaseTag(script, false)).toBe('@  /Foundry USA/');
    expect(coinbaseTag(push('7e7f1f20'), false)).toBe('~');
    expect(coinbaseTag(new Uint8Array(), true)).toBe('');
  });

  it('sums the outputs, lists each payout address once and skips OP_RETURN', () => {
    const p2pkh = hexToBytes('76a914751e76e8199196d454941c45d1b3a323f1433bd688ac');
    const tx = {
      inputs: [{ scriptSig: push('0340d10c' + Buffer.from('/pool/').toString('hex')) }],
      outputs: [
        { value_sat: 312_500_000n, script: p2pkh },
        { value_sat: 0n, script: hexToBytes('6a24aa21a9ed' + '00'.repeat(32)) },
        { value_sat: 5_000n, script: p2pkh },
      ],
    } as unknown as Transaction;
    expect(coinbaseFacts(tx)).toEqual({ height: 840_000, value_sat: 312_505_000n, tag: '/pool/', payout_addresses: ['1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH'] });
    // The genesis scriptSig starts by pushing nBits 0x1d00ffff: read as a "height" of 486,604,799,
    // which is why heights are trusted only from BIP34 on (trustedBip34Height).
    const genesis = { inputs: [{ scriptSig: push('04ffff001d0104' + Buffer.from('The Times').toString('hex')) }], outputs: [] } as unknown as Transaction;
    expect(coinbaseFacts(genesis)).toMatchObject({ height: 486_604_799, value_sat: 0n, tag: 'The Times' });
    // A script that starts with no push is tag text from its first byte.
    const tagOnly = { inputs: [{ scriptSig: push('4f' + Buffer.from('/x/').toString('hex')) }], outputs: [] } as unknown as Transaction;
    expect(coinbaseFacts(tagOnly)).toMatchObject({ height: null, tag: 'O/x/' });
    expect(coinbaseFacts({ inputs: [], outputs: [] } as unknown as Transaction)).toEqual({ height: null, value_sat: 0n, tag: '', payout_addresses: [] });
  });
});
