import { describe, expect, it } from 'vitest';
import { hexToBytes } from './reader.js';
import { MAINNET, REGTEST, scriptToAddress, TESTNET } from './address.js';
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

  it('other witness versions and program lengths 2…40 (BIP350 vectors), nothing outside them', () => {
    expect(addr('6002751e')).toBe('bc1sw50qgdz25j'); // version 16, 2 bytes
    expect(addr('5210751e76e8199196d454941c45d1b3a323')).toBe('bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs'); // version 2, 16 bytes
    expect(addr('5128' + '751e76e8199196d454941c45d1b3a323f1433bd6'.repeat(2))).toBe(
      'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y',
    ); // version 1, 40 bytes
    expect(addr('6101aa')).toBeNull(); // 0x61 is no version opcode
    expect(addr('5101aa')).toBeNull(); // a 1-byte program
    expect(addr('5129' + '00'.repeat(41))).toBeNull(); // a 41-byte program
    expect(addr('0014' + '00'.repeat(19))).toBeNull(); // push longer than the script
    expect(addr('0014' + '00'.repeat(21))).toBeNull(); // script longer than the push
    expect(addr('4f14' + '00'.repeat(20))).toBeNull(); // OP_1NEGATE is not a version
  });

  it('P2PK with a compressed key shows as the P2PKH address of that key', () => {
    // hash160(0279be66…1798) = 751e76e8…3bd6, the key of the P2PKH vector above.
    const key = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';
    expect(addr(`21${key}ac`)).toBe('1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH');
    expect(addr(`21${key}ad`)).toBeNull(); // CHECKSIGVERIFY
    expect(addr(`21${key}acac`)).toBeNull(); // a byte after the CHECKSIG
    expect(addr(`20${key.slice(2)}ac`)).toBeNull(); // 32-byte push
    expect(addr(`41${key}ac`)).toBeNull(); // length byte says 65
  });

  it('a template with any one of its fixed bytes changed, or a byte more or less, has no address', () => {
    const templates: [string, number[]][] = [
      ['76a914751e76e8199196d454941c45d1b3a323f1433bd688ac', [0, 1, 2, 23, 24]], // P2PKH
      ['a914b472a266d0bd89c13706a4132ccfb16f7c3b9fcb87', [0, 1, 22]], // P2SH
      [`41${'04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f'}ac`, [0, 66]], // P2PK
    ];
    for (const [hex, fixed] of templates) {
      const bytes = hexToBytes(hex);
      for (const i of fixed) {
        const b = Uint8Array.from(bytes);
        b[i] = b[i]! ^ 0x01;
        expect(scriptToAddress(b), `${hex} byte ${i}`).toBeNull();
      }
      expect(scriptToAddress(bytes.subarray(0, bytes.length - 1)), `${hex} short`).toBeNull();
      expect(scriptToAddress(Uint8Array.from([...bytes, 0xac])), `${hex} long`).toBeNull();
    }
  });

  it('testnet uses versions 0x6f and 0xc4 and the tb prefix', () => {
    expect(addr('76a914751e76e8199196d454941c45d1b3a323f1433bd688ac', TESTNET)).toBe('mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r');
    expect(addr('a914b472a266d0bd89c13706a4132ccfb16f7c3b9fcb87', TESTNET)).toBe('2N9hLwkSqr1cPQAPxbrGVUjxyjD11G2e1he');
    expect(addr('0014751e76e8199196d454941c45d1b3a323f1433bd6', TESTNET)).toBe('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx');
  });
});
