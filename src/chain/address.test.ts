import { describe, expect, it } from 'vitest';
import { hexToBytes } from './reader.js';
import { MAINNET, REGTEST, scriptToAddress } from './address.js';
import { base58 } from './encoding.js';

const addr = (hex: string, net = MAINNET): string | null => scriptToAddress(hexToBytes(hex), net);

describe('output script → address', () => {
  it('P2WPKH and P2WSH use Bech32 (BIP173 test vectors)', () => {
    expect(addr('0014751e76e8199196d454941c45d1b3a323f1433bd6')).toBe('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4');
    expect(addr('00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262')).toBe('bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3');
  });

  it('P2TR uses Bech32m (BIP350/BIP86 vector)', () => {
    expect(addr('512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798')).toBe('bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0');
  });

  it('P2PKH and P2SH use Base58Check with versions 0x00 and 0x05', () => {
    // hash160 of the BIP173 key above: the same key's legacy address.
    expect(addr('76a914751e76e8199196d454941c45d1b3a323f1433bd688ac')).toBe('1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH');
    expect(addr('a914b472a266d0bd89c13706a4132ccfb16f7c3b9fcb87')).toBe('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy');
  });

  it('P2PK (genesis coinbase) shows as the P2PKH address of its key', () => {
    const genesisScript =
      '4104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac';
    expect(addr(genesisScript)).toBe('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa');
  });

  it('OP_RETURN, empty and non-standard scripts have no address', () => {
    expect(addr('6a24aa21a9ed' + '00'.repeat(32))).toBeNull();
    expect(addr('')).toBeNull();
    expect(addr('0015' + '00'.repeat(21))).toBeNull(); // v0 program must be 20 or 32 bytes
    expect(addr('51')).toBeNull();
  });

  it('regtest uses the bcrt prefix', () => {
    expect(addr('0014751e76e8199196d454941c45d1b3a323f1433bd6', REGTEST)).toMatch(/^bcrt1q/);
  });

  it('base58 keeps one "1" per leading zero byte', () => {
    expect(base58(Uint8Array.of(0, 0, 1))).toBe('112');
    expect(base58(new Uint8Array())).toBe('');
  });
});
