/**
 * Deterministic synthetic chains for tests and benchmarks: structurally valid blocks (header,
 * segwit coinbase with a BIP34 height, pool tag, P2WPKH payout and witness commitment, then one
 * filler transaction sized so the block has the requested size). Proof of work is mined when the
 * target is easy (≥ 2^232, e.g. regtest's 0x207fffff: ~2 hashes a block), so block-file scans
 * accept the blocks under the regtest powLimit; harder bits are left unmined. Forks start from
 * any block, so tests can build stale branches and reorgs.
 */
import { hash256, reversedHex, serializeHeader } from '../../src/chain/header.js';
import { subsidySat } from '../../src/chain/subsidy.js';
import { encodeVarint } from '../../src/chain/reader.js';
import { bitsToTarget } from '../../src/chain/difficulty.js';

export interface SynthBlock {
  height: number;
  hash: string;
  prev_hash: string;
  time_unix_s: number;
  bits: number;
  /** Fees the block's transactions paid (what getblockstats reports as totalfee). */
  fees_sat: bigint;
  coinbase_value_sat: bigint;
  tag: string;
  /** 20-byte P2WPKH program paid by the coinbase. */
  payout_program: Uint8Array;
  bytes: Uint8Array;
}

export interface ChainSpec {
  length: number;
  /** Parent of the first block; null for a chain starting at genesis (height 0). */
  parent?: { hash: string; height: number; time_unix_s: number } | null;
  /** Varies hashes, times and fees between branches. */
  seed?: number;
  /** Compact target of every block (regtest's 0x207fffff by default). */
  bits?: number;
  /** Block size in bytes for a height (default: 300 bytes — coinbase and a small filler). */
  blockBytes?: (height: number) => number;
  /** Pool tag for a height (default: two alternating tags). */
  tag?: (height: number) => string;
  /** First block time when parent is null. */
  genesisTime?: number;
  /** Coinbase claims this much less than allowed (to test under-claiming). */
  underClaim?: (height: number) => bigint;
}

/** xorshift32: tests may not use Math.random, and a seed makes failures reproducible. */
function rng(seed: number): () => number {
  let x = seed | 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

/** Minimal little-endian script number push for a BIP34 height (OP_N for 1..16, as Core). */
export function heightPush(height: number): number[] {
  if (height === 0) return [0x00];
  if (height <= 16) return [0x50 + height];
  const bytes: number[] = [];
  for (let n = height; n > 0; n = Math.floor(n / 256)) bytes.push(n % 256);
  if ((bytes[bytes.length - 1] as number) & 0x80) bytes.push(0);
  return [bytes.length, ...bytes];
}

function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

function u64(n: bigint): number[] {
  const out: number[] = [];
  for (let i = 0n; i < 8n; i++) out.push(Number((n >> (8n * i)) & 0xffn));
  return out;
}

function coinbaseTx(height: number, tag: string, value: bigint, program: Uint8Array, extranonce: number): number[] {
  const script = [...heightPush(height), ...Buffer.from(tag, 'latin1'), 0x08, ...u32(extranonce), ...u32(height)];
  const commitment = [0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed, ...new Array<number>(32).fill(7)];
  return [
    ...u32(2),
    0x00,
    0x01, // version, segwit marker + flag
    0x01,
    ...new Array<number>(32).fill(0),
    ...u32(0xffffffff),
    ...encodeVarint(script.length),
    ...script,
    ...u32(0xffffffff),
    0x02,
    ...u64(value),
    22,
    0x00,
    0x14,
    ...program,
    ...u64(0n),
    ...encodeVarint(commitment.length),
    ...commitment,
    0x01,
    0x20,
    ...new Array<number>(32).fill(0), // witness reserved value
    ...u32(0),
  ];
}

/** A non-coinbase tx of exactly `size` bytes (≥ 64): one input whose scriptSig pads it out. */
function fillerTx(size: number, height: number): Uint8Array {
  const fixed = 4 + 1 + 36 + 4 + 1 + 8 + 1 + 22 + 4; // without scriptSig length prefix and bytes
  let scriptLen = size - fixed - 1;
  const prefix = (n: number): number => encodeVarint(n).length;
  while (scriptLen > 0 && fixed + prefix(scriptLen) + scriptLen > size) scriptLen--;
  scriptLen = Math.max(scriptLen, 0);
  const tx = new Uint8Array(fixed + prefix(scriptLen) + scriptLen);
  let p = 0;
  const put = (bytes: ArrayLike<number>): void => {
    tx.set(bytes, p);
    p += bytes.length;
  };
  put(u32(1));
  put([0x01]);
  put(u32(height)); // prev txid: any non-null bytes
  p += 28;
  tx[p - 1] = 1;
  put(u32(0));
  put(encodeVarint(scriptLen));
  p += scriptLen; // zero bytes: a valid (if odd) scriptSig
  put(u32(0xffffffff));
  put([0x01]);
  put(u64(1000n));
  put([22, 0x00, 0x14]);
  p += 20;
  put(u32(0));
  return tx;
}

/** Generates `spec.length` blocks on top of `spec.parent` (or from genesis). */
export function* generateChain(spec: ChainSpec): Generator<SynthBlock> {
  const rand = rng(spec.seed ?? 1);
  const bits = spec.bits ?? 0x207fffff;
  const target = bitsToTarget(bits);
  const mine = target >= 1n << 232n;
  let prev = spec.parent ?? null;
  let prevHash = prev?.hash ?? '0'.repeat(64);
  let height = prev ? prev.height + 1 : 0;
  let time = prev ? prev.time_unix_s : (spec.genesisTime ?? 1_700_000_000) - 600;
  for (let i = 0; i < spec.length; i++, height++) {
    time += 60 + Math.floor(rand() * 1080); // mean ≈ 600 s
    const tag = spec.tag ? spec.tag(height) : height % 3 === 0 ? '/synthetic-b/' : '/synthetic-a/';
    const program = new Uint8Array(20).fill(tag.length + (height % 3 === 0 ? 1 : 0));
    const fees_sat = BigInt(Math.floor(rand() * 50_000_000));
    const value = subsidySat(height) + fees_sat - (spec.underClaim?.(height) ?? 0n);
    const cb = coinbaseTx(height, tag, value, program, Math.floor(rand() * 0xffffffff));
    const want = spec.blockBytes ? spec.blockBytes(height) : 300;
    const fillerSize = Math.max(want - 80 - 1 - cb.length, 0);
    const filler = fillerSize >= 64 ? fillerTx(fillerSize, height) : null;
    const merkle = reversedHex(hash256(Uint8Array.from(cb)));
    const header = serializeHeader({
      version: 0x20000000,
      prev_hash: prevHash,
      merkle_root: merkle,
      time_unix_s: time,
      bits,
      nonce: Math.floor(rand() * 0xffffffff),
    });
    // Mine (grind the nonce) when the target is easy enough: regtest's 0x207fffff takes ~2 tries.
    if (mine) while (BigInt(`0x${reversedHex(hash256(header))}`) > target) header.writeUInt32LE((header.readUInt32LE(76) + 1) >>> 0, 76);
    const bytes = new Uint8Array(80 + 1 + cb.length + (filler?.length ?? 0));
    bytes.set(header, 0);
    bytes[80] = filler ? 2 : 1;
    bytes.set(cb, 81);
    if (filler) bytes.set(filler, 81 + cb.length);
    const hash = reversedHex(hash256(header));
    yield { height, hash, prev_hash: prevHash, time_unix_s: time, bits, fees_sat, coinbase_value_sat: value, tag, payout_program: program, bytes };
    prevHash = hash;
    prev = { hash, height, time_unix_s: time };
  }
}

export function chain(spec: ChainSpec): SynthBlock[] {
  return [...generateChain(spec)];
}

/** A blk*.dat record: magic + LE size + block. */
export function blkRecord(block: Uint8Array, magic = Uint8Array.of(0xf9, 0xbe, 0xb4, 0xd9)): Uint8Array {
  const out = new Uint8Array(8 + block.length);
  out.set(magic, 0);
  new DataView(out.buffer).setUint32(4, block.length, true);
  out.set(block, 8);
  return out;
}

/** Obfuscates a whole file's bytes (starting at offset 0) with Core's 8-byte XOR key. */
export function xorFile(bytes: Uint8Array, key: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) ^ (key[i % 8] as number);
  return out;
}
