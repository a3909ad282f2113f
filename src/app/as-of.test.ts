import { describe, expect, it } from 'vitest';
import { dataAsOf, staleWarning } from './as-of.js';
import { PARTIAL_DAY_PROVENANCE, type DailyRow } from '../history/daily-row.js';
import { readNetworkDailyFile } from '../adapters/datasets/network-daily-csv.js';
import { embeddedDataDir } from '../main.js';

const at = (iso: string): number => Date.parse(iso) / 1000;
const row = (date: string, blocks: number | null, difficulty: number | null, provenance: DailyRow['provenance'] = {}): DailyRow => ({
  date,
  blocks,
  difficulty,
  hashrate_ehs: null,
  issuance_sat: null,
  fees_sat: null,
  price_usd_per_btc: 90_000,
  supply_sat: null,
  provenance,
});

describe('dataAsOf', () => {
  it('skips today, a partial own-node day and price-only days', () => {
    const rows = [
      row('2024-04-20', 150, 8.6e13),
      row('2024-04-21', 140, 8.6e13),
      row('2024-04-22', 130, 8.6e13, { blocks: PARTIAL_DAY_PROVENANCE, difficulty: PARTIAL_DAY_PROVENANCE }),
      row('2024-04-23', null, null),
      row('2024-04-24', 144, 8.6e13),
    ];
    const a = dataAsOf(rows, at('2024-04-24T18:00:00Z'));
    // 2024-04-24 is today, 04-23 holds a price alone, 04-22 is a partial day: 04-21 is the last complete one.
    expect(a).toEqual({ date: '2024-04-21', age_days: 3, stale: false, tip: { height: 840_000 + 150 + 140 - 1, time_unix_s: at('2024-04-22T00:00:00Z') } });
    expect(staleWarning(a)).toBeUndefined();
    const late = dataAsOf(rows, at('2024-04-29T00:00:00Z'));
    expect(late).toMatchObject({ date: '2024-04-24', age_days: 5, stale: true });
    // The missing 04-23 counts 144 blocks, the partial 04-22 its own 130.
    expect(late?.tip.height).toBe(840_000 + 150 + 140 + 130 + 144 + 144 - 1);
    expect(staleWarning(late)).toBe('data ends 2024-04-24 (5 days ago): run `hashfloor update` or `hashfloor sync`');
    expect(dataAsOf(rows.slice(3, 4), at('2024-05-01T00:00:00Z'))).toBeNull();
  });

  it('answers again from its last answer only for the same array, length, last row and day', () => {
    const rows = [row('2024-04-20', 150, 8.6e13), row('2024-04-21', 140, 8.6e13)];
    const first = dataAsOf(rows, at('2024-04-23T01:00:00Z'));
    expect(first).toMatchObject({ date: '2024-04-21', age_days: 2 });
    // A caller changing its copy does not change the next answer.
    if (first) first.tip.height = 0;
    expect(dataAsOf(rows, at('2024-04-23T23:00:00Z'))?.tip.height).toBe(840_000 + 150 + 140 - 1);
    expect(dataAsOf(rows, at('2024-04-24T00:00:00Z'))).toMatchObject({ date: '2024-04-21', age_days: 3 });
    rows.push(row('2024-04-22', 144, 8.6e13));
    expect(dataAsOf(rows, at('2024-04-24T00:00:00Z'))).toMatchObject({ date: '2024-04-22', age_days: 2 });
    rows[2] = row('2024-04-23', 144, 8.6e13);
    expect(dataAsOf(rows, at('2024-04-24T00:00:00Z'))).toMatchObject({ date: '2024-04-23', age_days: 1 });
  });

  it('puts the tip within 20 blocks of the real chain on the embedded history', async () => {
    const rows = await readNetworkDailyFile(`${embeddedDataDir()}network_daily.csv`, 'embedded');
    // Height of the last block before 00:00 UTC of the next day, from the node's block stats
    // (shared data btc_blockstats_930180_934575.csv, Bitcoin Core getblockstats).
    const real: [string, number][] = [
      ['2025-12-31', 930_340],
      ['2026-01-21', 933_281],
      ['2026-01-31', 934_541],
    ];
    for (const [date, height] of real) {
      const a = dataAsOf(rows, at(`${date}T00:00:00Z`) + 86_400 + 3600);
      expect(a?.date).toBe(date);
      expect(Math.abs((a?.tip.height ?? 0) - height)).toBeLessThanOrEqual(20);
    }
  });
});
