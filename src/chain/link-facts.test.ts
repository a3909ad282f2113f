import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mainnetBlocks } from '../../test/helpers/fixtures.js';
import { chain } from '../../test/helpers/synthetic-chain.js';
import { ParseError } from '../errors.js';
import { parseBlockPrefix } from './block.js';
import { bip34Height, BIP34_HEIGHT, trustedBip34Height } from './coinbase.js';
import { hash256 } from './header.js';
import { LinkFactsReader, parseLinkFacts } from './link-facts.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const blocks = mainnetBlocks().map((b) => ({ ...b, bytes: Uint8Array.from(Buffer.from(b.hex, 'hex')) }));

type Outcome = { facts: { hash: string; prev: string; bits: number; bip34Height: number | null } } | { error: string; offset: number | undefined };

/** What the general parser says: parseBlockPrefix, then the BIP34 rule. */
function reference(bytes: Uint8Array, activation = BIP34_HEIGHT): Outcome {
  try {
    const p = parseBlockPrefix(bytes, 1000, 'blk00000.dat');
    const pushed = bip34Height(p.coinbase.inputs[0]?.scriptSig ?? new Uint8Array())?.height ?? null;
    return {
      facts: {
        hash: hex(hash256(bytes.subarray(0, 80))),
        prev: hex(bytes.subarray(4, 36)),
        bits: p.header.bits,
        bip34Height: trustedBip34Height(p.header.version, pushed, activation),
      },
    };
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    return { error: err.message, offset: err.offset };
  }
}

function fast(reader: LinkFactsReader, bytes: Uint8Array): Outcome {
  try {
    const f = reader.read(bytes, 1000, 'blk00000.dat');
    return { facts: { hash: hex(f.hash), prev: hex(f.prev), bits: f.bits, bip34Height: f.bip34Height } };
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    return { error: err.message, offset: err.offset };
  }
}

describe('LinkFactsReader: the general parser’s verdicts without its objects', () => {
  const reader = new LinkFactsReader();

  it('real mainnet blocks: hash, parent, bits and the BIP34 height where it is a rule', () => {
    for (const b of blocks) expect(fast(reader, b.bytes)).toEqual(reference(b.bytes));
    const byHeight = new Map(blocks.map((b) => [b.height, reader.read(b.bytes).bip34Height]));
    expect(byHeight.get(702861)).toBe(702861);
    expect(byHeight.get(361582)).toBe(361582);
    expect(byHeight.get(0)).toBeNull(); // version 1, before BIP34
    expect(byHeight.get(null)).toBeNull(); // 2010: its coinbase push is not a height
    expect(hex(reader.read(blocks[0]!.bytes).hash)).toBe(hex(hash256(blocks[0]!.bytes.subarray(0, 80))));
  });

  it('synthetic segwit chains, with the regtest activation height', () => {
    for (const b of chain({ length: 40, seed: 5, blockBytes: (h) => (h % 3 === 0 ? 2000 : 0) })) {
      expect(fast(new LinkFactsReader(1), b.bytes)).toEqual(reference(b.bytes, 1));
      expect(new LinkFactsReader(1).read(b.bytes).bip34Height).toBe(b.height === 0 ? null : b.height);
    }
  });

  it('every cut of a real block prefix: the same facts or the same ParseError (message and offset)', () => {
    for (const b of blocks) {
      const upTo = Math.min(b.bytes.length, 600);
      for (let n = 0; n <= upTo; n++) expect(fast(reader, b.bytes.subarray(0, n)), `height ${b.height}, ${n} bytes`).toEqual(reference(b.bytes.subarray(0, n)));
    }
  });

  it('any corruption of the header and coinbase: the same verdict as the general parser (fuzz)', () => {
    const sources = blocks.map((b) => b.bytes.subarray(0, Math.min(b.bytes.length, 700)));
    fc.assert(
      fc.property(
        fc.nat(sources.length - 1),
        fc.array(fc.tuple(fc.nat(699), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (which, edits) => {
          const bytes = Uint8Array.from(sources[which] as Uint8Array);
          for (const [at, v] of edits) if (at < bytes.length) bytes[at] = v;
          expect(fast(reader, bytes)).toEqual(reference(bytes));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reuses one result: what read returned is overwritten by the next read; parseLinkFacts copies', () => {
    const first = reader.read(blocks[1]!.bytes);
    const kept = parseLinkFacts(blocks[1]!.bytes);
    const second = reader.read(blocks[2]!.bytes);
    expect(second).toBe(first);
    expect(hex(kept.hash)).toBe(hex(hash256(blocks[1]!.bytes.subarray(0, 80))));
    expect(hex(kept.hash)).not.toBe(hex(second.hash));
  });
});
