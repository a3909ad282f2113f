/**
 * Retarget arithmetic against real chain history: data/difficulty_epochs.csv (Electrum targets,
 * bitcoinj period start times) and test/fixtures/retarget_block_times.csv (exact first/last
 * block times of 17 periods from Bitcoin Core getblockstats samples).
 */
import { describe, expect, it } from 'vitest';
import { bitsToTarget, targetToBits } from '../src/chain/difficulty.js';
import { MAX_TIMESPAN_S, MIN_TIMESPAN_S, nextWorkRequired } from '../src/chain/retarget.js';
import type { DifficultyEpoch } from '../src/chain/difficulty-epochs.js';
import { embeddedDataDir } from '../src/main.js';
import { readDifficultyEpochs } from '../src/adapters/datasets/difficulty-epochs-csv.js';
import { electrumCheckpoints, readFixtureText } from './helpers/fixtures.js';

const epochs: DifficultyEpoch[] = await readDifficultyEpochs(embeddedDataDir());
const at = (i: number): DifficultyEpoch => {
  const e = epochs[i];
  if (!e) throw new Error(`no epoch ${i}`);
  return e;
};

interface PeriodTimes {
  epoch: number;
  first_time: number;
  last_time: number;
  last_hash: string;
  next_first_time: number;
}
const periods: PeriodTimes[] = readFixtureText('retarget_block_times.csv')
  .split('\n')
  .filter((l) => /^\d/.test(l))
  .map((l) => {
    const c = l.split(',');
    return { epoch: Number(c[0]), first_time: Number(c[2]), last_time: Number(c[4]), last_hash: c[5] ?? '', next_first_time: Number(c[6]) };
  });

/** Smallest and largest clamped-range timespan (s) that turn `bits` into `nextBits` (binary search; bits grow with the timespan). */
function timespanRange(bits: number, nextBits: number): [number, number] | null {
  const want = bitsToTarget(nextBits);
  const targetFor = (span: number): bigint => nextWorkRequired({ bits, first_block_time_unix_s: 0, last_block_time_unix_s: span }).target;
  const search = (pred: (t: bigint) => boolean): number => {
    let lo = MIN_TIMESPAN_S;
    let hi = MAX_TIMESPAN_S + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (pred(targetFor(mid))) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const first = search((t) => t >= want);
  const afterLast = search((t) => t > want);
  return first < afterLast ? [first, afterLast - 1] : null;
}

describe('real retargets with exact block times (17 periods, 2018–2026)', () => {
  it('has the 17 periods', () => {
    expect(periods.map((p) => p.epoch)).toEqual([249, 250, 251, 338, 339, 340, 341, 342, 343, 344, 345, 346, 386, 387, 388, 389, 462]);
  });
  it.each(periods)('period $epoch → $epoch+1: bits from last − first block time match the real next bits', (p) => {
    const r = nextWorkRequired({ bits: at(p.epoch).bits, first_block_time_unix_s: p.first_time, last_block_time_unix_s: p.last_time });
    expect(r.bits).toBe(at(p.epoch + 1).bits);
    expect(r.clamp).toBe('none');
    // Cross-source checks: the last block's hash is Electrum's checkpoint, start times agree with bitcoinj where it has them.
    expect(p.last_hash).toBe(at(p.epoch).last_block_hash);
    expect(electrumCheckpoints()[p.epoch]?.last_block_hash).toBe(p.last_hash);
    for (const [e, t] of [
      [p.epoch, p.first_time],
      [p.epoch + 1, p.next_first_time],
    ] as const) {
      const known = at(e).start_time_unix_s;
      if (known !== null) expect(known).toBe(t);
    }
  });
  it("Core's off-by-one matters: counting to the next period's first block instead of this period's last gives different bits in all 17", () => {
    const wrong = periods.filter(
      (p) =>
        nextWorkRequired({ bits: at(p.epoch).bits, first_block_time_unix_s: p.first_time, last_block_time_unix_s: p.next_first_time }).bits !==
        at(p.epoch + 1).bits,
    );
    expect(wrong).toHaveLength(17);
  });
});

describe('every period with known start times (bitcoinj + BTC-RPC-Data)', () => {
  const pairs = epochs.slice(0, -1).filter((e) => e.start_time_unix_s !== null && at(e.epoch + 1).start_time_unix_s !== null);

  it('covers 437 transitions', () => {
    expect(pairs).toHaveLength(437);
  });

  // The last block's time is unknown here; the next period's first block is the nearest known time.
  // Header times may run up to 2 h ahead of the network and need only beat the median of the
  // previous 11, so the real last-block time must lie within ±2 h of it.
  it('the real next bits are reachable with a last-block time within ±2 hours of the next period start', () => {
    const misses: number[] = [];
    for (const e of pairs) {
      const next = at(e.epoch + 1);
      const range = timespanRange(e.bits, next.bits);
      const approx = (next.start_time_unix_s as number) - (e.start_time_unix_s as number);
      // A range reaching a clamp bound extends without limit past it.
      const lo = range && range[0] === MIN_TIMESPAN_S ? -Infinity : range?.[0];
      const hi = range && range[1] === MAX_TIMESPAN_S ? Infinity : range?.[1];
      if (lo === undefined || hi === undefined || hi < approx - 7200 || lo > approx + 7200) misses.push(e.epoch);
    }
    expect(misses).toEqual([]);
  });

  it('edge: periods 0–3 (2009) ran slower than two weeks and stayed at the pow limit, bits 1d00ffff', () => {
    for (const i of [0, 1, 2, 3]) {
      const e = at(i);
      const approx = (at(i + 1).start_time_unix_s as number) - (e.start_time_unix_s as number);
      const r = nextWorkRequired({ bits: e.bits, first_block_time_unix_s: 0, last_block_time_unix_s: approx - 600 });
      expect(r.capped_at_pow_limit).toBe(true);
      expect(r.bits).toBe(at(i + 1).bits);
    }
  });

  it('edge: period 33 → 34 (July 2010) hit the ¼ clamp: 2,016 blocks in 3.35 days, difficulty exactly ×4 (45.39 → 181.54)', () => {
    const e = at(33);
    const approx = (at(34).start_time_unix_s as number) - (e.start_time_unix_s as number);
    expect(approx).toBe(289_542);
    const r = nextWorkRequired({ bits: e.bits, first_block_time_unix_s: 0, last_block_time_unix_s: approx - 600 });
    expect(r.clamp).toBe('min');
    expect(r.bits).toBe(at(34).bits);
    expect(bitsToTarget(at(34).bits) * 4n).toBe(bitsToTarget(e.bits));
  });

  it('that is the only clamped retarget in history; none hit ×4 (every other target ratio strictly inside 0.25..4)', () => {
    const clamped: number[] = [];
    for (let i = 0; i + 1 < epochs.length; i++) {
      const a = bitsToTarget(at(i).bits);
      const b = bitsToTarget(at(i + 1).bits);
      if (b * 4n <= a || b >= a * 4n) clamped.push(i);
    }
    expect(clamped).toEqual([33]);
    expect(targetToBits(bitsToTarget(at(473).bits))).toBe(at(473).bits);
  });
});
