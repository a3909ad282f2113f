/**
 * What a coinbase transaction tells: the height (BIP34), the pool's tag text and who got paid.
 * BIP34 (mainnet from height 227,931): the scriptSig starts with a push of the height as a
 * minimally encoded little-endian script number; heights 1–16 may be OP_1..OP_16 and 0 OP_0.
 */
import { scriptToAddress, type AddressNetwork, MAINNET } from './address.js';
import type { Transaction } from './transaction.js';

/** Mainnet height from which every coinbase carries its height (BIP34 activation). */
export const BIP34_HEIGHT = 227_931;

/**
 * BIP34 activation height per `--network` name (Bitcoin Core's chainparams `BIP34Height`):
 * testnet3 activated at 21,111; testnet4, signet and regtest enforce it from block 1.
 */
export const BIP34_HEIGHTS = { main: BIP34_HEIGHT, testnet: 21_111, testnet4: 1, signet: 1, regtest: 1 } as const satisfies Record<string, number>;

/**
 * A coinbase's pushed height, trusted only where BIP34 made it a rule: a version ≥ 2 block whose
 * push is at least the network's activation height. Earlier coinbases start with arbitrary pushes
 * (a 2010 block's extranonce reads as height 453,281,356), so their height must come from the chain.
 */
export function trustedBip34Height(version: number, pushed: number | null, activationHeight: number = BIP34_HEIGHT): number | null {
  if (pushed === null || version < 2 || pushed < activationHeight) return null;
  return pushed;
}

/**
 * The height pushed at the start of a coinbase scriptSig, or null when the script does not start
 * with a 1–8 byte push / OP_N (blocks before BIP34 often start with other pushes: the result is
 * then whatever they pushed, so callers trust it only from BIP34_HEIGHT on).
 */
export function bip34Height(scriptSig: Uint8Array): { height: number; pushBytes: number } | null {
  const height = pushedHeightAt(scriptSig, 0, scriptSig.length);
  if (height < 0) return null;
  const op = scriptSig[0] as number;
  // OP_0 and OP_1…OP_16 are one byte; a push of 1–8 bytes is its length byte and the bytes.
  return { height, pushBytes: op <= 8 ? 1 + op : 1 };
}

/**
 * bip34Height's height of the script at `bytes[start .. start + length)`, without an object or a
 * bigint (block-file scans read one per block): −1 where bip34Height gives null.
 */
export function pushedHeightAt(bytes: Uint8Array, start: number, length: number): number {
  if (length < 1) return -1;
  const op = bytes[start] as number;
  if (op === 0x00) return 0;
  if (op >= 0x51 && op <= 0x60) return op - 0x50;
  if (op > 8 || length < 1 + op) return -1; // op ≥ 1 here: 0 was OP_0
  // Script numbers are sign-magnitude: a set top bit makes the value negative — not a height.
  if ((bytes[start + op] as number) & 0x80) return -1;
  let lo = 0;
  let hi = 0;
  for (let i = Math.min(op, 4); i >= 1; i--) lo = lo * 256 + (bytes[start + i] as number);
  for (let i = op; i >= 5; i--) hi = hi * 256 + (bytes[start + i] as number);
  // hi · 2^32 + lo is exact below 2^53; from there on it exceeds MAX_SAFE_INTEGER: not a height.
  if (hi >= 0x20_0000) return -1;
  return hi * 0x1_0000_0000 + lo;
}

/**
 * Pool tag text: the scriptSig's printable ASCII (0x20–0x7e) with every other byte dropped,
 * after the BIP34 height push when there is one, trimmed. This is the text mempool's mining-pools
 * tags are matched against (e.g. "/Foundry USA Pool #dropgold/").
 */
export function coinbaseTag(scriptSig: Uint8Array, skipHeightPush: boolean): string {
  let start = 0;
  if (skipHeightPush) start = bip34Height(scriptSig)?.pushBytes ?? 0;
  let out = '';
  for (let i = start; i < scriptSig.length; i++) {
    const b = scriptSig[i] as number;
    if (b >= 0x20 && b <= 0x7e) out += String.fromCharCode(b);
  }
  return out.trim();
}

export interface CoinbaseFacts {
  /** The height the scriptSig starts with, or null; untrusted before BIP34 (see trustedBip34Height). */
  height: number | null;
  /** Sum of all outputs (sat). */
  value_sat: bigint;
  tag: string;
  /** Addresses of the non-OP_RETURN outputs, in output order, without repeats. */
  payout_addresses: string[];
}

export function coinbaseFacts(tx: Transaction, net: AddressNetwork = MAINNET): CoinbaseFacts {
  const scriptSig = tx.inputs[0]?.scriptSig ?? new Uint8Array();
  const h = bip34Height(scriptSig);
  let value_sat = 0n;
  const payout_addresses: string[] = [];
  for (const out of tx.outputs) {
    value_sat += out.value_sat;
    const a = scriptToAddress(out.script, net);
    if (a !== null && !payout_addresses.includes(a)) payout_addresses.push(a);
  }
  return { height: h?.height ?? null, value_sat, tag: coinbaseTag(scriptSig, true), payout_addresses };
}
