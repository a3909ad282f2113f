/**
 * The block-files checkpoint (ports/store.ts BlockFilesCheckpoint) in SQL: checks, the atomic save of one
 * scan's update, and the load. Header entries are stored as packed chunks (ENTRY_CHUNK entries a
 * row, well under any parameter size limit) numbered in scan order, which the best-chain rule's
 * first-seen tie-break depends on.
 */
import { ENTRY_BYTES } from '../../chain/header-index.js';
import { ValidationError, type ValidationIssue } from '../../errors.js';
import type { BlockFilesCheckpoint, BlockFilesScanUpdate } from '../../ports/store.js';
import { chunksFor, toNumber, toStringOrNull, valuesPlaceholders, type Dialect, type SqlExecutor } from './driver.js';

/** Header entries per stored row (≈ 0.9 MB). */
const ENTRY_CHUNK = 10_000;

export function assertScanUpdate(u: BlockFilesScanUpdate): void {
  const issues: ValidationIssue[] = [];
  const bad = (path: string, message: string): number => issues.push({ path, message });
  if (typeof u.blocks_dir !== 'string' || u.blocks_dir === '') bad('blocks_dir', 'expected a folder path');
  if (!/^[0-9a-f]{16}$/.test(u.xor_key_hex)) bad('xor_key_hex', 'expected 16 lowercase hex digits (8 bytes)');
  if (!/^[0-9a-f]{8}$/.test(u.magic_hex)) bad('magic_hex', 'expected 8 lowercase hex digits (4 bytes)');
  if (!(u.headers instanceof Uint8Array) || u.headers.length % ENTRY_BYTES !== 0) bad('headers', `expected packed entries, a multiple of ${ENTRY_BYTES} bytes`);
  u.files.forEach((f, i) => {
    if (!/^blk\d{5,}\.dat$/.test(f.name)) bad(`files[${i}].name`, 'expected a blkNNNNN.dat file name');
    if (!Number.isSafeInteger(f.scanned_bytes) || f.scanned_bytes < 0) bad(`files[${i}].scanned_bytes`, 'expected a whole number of bytes ≥ 0');
    if (f.fingerprint_hex !== null && !/^[0-9a-f]{64}$/.test(f.fingerprint_hex))
      bad(`files[${i}].fingerprint_hex`, 'expected 64 lowercase hex digits (SHA-256) or null');
  });
  if (issues.length > 0) throw new ValidationError(issues.slice(0, 20));
}

/** Applies one scan's update inside the caller's transaction. */
export async function saveScanUpdate(tx: SqlExecutor, dialect: Dialect, u: BlockFilesScanUpdate): Promise<void> {
  if (u.reset) {
    await tx.run('DELETE FROM block_file_headers');
    await tx.run('DELETE FROM block_files');
  }
  await tx.run(
    'INSERT INTO block_files_state (id, blocks_dir, xor_key_hex, magic_hex) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET blocks_dir = excluded.blocks_dir, xor_key_hex = excluded.xor_key_hex, magic_hex = excluded.magic_hex',
    [u.blocks_dir, u.xor_key_hex, u.magic_hex],
  );
  for (const chunk of chunksFor(u.files, 3, dialect)) {
    await tx.run(
      `INSERT INTO block_files (name, scanned_bytes, fingerprint_hex) VALUES ${valuesPlaceholders(chunk.length, 3)} ON CONFLICT (name) DO UPDATE SET scanned_bytes = excluded.scanned_bytes, fingerprint_hex = excluded.fingerprint_hex`,
      chunk.flatMap((f) => [f.name, f.scanned_bytes, f.fingerprint_hex]),
    );
  }
  const top = await tx.all('SELECT MAX(seq) AS seq FROM block_file_headers');
  let seq = top[0]?.seq === null || top[0]?.seq === undefined ? 0 : toNumber(top[0].seq, 'seq');
  const step = ENTRY_CHUNK * ENTRY_BYTES;
  for (let at = 0; at < u.headers.length; at += step) {
    await tx.run('INSERT INTO block_file_headers (seq, entries) VALUES (?, ?)', [++seq, u.headers.subarray(at, at + step)]);
  }
}

export async function loadCheckpoint(db: SqlExecutor): Promise<BlockFilesCheckpoint | null> {
  const state = (await db.all('SELECT blocks_dir, xor_key_hex, magic_hex FROM block_files_state WHERE id = 1'))[0];
  if (!state) return null;
  const files = (await db.all('SELECT name, scanned_bytes, fingerprint_hex FROM block_files ORDER BY name')).map((r) => ({
    name: String(r.name),
    scanned_bytes: toNumber(r.scanned_bytes, 'scanned_bytes'),
    fingerprint_hex: toStringOrNull(r.fingerprint_hex),
  }));
  const chunks = (await db.rows('SELECT entries FROM block_file_headers ORDER BY seq')).map((r) => r[0] as Uint8Array);
  return {
    blocks_dir: String(state.blocks_dir),
    xor_key_hex: String(state.xor_key_hex),
    magic_hex: String(state.magic_hex),
    files,
    headers: Buffer.concat(chunks),
  };
}
