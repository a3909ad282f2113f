import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogCsv } from '../hardware/catalog.js';
import { parseSiteSpec, parseSiteSpecText } from './site-spec.js';

const catalog = parseCatalogCsv(readFileSync(new URL('../../data/asic_models.csv', import.meta.url), 'utf8'));
const base = () => ({
  sites: [
    {
      name: 's',
      gross_mw: 10,
      mining: { efficiency_jth: 20, power_price_usd_per_mwh: 40 },
      options: [{ kind: 'keep' }, { kind: 'convert', share_pct: 50, start_month: '2027-01' }],
    },
  ],
});

function firstError(input: unknown): { path: string; message: string } | undefined {
  const r = parseSiteSpec(input, catalog);
  return r.ok ? undefined : r.errors[0];
}

describe('site spec', () => {
  it('parses the documented example and resolves its machines against the catalog', () => {
    const r = parseSiteSpecText(readFileSync(new URL('../../examples/site.yaml', import.meta.url), 'utf8'), catalog);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [tx, ga, qc] = r.value.sites;
    // 20,000 S21 (200 TH/s, 3,500 W) + 10,000 S19k Pro (120 TH/s, 2,760 W).
    expect(tx!.mining.it_mw).toBeCloseTo((20000 * 3500 + 10000 * 2760) / 1e6, 6);
    expect(tx!.mining.efficiency_jth).toBeCloseTo((20000 * 3500 + 10000 * 2760) / (20000 * 200 + 10000 * 120), 6);
    expect(tx!.hpc.lease_usd_per_mw_year).toBe(1.85e6);
    expect(tx!.options.map((o) => o.kind)).toEqual(['keep', 'convert', 'phased']);
    expect(ga!.hpc.lease_usd_per_mw_year).toBe(120 * 1000 * 12);
    expect(ga!.hpc.term_months).toBe(144);
    expect(qc!.hpc.term_months).toBe(180);
  });

  it.each([
    [
      'conversion share above 100%',
      (i: ReturnType<typeof base>) => ((i.sites[0]!.options[1] as { share_pct: number }).share_pct = 120),
      'sites[0].options[1].share_pct',
    ],
    ['negative capex', (i: ReturnType<typeof base>) => Object.assign(i.sites[0]!, { hpc: { capex_usd_per_mw: -1 } }), 'sites[0].hpc.capex_usd_per_mw'],
    ['a lease term of zero', (i: ReturnType<typeof base>) => Object.assign(i.sites[0]!, { hpc: { term_years: 0 } }), 'sites[0].hpc.term_years'],
    ['a horizon beyond 20 years', (i: ReturnType<typeof base>) => Object.assign(i, { valuation: { horizon_years: 25 } }), 'valuation.horizon_years'],
    [
      'a missing power price',
      (i: ReturnType<typeof base>) => delete (i.sites[0]!.mining as { power_price_usd_per_mwh?: number }).power_price_usd_per_mwh,
      'sites[0].mining.power_price_usd_per_mwh',
    ],
    [
      'an unknown machine',
      (i: ReturnType<typeof base>) => Object.assign(i.sites[0]!.mining, { efficiency_jth: undefined, machines: [{ model: 'Antminer S99', count: 10 }] }),
      'sites[0].mining.machines[0].model',
    ],
  ])('rejects %s naming the field', (_label, mutate, path) => {
    const input = base();
    mutate(input);
    expect(firstError(input)?.path).toBe(path);
  });

  it('rejects converting more than the convertible share', () => {
    const input = base();
    Object.assign(input.sites[0]!, { hpc: { convertible_pct: 30 } });
    expect(firstError(input)).toMatchObject({ path: 'sites[0].options[1].share_pct' });
  });
});
