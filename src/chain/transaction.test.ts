import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors.js';
import { ByteReader, bytesToHex, encodeVarint, hexToBytes } from './reader.js';
import { isCoinbaseInput, parseTransaction, skipTransaction } from './transaction.js';
import { catchError } from '../../test/helpers/catch-error.js';

/** A coinbase-shaped transaction: version 2, one null-prevout input, `outs` outputs, optional witness. */
function tx(o: { segwit?: boolean; inputs?: number; outs?: bigint[]; flag?: number } = {}): Uint8Array {
  const parts: number[] = [0x02, 0, 0, 0];
  if (o.segwit) parts.push(0x00, o.flag ?? 0x01);
  const nIn = o.inputs ?? 1;
  parts.push(...encodeVarint(nIn));
  for (let i = 0; i < nIn; i++) parts.push(...new Array<number>(32).fill(0), 0xff, 0xff, 0xff, 0xff, 0x02, 0xab, 0xcd, 0xff, 0xff, 0xff, 0xfe);
  const outs = o.outs ?? [312_500_000n];
  parts.push(...encodeVarint(outs.length));
  for (const v of outs) {
    const value = new Uint8Array(8);
    new DataView(value.buffer).setBigUint64(0, v, true);
    parts.push(...value, 0x01, 0x51);
  }
  if (o.segwit) for (let i = 0; i < nIn; i++) parts.push(0x01, 0x20, ...new Array<number>(32).fill(0x11));
  parts.push(0x10, 0x00, 0x00, 0x00);
  return Uint8Array.from(parts);
}

const parseErr = (bytes: Uint8Array, skip = false): ParseError => {
  const e = catchError(() => (skip ? skipTransaction : parseTransaction)(new ByteReader(bytes, 5000, 'blk00001.dat')));
  expect(e).toBeInstanceOf(ParseError);
  return e as ParseError;
};

describe('transactions', () => {
  it('parses a legacy coinbase: fields, size, and the reader left after it', () => {
    const bytes = Uint8Array.from([...tx({ outs: [312_500_000n, 0n] }), 0xee]);
    const r = new ByteReader(bytes, 100);
    const t = parseTransaction(r);
    expect(t).toMatchObject({ version: 2, segwit: false, locktime: 16, size: bytes.length - 1, witnesses: [] });
    expect(t.inputs).toHaveLength(1);
    expect(bytesToHex(t.inputs[0]!.scriptSig)).toBe('abcd');
    expect(t.inputs[0]!.sequence).toBe(0xfeffffff);
    expect(t.outputs.map((x) => x.value_sat)).toEqual([312_500_000n, 0n]);
    expect(isCoinbaseInput(t.inputs[0]!)).toBe(true);
    expect([r.pos, r.offset]).toEqual([bytes.length - 1, 100 + bytes.length - 1]);
    const s = new ByteReader(bytes);
    skipTransaction(s);
    expect(s.pos).toBe(bytes.length - 1);
    // Read from inside a buffer (as a block's coinbase at byte 81): the size is still its own.
    expect(parseTransaction(new ByteReader(Uint8Array.from([0xee, 0xee, 0xee, ...bytes]), 0, undefined, 3)).size).toBe(bytes.length - 1);
  });

  it('parses a segwit one: marker and flag, one witness stack per input, size with the witness', () => {
    const bytes = tx({ segwit: true, inputs: 2 });
    const t = parseTransaction(new ByteReader(bytes));
    expect(t.segwit).toBe(true);
    expect(t.size).toBe(bytes.length);
    expect(t.witnesses.map((w) => w.map(bytesToHex))).toEqual([['11'.repeat(32)], ['11'.repeat(32)]]);
    const s = new ByteReader(bytes);
    skipTransaction(s);
    expect(s.remaining).toBe(0);
  });

  it('refuses a segwit flag other than 1, no inputs, an output above 21M BTC — at the offending byte', () => {
    // Flag at byte 5 (after version 4 and the marker), absolute 5000 + 5.
    expect(parseErr(tx({ segwit: true, flag: 0x02 })).offset).toBe(5005);
    expect(parseErr(tx({ segwit: true, flag: 0x02 }), true).offset).toBe(5005);
    expect(parseErr(tx({ inputs: 0 })).source).toBe('blk00001.dat');
    expect(parseErr(tx({ inputs: 0 }), true).offset).toBeGreaterThanOrEqual(5004);
    // A segwit transaction without inputs: refused after its input count (byte 6), not parsed as empty.
    expect(parseErr(tx({ segwit: true, inputs: 0 })).offset).toBe(5007);
    expect(parseErr(tx({ segwit: true, inputs: 0 }), true).offset).toBe(5007);
    // Cut right after marker and flag: the input count is missing, at byte 6.
    expect(parseErr(tx({ segwit: true }).subarray(0, 6)).offset).toBe(5006);
    expect(parseErr(tx({ segwit: true }).subarray(0, 6), true).offset).toBe(5006);
    // 21,000,000 BTC is allowed, one satoshi more is not.
    expect(parseTransaction(new ByteReader(tx({ outs: [2_100_000_000_000_000n] }))).outputs[0]!.value_sat).toBe(2_100_000_000_000_000n);
    const over = parseErr(tx({ outs: [1n, 2_100_000_000_000_001n] }));
    // Output 1's value starts after version 4, count 1, input 41 + 2 + 4, count 1, output 0 (8 + 2).
    expect(over.offset).toBe(5000 + 4 + 1 + 36 + 1 + 2 + 4 + 1 + 10);
  });

  it('a coinbase input has the null prevout: 32 zero bytes and index 0xffffffff', () => {
    const zero = new Uint8Array(32);
    const one = new Uint8Array(32);
    one[31] = 1;
    const input = (prevTxid: Uint8Array, prevIndex: number) => ({ prevTxid, prevIndex, scriptSig: new Uint8Array(), sequence: 0 });
    expect(isCoinbaseInput(input(zero, 0xffff_ffff))).toBe(true);
    expect(isCoinbaseInput(input(zero, 0))).toBe(false);
    expect(isCoinbaseInput(input(one, 0xffff_ffff))).toBe(false);
  });
});

describe('byte reader details', () => {
  it('names its source and the absolute offset in errors, and none without a source', () => {
    const e = catchError(() => new ByteReader(Uint8Array.of(1), 700, 'blk00002.dat').u32le()) as ParseError;
    expect([e.offset, e.source]).toEqual([700, 'blk00002.dat']);
    const bare = catchError(() => new ByteReader(Uint8Array.of(1), 7).u32le()) as ParseError;
    expect([bare.offset, bare.source]).toEqual([7, undefined]);
    expect(new ByteReader(Uint8Array.of(1, 2, 3), 40, undefined, 2).offset).toBe(42);
  });

  it('8-byte CompactSizes: ≤ 0xffffffff is non-canonical, above the maximum is refused', () => {
    const eight = (n: bigint): ByteReader => {
      const b = new Uint8Array(9);
      b[0] = 0xff;
      new DataView(b.buffer).setBigUint64(1, n, true);
      return new ByteReader(b);
    };
    expect(() => eight(0xffff_ffffn).varint('v', Number.MAX_SAFE_INTEGER)).toThrow(ParseError);
    expect(eight(0x1_0000_0000n).varint('v', Number.MAX_SAFE_INTEGER)).toBe(2 ** 32);
    expect(eight(0x1_0000_0000n).varint('v', 2 ** 32)).toBe(2 ** 32);
    expect(() => eight(0x1_0000_0001n).varint('v', 2 ** 32)).toThrow(ParseError);
  });

  it('encodes CompactSizes at each width boundary and refuses what is no count', () => {
    expect(bytesToHex(encodeVarint(0xfc))).toBe('fc');
    expect(bytesToHex(encodeVarint(0xfd))).toBe('fdfd00');
    expect(bytesToHex(encodeVarint(0xffff))).toBe('fdffff');
    expect(bytesToHex(encodeVarint(0x10000))).toBe('fe00000100');
    expect(bytesToHex(encodeVarint(0xffff_ffff))).toBe('feffffffff');
    expect(bytesToHex(encodeVarint(2 ** 32))).toBe('ff0000000001000000');
    expect(bytesToHex(encodeVarint(0))).toBe('00');
    for (const bad of [-1, 1.5, 2 ** 53]) expect(() => encodeVarint(bad), String(bad)).toThrow(RangeError);
    expect(() => hexToBytes('abc')).toThrow(ParseError);
    expect(() => hexToBytes('zz')).toThrow(ParseError);
  });
});
