/**
 * Reads what hashfloor keeps from a serialized block: the 80-byte header, the transaction count
 * and the coinbase (first) transaction. The other transactions are not decoded: callers skip them
 * by the record size, or walk them with `countTransactions` to validate structure.
 */
import { checkProofOfWork, HEADER_BYTES, parseHeader, reversedHex, type BlockHeader } from './header.js';
import { ParseError } from '../errors.js';
import { ByteReader } from './reader.js';
import { isCoinbaseInput, parseTransaction, skipTransaction, type Transaction, type TxInput } from './transaction.js';

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
export function readCoinbase(bytes: Uint8Array, base: number, source: string | undefined): { r: ByteReader; txCount: number; coinbase: Transaction } {
  const r = new ByteReader(bytes, base, source);
  r.need(HEADER_BYTES, 'block header');
  r.pos = HEADER_BYTES;
  const txCount = r.varint('transaction count');
  if (txCount === 0) r.fail('block has no transactions', HEADER_BYTES);
  const at = r.pos;
  const coinbase = parseTransaction(r);
  // parseTransaction refuses a transaction without inputs, so inputs[0] is there.
  if (coinbase.inputs.length !== 1 || !isCoinbaseInput(coinbase.inputs[0] as TxInput)) {
    r.fail('first transaction is not a coinbase (needs exactly one input with a null prevout)', at);
  }
  return { r, txCount, coinbase };
}

/**
 * Throws a ParseError at `base` (the header's offset) unless the header's proof of work holds:
 * bits decode to a positive target ≤ `powLimit` and the hash, as a 256-bit number, ≤ target.
 */
export function assertProofOfWork(hashInternal: Uint8Array, bits: number, powLimit: bigint, base = 0, source?: string): void {
  const pow = checkProofOfWork({ hash: reversedHex(hashInternal), bits }, powLimit);
  if (!pow.ok) throw proofOfWorkError(hashInternal, bits, pow.reason, base, source);
}

/** The ParseError of a header whose proof of work fails for `reason`. */
export function proofOfWorkError(hashInternal: Uint8Array, bits: number, reason: string, base = 0, source?: string): ParseError {
  return new ParseError(`block ${reversedHex(hashInternal)} fails proof of work (${reason}, bits 0x${bits.toString(16).padStart(8, '0')})`, {
    offset: base,
    ...(source !== undefined ? { source } : {}),
  });
}

/** Walks every transaction after the coinbase; returns the block's serialized size. */
export function walkBlock(bytes: Uint8Array, base = 0, source?: string): { prefix: BlockPrefix; size: number } {
  const prefix = parseBlockPrefix(bytes, base, source);
  const r = new ByteReader(bytes, base, source, prefix.prefixBytes);
  for (let i = 1; i < prefix.txCount; i++) skipTransaction(r);
  return { prefix, size: r.pos };
}
