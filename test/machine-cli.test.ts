import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

describe('hashfloor models', () => {
  it('lists the catalog as JSON with unit-suffixed fields', async () => {
    const r = await cli(['models', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { models: { id: string; hashrate_ths: number; power_w: number; efficiency_jth: number }[] };
    expect(doc.models).toHaveLength(104);
    expect(doc.models.find((m) => m.id === 'antminer-s21')).toMatchObject({ hashrate_ths: 200, power_w: 3500, efficiency_jth: 17.5 });
  });

  it('lists the 2024–2025 models of the sourced table in data/SOURCES.md with the figures read there', async () => {
    const r = await cli(['models', '--json']);
    const doc = JSON.parse(r.stdout) as { models: Record<string, unknown>[] };
    const sourced = doc.models
      .filter((m) => m.source === 'sourced')
      .map(({ id, hashrate_ths, power_w, cooling, released }) => ({ id, hashrate_ths, power_w, cooling, released }));
    // Hashrate Index's A16 review (282 TH/s, 3,900 W; 300 TH/s, 3,850 W; October 2025), two reseller spec tables.
    expect(sourced).toEqual([
      { id: 'avalon-a16', hashrate_ths: 282, power_w: 3900, cooling: 'air', released: '2025-10' },
      { id: 'avalon-a16-xp', hashrate_ths: 300, power_w: 3850, cooling: 'air', released: '2025-10' },
      { id: 'antminer-s21plus-hydro', hashrate_ths: 319, power_w: 4785, cooling: 'hydro', released: '0000-00' },
      { id: 'antminer-t21', hashrate_ths: 190, power_w: 3610, cooling: 'air', released: '2024-03' },
    ]);
    expect(doc.models.find((m) => m.id === 'avalon-a16-xp')?.efficiency_jth).toBeCloseTo(12.83, 2);
  });

  it('shows one model with its profiles and a hull starting at off', async () => {
    const r = await cli(['models', '--model', 'S21 XP', '--json']);
    const doc = JSON.parse(r.stdout) as { profiles: { name: string }[]; hull: { power_w: number }[] };
    expect(doc.profiles).toHaveLength(7);
    expect(doc.hull[0]!.power_w).toBe(0);
    expect(doc.hull).toHaveLength(8);
  });
});

describe('hashfloor machine', () => {
  it('reproduces the $108/MWh breakeven of a 13.5 J/TH machine at $35.06/PH/day', async () => {
    const r = await cli(['machine', 'Antminer S21 XP', '--hashprice', '35.06', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc.efficiency_jth).toBeCloseTo(13.5, 10);
    expect(doc.breakeven_power_price_usd_per_mwh as number).toBeCloseTo(35.06 / 0.324, 9); // $108.21/MWh
    expect(doc.btc_per_day).toBeNull();
  });

  it('takes a day of the history: 2025-11-22, the low Luxor put at $35.06/PH/day', async () => {
    const r = await cli(['machine', 's21xp', '--date', '2025-11-22', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      date: string;
      inputs: { hashprice_usd_per_ph_day: number; price_usd_per_btc: number };
      breakeven_power_price_usd_per_mwh: number;
      payback_path: null;
    };
    expect(doc.date).toBe('2025-11-22');
    expect(doc.inputs.hashprice_usd_per_ph_day).toBeGreaterThan(34);
    expect(doc.inputs.hashprice_usd_per_ph_day).toBeLessThan(36.5);
    expect(doc.breakeven_power_price_usd_per_mwh).toBeCloseTo(doc.inputs.hashprice_usd_per_ph_day / 0.324, 8);
    expect(doc.inputs.price_usd_per_btc).toBeGreaterThan(80_000);
  });

  it('applies pool fee, overhead and computes both paybacks', async () => {
    const r = await cli([
      'machine',
      's21xp',
      '--hashprice',
      '35.06',
      '--power-price',
      '30',
      '--pool-fee',
      '2',
      '--overhead',
      '10',
      '--price-usd',
      '87000',
      '--purchase-price',
      '6000',
      '--difficulty-growth',
      '0',
      '--tip-height',
      '925000',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      inputs: { pue: number };
      breakeven_power_price_usd_per_mwh: number;
      payback_days: number;
      payback_path: { payback_days: number; next_halving_day: number };
    };
    expect(doc.inputs.pue).toBeCloseTo(1.1, 12);
    expect(doc.breakeven_power_price_usd_per_mwh).toBeCloseTo((35.06 * 0.98) / 0.324 / 1.1, 8);
    expect(doc.payback_path.next_halving_day).toBe(868);
    // The 2028 halving halves the subsidy mid-way, so the path pays back later than the snapshot says.
    expect(doc.payback_path.payback_days).toBeGreaterThan(doc.payback_days);
  });

  it.each([
    [['machine', 'Antminer S23', '--hashprice', '35']],
    [['machine', 'S21', '--hashprice', '-1']],
    [['machine', 'S21', '--date', '1990-01-01']],
    [['machine', 'S21', '--date', '2025-11-22', '--hashprice', '35']],
    [['machine', 'S21', '--hashprice', '35', '--profile', 'turbo']],
    [['machine', 'S21', '--hashprice', '35', '--pool-fee', '150']],
  ])('bad input %j → one line, exit 2', async (argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('suggests the closest names for an unknown model', async () => {
    const r = await cli(['machine', 'S21 XPP', '--hashprice', '35']);
    expect(r.stderr).toContain('Antminer S21 XP');
  });

  it('warns on stderr, and in warnings[], when a value looks like the wrong unit', async () => {
    const r = await cli(['machine', 'S21 XP', '--hashprice', '35.06', '--power-price', '0.041', '--uptime', '0.97', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('hashfloor: warning: --power-price: 0.041 USD/MWh — did you mean 41 USD/MWh');
    expect(r.stderr).toContain('hashfloor: warning: --uptime: a fraction? 0.97 means 0.97 %');
    expect((JSON.parse(r.stdout) as { warnings: string[] }).warnings).toHaveLength(2);
    const fine = await cli(['machine', 'S21 XP', '--hashprice', '35.06', '--power-price', '41', '--json']);
    expect(fine.stderr).toBe('');
    expect((JSON.parse(fine.stdout) as { warnings: string[] }).warnings).toEqual([]);
  });
});
