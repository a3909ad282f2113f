import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogCsv } from '../hardware/catalog.js';
import { parseFleetSpec, parseFleetSpecText, type FleetSpecInput } from './fleet-spec.js';
import { contractIndex } from '../economics/power-contract.js';

const catalog = parseCatalogCsv(readFileSync(new URL('../../data/asic_models.csv', import.meta.url), 'utf8'));
const exampleText = readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8');

function minimal(): FleetSpecInput {
  return {
    company: { name: 'Co', sga_usd_per_month: 100_000 },
    sites: [{ id: 'a', capacity_mw: 10, power_price_usd_per_mwh: 40 }],
    lots: [{ site: 'a', model: 'Antminer S21', count: 100, purchase_price_usd_per_unit: 3000, purchase_date: '2024-05-01' }],
  };
}

function errorPaths(input: unknown): string[] {
  const r = parseFleetSpec(input, catalog);
  if (r.ok) throw new Error('expected errors');
  return r.errors.map((e) => e.path);
}

describe('fleet spec', () => {
  it('parses the example fleet (examples/fleet.yaml)', () => {
    const r = parseFleetSpecText(exampleText, catalog);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.sites.map((s) => s.id)).toEqual(['tx-west', 'tx-north', 'tx-south']);
    expect(r.value.lots).toHaveLength(5);
    const ehs = r.value.lots.reduce((a, l) => a + l.count * l.profile.hashrate_ths, 0) / 1e6;
    expect(ehs).toBeCloseTo(9.225, 12); // 4 + 1.2 + 1.404 (S19j Pro at 90%) + 1.675 + 0.946, exact sums
    expect(r.value.lots[2]!.profile.name).toBe('underclock-90');
  });

  it("reads each site's contract (the example's three kinds) and refuses a hub that cannot be a CSV column", () => {
    const r = parseFleetSpecText(exampleText, catalog);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.sites.map((s) => [s.contract.kind, contractIndex(s.contract)?.hub])).toEqual([
      ['fixed', 'HB_WEST'],
      ['index', 'HB_NORTH'],
      ['hedged', 'HB_SOUTH'],
    ]);
    const s = minimal() as ReturnType<typeof minimal> & { sites: { price_hub?: string }[] };
    s.sites[0]!.price_hub = 'HB WEST,HB_NORTH';
    expect(errorPaths(s)).toEqual(['sites[0].price_hub']);
  });

  it('fills defaults: stock profile, PUE 1, 3-year depreciation, 97% uptime', () => {
    const r = parseFleetSpec(minimal(), catalog);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.lots[0]).toMatchObject({ depreciation_years: 3, uptime_pct: 97 });
    expect(r.value.lots[0]!.profile.name).toBe('stock');
    expect(r.value.sites[0]).toMatchObject({ pue: 1, contract: { kind: 'fixed', price_usd_per_mwh: 40, written_as: 'power_price_usd_per_mwh' } });
  });

  it('names the path of a negative count and a bad date', () => {
    const s = minimal();
    s.lots[0]!.count = -5;
    s.lots[0]!.purchase_date = '2024-02-30';
    expect(errorPaths(s).sort()).toEqual(['lots[0].count', 'lots[0].purchase_date']);
  });

  it('names unknown models with suggestions, unknown sites and profiles', () => {
    const s = minimal();
    s.lots.push({ site: 'b', model: 'Antminer S21', count: 1, purchase_price_usd_per_unit: 0, purchase_date: '2024-01-01' });
    s.lots.push({ site: 'a', model: 'S21 XPP', count: 1, purchase_price_usd_per_unit: 0, purchase_date: '2024-01-01' });
    s.lots.push({ site: 'a', model: 'S21', count: 1, profile: 'turbo', purchase_price_usd_per_unit: 0, purchase_date: '2024-01-01' });
    const r = parseFleetSpec(s, catalog);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(['lots[1].site', 'lots[2].model', 'lots[3].profile']);
    expect(r.errors[1]!.message).toContain('Antminer S21 XP');
  });

  it('rejects a site over capacity, a missing price, an unknown field and a bad time zone', () => {
    const s = minimal();
    s.lots[0]!.count = 3000; // 3000 × 3.5 kW = 10.5 MW > 10 MW
    expect(errorPaths(s)).toEqual(['sites[0].capacity_mw']);
    const t = minimal();
    delete t.sites[0]!.power_price_usd_per_mwh;
    t.sites[0]!.timezone = 'Mars/Olympus';
    expect(errorPaths(t)).toEqual(['sites[0].timezone', 'sites[0].contract']);
    expect(errorPaths({ ...minimal(), extra: 1 })).toEqual(['(root)']);
  });

  it('accepts user models with measured profiles that override the physical model', () => {
    const s = minimal();
    s.models = [{ model: 'Antminer S21', hashrate_ths: 200, power_w: 3500, profiles: [{ name: 'eco', hashrate_ths: 150, power_w: 2300 }] }];
    s.lots[0]!.profile = 'eco';
    const r = parseFleetSpec(s, catalog);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.lots[0]!.profile).toMatchObject({ origin: 'measured', hashrate_ths: 150 });
  });

  it('reads optional switching rules with defaults, and names bad ones', () => {
    const r = parseFleetSpec({ ...minimal(), switching: { lost_minutes_per_change: 10 } }, catalog);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.switching).toEqual({ cost_usd_per_change: 0, lost_minutes_per_change: 10, min_dwell_hours: 1 });
    // The commented example in examples/fleet.yaml is valid once uncommented.
    const example = parseFleetSpecText(exampleText.replace('\n# switching:', '\nswitching:'), catalog);
    expect(example.ok && example.value.switching).toEqual({ cost_usd_per_change: 0, lost_minutes_per_change: 10, min_dwell_hours: 4 });
    const none = parseFleetSpec(minimal(), catalog);
    expect(none.ok && none.value.switching).toBeUndefined();
    expect(errorPaths({ ...minimal(), switching: { min_dwell_hours: 2.5, lost_minutes_per_change: 61, cost_usd_per_change: -1 } }).sort()).toEqual([
      'switching.cost_usd_per_change',
      'switching.lost_minutes_per_change',
      'switching.min_dwell_hours',
    ]);
  });

  it('accepts the commented models: example of examples/fleet.yaml once uncommented, with its lot', () => {
    const block = /^# models:\n(?:# {2}.*\n)+/m.exec(exampleText)?.[0] ?? '';
    expect(block.split('\n').length).toBeGreaterThan(5);
    const text = exampleText
      .replace(block, block.replace(/^# /gm, ''))
      .replace('\n  # - { site: tx-south, model: Example X1 Hydro', '\n  - { site: tx-south, model: Example X1 Hydro');
    const r = parseFleetSpecText(text, catalog);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const lot = r.value.lots.find((l) => l.model.model === 'Example X1 Hydro');
    expect(lot?.model).toMatchObject({ source: 'user', hashrate_ths: 400, power_w: 6000, cooling: 'hydro', released: '2025-06' });
    expect(lot?.profile).toMatchObject({ name: 'eco', hashrate_ths: 320, power_w: 4200, origin: 'measured' });
    expect(lot?.model.measured_profiles?.map((p) => p.name)).toEqual(['eco', 'turbo', 'stock']);
  });

  it('reports YAML syntax errors with a line', () => {
    const r = parseFleetSpecText('company: {name: x\nsites: [', catalog);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.path).toMatch(/^\(line \d+\)$/);
  });
});
