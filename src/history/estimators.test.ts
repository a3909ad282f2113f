import { describe, expect, it } from 'vitest';
import { day, embeddedHistory } from '../../test/helpers/history.js';
import type { DailyRow } from './daily-row.js';
import { BLOCKS_GAP_METHOD, DIFFICULTY_GAP_METHOD, FEE_INTERP_METHOD, FEE_WINDOW_METHOD, fillBlocksGaps, fillDifficultyGaps, fillFees } from './estimators.js';

function row(date: string, blocks: number | null, fees_sat: bigint | null, difficulty: number | null = 1): DailyRow {
  const provenance: DailyRow['provenance'] = {};
  if (blocks !== null) provenance.blocks = 'test';
  if (fees_sat !== null) provenance.fees_sat = 'test';
  if (difficulty !== null) provenance.difficulty = 'test';
  return { date, blocks, difficulty, hashrate_ehs: null, issuance_sat: null, fees_sat, price_usd_per_btc: null, supply_sat: null, provenance };
}

describe('fillFees', () => {
  it('interpolates fees per block across a short gap and scales by the day’s blocks', () => {
    const rows = [row('2021-01-01', 100, 1000n), row('2021-01-02', 200, null), row('2021-01-03', 100, 3000n)];
    const out = fillFees(rows);
    // 10 sat/block → 30 sat/block; the middle day is halfway (20 sat/block) × 200 blocks.
    expect(out[1]?.fees_sat).toBe(4000n);
    expect(out[1]?.provenance.fees_sat).toBe(FEE_INTERP_METHOD);
    expect(out[0]).toBe(rows[0]);
  });

  it('anchors long gaps on window medians, not single days', () => {
    const rows: DailyRow[] = [];
    for (let d = 1; d <= 10; d++) rows.push(row(`2021-01-${String(d).padStart(2, '0')}`, 100, d === 10 ? 100_000n : 1000n));
    for (let d = 11; d <= 25; d++) rows.push(row(`2021-01-${d}`, 100, null));
    for (let d = 26; d <= 31; d++) rows.push(row(`2021-01-${d}`, 100, 1000n));
    const out = fillFees(rows, { shortGapDays: 8, windowDays: 10 });
    // The outlier on day 10 does not move the median anchor: 10 sat/block throughout.
    for (const r of out.slice(10, 25)) {
      expect(r.fees_sat).toBe(1000n);
      expect(r.provenance.fees_sat).toBe(FEE_WINDOW_METHOD);
    }
  });

  it('never extrapolates past the last observation', () => {
    const out = fillFees([row('2021-01-01', 100, 1000n), row('2021-01-02', 100, null)]);
    expect(out[1]?.fees_sat).toBeNull();
    expect(out[1]?.provenance.fees_sat).toBeUndefined();
  });
});

describe('fillDifficultyGaps / fillBlocksGaps', () => {
  it('fills a short difficulty gap with the next observed epoch value, flagged', () => {
    const out = fillDifficultyGaps([row('2025-11-12', 1, null, 5), row('2025-11-13', 1, null, null), row('2025-11-14', 1, null, 7)]);
    expect(out[1]?.difficulty).toBe(7);
    expect(out[1]?.provenance.difficulty).toBe(DIFFICULTY_GAP_METHOD);
  });

  it('fills a short blocks gap with the neighbourhood mean, flagged', () => {
    const out = fillBlocksGaps([row('2025-11-12', 140, null), row('2025-11-13', null, null), row('2025-11-14', 150, null)]);
    expect(out[1]?.blocks).toBe(145);
    expect(out[1]?.provenance.blocks).toBe(BLOCKS_GAP_METHOD);
  });

  it('leaves long gaps alone', () => {
    const rows = [
      row('2025-11-01', 140, null),
      ...Array.from({ length: 9 }, (_, i) => row(`2025-11-${String(i + 2).padStart(2, '0')}`, null, null)),
      row('2025-11-20', 150, null),
    ];
    expect(fillBlocksGaps(rows, 5)[1]?.blocks).toBeNull();
  });
});

describe('embedded history: every filled value is flagged', () => {
  const rows = embeddedHistory();

  it('flags the 2025-11-13..15 difficulty/blocks gap', () => {
    for (const date of ['2025-11-13', '2025-11-14', '2025-11-15']) {
      const r = day(rows, date);
      expect(r.provenance.difficulty).toBe(DIFFICULTY_GAP_METHOD);
      expect(r.provenance.blocks).toBe(BLOCKS_GAP_METHOD);
      // The epoch in force: 152.27 T, observed on 2025-11-16.
      expect(r.difficulty).toBe(152271405447596);
    }
  });

  it('flags every fee of the 2025-05-02..2025-11-04 gap as a window estimate', () => {
    const gap = rows.filter((r) => r.date >= '2025-05-02' && r.date <= '2025-11-04');
    expect(gap).toHaveLength(187);
    for (const r of gap) expect(r.provenance.fees_sat).toBe(FEE_WINDOW_METHOD);
  });

  it('keeps observed fee days as observed (blockchain.com sample on 2025-05-01)', () => {
    expect(day(rows, '2025-05-01').fees_sat).toBe(551228636n);
    expect(day(rows, '2025-05-01').provenance.fees_sat).toBe('blockchain.com_every4th_day');
  });

  it('has blocks, difficulty and fees on every day from 2010 on (observed or flagged)', () => {
    // Through the end of the block data: the later days hold a price alone (data/SOURCES.md).
    for (const r of rows.filter((x) => x.date >= '2010-01-01' && x.date <= '2026-02-12')) {
      expect(r.blocks, r.date).not.toBeNull();
      expect(r.difficulty, r.date).not.toBeNull();
      expect(r.fees_sat, r.date).not.toBeNull();
    }
  });
});
