import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mainnetHeaders } from '../../test/helpers/fixtures.js';
import { HeaderHasher, sha256 } from './header-hash.js';
import { hash256, reversedHex } from './header.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('sha256: the compression against FIPS 180-4 vectors', () => {
  it('the empty string', () => {
    expect(hex(sha256(new Uint8Array()))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
  it('"abc" (one block)', () => {
    expect(hex(sha256(Buffer.from('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('the 448-bit message "abcdbcde…nopq" (the padding takes a second block)', () => {
    expect(hex(sha256(Buffer.from('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });
  it('agrees with node:crypto at every length around the block and padding boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(hex(sha256(bytes)), `length ${n}`).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });
});

describe('HeaderHasher: double SHA-256 of 80-byte headers', () => {
  const hasher = new HeaderHasher();

  it('the genesis header hashes to 000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f', () => {
    const genesis = Buffer.from(mainnetHeaders()[0]?.header_hex ?? '', 'hex');
    expect(reversedHex(hasher.hash(genesis))).toBe('000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f');
  });

  it.each(mainnetHeaders())('real block $height: its recorded hash, at any offset in a larger buffer', (fx) => {
    const header = Buffer.from(fx.header_hex, 'hex');
    expect(reversedHex(hasher.hash(header))).toBe(fx.hash);
    const inside = Buffer.concat([Buffer.alloc(13, 0xee), header, Buffer.alloc(5, 0xee)]);
    expect(reversedHex(hasher.hash(inside, 13))).toBe(fx.hash);
  });

  it('equals hash256 (node:crypto) for any 80 bytes, one hasher reused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 80, maxLength: 80 }), (header) => {
        expect(hex(hasher.hash(header))).toBe(hex(hash256(header)));
      }),
      { numRuns: 500 },
    );
  });

  it('reuses its output: the next call overwrites what the last returned', () => {
    const [a, b] = mainnetHeaders().map((h) => Buffer.from(h.header_hex, 'hex'));
    const first = hasher.hash(a as Buffer);
    const kept = Uint8Array.from(first);
    hasher.hash(b as Buffer);
    expect(hex(first)).not.toBe(hex(kept));
    expect(hex(kept)).toBe(hex(hash256(a as Buffer)));
  });

  it('refuses fewer than 80 bytes at the offset', () => {
    expect(() => hasher.hash(new Uint8Array(79))).toThrow(RangeError);
    expect(() => hasher.hash(new Uint8Array(100), 21)).toThrow(RangeError);
    expect(() => hasher.hash(new Uint8Array(100), -1)).toThrow(RangeError);
  });
});
