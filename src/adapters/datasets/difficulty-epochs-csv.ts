/**
 * Reads the per-period difficulty table (data/difficulty_epochs.csv; provenance in data/SOURCES.md)
 * into DifficultyEpoch rows, validating every line. Any bad line is a ParseError naming the file,
 * the line number (1 = header) and the column; nothing is returned from a file with a bad line.
 *
 * Checks: the header; one row per period in order (epoch = row index, start_height = 2016·epoch,
 * end_height = start + 2015); target 64 hex digits that bits encodes exactly; the difficulty
 * column (printed with 6 decimals from a float) within 1e-9 relative or 1e-6 absolute of DIFF1_TARGET / target (the file prints it from a float);
 * start times whole unix seconds that agree with start_time_utc and never decrease.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DifficultyEpoch } from '../../chain/difficulty-epochs.js';
import { bitsToTarget, targetToDifficulty, targetToHex } from '../../chain/difficulty.js';
import { RETARGET_INTERVAL_BLOCKS } from '../../chain/retarget.js';
import { ParseError } from '../../errors.js';
import { unixSToIso } from '../../units/time.js';
import { parseDecimal } from '../../config/csv-cells.js';

export const DIFFICULTY_EPOCHS_FILE = 'difficulty_epochs.csv';

export const DIFFICULTY_EPOCHS_COLUMNS = [
  'epoch',
  'start_height',
  'end_height',
  'target_hex',
  'bits_hex',
  'difficulty',
  'last_block_hash',
  'start_time_unix',
  'start_time_utc',
  'start_time_source',
  'epoch_duration_days',
  'implied_hashrate_ehs',
] as const;

type Column = (typeof DIFFICULTY_EPOCHS_COLUMNS)[number];

/** Parses the CSV text; `source` names the file in error messages. */
export function parseDifficultyEpochsCsv(text: string, source = DIFFICULTY_EPOCHS_FILE): DifficultyEpoch[] {
  const lines = text.split(/\r?\n/);
  const header = lines[0] ?? '';
  if (header.trim() !== DIFFICULTY_EPOCHS_COLUMNS.join(',')) {
    throw new ParseError(`expected header "${DIFFICULTY_EPOCHS_COLUMNS.join(',')}"`, { line: 1, source });
  }
  const out: DifficultyEpoch[] = [];
  let lastTime: number | null = null;
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    const line = i + 1;
    const fail = (column: Column | 'row', message: string): never => {
      throw new ParseError(`${column}: ${message}`, { line, source });
    };
    const cells = raw.split(',');
    if (cells.length !== DIFFICULTY_EPOCHS_COLUMNS.length) {
      fail('row', `expected ${DIFFICULTY_EPOCHS_COLUMNS.length} fields, got ${cells.length}`);
    }
    const cell = (c: Column): string => (cells[DIFFICULTY_EPOCHS_COLUMNS.indexOf(c)] ?? '').trim();
    const int = (c: Column): number => {
      const v = cell(c);
      if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) fail(c, `expected a whole number, got "${v}"`);
      return Number(v);
    };

    const epoch = int('epoch');
    if (epoch !== out.length) fail('epoch', `expected ${out.length} (periods in order, none missing), got ${epoch}`);
    const start_height = int('start_height');
    if (start_height !== epoch * RETARGET_INTERVAL_BLOCKS) fail('start_height', `expected ${epoch * RETARGET_INTERVAL_BLOCKS}, got ${start_height}`);
    const end_height = int('end_height');
    if (end_height !== start_height + RETARGET_INTERVAL_BLOCKS - 1)
      fail('end_height', `expected ${start_height + RETARGET_INTERVAL_BLOCKS - 1}, got ${end_height}`);

    const targetHex = cell('target_hex').toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(targetHex)) fail('target_hex', `expected 64 hex digits, got "${targetHex}"`);
    const bitsHex = cell('bits_hex');
    if (!/^[0-9a-fA-F]{8}$/.test(bitsHex)) fail('bits_hex', `expected 8 hex digits, got "${bitsHex}"`);
    const bits = Number.parseInt(bitsHex, 16);
    let target = 0n;
    try {
      target = bitsToTarget(bits);
    } catch (e) {
      fail('bits_hex', e instanceof Error ? e.message : String(e));
    }
    if (targetToHex(target) !== targetHex) fail('target_hex', `bits ${bitsHex} encodes ${targetToHex(target)}, not ${targetHex}`);

    const difficulty = parseDecimal(cell('difficulty'));
    const exact = targetToDifficulty(target);
    if (difficulty === undefined || Math.abs(difficulty - exact) > Math.max(exact * 1e-9, 1e-6)) {
      fail('difficulty', `expected ≈ ${exact} for bits ${bitsHex}, got "${cell('difficulty')}"`);
    }

    const hash = cell('last_block_hash').toLowerCase();
    if (hash !== '' && !/^[0-9a-f]{64}$/.test(hash)) fail('last_block_hash', `expected 64 hex digits or empty, got "${hash}"`);

    let start_time_unix_s: number | null = null;
    let start_time_source: string | null = null;
    if (cell('start_time_unix') !== '') {
      start_time_unix_s = int('start_time_unix');
      const iso = unixSToIso(start_time_unix_s);
      if (cell('start_time_utc') !== iso) fail('start_time_utc', `expected ${iso} (from start_time_unix), got "${cell('start_time_utc')}"`);
      start_time_source = cell('start_time_source');
      if (start_time_source === '') fail('start_time_source', 'a start time needs its source');
      if (lastTime !== null && start_time_unix_s < lastTime) fail('start_time_unix', `goes back in time (${start_time_unix_s} < ${lastTime})`);
      lastTime = start_time_unix_s;
    } else if (cell('start_time_utc') !== '') {
      fail('start_time_unix', 'empty while start_time_utc is set');
    }

    out.push({
      epoch,
      start_height,
      end_height,
      bits,
      target,
      last_block_hash: hash === '' ? null : hash,
      start_time_unix_s,
      start_time_source,
    });
  }
  if (out.length === 0) throw new ParseError('no rows', { line: 2, source });
  return out;
}

/** Reads and parses `dir/difficulty_epochs.csv` (the embedded `data/` folder by default). */
export async function readDifficultyEpochs(dir: string): Promise<DifficultyEpoch[]> {
  const path = join(dir, DIFFICULTY_EPOCHS_FILE);
  return parseDifficultyEpochsCsv(await readFile(path, 'utf8'), path);
}
