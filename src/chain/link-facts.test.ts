import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mainnetBlocks } from '../../test/helpers/fixtures.js';
import { chain, heightPush } from '../../test/helpers/synthetic-chain.js';
import { ParseError } from '../errors.js';
import { parseBlockPrefix, readCoinbase } from './block.js';
import { bip34Height, BIP34_HEIGHT, trustedBip34Height } from './coinbase.js';
import { hash256 } from './header.js';
import { LinkFactsReader, parseLinkFacts } from './link-facts.js';
import { encodeVarint, MAX_COMPACT_SIZE } from './reader.js';

// The walk's fallback is the general parser's readCoinbase: counting its calls tells which blocks
// the walk accepted on its own (the reference below calls it inside block.ts, not through this spy).
vi.mock('./block.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./block.js')>();
  return { ...actual, readCoinbase: vi.fn(actual.readCoinbase) };
});
const fallbacks = vi.mocked(readCoinbase);
beforeEach(() => {
  fallbacks.mockClear();
});

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

/** Parts of a one-coinbase block prefix, as bytes; the defaults are a BIP34 segwit coinbase of 702,861. */
interface Parts {
  count: number[];
  segwit: boolean;
  flag: number[];
  inputCount: number[];
  prevout: number[];
  scriptLen?: number[];
  script: number[];
  /** Raw inputs after the first (each prevout, scriptSig and sequence). */
  moreInputs?: number[];
  outputCount?: number[];
  outputs: { value: bigint; scriptLen?: number[]; script: number[] }[];
  witnessCount?: number[];
  witness: { len?: number[]; item: number[] }[];
}

const b702861 = blocks.find((b) => b.height === 702861)!;
const le = (n: bigint, bytes: number): number[] => Array.from({ length: bytes }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
const varint = (n: number): number[] => [...encodeVarint(n)];

function prefix(change: Partial<Parts> = {}): Uint8Array {
  const p: Parts = {
    count: [0x01],
    segwit: true,
    flag: [0x00, 0x01],
    inputCount: [0x01],
    prevout: [...new Array<number>(32).fill(0), 0xff, 0xff, 0xff, 0xff],
    script: [...heightPush(702_861), ...Buffer.from('/hashfloor/', 'latin1')],
    outputs: [{ value: 625_000_000n, script: [0x00, 0x14, ...new Array<number>(20).fill(7)] }],
    witness: [{ item: new Array<number>(32).fill(0) }],
    ...change,
  };
  return Uint8Array.from([
    ...b702861.bytes.subarray(0, 80),
    ...p.count,
    ...le(2n, 4),
    ...(p.segwit ? p.flag : []),
    ...p.inputCount,
    ...p.prevout,
    ...(p.scriptLen ?? varint(p.script.length)),
    ...p.script,
    ...le(0xffff_ffffn, 4),
    ...(p.moreInputs ?? []),
    ...(p.outputCount ?? varint(p.outputs.length)),
    ...p.outputs.flatMap((o) => [...le(o.value, 8), ...(o.scriptLen ?? varint(o.script.length)), ...o.script]),
    ...(p.segwit ? [...(p.witnessCount ?? varint(p.witness.length)), ...p.witness.flatMap((w) => [...(w.len ?? varint(w.item.length)), ...w.item])] : []),
    ...le(0n, 4),
  ]);
}

/** Core's MAX_MONEY in satoshis. */
const MAX_MONEY_SAT = 2_100_000_000_000_000n;

describe('LinkFactsReader: the walk decides alone what the general parser accepts', () => {
  const reader = new LinkFactsReader();

  it('real mainnet blocks, their exact header-and-coinbase prefixes and synthetic segwit blocks: no fallback to the general parser', () => {
    for (const b of blocks) {
      const cut = b.bytes.subarray(0, parseBlockPrefix(b.bytes).prefixBytes);
      expect(fast(reader, b.bytes)).toEqual(reference(b.bytes));
      expect(fast(reader, cut)).toEqual(reference(cut));
    }
    for (const b of chain({ length: 12, seed: 9, blockBytes: (h) => (h % 2 === 0 ? 700 : 0) }))
      expect(fast(new LinkFactsReader(1), b.bytes)).toEqual(reference(b.bytes, 1));
    expect(fallbacks).not.toHaveBeenCalled();
  });

  it('edge values the general parser accepts: 253, 65,536 and 32 MiB transactions, empty scriptSig, outputs, scripts and witness, 21M BTC exactly', () => {
    const edges: Record<string, Uint8Array> = {
      'the default': prefix(),
      '253 transactions (0xfd form)': prefix({ count: [0xfd, 0xfd, 0x00] }),
      '65,536 transactions (0xfe form)': prefix({ count: [0xfe, 0x00, 0x00, 0x01, 0x00] }),
      '32 MiB transactions': prefix({ count: [0xfe, ...le(BigInt(MAX_COMPACT_SIZE), 4)] }),
      'an empty scriptSig': prefix({ script: [] }),
      'a 253-byte scriptSig': prefix({ script: [...heightPush(702_861), ...new Array<number>(249).fill(0x41)] }),
      'no outputs': prefix({ outputs: [] }),
      'an empty output script': prefix({ outputs: [{ value: 1n, script: [] }] }),
      '21M BTC exactly, then 0 sat': prefix({
        outputs: [
          { value: MAX_MONEY_SAT, script: [0x51] },
          { value: 0n, script: [0x6a] },
        ],
      }),
      'an empty witness stack': prefix({ witness: [] }),
      'an empty witness item': prefix({ witness: [{ item: [] }, { item: [1] }] }),
      'no segwit marker': prefix({ segwit: false }),
    };
    for (const [what, bytes] of Object.entries(edges)) expect(fast(reader, bytes), what).toEqual(reference(bytes));
    expect(fallbacks).not.toHaveBeenCalled();
    expect(reader.read(edges['the default']!).bip34Height).toBe(702_861);
    expect(reader.read(edges['an empty scriptSig']!).bip34Height).toBeNull();
  });

  it('refuses what the general parser refuses, which then throws its ParseError: bad CompactSizes in every field, no coinbase, a bad segwit flag, 21M BTC + 1 sat', () => {
    // Each wrong CompactSize form, for the values the field would hold.
    const bad = (n: number): number[][] => [
      [0xfd, ...le(BigInt(n), 2)],
      [0xfe, ...le(BigInt(n), 4)],
      [0xff, ...le(BigInt(n), 8)],
    ];
    const cases: [string, Uint8Array][] = [
      ['no transactions', prefix({ count: [0x00] })],
      ['32 MiB + 1 transactions', prefix({ count: [0xfe, ...le(BigInt(MAX_COMPACT_SIZE + 1), 4)] })],
      ['65,535 transactions in the 0xfe form', prefix({ count: [0xfe, 0xff, 0xff, 0x00, 0x00] })],
      ['252 transactions in the 0xfd form', prefix({ count: [0xfd, 0xfc, 0x00] })],
      ['two inputs', prefix({ inputCount: [0x02] })],
      [
        'two whole inputs, the first a null prevout',
        prefix({ segwit: false, inputCount: [0x02], moreInputs: [...new Array<number>(32).fill(1), 0, 0, 0, 0, 0x00, 0xff, 0xff, 0xff, 0xff] }),
      ],
      ['a prevout txid ending in 01', prefix({ prevout: [...new Array<number>(31).fill(0), 0x01, 0xff, 0xff, 0xff, 0xff] })],
      ['prevout index 0xfffffffe', prefix({ prevout: [...new Array<number>(32).fill(0), 0xfe, 0xff, 0xff, 0xff] })],
      ['segwit flag 0x02', prefix({ flag: [0x00, 0x02] })],
      ['21M BTC + 1 sat', prefix({ outputs: [{ value: MAX_MONEY_SAT + 1n, script: [0x51] }] })],
      ['2^63 sat', prefix({ outputs: [{ value: 1n << 63n, script: [0x51] }] })],
      // Non-canonical 0xff form whose low 4 bytes alone would be a canonical 0xfe value; the item
      // is sized so that reading them as one would end exactly at the locktime.
      ['a witness item length of 65,536 in the 0xff form', prefix({ witness: [{ len: [0xff, ...le(65_536n, 8)], item: new Array<number>(65_532).fill(0) }] })],
      ...bad(1).map((v): [string, Uint8Array] => [`output count ${v.join(',')} without segwit`, prefix({ segwit: false, outputCount: v })]),
      ...bad(1).flatMap((v): [string, Uint8Array][] => [
        [`tx count ${v.join(',')}`, prefix({ count: v })],
        [`input count ${v.join(',')}`, prefix({ inputCount: v })],
        [`output count ${v.join(',')}`, prefix({ outputCount: v })],
        [`witness count ${v.join(',')}`, prefix({ witnessCount: v })],
      ]),
      ...bad(0).flatMap((v): [string, Uint8Array][] => [
        [`scriptSig length ${v.join(',')}`, prefix({ scriptLen: v, script: [] })],
        [`output script length ${v.join(',')}`, prefix({ outputs: [{ value: 1n, scriptLen: v, script: [] }] })],
        [`witness item length ${v.join(',')}`, prefix({ witness: [{ len: v, item: [] }] })],
      ]),
    ];
    for (const [what, bytes] of cases) {
      const want = reference(bytes);
      expect(want, what).toHaveProperty('error');
      expect(fast(reader, bytes), what).toEqual(want);
    }
    expect(fallbacks).toHaveBeenCalledTimes(cases.length);
  });

  it('trusts a pushed height of 0 (OP_0) where BIP34 is a rule from height 0', () => {
    const bytes = prefix({ script: [0x00, ...Buffer.from('/hashfloor/', 'latin1')] });
    expect(new LinkFactsReader(0).read(bytes).bip34Height).toBe(0);
    expect(reader.read(bytes).bip34Height).toBeNull();
  });
});
