/** The embedded per-period difficulty table (data/difficulty_epochs.csv) and height lookups. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catchError } from './helpers/catch-error.js';
import { difficultyAtHeight, epochAt, lastCoveredHeight, latestKnownStart } from '../src/chain/difficulty-epochs.js';
import { OBSERVED_HALVINGS } from '../src/chain/halving-calendar.js';
import { embeddedDataDir } from '../src/main.js';
import { DIFFICULTY_EPOCHS_FILE, parseDifficultyEpochsCsv, readDifficultyEpochs } from '../src/adapters/datasets/difficulty-epochs-csv.js';
import { electrumCheckpoints } from './helpers/fixtures.js';

const text = readFileSync(join(embeddedDataDir(), DIFFICULTY_EPOCHS_FILE), 'utf8');
const epochs = await readDifficultyEpochs(embeddedDataDir());

describe('data/difficulty_epochs.csv', () => {
  it('has 474 periods covering heights 0–955,583; the newest known start is period 463 (height 933,408)', () => {
    expect(epochs).toHaveLength(474);
    expect(lastCoveredHeight(epochs)).toBe(955_583);
    expect(latestKnownStart(epochs)).toMatchObject({ epoch: 463, start_height: 933_408, start_time_source: 'BTC-RPC-Data' });
    expect(epochs.filter((e) => e.start_time_unix_s === null).map((e) => e.epoch)).toEqual([
      ...Array.from({ length: 25 }, (_, i) => 437 + i),
      464,
      465,
      466,
      467,
      468,
      469,
      470,
      471,
      472,
      473,
    ]);
  });

  it('every target and last-block hash equals the Electrum checkpoint it came from', () => {
    const cps = electrumCheckpoints();
    cps.forEach((cp, i) => {
      expect(epochs[i + 1]?.target).toBe(cp.target);
      expect(epochs[i]?.last_block_hash).toBe(cp.last_block_hash);
    });
    expect(epochs[0]?.bits).toBe(0x1d00ffff);
    expect(epochs[473]?.last_block_hash).toBeNull();
  });

  it("the observed hashrate agrees with the file's implied_hashrate_ehs (same 2,016-block span)", () => {
    const rows = text
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.trim().split(','));
    let checked = 0;
    for (const r of rows) {
      if (!r[11]) continue;
      const info = difficultyAtHeight(epochs, Number(r[1]));
      expect(info.observed_hashrate_ehs, `epoch ${r[0]}`).not.toBeNull();
      expect(Math.abs((info.observed_hashrate_ehs as number) - Number(r[11]))).toBeLessThan(1e-6 + Number(r[11]) * 1e-6);
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
  });
});

describe('difficulty at a height', () => {
  it('halving 840,000: period 416, bits 17034219, difficulty 86,388,558,925,171.011713 (exact), ≈ 618 EH/s at 600 s', () => {
    const d = difficultyAtHeight(epochs, 840_000);
    expect(d).toMatchObject({ epoch: 416, start_height: 838_656, end_height: 840_671, bits_hex: '17034219', difficulty_exact: '86388558925171.011713' });
    expect(d.target_hex).toBe('0000000000000000000342190000000000000000000000000000000000000000');
    // D · 2³² / 600 s; observed: the same work over the period's real duration.
    expect(d.network_hashrate_ehs).toBeCloseTo(618.3933922, 7);
    expect(d.observed_hashrate_ehs).toBeCloseTo(630.4546952, 7);
    // The retarget at 840,672 (bits 170331db, difficulty 88,104,191,118,793.16): +1.99%.
    expect(d).toMatchObject({ next_bits_hex: '170331db' });
    expect(d.next_difficulty_change).toBeCloseTo(88_104_191_118_793.156 / 86_388_558_925_171.016 - 1, 12);
    expect(d.next_difficulty_change).toBeCloseTo(0.01986, 5);
  });
  it('an observed hashrate needs both starts: none for period 461 (its start unknown) or 463 (the next unknown, or past the table)', () => {
    expect(difficultyAtHeight(epochs, 929_376)).toMatchObject({ epoch: 461, start_time_unix_s: null, observed_hashrate_ehs: null });
    expect(difficultyAtHeight(epochs, 933_408)).toMatchObject({ epoch: 463, start_time_unix_s: 1_769_110_282, observed_hashrate_ehs: null });
    const upTo463 = epochs.slice(0, 464);
    expect(difficultyAtHeight(upTo463, 933_408)).toMatchObject({ observed_hashrate_ehs: null, next_bits_hex: null, next_difficulty_change: null });
  });
  it('refuses a hand-built table whose row does not cover the height asked (wrong period number, start or end)', () => {
    const row = epochs[1] as (typeof epochs)[number];
    for (const [what, bad, height] of [
      ['period number 5', { ...row, epoch: 5 }, 2016],
      ['start 2,017', { ...row, start_height: 2017 }, 2016],
      ['end 2,020', { ...row, end_height: 2020 }, 2030],
    ] as const) {
      expect(
        catchError(() => epochAt([epochs[0] as typeof row, bad], height)),
        what,
      ).toMatchObject({ code: 'VALIDATION' });
      expect(epochAt([epochs[0] as typeof row, row], height), what).toBe(row);
    }
  });
  it.each([
    [210_000, 104, '1a04e0ea', 3_438_908.96],
    [420_000, 208, '180526fd', 213_398_925_331.32],
    [630_000, 312, '17117a39', 16_104_807_485_529.38],
  ])('halving %i: period %i, bits %s, difficulty %f', (h, epoch, bits, diff) => {
    const d = difficultyAtHeight(epochs, h);
    expect(d).toMatchObject({ epoch, bits_hex: bits });
    expect(d.difficulty).toBeCloseTo(diff, 2); // the difficulties above, to the 2 decimals printed
  });
  it('epoch boundary: 2015 is the last block at difficulty 1 of period 0, 2016 starts period 1', () => {
    expect(difficultyAtHeight(epochs, 2015)).toMatchObject({ epoch: 0, difficulty_exact: '1.000000' });
    expect(difficultyAtHeight(epochs, 2016)).toMatchObject({ epoch: 1, start_height: 2016 });
    expect(difficultyAtHeight(epochs, 32_255).difficulty).toBe(1);
    expect(difficultyAtHeight(epochs, 32_256).difficulty).toBeCloseTo(1.182899534, 8);
  });
  it('the last covered height works; the next is NotFound; negative or fractional heights are invalid', () => {
    expect(difficultyAtHeight(epochs, 955_583).bits_hex).toBe('170240c3');
    expect(catchError(() => difficultyAtHeight(epochs, 955_584))).toMatchObject({ code: 'NOT_FOUND' });
    expect(catchError(() => epochAt(epochs, -1))).toMatchObject({ code: 'VALIDATION' });
    expect(catchError(() => epochAt(epochs, 1.5))).toMatchObject({ code: 'VALIDATION' });
  });
});

describe('reader rejects bad files with line numbers', () => {
  const lines = text.split(/\r?\n/);
  const edit = (line: number, from: string, to: string): string => lines.map((l, i) => (i === line - 1 ? l.replace(from, to) : l)).join('\n');
  it.each([
    ['a wrong header', 1, edit(1, 'bits_hex', 'bits')],
    ['malformed bits', 5, edit(5, '1d00ffff', '1d00ffzz')],
    ['negative bits', 5, edit(5, '1d00ffff', '1d80ffff')],
    ['bits that do not encode the target', 40, edit(40, ',1b692098,', ',1b692099,')],
    ['a wrong difficulty', 300, edit(300, /,(\d+)\.(\d+),/.exec(lines[299] ?? '')?.[0] ?? '', ',1.0,')],
    ['a missing period', 10, lines.filter((_, i) => i !== 9).join('\n')],
    ['a time that goes backwards', 101, edit(101, lines[100]?.split(',')[7] ?? '', '1231006505')],
    ['a time that disagrees with its UTC text', 3, edit(3, '2009-01-27T13:38:51Z', '2009-01-27T13:38:52Z')],
    ['a short row', 60, edit(60, /,[^,]*$/.exec(lines[59] ?? '')?.[0] ?? '', '')],
  ])('%s → ParseError at line %i', (_label, line, bad) => {
    expect(catchError(() => parseDifficultyEpochsCsv(bad))).toMatchObject({ code: 'PARSE', line, source: DIFFICULTY_EPOCHS_FILE });
  });
  it('rejects an empty table', () => {
    expect(catchError(() => parseDifficultyEpochsCsv(lines[0] ?? ''))).toMatchObject({ code: 'PARSE', line: 2 });
  });
});

describe('observed halving times against the table', () => {
  it.each(OBSERVED_HALVINGS.map((h) => [h.height, h.time_unix_s] as const))(
    'halving %i at %i lies inside its period, at a plausible 540–620 s per block since the period began',
    (height, time) => {
      const row = epochAt(epochs, height);
      const next = epochAt(epochs, row.end_height + 1);
      const start = row.start_time_unix_s as number;
      expect(time).toBeGreaterThan(start);
      expect(time).toBeLessThan(next.start_time_unix_s as number);
      const perBlock = (time - start) / (height - row.start_height);
      expect(perBlock).toBeGreaterThan(540);
      expect(perBlock).toBeLessThan(620);
    },
  );
});
