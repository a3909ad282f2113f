/**
 * Where Bitcoin Core's block files are and how to read their bytes: the blk*.dat files of a blocks
 * folder (or a datadir holding blocks/), the XOR key of blocks/xor.dat (Core 28+; none = a zero
 * key: byte i of a file is stored as byte ^ key[i mod 8], i the absolute offset) and the network
 * magic that starts every record.
 */
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ParseError } from '../../errors.js';

/** Network magic (pchMessageStart) as stored at the start of each record. */
export const MAGIC = {
  main: Uint8Array.of(0xf9, 0xbe, 0xb4, 0xd9),
  testnet3: Uint8Array.of(0x0b, 0x11, 0x09, 0x07),
  testnet4: Uint8Array.of(0x1c, 0x16, 0x3f, 0x28),
  signet: Uint8Array.of(0x0a, 0x03, 0xcf, 0x40),
  regtest: Uint8Array.of(0xfa, 0xbf, 0xb5, 0xda),
} as const;

export interface BlocksDir {
  dir: string;
  files: string[];
  key: Uint8Array;
}

/** Finds blk*.dat (sorted by number) and the XOR key under `dir` or `dir/blocks`. */
export async function openBlocksDir(dir: string): Promise<BlocksDir> {
  let names = await readdir(dir).catch(() => [] as string[]);
  if (!names.some(isBlkName) && (await readdir(join(dir, 'blocks')).catch(() => null))) {
    dir = join(dir, 'blocks');
    names = await readdir(dir);
  }
  const files = names.filter(isBlkName).sort();
  if (files.length === 0) throw new ParseError('no blk*.dat block files found', { source: dir });
  const key = await readFile(join(dir, 'xor.dat')).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return Buffer.alloc(8);
    throw err;
  });
  if (key.length !== 8) throw new ParseError(`xor.dat must hold 8 bytes, has ${key.length}`, { source: join(dir, 'xor.dat') });
  return { dir, files: files.map((f) => join(dir, f)), key: Uint8Array.from(key) };
}

function isBlkName(n: string): boolean {
  return /^blk\d{5,}\.dat$/.test(n);
}

/** XORs `buf` (which holds file bytes starting at `fileOffset`) with the key, in place. */
export function xorInPlace(buf: Uint8Array, key: Uint8Array, fileOffset: number): void {
  let any = 0;
  for (const b of key) any |= b;
  if (any === 0) return;
  // The key rotated to start at this offset; then whole 32-bit words when aligned (a scan decodes
  // a few KiB per record, so this loop is part of the per-record cost).
  const k = new Uint8Array(8);
  for (let j = 0; j < 8; j++) k[j] = key[(fileOffset + j) & 7] as number;
  let i = 0;
  if (buf.byteOffset % 4 === 0 && buf.length >= 8) {
    const words = new Uint32Array(buf.buffer, buf.byteOffset, (buf.length >>> 3) << 1);
    const kw = new Uint32Array(k.buffer);
    const k0 = kw[0] as number;
    const k1 = kw[1] as number;
    for (let w = 0; w < words.length; w += 2) {
      words[w] = (words[w] as number) ^ k0;
      words[w + 1] = (words[w + 1] as number) ^ k1;
    }
    i = words.length * 4;
  }
  for (; i < buf.length; i++) buf[i] = (buf[i] as number) ^ (k[i & 7] as number);
}

/** The `--network` names of the record magics. */
const NETWORK_MAGICS: readonly [network: string, magic: Uint8Array][] = [
  ['main', MAGIC.main],
  ['testnet', MAGIC.testnet3],
  ['testnet4', MAGIC.testnet4],
  ['signet', MAGIC.signet],
  ['regtest', MAGIC.regtest],
];

/**
 * The network whose magic starts the first block file (de-obfuscated), or null (also when it is
 * `given`'s): a hint for a scan that matched no record with the magic it was given.
 */
export async function networkOfFirstRecord(bd: BlocksDir, given: Uint8Array): Promise<string | null> {
  const first = bd.files[0];
  if (first === undefined) return null;
  const fh = await open(first, 'r');
  try {
    const head = new Uint8Array(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    if (bytesRead < 4) return null;
    xorInPlace(head, bd.key, 0);
    const same = (m: Uint8Array): boolean => m.every((b, i) => head[i] === b);
    if (same(given)) return null;
    return NETWORK_MAGICS.find(([, m]) => same(m))?.[0] ?? null;
  } finally {
    await fh.close();
  }
}
