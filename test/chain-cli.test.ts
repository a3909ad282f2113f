/** CLI: `difficulty` and `halvings` on the embedded data, and their bad-input paths. */
import { describe, expect, it } from 'vitest';
import { bitsToDifficulty } from '../src/chain/difficulty.js';
import { cli } from './helpers/cli.js';

const json = async (argv: string[]): Promise<Record<string, unknown>> => {
  const r = await cli([...argv, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

describe('hashfloor difficulty', () => {
  it('--bits 1d00ffff: difficulty 1, genesis target, work 0x100010001 as a decimal string', async () => {
    const d = await json(['difficulty', '--bits', '1d00ffff']);
    expect(d).toMatchObject({
      bits_hex: '1d00ffff',
      target_hex: '00000000ffff0000000000000000000000000000000000000000000000000000',
      difficulty: 1,
      difficulty_exact: '1.000000',
      work_per_block_hashes: '4295032833',
      within_mainnet_pow_limit: true,
    });
    expect(d.hashrate_hs).toBeCloseTo(2 ** 32 / 600, 6); // 7,158,278.83 H/s
  });

  it('--height 840000: period 416, bits 17034219, ≈ 618 EH/s implied, ≈ 630 EH/s observed', async () => {
    const d = await json(['difficulty', '--height', '840000']);
    expect(d).toMatchObject({
      height: 840_000,
      epoch: 416,
      start_height: 838_656,
      end_height: 840_671,
      next_retarget_height: 840_672,
      bits_hex: '17034219',
      difficulty_exact: '86388558925171.011713',
      start_time_utc: '2024-04-10T21:17:33Z',
      start_time_source: 'bitcoinj',
    });
    expect(d.network_hashrate_ehs).toBeCloseTo(618.3933922, 7); // as in test/difficulty-epochs.test.ts
    expect(d.observed_hashrate_ehs).toBeCloseTo(630.4546952, 7);
    // The retarget at 840,672: period 417, bits 170331db, difficulty 88,104,191,118,793 (+1.99%).
    expect(d.next_bits_hex).toBe('170331db');
    expect(d.next_difficulty_change).toBeCloseTo(bitsToDifficulty(0x170331db) / bitsToDifficulty(0x17034219) - 1, 12);
    expect(d.next_difficulty_change).toBeCloseTo(0.0199, 4);
  });

  it('a height whose period start is unknown reports null times', async () => {
    const d = await json(['difficulty', '--height', '955583']);
    expect(d).toMatchObject({
      epoch: 473,
      bits_hex: '170240c3',
      start_time_unix_s: null,
      observed_hashrate_ehs: null,
      next_bits_hex: null,
      next_difficulty_change: null,
    });
  });

  it('prints a readable summary for people', async () => {
    const r = await cli(['difficulty', '--bits', '17034219']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('86,388,558,925,171.02');
    expect(r.stdout).toContain('618.39 EH/s');
  });

  it.each([
    [['difficulty', '--bits', 'xyz']],
    [['difficulty', '--bits', '1d80ffff']],
    [['difficulty', '--bits', 'ff123456']],
    [['difficulty', '--bits', '1d000000']],
    [['difficulty', '--bits', '']],
    [['difficulty', '--height=-1']],
    [['difficulty', '--height', '1.5']],
    [['difficulty', '--height', '955584']],
    [['difficulty']],
    [['difficulty', '--bits', '1d00ffff', '--height', '5']],
  ])('bad input %j → exit 2, one line', async (argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^hashfloor: error: /);
  });
});

describe('hashfloor supply: next halving', () => {
  it.each([
    [0, 210_000, 210_000, '2500000000'],
    [209_999, 210_000, 1, '2500000000'],
    [840_000, 1_050_000, 210_000, '156250000'],
    [6_929_999, 6_930_000, 1, '0'],
  ])('height %i → next halving %i in %i blocks, subsidy then %s sat', async (h, next, blocks, sub) => {
    const d = await json(['supply', '--height', String(h)]);
    expect(d).toMatchObject({ next_halving_height: next, blocks_to_next_halving: blocks, next_subsidy_sat: sub });
  });
  it('none once the subsidy has ended', async () => {
    const d = await json(['supply', '--height', '6930000']);
    expect(d).toMatchObject({ subsidy_sat: '0', next_halving_height: null, blocks_to_next_halving: null, next_subsidy_sat: null });
  });
});

interface HalvingJson {
  height: number;
  status: string;
  time_utc: string;
  subsidy_before_sat: string;
  subsidy_after_sat: string;
}

describe('hashfloor halvings', () => {
  it('defaults the tip to the end of the last complete day (2026-02-12: height 936,285) and lists all 33 halvings', async () => {
    const r = await cli(['halvings', '--json'], undefined, false, { nowUnixS: () => Date.parse('2026-02-14T12:00:00Z') / 1000 });
    const d = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(d.data_as_of).toMatchObject({ date: '2026-02-12', age_days: 2, stale: false });
    expect(d.tip).toMatchObject({ height: 936_285, time_utc: '2026-02-13T00:00:00Z', block_interval_s: 600 });
    const hs = d.halvings as HalvingJson[];
    expect(hs).toHaveLength(33);
    expect(hs[3]).toMatchObject({
      height: 840_000,
      status: 'observed',
      time_utc: '2024-04-20T00:09:27Z',
      subsidy_before_sat: '625000000',
      subsidy_after_sat: '312500000',
    });
    expect(d.next_halving).toMatchObject({ height: 1_050_000, status: 'projected', blocks_from_tip: 113_715 });
    expect(hs[32]?.time_utc.slice(0, 4)).toBe('2140');
  });

  it('projects from a given tip and interval', async () => {
    const d = await json(['halvings', '--tip-height', '840000', '--tip-time', '2024-04-20T00:09:27Z', '--interval', '580']);
    expect(d.tip).toMatchObject({ height: 840_000, time_unix_s: 1_713_571_767, block_interval_s: 580, source: 'command line' });
    expect(d.next_halving).toMatchObject({ height: 1_050_000, time_unix_s: 1_713_571_767 + 210_000 * 580 });
  });

  it('accepts unix seconds and dates for --tip-time', async () => {
    const a = await json(['halvings', '--tip-height', '933408', '--tip-time', '1769110282']);
    expect((a.tip as { time_utc: string }).time_utc).toBe('2026-01-22T19:31:22Z');
    const b = await json(['halvings', '--tip-height', '933408', '--tip-time', '2026-01-22']);
    expect((b.tip as { time_unix_s: number }).time_unix_s).toBe(1_769_040_000);
  });

  it('--csv prints the halving table', async () => {
    const r = await cli(['halvings', '--csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('index,height,status,time_utc,subsidy_before_btc,subsidy_after_btc,days_from_tip');
    expect(lines).toHaveLength(34);
  });

  it.each([
    [['halvings', '--tip-height', '840000']],
    [['halvings', '--tip-time', '2024-04-20']],
    [['halvings', '--tip-height=-1', '--tip-time', '2024-04-20']],
    [['halvings', '--tip-height', '840000', '--tip-time', '2024-13-40']],
    [['halvings', '--tip-height', '840000', '--tip-time', 'yesterday']],
    [['halvings', '--tip-height', '850000', '--tip-time', '2023-01-01']],
    [['halvings', '--interval', '0']],
  ])('bad input %j → exit 2, one line', async (argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^hashfloor: error: /);
  });
});
