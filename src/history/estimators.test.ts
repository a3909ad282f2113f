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

/**
 * The embedded history with every estimated value taken out again (provenance `estimated:…` → null):
 * what scripts/build-network-daily.ts started from. The tests below run the estimators on it, so
 * they check the estimators, not the file they once wrote.
 */
function observedOnly(rows: readonly DailyRow[]): DailyRow[] {
  return rows.map((r) => {
    const out = { ...r, provenance: { ...r.provenance } } as DailyRow & Record<string, unknown>;
    for (const [field, how] of Object.entries(r.provenance)) {
      if (!how?.startsWith('estimated')) continue;
      out[field] = null;
      delete (out.provenance as Record<string, string>)[field];
    }
    return out;
  });
}

describe('the estimators on the embedded history’s observations', () => {
  const embedded = embeddedHistory();
  const observed = observedOnly(embedded);
  // The build's order: blocks and difficulty first, since fees are estimated per block.
  const filled = fillFees(fillDifficultyGaps(fillBlocksGaps(observed)));

  it('fill the 2025-11-13..15 blocks and difficulty gap from its neighbours', () => {
    for (const date of ['2025-11-13', '2025-11-14', '2025-11-15']) {
      expect(day(observed, date).blocks).toBeNull();
      const r = day(filled, date);
      // Blocks 11-06..11-12 (140, 142, 120, 141, 140, 153, 141) and 11-16..11-22 (159, 124, 133,
      // 137, 131, 151, 143): 1,955 / 14 = 139.64 → 140.
      expect(r.blocks).toBe(140);
      expect(r.provenance.blocks).toBe(BLOCKS_GAP_METHOD);
      // The epoch in force: 152.27 T, first observed on 2025-11-16 (11-12 still shows the old 155.03 T).
      expect(r.difficulty).toBe(152271405447596);
      expect(r.provenance.difficulty).toBe(DIFFICULTY_GAP_METHOD);
    }
  });

  it('interpolate fees per block across a 3-day gap between blockchain.com samples (2025-04-13)', () => {
    // 04-11: 767,759,265 sat / 148 blocks = 5,187,562.6; 04-15: 568,117,728 / 144 = 3,945,262.
    // 04-13 lies halfway: 4,566,412.3 sat/block × 172 blocks = 785,422,916 sat.
    const r = day(filled, '2025-04-13');
    expect(r.fees_sat).toBe(785_422_916n);
    expect(r.provenance.fees_sat).toBe(FEE_INTERP_METHOD);
  });

  it('bridge the 187-day fee gap 2025-05-02..11-04 between 28-day window medians (2025-08-01)', () => {
    // Before: the seven samples of 04-04..05-01 have median 4,546,877.17 sat/block (04-07's);
    // after: the 28 days 11-05..12-02 have median (2,127,141.03 + 2,170,875.50) / 2 = 2,149,008.27.
    // 08-01 is 92 of the 188 days from 05-01 to 11-05: 4,546,877.17 + (2,149,008.27 − 4,546,877.17)
    // · 92/188 = 3,373,451.96 sat/block × 151 blocks = 509,391,246 sat.
    const r = day(filled, '2025-08-01');
    expect(r.fees_sat).toBe(509_391_246n);
    expect(r.provenance.fees_sat).toBe(FEE_WINDOW_METHOD);
    const gap = filled.filter((x) => x.date >= '2025-05-02' && x.date <= '2025-11-04');
    expect(gap).toHaveLength(187);
    for (const x of gap) expect(x.provenance.fees_sat).toBe(FEE_WINDOW_METHOD);
  });

  it('keep observed days as they are (blockchain.com sample on 2025-05-01)', () => {
    expect(day(filled, '2025-05-01').fees_sat).toBe(551228636n);
    expect(day(filled, '2025-05-01').provenance.fees_sat).toBe('blockchain.com_every4th_day');
  });

  it('leave blocks, difficulty and fees on no day from 2010 to the end of the block data', () => {
    // Through 2026-02-12: the later days hold a price alone (data/SOURCES.md).
    for (const r of filled.filter((x) => x.date >= '2010-01-01' && x.date <= '2026-02-12')) {
      expect(r.blocks, r.date).not.toBeNull();
      expect(r.difficulty, r.date).not.toBeNull();
      expect(r.fees_sat, r.date).not.toBeNull();
    }
  });

  it('reproduce every estimate the embedded file holds', () => {
    for (let i = 0; i < embedded.length; i++) {
      const [a, b] = [embedded[i]!, filled[i]!];
      expect([b.blocks, b.difficulty, b.fees_sat], a.date).toEqual([a.blocks, a.difficulty, a.fees_sat]);
    }
  });
});

describe('estimator edges', () => {
  const days = (n: number, f: (i: number) => DailyRow): DailyRow[] => Array.from({ length: n }, (_, i) => f(i));
  const date = (i: number): string => new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10);

  it('a gap of exactly shortGapDays interpolates; one day more uses the window medians', () => {
    // An observed day, `gap` days without fees, an observed day.
    const around = (gap: number): DailyRow[] => [row(date(0), 100, 1000n), ...days(gap, (i) => row(date(i + 1), 100, null)), row(date(gap + 1), 100, 10_000n)];
    expect(fillFees(around(8), { shortGapDays: 8, windowDays: 2 })[1]!.provenance.fees_sat).toBe(FEE_INTERP_METHOD);
    expect(fillFees(around(9), { shortGapDays: 8, windowDays: 2 })[1]!.provenance.fees_sat).toBe(FEE_WINDOW_METHOD);
  });

  it('window medians use exactly windowDays days on each side, and only observed ones', () => {
    // Before the 12-day gap: …, 50 (day 0), 10, 10 (days 1–2); after: 30, 30 (days 15–16), 90 (day 17).
    const fpb = [50, 10, 10, ...new Array<null>(12).fill(null), 30, 30, 90];
    const rows = fpb.map((v, i) => row(date(i), 100, v === null ? null : BigInt(v * 100)));
    const out = fillFees(rows, { shortGapDays: 8, windowDays: 2 });
    // Anchors: median(10, 10) = 10 at day 2, median(30, 30) = 30 at day 15; day 3 is 1/13 of the way.
    expect(out[3]!.fees_sat).toBe(BigInt(Math.round((10 + (20 * 1) / 13) * 100)));
    expect(out[14]!.fees_sat).toBe(BigInt(Math.round((10 + (20 * 12) / 13) * 100)));
    // An estimated day inside a window is not an anchor.
    const withEstimate = rows.map((r, i) => (i === 1 ? { ...r, provenance: { ...r.provenance, fees_sat: 'estimated:x' } } : r));
    expect(fillFees(withEstimate, { shortGapDays: 8, windowDays: 2 })[3]!.fees_sat).toBe(BigInt(Math.round((10 + (20 * 1) / 13) * 100)));
  });

  it('leaves a day without blocks, gaps at either end and the input itself untouched', () => {
    const rows = [row(date(0), null, null), row(date(1), 100, 1000n), row(date(2), null, null), row(date(3), 100, 3000n), row(date(4), 100, null)];
    const copy = structuredClone(rows);
    const out = fillFees(rows);
    expect(out.map((r) => r.fees_sat)).toEqual([null, 1000n, null, 3000n, null]);
    expect(rows).toEqual(copy);
    // A day with zero blocks has no fees per block to anchor on.
    expect(fillFees([row(date(0), 0, 0n), row(date(1), 100, null), row(date(2), 100, 3000n)])[1]!.fees_sat).toBeNull();
  });

  it('difficulty and blocks gaps: not at the start, not past the limit, neighbours within the window only', () => {
    const d = [row(date(0), 1, null, null), row(date(1), 1, null, 7)];
    expect(fillDifficultyGaps(d)[0]!.difficulty).toBeNull();
    const long = [row(date(0), 1, null, 5), ...days(6, (i) => row(date(i + 1), 1, null, null)), row(date(7), 1, null, 9)];
    expect(fillDifficultyGaps(long, 5)[1]!.difficulty).toBeNull();
    expect(fillDifficultyGaps(long, 6)[1]!.difficulty).toBe(9);
    expect(fillDifficultyGaps([row(date(0), 1, null, 5), row(date(1), 1, null, null)])[1]!.difficulty).toBeNull();
    const input = [row(date(0), 1, null, 5), row(date(1), 1, null, null), row(date(2), 1, null, 6)];
    fillDifficultyGaps(input);
    expect(input[1]!.difficulty).toBeNull();
    // Blocks: the mean of up to windowDays observed days each side (130 and 150 here, not the 1,000 beyond).
    const b = [row(date(0), 1000, null), row(date(1), 130, null), row(date(2), null, null), row(date(3), 150, null), row(date(4), 1000, null)];
    expect(fillBlocksGaps(b, 5, 1)[2]!.blocks).toBe(140);
    expect(fillBlocksGaps([row(date(0), null, null), row(date(1), 140, null)])[0]!.blocks).toBeNull();
    expect(fillBlocksGaps([row(date(0), 140, null), row(date(1), null, null)])[1]!.blocks).toBeNull();
    fillBlocksGaps(b);
    expect(b[2]!.blocks).toBeNull();
  });

  it('a short gap interpolates between its two neighbours, even when the wider window says otherwise', () => {
    // Fees per block 10, 50 | gap | 30, 90: halfway from 50 to 30 is 40 (the window medians would give 30 and 60).
    const rows = [10, 50, null, 30, 90].map((v, i) => row(date(i), 100, v === null ? null : BigInt(v * 100)));
    const out = fillFees(rows, { shortGapDays: 8, windowDays: 2 });
    expect(out.map((r) => [r.fees_sat, r.provenance.fees_sat])).toEqual([
      [1000n, 'test'],
      [5000n, 'test'],
      [4000n, FEE_INTERP_METHOD],
      [3000n, 'test'],
      [9000n, 'test'],
    ]);
  });

  it('long-gap anchors are numeric medians over exactly windowDays, of days with fees only (odd and even counts)', () => {
    // Fees per block: 9, 100, 10 | 12-day gap | 30, (1-day gap), 10, 1000. Window 3 days:
    // before, median(9, 100, 10) = 10 (not 100, the middle as given or sorted as text); after, days
    // 15–17 hold 30 and 10 (day 16 has no fees): (10 + 30) / 2 = 20, and day 18's 1,000 is outside.
    const fpb = [9, 100, 10, ...new Array<null>(12).fill(null), 30, null, 10, 1000];
    const rows = fpb.map((v, i) => row(date(i), 100, v === null ? null : BigInt(v * 100)));
    const out = fillFees(rows, { shortGapDays: 8, windowDays: 3 });
    // Day k of the gap is (k − 2)/13 of the way from 10 to 20 sat/block: day 3 → 10.77 · 100 blocks.
    expect(out.slice(3, 15).map((r) => r.fees_sat)).toEqual(Array.from({ length: 12 }, (_, i) => BigInt(Math.round((10 + (10 * (i + 1)) / 13) * 100))));
    expect([out[3]!.fees_sat, out[14]!.fees_sat, out[3]!.provenance.fees_sat]).toEqual([1077n, 1923n, FEE_WINDOW_METHOD]);
    // The short gap on day 16 interpolates 30 → 10; the observed anchors keep their values and provenance.
    expect(out.slice(15).map((r) => [r.fees_sat, r.provenance.fees_sat])).toEqual([
      [3000n, 'test'],
      [2000n, FEE_INTERP_METHOD],
      [1000n, 'test'],
      [100_000n, 'test'],
    ]);
    expect(rows[3]!.fees_sat).toBeNull(); // the input is not written to
  });

  it('difficulty and blocks gaps leave the observed day after the gap as it is', () => {
    const d = [row(date(0), 140, null, 5), row(date(1), null, null, null), row(date(2), 150, null, 7)];
    expect(fillDifficultyGaps(d)[2]).toBe(d[2]);
    expect(fillBlocksGaps(d)[2]).toBe(d[2]);
  });

  it('blocks gaps: exactly maxGapDays long is filled anywhere in the series, from neighbours with a count only, and none without neighbours', () => {
    // Day 0 has no count (a gap at the start, left alone); days 2–6 are a 5-day gap between 140 and 150.
    const rows = [row(date(0), null, null), row(date(1), 140, null), ...days(5, (i) => row(date(i + 2), null, null)), row(date(7), 150, null)];
    const out = fillBlocksGaps(rows, 5, 7);
    expect(out.map((r) => r.blocks)).toEqual([null, 140, 145, 145, 145, 145, 145, 150]);
    expect(fillBlocksGaps(rows, 5, 0)[2]!.blocks).toBeNull(); // windowDays 0: no neighbours to average
  });
});
