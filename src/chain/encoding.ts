/**
 * Address encodings: Base58Check (legacy P2PKH/P2SH, Satoshi's alphabet, 4-byte double-SHA256
 * checksum) and Bech32 / Bech32m (BIP173 / BIP350: witness v0 uses Bech32, v1+ Bech32m).
 * Encoders only — hashfloor reads addresses out of scripts, it never parses user addresses.
 */
import { createHash } from 'node:crypto';
import { hash256 } from './header.js';

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function sha256(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(data).digest();
}

/** RIPEMD160(SHA256(x)): the 20-byte hash in P2PKH/P2WPKH scripts. */
export function hash160(data: Uint8Array): Uint8Array {
  return createHash('ripemd160').update(sha256(data)).digest();
}

/** Base58 of `bytes`: big-endian base conversion, one leading '1' per leading zero byte. */
export function base58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const digits: number[] = [];
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i] as number;
    for (let j = 0; j < digits.length; j++) {
      carry += (digits[j] as number) << 8;
      digits[j] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let out = '1'.repeat(zeros);
  for (let i = digits.length - 1; i >= 0; i--) out += B58[digits[i] as number];
  return out;
}

/** Base58Check: version byte + payload + first 4 bytes of SHA256(SHA256(version + payload)). */
export function base58check(version: number, payload: Uint8Array): string {
  const body = new Uint8Array(1 + payload.length);
  body[0] = version;
  body.set(payload, 1);
  const check = hash256(body).subarray(0, 4);
  const full = new Uint8Array(body.length + 4);
  full.set(body);
  full.set(check, body.length);
  return base58(full);
}

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i] as number;
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (const c of hrp) out.push(c.charCodeAt(0) >> 5);
  out.push(0);
  for (const c of hrp) out.push(c.charCodeAt(0) & 31);
  return out;
}

/** Regroups 8-bit bytes into 5-bit groups, zero-padding the last (BIP173 convertbits). */
function toWords(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push((acc >>> bits) & 31);
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out.push((acc << (5 - bits)) & 31);
  return out;
}

/** Segwit address: hrp + '1' + [witness version, program in 5-bit words] + 6-char checksum. */
export function segwitAddress(hrp: string, witnessVersion: number, program: Uint8Array): string {
  const data = [witnessVersion, ...toWords(program)];
  const constant = witnessVersion === 0 ? BECH32_CONST : BECH32M_CONST;
  const mod = polymod([...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ constant;
  let out = `${hrp}1`;
  for (const d of data) out += CHARSET[d];
  for (let i = 0; i < 6; i++) out += CHARSET[(mod >>> (5 * (5 - i))) & 31];
  return out;
}
