import { describe, expect, it } from 'vitest';
import { mainnetBlocks } from '../../test/helpers/fixtures.js';
import { catchError } from '../../test/helpers/catch-error.js';
import { ParseError } from '../errors.js';
import { assertProofOfWork, parseBlockPrefix } from './block.js';
import { parseLinkFacts } from './link-facts.js';
import { coinbaseFacts } from './coinbase.js';
import { DIFF1_TARGET, POW_LIMIT } from './difficulty.js';
import { checkProofOfWork, hash256, HEADER_BYTES, parseHeader, parseHeaderHex, reversedHex, serializeHeader } from './header.js';
import { parsePoolList, PoolIndex } from './pools.js';
import { toBlockRecord } from './to-record.js';

const blocks = mainnetBlocks().map((b) => ({ ...b, bytes: Uint8Array.from(Buffer.from(b.hex, 'hex')) }));
const byHeight = (h: number) => blocks.find((b) => b.height === h)!;
const genesis = byHeight(0);
const b542213 = byHeight(542_213);
const parseErr = (fn: () => unknown): ParseError => {
  const e = catchError(fn);
  expect(e).toBeInstanceOf(ParseError);
  return e as ParseError;
};

describe('headers', () => {
  it('reads a header at an offset, and refuses offsets that are no byte position', () => {
    const shifted = Uint8Array.from([0xee, ...genesis.bytes]);
    expect(parseHeader(shifted, 1).hash).toBe(genesis.hash);
    for (const bad of [-1, 0.5, NaN]) expect(() => parseHeader(genesis.bytes, bad), String(bad)).toThrow(RangeError);
    // Also where bytes is a view with a byte before it, which a negative offset would read.
    const framed = Uint8Array.from([0, ...genesis.bytes]).subarray(1);
    expect(() => parseHeader(framed, -1)).toThrow(RangeError);
    // 79 bytes from the offset: the error points at the first missing byte, in the named file.
    const short = parseErr(() => parseHeader(genesis.bytes.subarray(0, 81), 2, 'blk00000.dat'));
    expect([short.offset, short.source]).toEqual([81, 'blk00000.dat']);
    expect(parseErr(() => parseHeader(genesis.bytes.subarray(0, 10), 20)).offset).toBe(20);
  });

  it('reads headers from hex: the first 160 digits, bad digits and odd lengths at their byte', () => {
    expect(parseHeaderHex(genesis.hex).hash).toBe(genesis.hash);
    expect(parseHeaderHex(`${genesis.hex.slice(0, 160)}zz`).hash).toBe(genesis.hash); // past the header: not read
    expect(parseErr(() => parseHeaderHex(`010g${genesis.hex.slice(4, 160)}`, 'x.hex'))).toMatchObject({ offset: 1, source: 'x.hex' });
    expect(parseErr(() => parseHeaderHex(genesis.hex.slice(0, 159))).offset).toBe(79);
    expect(parseErr(() => parseHeaderHex(genesis.hex.slice(0, 158))).offset).toBe(79); // 79 whole bytes: one missing
  });

  it('serializes back to the same 80 bytes, and refuses hashes that are not 64 hex digits', () => {
    const h = parseHeader(b542213.bytes);
    expect(Buffer.from(serializeHeader(h)).equals(Buffer.from(b542213.bytes.subarray(0, HEADER_BYTES)))).toBe(true);
    expect(() => serializeHeader({ ...h, prev_hash: h.prev_hash.slice(1) })).toThrow(/^prev_hash must be 64 hex digits/);
    expect(() => serializeHeader({ ...h, merkle_root: `${h.merkle_root}0` })).toThrow(/^merkle_root must be 64 hex digits/);
    expect(() => serializeHeader({ ...h, prev_hash: `x${h.prev_hash.slice(1)}` })).toThrow(RangeError);
  });

  it('proof of work: a hash equal to the target and a target equal to the limit both pass', () => {
    const h = parseHeader(genesis.bytes);
    expect(checkProofOfWork(h)).toEqual({ ok: true });
    expect(checkProofOfWork(h, DIFF1_TARGET)).toEqual({ ok: true });
    expect(checkProofOfWork(h, DIFF1_TARGET - 1n)).toEqual({ ok: false, reason: 'above-pow-limit' });
    expect(checkProofOfWork({ hash: DIFF1_TARGET.toString(16).padStart(64, '0'), bits: h.bits })).toEqual({ ok: true });
    expect(checkProofOfWork({ hash: (DIFF1_TARGET + 1n).toString(16).padStart(64, '0'), bits: h.bits })).toEqual({ ok: false, reason: 'hash-above-target' });
  });
});

describe('blocks', () => {
  it('refuses a block without transactions, or whose first is no coinbase, at the byte where it shows', () => {
    const noTx = Uint8Array.from([...genesis.bytes.subarray(0, HEADER_BYTES), 0x00]);
    expect(parseErr(() => parseBlockPrefix(noTx, 1000)).offset).toBe(1000 + HEADER_BYTES);
    // Genesis with its coinbase's prevout index set to 0: a spend, not a coinbase. The tx starts at byte 81.
    const spend = Uint8Array.from(genesis.bytes);
    spend.set([0, 0, 0, 0], 81 + 4 + 1 + 32);
    expect(parseErr(() => parseBlockPrefix(spend, 1000, 'blk00000.dat'))).toMatchObject({ offset: 1000 + 81, source: 'blk00000.dat' });
    expect(parseErr(() => parseLinkFacts(spend)).offset).toBe(81);
  });

  it('link facts: hash, parent, bits and a trusted BIP34 height (none for a version-1 genesis)', () => {
    const f = parseLinkFacts(b542213.bytes);
    expect(reversedHex(f.hash)).toBe(b542213.hash);
    expect(reversedHex(f.prev)).toBe(parseHeader(b542213.bytes).prev_hash);
    expect(f.bits).toBe(parseHeader(b542213.bytes).bits);
    expect(f.bip34Height).toBe(542_213);
    expect(parseLinkFacts(b542213.bytes, 0, undefined, 542_214).bip34Height).toBeNull();
    expect(parseLinkFacts(genesis.bytes)).toMatchObject({ bits: 0x1d00ffff, bip34Height: null });
  });

  it('asserts proof of work: silent when it holds, a ParseError at the header otherwise', () => {
    const hash = hash256(b542213.bytes.subarray(0, HEADER_BYTES));
    const { bits } = parseHeader(b542213.bytes);
    expect(() => assertProofOfWork(hash, bits, POW_LIMIT)).not.toThrow();
    expect(parseErr(() => assertProofOfWork(hash, 0x1d00ffff >>> 8, POW_LIMIT, 4096, 'blk00123.dat'))).toMatchObject({ offset: 4096, source: 'blk00123.dat' });
    expect(parseErr(() => assertProofOfWork(hash, bits, 1n)).source).toBeUndefined();
  });

  it('a block record: fees are what the coinbase claims above the subsidy; claiming less is flagged', () => {
    const p = parseBlockPrefix(b542213.bytes);
    const cb = coinbaseFacts(p.coinbase);
    const r = toBlockRecord(p.header, 542_213, cb, null);
    expect(r).toMatchObject({ height: 542_213, subsidy_sat: 1_250_000_000n, pool_id: null, under_claimed: false });
    expect(r.fees_sat).toBe(cb.value_sat - 1_250_000_000n);
    const exact = toBlockRecord(p.header, 542_213, { ...cb, value_sat: 1_250_000_000n }, null);
    expect([exact.fees_sat, exact.under_claimed]).toEqual([0n, false]);
    const less = toBlockRecord(p.header, 542_213, { ...cb, value_sat: 1_249_999_999n }, null);
    expect([less.fees_sat, less.under_claimed]).toEqual([0n, true]);
    expect(toBlockRecord(p.header, 542_213, cb, null, r.fees_sat).under_claimed).toBe(false);
    expect(toBlockRecord(p.header, 542_213, cb, null, r.fees_sat + 1n).under_claimed).toBe(true);
    const pools = new PoolIndex(parsePoolList([{ id: 7, name: 'Tagged', addresses: [], tags: [cb.tag.slice(0, 4)] }]));
    expect(cb.tag.length).toBeGreaterThan(3);
    expect(toBlockRecord(p.header, 542_213, cb, pools).pool_id).toBe('tagged');
  });
});

describe('header hex', () => {
  it('a non-hex digit is reported where it is, before an odd digit count', () => {
    expect(parseErr(() => parseHeaderHex('0z0')).offset).toBe(0);
    expect(parseErr(() => parseHeaderHex('000z0')).offset).toBe(1);
  });
});
