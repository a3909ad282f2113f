/**
 * Reads what hashfloor keeps from a serialized block: the 80-byte header, the transaction count
 * and the coinbase (first) transaction. The other transactions are not decoded: callers skip them
 * by the record size, or walk them with `countTransactions` to validate structure.
 */
import { checkProofOfWork, HEADER_BYTES, hash256, parseHeader, reversedHex, type BlockHeader } from './header.js';
import { ParseError } from '../errors.js';
import { bip34Height, BIP34_HEIGHT, trustedBip34Height } from './coinbase.js';
import { ByteReader } from './reader.js';
import { isCoinbaseInput, parseTransaction, skipTransaction, type Transaction } from './transaction.js';

export interface BlockPrefix {
  header: BlockHeader;
  txCount: number;
  coinbase: Transaction;
  /** Bytes from the block start through the end of the coinbase transaction. */
  prefixBytes: number;
}

/**
 * Parses header, transaction count and coinbase of the block at `bytes[0]`. `bytes` may hold just a
 * prefix of the block: a ParseError then says which field ran out. `base` is the absolute offset of
 * `bytes[0]` in its file, so errors point into the file.
 */
export function parseBlockPrefix(bytes: Uint8Array, base = 0, source?: string): BlockPrefix {
  const { r, txCount, coinbase } = readCoinbase(bytes, base, source);
  return { header: parseHeader(bytes, 0, source), txCount, coinbase, prefixBytes: r.pos };
}

/** Transaction count and the coinbase after the header, checked to be a coinbase. */
function readCoinbase(bytes: Uint8Array, base: number, source: string | undefined): { r: ByteReader; txCount: number; coinbase: Transaction } {
  const r = new ByteReader(bytes, base, source);
  r.need(HEADER_BYTES, 'block header');
  r.pos = HEADER_BYTES;
  const txCount = r.varint('transaction count');
  if (txCount === 0) r.fail('block has no transactions', HEADER_BYTES);
  const at = r.pos;
  const coinbase = parseTransaction(r);
  const first = coinbase.inputs[0];
  if (coinbase.inputs.length !== 1 || first === undefined || !isCoinbaseInput(first)) {
    r.fail('first transaction is not a coinbase (needs exactly one input with a null prevout)', at);
  }
  return { r, txCount, coinbase };
}

export interface LinkFacts {
  /** Block hash, internal byte order (32 bytes). */
  hash: Uint8Array;
  /** Previous block hash, internal byte order (a view into the input). */
  prev: Uint8Array;
  bits: number;
  /** BIP34 height pushed by the coinbase where BIP34 is a rule (trustedBip34Height), else null. */
  bip34Height: number | null;
}

/**
 * What linking a block into a chain needs, with the same checks as parseBlockPrefix (the coinbase
 * must parse and be a coinbase) but no hex strings or address decoding: the per-record work of a
 * block-file scan.
 */
export function parseLinkFacts(bytes: Uint8Array, base = 0, source?: string, bip34ActivationHeight = BIP34_HEIGHT): LinkFacts {
  const { coinbase } = readCoinbase(bytes, base, source);
  const header = bytes.subarray(0, HEADER_BYTES);
  const bits = ((header[72] as number) | ((header[73] as number) << 8) | ((header[74] as number) << 16) | ((header[75] as number) << 24)) >>> 0;
  const script = coinbase.inputs[0]?.scriptSig;
  const version = ((header[0] as number) | ((header[1] as number) << 8) | ((header[2] as number) << 16) | ((header[3] as number) << 24)) >> 0;
  const pushed = script ? (bip34Height(script)?.height ?? null) : null;
  return { hash: hash256(header), prev: header.subarray(4, 36), bits, bip34Height: trustedBip34Height(version, pushed, bip34ActivationHeight) };
}

/**
 * Throws a ParseError at `base` (the header's offset) unless the header's proof of work holds:
 * bits decode to a positive target ≤ `powLimit` and the hash, as a 256-bit number, ≤ target.
 */
export function assertProofOfWork(hashInternal: Uint8Array, bits: number, powLimit: bigint, base = 0, source?: string): void {
  const hash = reversedHex(hashInternal);
  const pow = checkProofOfWork({ hash, bits }, powLimit);
  if (!pow.ok) {
    throw new ParseError(`block ${hash} fails proof of work (${pow.reason}, bits 0x${bits.toString(16).padStart(8, '0')})`, {
      offset: base,
      ...(source !== undefined ? { source } : {}),
    });
  }
}

/** Walks every transaction after the coinbase; returns the block's serialized size. */
export function walkBlock(bytes: Uint8Array, base = 0, source?: string): { prefix: BlockPrefix; size: number } {
  const prefix = parseBlockPrefix(bytes, base, source);
  const r = new ByteReader(bytes, base, source, prefix.prefixBytes);
  for (let i = 1; i < prefix.txCount; i++) skipTransaction(r);
  return { prefix, size: r.pos };
}
