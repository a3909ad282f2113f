import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/helpers/catch-error.js';
import { ParseError } from '../errors.js';
import { bitcoinjsBlocks, mainnetHeaders } from '../../test/helpers/fixtures.js';
import { bitsToTarget } from './difficulty.js';
import { checkProofOfWork, HEADER_BYTES, parseHeader, parseHeaderHex, serializeHeader } from './header.js';

const internalToDisplay = (hex: string): string => Buffer.from(hex, 'hex').reverse().toString('hex');

describe('real mainnet headers (shared/data mainnet_blocks_hex.json, first 80 bytes)', () => {
  const headers = mainnetHeaders();
  it('has the six blocks', () => {
    expect(headers.map((h) => h.height)).toEqual([0, 361582, 542213, 702861, 739990, null]);
  });
  it.each(headers)('block $height: hash $hash, time $time_utc, proof of work valid', (fx) => {
    const h = parseHeaderHex(fx.header_hex);
    expect(h.hash).toBe(fx.hash);
    expect(new Date(h.time_unix_s * 1000).toISOString().slice(0, 19)).toBe(fx.time_utc);
    expect(checkProofOfWork(h)).toEqual({ ok: true });
    expect(serializeHeader(h).toString('hex')).toBe(fx.header_hex);
  });
  it('genesis: version 1, zero prev hash, merkle root 4a5e1e4b…, bits 1d00ffff, nonce 2083236893', () => {
    const g = parseHeaderHex(headers[0]?.header_hex ?? '');
    expect(g).toMatchObject({
      version: 1,
      prev_hash: '0'.repeat(64),
      merkle_root: '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b',
      time_unix_s: 1231006505,
      bits: 0x1d00ffff,
      nonce: 2083236893,
    });
  });
  it('block 702,861 has a BIP9 version with the sign bit clear and a 2021 target', () => {
    const h = parseHeaderHex(headers[3]?.header_hex ?? '');
    expect(h.version).toBe(0x3fffe004);
    expect(h.bits).toBe(0x170ed0eb);
    expect(BigInt(`0x${h.hash}`) <= bitsToTarget(h.bits)).toBe(true);
  });
});

describe('bitcoinjs-lib block fixtures', () => {
  const fx = bitcoinjsBlocks();
  it.each(fx.valid)('$description ($id)', (b) => {
    const h = parseHeaderHex(b.hex);
    expect(h.hash).toBe(b.id);
    expect(h.hash).toBe(internalToDisplay(b.hash));
    expect(h.prev_hash).toBe(internalToDisplay(b.prevHash));
    expect(h.merkle_root).toBe(internalToDisplay(b.merkleRoot));
    expect(h).toMatchObject({ version: b.version, time_unix_s: b.timestamp, bits: b.bits, nonce: b.nonce });
    // "valid: false" is the 370,090 header with its nonce zeroed: the hash no longer meets the target.
    expect(checkProofOfWork(h)).toEqual(b.valid ? { ok: true } : { ok: false, reason: 'hash-above-target' });
  });
  it.each(fx.invalid)('rejects a short header with a ParseError at its byte offset', ({ hex }) => {
    const err = catchError(() => parseHeaderHex(hex));
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ code: 'PARSE', offset: hex.length / 2 });
  });
});

describe('bad input', () => {
  const genesis = mainnetHeaders()[0]?.header_hex ?? '';
  it('names the byte of the first non-hex character', () => {
    const bad = `${genesis.slice(0, 72 * 2)}zz${genesis.slice(146)}`;
    expect(catchError(() => parseHeaderHex(bad, 'blk.hex'))).toMatchObject({ code: 'PARSE', offset: 72, source: 'blk.hex' });
  });
  it('reports an odd hex length', () => {
    expect(catchError(() => parseHeaderHex(genesis.slice(0, 101)))).toMatchObject({ code: 'PARSE', offset: 50 });
  });
  it('reads a header at an offset within a larger buffer, and says where the bytes ran out', () => {
    const bytes = Buffer.concat([Buffer.alloc(8), Buffer.from(genesis, 'hex')]);
    expect(parseHeader(bytes, 8).nonce).toBe(2083236893);
    expect(catchError(() => parseHeader(bytes, 9))).toMatchObject({ code: 'PARSE', offset: 88 });
    expect(catchError(() => parseHeader(new Uint8Array(0)))).toMatchObject({ code: 'PARSE', offset: 0 });
    expect(HEADER_BYTES).toBe(80);
  });
  it('flags headers whose bits consensus rejects', () => {
    const h = parseHeaderHex(genesis);
    expect(checkProofOfWork({ ...h, bits: 0x1d80ffff })).toEqual({ ok: false, reason: 'negative-target' });
    expect(checkProofOfWork({ ...h, bits: 0xff123456 })).toEqual({ ok: false, reason: 'overflow-target' });
    expect(checkProofOfWork({ ...h, bits: 0x1d000000 })).toEqual({ ok: false, reason: 'zero-target' });
    expect(checkProofOfWork({ ...h, bits: 0x207fffff })).toEqual({ ok: false, reason: 'above-pow-limit' });
  });
});
