/**
 * Reads a zip archive held in memory, from its central directory (the local headers may carry
 * zero sizes when the writer streamed, so they are trusted only for the name length and extra
 * field). Only what ERCOT's archives and xlsx files use: stored (0) and deflated (8) entries,
 * no encryption, no zip64, no multi-disk. Deflate is node:zlib's raw inflate.
 */
import { inflateRawSync } from 'node:zlib';
import { ParseError } from '../../errors.js';

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

export interface ZipEntry {
  name: string;
  /** Bytes of the entry, decompressed. */
  read(): Buffer;
}

/** The entries of a zip, in central-directory order. `source` names the archive in messages. */
export function readZip(bytes: Uint8Array, source: string): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (message: string, offset: number): never => {
    throw new ParseError(`${message} (not a zip archive, or a damaged one)`, { source, offset });
  };
  // The end record is the last 22 bytes plus a comment of up to 65,535.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return fail('no end-of-central-directory record', buf.length);
  const count = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) return fail('zip64 archives are not supported', eocd);
  if (p + dirSize > eocd) fail('central directory runs past its end record', p);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIG) return fail(`central directory entry ${n + 1} is malformed`, p);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) fail(`entry ${name} is encrypted`, p);
    if (method !== 0 && method !== 8) fail(`entry ${name} uses compression method ${method} (only stored and deflate are read)`, p);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL_SIG) fail(`entry ${name} has no local header`, local);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) fail(`entry ${name} runs past the end of the archive`, start);
    entries.push({
      name,
      read() {
        const raw = buf.subarray(start, start + compressed);
        let out: Buffer;
        try {
          out = method === 0 ? Buffer.from(raw) : inflateRawSync(raw);
        } catch (err) {
          return fail(`entry ${name} does not inflate: ${(err as Error).message}`, start);
        }
        if (out.length !== size) fail(`entry ${name} is ${out.length} bytes, the directory says ${size}`, start);
        return out;
      },
    });
  }
  return entries;
}
