/**
 * Transaction parsing, as far as hashfloor needs it: the coinbase's inputs and outputs, and the
 * byte length of any transaction so the rest of a block can be skipped without decoding it.
 * Serialization per BIP144: version, [marker 0x00, flag 0x01], inputs, outputs, [witnesses],
 * locktime. Bad bytes raise ParseError with the absolute offset.
 */
import type { ByteReader } from './reader.js';

export interface TxInput {
  /** Previous output's txid, internal (little-endian) byte order. */
  prevTxid: Uint8Array;
  prevIndex: number;
  scriptSig: Uint8Array;
  sequence: number;
}

export interface TxOutput {
  value_sat: bigint;
  script: Uint8Array;
}

export interface Transaction {
  version: number;
  segwit: boolean;
  inputs: TxInput[];
  outputs: TxOutput[];
  /** Witness stack per input (empty arrays when not segwit). */
  witnesses: Uint8Array[][];
  locktime: number;
  /** Serialized size in bytes, witness included. */
  size: number;
}

/** Consensus: no amount above 21M BTC (Core's MAX_MONEY). */
const MAX_MONEY_SAT = 2_100_000_000_000_000n;

/** Reads the segwit marker/flag after the version; true when present. */
function readSegwitMarker(r: ByteReader): boolean {
  if (r.remaining >= 2 && r.bytes[r.pos] === 0x00) {
    const flag = r.bytes[r.pos + 1];
    // A zero input count followed by outputs is not a valid non-witness tx, so 0x00 is the marker.
    if (flag !== 0x01) r.fail(`segwit flag must be 0x01, got 0x${(flag ?? 0).toString(16)}`, r.pos + 1);
    r.pos += 2;
    return true;
  }
  return false;
}

/** Parses one transaction at the reader's position and advances past it. */
export function parseTransaction(r: ByteReader): Transaction {
  const start = r.pos;
  const version = r.i32le('tx version');
  const segwit = readSegwitMarker(r);
  const nIn = r.varint('input count');
  if (nIn === 0) r.fail('transaction has no inputs');
  const inputs: TxInput[] = [];
  for (let i = 0; i < nIn; i++) {
    const prevTxid = r.bytesView(32, `input ${i} prevout txid`);
    const prevIndex = r.u32le(`input ${i} prevout index`);
    const scriptSig = r.bytesView(r.varint(`input ${i} scriptSig length`), `input ${i} scriptSig`);
    const sequence = r.u32le(`input ${i} sequence`);
    inputs.push({ prevTxid, prevIndex, scriptSig, sequence });
  }
  const nOut = r.varint('output count');
  const outputs: TxOutput[] = [];
  for (let i = 0; i < nOut; i++) {
    const at = r.pos;
    const value_sat = r.u64le(`output ${i} value`);
    if (value_sat > MAX_MONEY_SAT) r.fail(`output ${i} value ${value_sat} sat exceeds 21M BTC`, at);
    const script = r.bytesView(r.varint(`output ${i} script length`), `output ${i} script`);
    outputs.push({ value_sat, script });
  }
  const witnesses: Uint8Array[][] = [];
  if (segwit) {
    for (let i = 0; i < nIn; i++) {
      const n = r.varint(`input ${i} witness count`);
      const stack: Uint8Array[] = [];
      for (let j = 0; j < n; j++) stack.push(r.bytesView(r.varint(`input ${i} witness ${j} length`), `input ${i} witness ${j}`));
      witnesses.push(stack);
    }
  }
  const locktime = r.u32le('locktime');
  return { version, segwit, inputs, outputs, witnesses, locktime, size: r.pos - start };
}

/**
 * Advances past one transaction without keeping anything (the non-coinbase transactions of a
 * full scan): same checks, no allocations.
 */
export function skipTransaction(r: ByteReader): void {
  r.skip(4, 'tx version');
  const segwit = readSegwitMarker(r);
  const nIn = r.varint('input count');
  if (nIn === 0) r.fail('transaction has no inputs');
  for (let i = 0; i < nIn; i++) {
    r.skip(36, 'input prevout');
    r.skip(r.varint('scriptSig length'), 'scriptSig');
    r.skip(4, 'input sequence');
  }
  const nOut = r.varint('output count');
  for (let i = 0; i < nOut; i++) {
    r.skip(8, 'output value');
    r.skip(r.varint('output script length'), 'output script');
  }
  if (segwit) {
    for (let i = 0; i < nIn; i++) {
      const n = r.varint('witness count');
      for (let j = 0; j < n; j++) r.skip(r.varint('witness item length'), 'witness item');
    }
  }
  r.skip(4, 'locktime');
}

/** True for a coinbase input: null prevout (32 zero bytes, index 0xffffffff). */
export function isCoinbaseInput(input: TxInput): boolean {
  return input.prevIndex === 0xffff_ffff && input.prevTxid.every((b) => b === 0);
}
