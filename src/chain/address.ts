/**
 * Output script → address, for the standard templates a coinbase pays to:
 * P2PKH `OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG`, P2SH `OP_HASH160 <20> OP_EQUAL`,
 * P2WPKH `OP_0 <20>`, P2WSH `OP_0 <32>`, P2TR `OP_1 <32>` (and other witness versions), and
 * P2PK `<33|65-byte pubkey> OP_CHECKSIG`, shown as the P2PKH address of its key (as explorers
 * and the mining-pools list do). OP_RETURN and non-standard scripts have no address.
 */
import { base58check, hash160, segwitAddress } from './encoding.js';

export interface AddressNetwork {
  name: string;
  p2pkhVersion: number;
  p2shVersion: number;
  bech32Hrp: string;
}

export const MAINNET: AddressNetwork = { name: 'main', p2pkhVersion: 0x00, p2shVersion: 0x05, bech32Hrp: 'bc' };
export const TESTNET: AddressNetwork = { name: 'test', p2pkhVersion: 0x6f, p2shVersion: 0xc4, bech32Hrp: 'tb' };
export const REGTEST: AddressNetwork = { name: 'regtest', p2pkhVersion: 0x6f, p2shVersion: 0xc4, bech32Hrp: 'bcrt' };

const OP_0 = 0x00;
const OP_1 = 0x51;
const OP_16 = 0x60;

/** The address an output script pays, or null for OP_RETURN / non-standard scripts. */
export function scriptToAddress(script: Uint8Array, net: AddressNetwork = MAINNET): string | null {
  const n = script.length;
  const s = script;
  // OP_RETURN (0x6a) and the empty script match no template below: null at the end.
  if (n === 25 && s[0] === 0x76 && s[1] === 0xa9 && s[2] === 0x14 && s[23] === 0x88 && s[24] === 0xac) {
    return base58check(net.p2pkhVersion, s.subarray(3, 23));
  }
  if (n === 23 && s[0] === 0xa9 && s[1] === 0x14 && s[22] === 0x87) return base58check(net.p2shVersion, s.subarray(2, 22));
  // Witness program: version opcode then one push of 2..40 bytes (BIP141).
  const v = s[0] as number;
  const len = s[1] as number;
  if ((v === OP_0 || (v >= OP_1 && v <= OP_16)) && len === n - 2 && len >= 2 && len <= 40) {
    const version = v === OP_0 ? 0 : v - OP_1 + 1;
    if (version === 0 && len !== 20 && len !== 32) return null;
    return segwitAddress(net.bech32Hrp, version, s.subarray(2));
  }
  if ((n === 35 && s[0] === 33 && s[34] === 0xac) || (n === 67 && s[0] === 65 && s[66] === 0xac)) {
    return base58check(net.p2pkhVersion, hash160(s.subarray(1, n - 1)));
  }
  return null;
}
