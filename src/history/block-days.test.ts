import { describe, expect, it } from 'vitest';
import { blockDays, feedBlockDays, feedPartialDayProvenance, type DayBlock } from './block-days.js';
import { DAILY_FIELDS, emptyDailyRow, isEstimated, PARTIAL_DAY_PROVENANCE } from './daily-row.js';

const day = (d: number, h = 12): number => Date.UTC(2024, 0, d, h) / 1000;
const b = (time_unix_s: number, difficulty = 100, issued = 312_500_000n, fees = 1_000n, genesis = false): DayBlock => ({
  time_unix_s,
  difficulty,
  issued_sat: issued,
  fees_sat: fees,
  genesis,
});

describe('daily rows from consecutive blocks', () => {
  it('sums blocks, issuance and fees, averages difficulty, per UTC day', () => {
    const blocks = [b(day(1, 23)), b(day(2, 1), 100, 312_500_000n, 2_000n), b(day(2, 2), 200, 312_500_000n, 3_000n), b(day(2, 23), 300), b(day(3, 0))];
    const rows = blockDays(blocks, 1, 4, 'own-node', PARTIAL_DAY_PROVENANCE);
    expect(rows).toEqual([
      {
        date: '2024-01-02',
        blocks: 3,
        difficulty: 200,
        hashrate_ehs: null,
        issuance_sat: 937_500_000n,
        fees_sat: 6_000n,
        price_usd_per_btc: null,
        supply_sat: null,
        provenance: { blocks: 'own-node', difficulty: 'own-node', issuance_sat: 'own-node', fees_sat: 'own-node' },
      },
    ]);
  });

  it('a day is complete only when a block before it and one after it are known', () => {
    const blocks = [b(day(1)), b(day(2)), b(day(2, 13)), b(day(3))];
    const p = (from: number, to: number) => blockDays(blocks, from, to, 'own-node', 'partial').map((r) => [r.date, r.provenance.blocks]);
    expect(p(0, 4)).toEqual([
      ['2024-01-01', 'partial'], // nothing before it
      ['2024-01-02', 'own-node'],
      ['2024-01-03', 'partial'], // the open day at the tip
    ]);
    expect(p(1, 3)).toEqual([['2024-01-02', 'own-node']]);
    // Genesis starts its day.
    expect(blockDays([b(day(1), 1, 5_000_000_000n, 0n, true), b(day(2))], 0, 1, 'own-node', 'partial')[0]!.provenance.blocks).toBe('own-node');
  });

  it('block times out of order: "before" and "after" are the running minimum and maximum, not the neighbour', () => {
    // The block before day 2's first is dated day 3 (miner clock), but one earlier is on day 1: start known.
    const blocks = [b(day(1)), b(day(3, 1)), b(day(2)), b(day(2, 5)), b(day(1, 23)), b(day(4))];
    const rows = blockDays(blocks, 2, 4, 'own-node', 'partial');
    expect(rows.map((r) => [r.date, r.blocks, r.provenance.blocks])).toEqual([['2024-01-02', 2, 'own-node']]);
    // Without the day-4 block the latest after it is day 1 23:00: its end is not known.
    expect(blockDays(blocks.slice(0, 5), 2, 4, 'own-node', 'partial')[0]!.provenance.blocks).toBe('partial');
  });

  it('a block of the same day just outside the range leaves that edge unknown', () => {
    const p = (blocks: DayBlock[], from: number, to: number) => blockDays(blocks, from, to, 'own-node', 'partial').map((r) => [r.date, r.provenance.blocks]);
    // Below: day 2 continues under `from`. Above: day 2 continues past `to`.
    expect(p([b(day(2, 1)), b(day(2, 2)), b(day(3))], 1, 2)).toEqual([['2024-01-02', 'partial']]);
    expect(p([b(day(1)), b(day(2)), b(day(2, 13))], 1, 2)).toEqual([['2024-01-02', 'partial']]);
  });

  it('uses the earliest time below and the latest above, wherever in the run they are', () => {
    const p = (blocks: DayBlock[], from: number, to: number) => blockDays(blocks, from, to, 'own-node', 'partial').map((r) => [r.date, r.provenance.blocks]);
    // The first block is dated day 2, the next day 1: the earliest below day 2's block is day 1.
    expect(p([b(day(2, 0)), b(day(1, 23)), b(day(2, 1)), b(day(2, 2)), b(day(3))], 2, 4)).toEqual([['2024-01-02', 'own-node']]);
    // A run's first block has nothing below it, even when the next block is dated earlier.
    expect(p([b(day(2)), b(day(1, 23)), b(day(3))], 0, 1)).toEqual([['2024-01-02', 'partial']]);
    // The last block is dated day 2 again, but one between is on day 3: the latest above is day 3.
    expect(p([b(day(1)), b(day(2)), b(day(2, 13)), b(day(3)), b(day(2, 23))], 1, 3)).toEqual([['2024-01-02', 'own-node']]);
  });

  it('returns days in date order when block times run backwards across midnight', () => {
    const rows = blockDays([b(day(1)), b(day(3)), b(day(2, 23)), b(day(4))], 1, 3, 'own-node', 'partial');
    expect(rows.map((r) => [r.date, r.blocks])).toEqual([
      ['2024-01-02', 1],
      ['2024-01-03', 1],
    ]);
  });

  it('feed blocks: issuance = reward − fees, and a partial day names the feed', () => {
    const rows = feedBlockDays(
      [
        { time_unix_s: day(1), difficulty: 10, reward_sat: 312_600_000n, fees_sat: 100_000n },
        { time_unix_s: day(2), difficulty: 20, reward_sat: 312_700_000n, fees_sat: 200_000n },
        { time_unix_s: day(2, 14), difficulty: 30, reward_sat: 312_500_000n, fees_sat: 0n },
        { time_unix_s: day(3), difficulty: 10, reward_sat: 312_500_000n, fees_sat: 0n },
      ],
      'mempool',
      feedPartialDayProvenance('mempool'),
    );
    expect(rows.map((r) => [r.date, r.issuance_sat, r.fees_sat, r.difficulty, r.provenance.fees_sat])).toEqual([
      ['2024-01-01', 312_500_000n, 100_000n, 10, 'estimated:feed-partial-day:mempool'],
      ['2024-01-02', 625_000_000n, 200_000n, 25, 'mempool'],
      ['2024-01-03', 312_500_000n, 0n, 10, 'estimated:feed-partial-day:mempool'],
    ]);
  });
});

describe('the daily row', () => {
  it('starts all null, and knows an estimated field by its provenance', () => {
    const r = emptyDailyRow('2024-01-01');
    expect(DAILY_FIELDS.map((f) => r[f])).toEqual(DAILY_FIELDS.map(() => null));
    expect(r).toMatchObject({ date: '2024-01-01', provenance: {} });
    expect(isEstimated(r, 'fees_sat')).toBe(false);
    expect(isEstimated({ ...r, provenance: { fees_sat: 'estimated:interp-fees-per-block' } }, 'fees_sat')).toBe(true);
    expect(isEstimated({ ...r, provenance: { fees_sat: 'coinmetrics' } }, 'fees_sat')).toBe(false);
    expect(PARTIAL_DAY_PROVENANCE.startsWith('estimated:')).toBe(true);
  });
});
