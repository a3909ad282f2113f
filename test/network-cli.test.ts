/**
 * `hashfloor network-power` and `hashfloor underwater` on the embedded history and catalog, at a
 * fixed clock two days after the block data ends (2026-02-12): the rows carry the hashprice
 * index's own inputs, the band is ordered, power follows the stated formula, and bad input exits 2
 * naming the flag, or the brackets file's line and column.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NetworkPowerAnswer, NetworkPowerRow, UnderwaterAnswer } from '../src/app/network-economics.js';
import { cli } from './helpers/cli.js';

/** A row whose every field is present. */
type Known<T> = { [K in keyof T]: NonNullable<T[K]> };

const FEB_14 = { nowUnixS: () => Date.parse('2026-02-14T09:00:00Z') / 1000 };
const run = (argv: string[]) => cli(argv, undefined, false, FEB_14);
const dir = mkdtempSync(join(tmpdir(), 'hashfloor-network-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('hashfloor network-power', () => {
  it('--json: one row per day of the range with the hashprice index’s inputs, an ordered band and P = H · e · PUE / 1000', async () => {
    const r = await run(['network-power', '--from', '2026-02-01', '--to', '2026-02-12', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as NetworkPowerAnswer;
    expect(doc.data_as_of.date).toBe('2026-02-12');
    expect(doc.days.map((d) => d.date)).toHaveLength(12);
    const hp = JSON.parse((await run(['hashprice', '--from', '2026-02-01', '--to', '2026-02-12', '--json'])).stdout) as {
      days: { network_hashrate_ehs: number; hashprice_usd_per_ph_day: number }[];
    };
    // Every day of this range has a hashrate, a hashprice and a mix.
    (doc.days as Known<NetworkPowerRow>[]).forEach((d, i) => {
      expect(d.network_hashrate_ehs).toBe(hp.days[i]?.network_hashrate_ehs);
      expect(d.hashprice_usd_per_ph_day).toBe(hp.days[i]?.hashprice_usd_per_ph_day);
      expect(d.efficiency_lower_jth).toBeLessThanOrEqual(d.efficiency_best_jth);
      expect(d.efficiency_best_jth).toBeLessThanOrEqual(d.efficiency_upper_jth);
      expect(d.power_best_gw).toBeCloseTo((d.network_hashrate_ehs * d.efficiency_best_jth * doc.params.pue.best) / 1000, 9);
      expect(d.energy_best_twh_per_year).toBeCloseTo(d.power_best_gw * 8.766, 9);
      expect(d.underwater_hashrate_share).toBeGreaterThanOrEqual(0);
    });
    // 2026-02-12: 900.97 EH/s (difficulty 1.2595e14 · 2^32 / 600) at $33.23/PH/day.
    expect(doc.days.at(-1)?.network_hashrate_ehs).toBeCloseTo(900.97, 2);
  });

  it('defaults to the catalog’s first release month through the last complete day; --csv prints every day with the documented header', async () => {
    const all = JSON.parse((await run(['network-power', '--json'])).stdout) as NetworkPowerAnswer;
    expect(all.from).toBe('2016-06-01'); // the Antminer S9, the oldest row of data/asic_models.csv
    expect(all.to).toBe('2026-02-12');
    const csv = await run(['network-power', '--from', '2026-02-11', '--csv']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'date,network_hashrate_ehs,hashprice_usd_per_ph_day,efficiency_lower_jth,efficiency_best_jth,efficiency_upper_jth,lower_model,upper_model,' +
        'power_lower_gw,power_best_gw,power_upper_gw,energy_lower_twh_per_year,energy_best_twh_per_year,energy_upper_twh_per_year,underwater_hashrate_share',
    );
    expect(lines.slice(1).map((l) => l.slice(0, 10))).toEqual(['2026-02-11', '2026-02-12']);
  });

  it('people: the latest day’s band in J/TH, GW and TWh/yr, a table by month for a long range, no stale warning while fresh', async () => {
    const r = await run(['network-power', '--from', '2025-01-01']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Data as of 2026-02-12');
    expect(r.stdout).toMatch(/On 2026-02-12: 901 EH\/s at \$33\.23\/PH\/day/);
    expect(r.stdout).toContain('Network power by month (means)');
    expect(r.stdout).toContain('2025-06');
  });

  it.each([
    [['network-power', '--from', '2012-01-01'], '--from'],
    [['network-power', '--to', '2026-03-01'], '--to'],
    [['network-power', '--from', '2026-02-10', '--to', '2026-02-01'], '--from'],
    [['network-power', '--from', '2026-13-01'], '--from'],
  ])('%j exits 2 naming %s', async (argv, flag) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
  });
});

describe('hashfloor underwater', () => {
  it('default: listed miners’ prices, the share under water of each bracket, the at-risk curve falling with hashprice', async () => {
    const r = await run(['underwater', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as UnderwaterAnswer;
    expect(doc.date).toBe('2026-02-12');
    expect(doc.distribution.source).toContain('listed miners');
    expect(doc.by_bracket.map((b) => b.power_price_usd_per_mwh)).toEqual([28.83, 31, 40, 42, 47]);
    const total = doc.by_bracket.reduce((s, b) => s + b.hashrate_share * b.underwater_share, 0);
    expect(doc.underwater_hashrate_share).toBeCloseTo(total, 12);
    expect(doc.underwater_hashrate_ehs).toBeCloseTo(doc.underwater_hashrate_share * doc.network_hashrate_ehs, 9);
    // The mix's shares sum to 1, and a bracket's share under water is the mix below its price.
    expect(doc.mix.reduce((s, m) => s + m.hashrate_share, 0)).toBeCloseTo(1, 9);
    const at47 = doc.mix.filter((m) => m.breakeven_power_price_usd_per_mwh < 47).reduce((s, m) => s + m.hashrate_share, 0);
    expect(doc.by_bracket[4]?.underwater_share).toBeCloseTo(at47, 12);
    expect(doc.at_risk.map((p) => p.hashprice_usd_per_ph_day)).toEqual([60, 55, 50, 45, 40, 35, 30, 25, 20, 15, 10]);
    for (let i = 1; i < doc.at_risk.length; i++)
      expect(doc.at_risk[i]!.underwater_hashrate_share).toBeGreaterThanOrEqual(doc.at_risk[i - 1]!.underwater_hashrate_share);
    const people = await run(['underwater']);
    expect(people.stdout).toContain('power_price_usd_per_mwh');
    expect(people.stdout).toContain('hashrate_share');
    expect(people.stdout).toContain("Power prices: listed miners' disclosed power prices");
  });

  it('--power-price-brackets FILE: half the hashrate at $0/MWh, half at $1,000 → exactly half under water at any hashprice', async () => {
    const path = file('halves.csv', 'power_price_usd_per_mwh,hashrate_share\n0,0.5\n1000,0.5\n');
    const doc = JSON.parse((await run(['underwater', '--date', '2024-04-19', '--power-price-brackets', path, '--json'])).stdout) as UnderwaterAnswer;
    expect(doc.date).toBe('2024-04-19');
    expect(doc.distribution.source).toBe(`file ${path}`);
    expect(doc.underwater_hashrate_share).toBeCloseTo(0.5, 12);
    for (const p of doc.at_risk) expect(p.underwater_hashrate_share).toBeCloseTo(0.5, 12);
  });

  it.each([
    ['bad-cell.csv', 'power_price_usd_per_mwh,hashrate_share\n30,0.4\n50,x\n', ['line 3', 'hashrate_share']],
    ['bad-price.csv', 'power_price_usd_per_mwh,hashrate_share\n30,0.4\nfifty,0.6\n', ['line 3', 'power_price_usd_per_mwh']],
    ['bad-sum.csv', 'power_price_usd_per_mwh,hashrate_share\n30,0.4\n50,0.4\n', ['line 3', 'hashrate_share', 'sum to 0.8']],
    ['bad-header.csv', 'price,share\n30,1\n', ['line 1', 'price']],
  ])('a bad brackets file (%s) exits 2 naming the line and the column', async (name, text, words) => {
    const r = await run(['underwater', '--power-price-brackets', file(name, text)]);
    expect(r.code).toBe(2);
    for (const w of words) expect(r.stderr).toContain(w);
    expect(r.stderr).not.toContain('    at ');
  });

  it('a missing file, a day before the catalog or after the data exit 2 naming the flag', async () => {
    const missing = await run(['underwater', '--power-price-brackets', join(dir, 'nope.csv')]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('--power-price-brackets')]);
    for (const date of ['2015-12-31', '2026-02-13']) {
      const r = await run(['underwater', '--date', date]);
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--date')]);
    }
  });
});
