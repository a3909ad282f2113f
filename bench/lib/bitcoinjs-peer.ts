/**
 * The named peer of the block-file scan: bitcoinjs-lib decoding what the scan decodes, with framing
 * written as carefully as we could. Every file is read sequentially (4 MiB chunks, one read at a
 * time, every byte, like the full scan); records are found by magic + size; only the bytes parsed
 * (record header and the block's first ≤ 2,048 bytes) are de-obfuscated, into one reused buffer;
 * then `Block.fromBuffer` on the 80-byte header, `checkProofOfWork()` (one double SHA-256 of the
 * header and the target comparison), `Transaction.fromBuffer` on the coinbase bytes and
 * `isCoinbase()`. It keeps nothing: no index, no BIP34 height (the scan does both on top).
 */
import { open } from 'node:fs/promises';
import { Block, Transaction } from 'bitcoinjs-lib';

const CHUNK_BYTES = 4 << 20;
const PREFIX_BYTES = 2048;

export interface PeerScan {
  records: number;
  /** Records whose header or coinbase did not decode, or failed proof of work. */
  bad: number;
  bytesRead: number;
}

export async function bitcoinjsScan(files: readonly string[], key: Uint8Array, magic: Uint8Array): Promise<PeerScan> {
  const out: PeerScan = { records: 0, bad: 0, bytesRead: 0 };
  const buf = Buffer.allocUnsafe(CHUNK_BYTES + 8 + PREFIX_BYTES);
  const rec = new Uint8Array(8 + PREFIX_BYTES);
  const zeroKey = key.every((b) => b === 0);
  for (const path of files) {
    const fh = await open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      /** File offset of buf[0], bytes valid in buf, offset of the next record. */
      let winAt = 0;
      let winLen = 0;
      let p = 0;
      const read = async (into: number): Promise<number> => {
        const { bytesRead } = await fh.read(buf, into, Math.min(buf.length - into, size - winAt - into), winAt + into);
        out.bytesRead += bytesRead;
        return bytesRead;
      };
      /** Makes [p, p + n) (clipped to the file) contiguous in buf; false at the end of the file. */
      const have = async (n: number): Promise<boolean> => {
        n = Math.min(n, size - p);
        if (n <= 0) return false;
        while (p >= winAt + winLen) {
          winAt += winLen;
          winLen = await read(0);
          if (winLen === 0) return false;
        }
        if (p + n > winAt + winLen) {
          buf.copy(buf, 0, p - winAt, winLen);
          winLen -= p - winAt;
          winAt = p;
          while (winLen < n) {
            const got = await read(winLen);
            if (got === 0) return false;
            winLen += got;
          }
        }
        return true;
      };
      while (await have(8)) {
        const want = Math.min(8 + PREFIX_BYTES, size - p);
        if (!(await have(want))) break;
        const from = p - winAt;
        rec.set(buf.subarray(from, from + want));
        if (!zeroKey) for (let i = 0; i < want; i++) rec[i] = (rec[i] as number) ^ (key[(p + i) & 7] as number);
        if (rec[0] !== magic[0] || rec[1] !== magic[1] || rec[2] !== magic[2] || rec[3] !== magic[3]) break;
        const blockBytes = ((rec[4] as number) | ((rec[5] as number) << 8) | ((rec[6] as number) << 16)) + (rec[7] as number) * 0x1_000000;
        out.records++;
        if (!decodes(rec.subarray(8, Math.min(want, 8 + blockBytes)))) out.bad++;
        p += 8 + blockBytes;
      }
      // Read what is left, so every byte is read once, as in the full scan.
      for (winAt += winLen; winAt < size; winAt += winLen) if ((winLen = await read(0)) === 0) break;
    } finally {
      await fh.close();
    }
  }
  return out;
}

function decodes(block: Uint8Array): boolean {
  try {
    const header = Block.fromBuffer(block.subarray(0, 80));
    if (!header.checkProofOfWork()) return false;
    const count = block[80] as number;
    const at = 81 + (count < 0xfd ? 0 : count === 0xfd ? 2 : count === 0xfe ? 4 : 8);
    return Transaction.fromBuffer(block.subarray(at), true).isCoinbase();
  } catch {
    return false;
  }
}
