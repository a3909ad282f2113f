/** Fleet spec rules the worked examples do not reach: user models, site and lot ids, price fields, capacity with PUE. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogCsv } from '../hardware/catalog.js';
import { lotIdsOf, parseFleetSpec } from './fleet-spec.js';

const catalog = parseCatalogCsv(readFileSync(new URL('../../data/asic_models.csv', import.meta.url), 'utf8'));
const company = { name: 'Rules', sga_usd_per_month: 0 };
const site = (id: string, over: Record<string, unknown> = {}) => ({ id, capacity_mw: 10, power_price_usd_per_mwh: 40, ...over });
const lot = (s: string, over: Record<string, unknown> = {}) => ({
  site: s,
  model: 'Antminer S21',
  count: 100,
  purchase_price_usd_per_unit: 0,
  purchase_date: '2024-01-01',
  ...over,
});
const parse = (spec: Record<string, unknown>) => parseFleetSpec({ company, sites: [site('a')], lots: [lot('a')], ...spec }, catalog);
const paths = (spec: Record<string, unknown>): string[] => {
  const r = parse(spec);
  return r.ok ? [] : r.errors.map((e) => e.path);
};

describe('user models', () => {
  it('an id slugged from the name (+ as plus), efficiency = W / TH/s, measured profiles with a stock point added', () => {
    const r = parse({
      models: [
        {
          model: '  My Rig S21+ (v2)! ',
          hashrate_ths: 200,
          power_w: 3600,
          profiles: [{ name: 'eco', hashrate_ths: 150, power_w: 2400 }],
        },
      ],
      lots: [lot('a', { model: '  My Rig S21+ (v2)! ', profile: 'eco' })],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = r.value.models[0]!;
    expect(m).toMatchObject({ id: 'my-rig-s21plus-v2', efficiency_jth: 18, source: 'user', manufacturer: 'custom' });
    expect(m.measured_profiles).toEqual([
      { name: 'eco', hashrate_ths: 150, power_w: 2400, relative_frequency: null, efficiency_jth: 16, origin: 'measured' },
      { name: 'stock', hashrate_ths: 200, power_w: 3600, relative_frequency: 1, efficiency_jth: 18, origin: 'measured' },
    ]);
    expect(r.value.lots[0]!.profile).toMatchObject({ name: 'eco', efficiency_jth: 16 });
  });

  it('a measured stock point is kept as measured; no profiles, no measured list', () => {
    const r = parse({
      models: [
        { model: 'A', hashrate_ths: 100, power_w: 2000, profiles: [{ name: 'stock', hashrate_ths: 110, power_w: 2100 }] },
        { model: 'B', hashrate_ths: 100, power_w: 2000 },
      ],
    });
    expect(r.ok && r.value.models[0]!.measured_profiles).toEqual([
      { name: 'stock', hashrate_ths: 110, power_w: 2100, relative_frequency: null, efficiency_jth: 2100 / 110, origin: 'measured' },
    ]);
    expect(r.ok && r.value.models[1]).not.toHaveProperty('measured_profiles');
    // A measured stock point among others: still no second stock point added.
    const both = parse({
      models: [
        {
          model: 'C',
          hashrate_ths: 100,
          power_w: 2000,
          profiles: [
            { name: 'stock', hashrate_ths: 110, power_w: 2100 },
            { name: 'eco', hashrate_ths: 80, power_w: 1200 },
          ],
        },
      ],
    });
    expect(both.ok && both.value.models[0]!.measured_profiles?.map((p) => [p.name, p.hashrate_ths])).toEqual([
      ['stock', 110],
      ['eco', 80],
    ]);
  });
});

describe('sites and lots', () => {
  it('site ids are unique, a site’s name defaults to its id, a time zone must be IANA', () => {
    expect(paths({ sites: [site('a'), site('a')] })).toEqual(['sites[1].id']);
    const r = parse({ sites: [site('a', { timezone: 'America/Chicago' }), site('b', { name: 'Bee' })] });
    expect(r.ok && r.value.sites.map((s) => [s.name, s.timezone])).toEqual([
      ['a', 'America/Chicago'],
      ['Bee', undefined],
    ]);
    expect(paths({ sites: [site('a', { timezone: 'Mars/Olympus' })] })).toEqual(['sites[0].timezone']);
  });

  it('lot ids default to <site>-<n>; duplicates and ids that are also site ids are named', () => {
    expect(lotIdsOf([{ site: 'a' }, { site: 'b' }, { site: 'a', id: 'x' }, { site: 'a' }])).toEqual(['a-1', 'b-1', 'x', 'a-3']);
    expect(paths({ lots: [lot('a', { id: 'x' }), lot('a', { id: 'x' })] })).toEqual(['lots[1].id']);
    expect(paths({ lots: [lot('a', { id: 'a' })] })).toEqual(['lots[0].id']);
    expect(paths({ lots: [lot('a'), lot('a', { id: 'a-1' })] })).toEqual(['lots[1].id']);
  });

  it('a site’s lots fit its capacity including PUE: 2,597 S21 at PUE 1.1 draw 9.999 MW, 2,600 draw 10.01', () => {
    expect(paths({ sites: [site('a', { pue: 1.1 })], lots: [lot('a', { count: 2597 })] })).toEqual([]);
    expect(paths({ sites: [site('a', { pue: 1.1 })], lots: [lot('a', { count: 2600 })] })).toEqual(['sites[0].capacity_mw']);
    // Loads add up per site, not across sites.
    expect(paths({ sites: [site('a'), site('b')], lots: [lot('a', { count: 2000 }), lot('b', { count: 2000 })] })).toEqual([]);
    expect(paths({ sites: [site('a'), site('b')], lots: [lot('a', { count: 2000 }), lot('a', { count: 900 })] })).toEqual(['sites[0].capacity_mw']);
    // Each lot takes its own site's PUE: 2,000 S21 draw 7 MW, 7.7 MW at PUE 1.1, 10.5 MW at PUE 1.5.
    expect(paths({ sites: [site('a', { pue: 1.1 }), site('b', { pue: 1.5 })], lots: [lot('b', { count: 2000 })] })).toEqual(['sites[1].capacity_mw']);
    expect(paths({ sites: [site('a', { pue: 1.5 }), site('b', { pue: 1.1 })], lots: [lot('b', { count: 2000 })] })).toEqual([]);
  });

  it('a load equal to the capacity on paper passes: 1,000 S21 at PUE 1.1 are 3.85 MW (3.8500000000000005 in floating point)', () => {
    expect((1000 * 3500 * 1.1) / 1e6).toBeGreaterThan(3.85); // the rounding the tolerance is for
    expect(paths({ sites: [site('a', { pue: 1.1, capacity_mw: 3.85 })], lots: [lot('a', { count: 1000 })] })).toEqual([]);
    expect(paths({ sites: [site('a', { pue: 1.1, capacity_mw: 3.849 })], lots: [lot('a', { count: 1000 })] })).toEqual(['sites[0].capacity_mw']);
  });
});

describe('price fields', () => {
  it('a contract or the older fields, not both; a CSV for a contract that reads no index; exactly one older price', () => {
    const contract = { kind: 'fixed', price_usd_per_mwh: 38 };
    expect(paths({ sites: [site('a', { contract })] })).toEqual(['sites[0].power_price_usd_per_mwh']);
    expect(paths({ sites: [site('a', { power_price_usd_per_mwh: undefined, price_hub: 'HB_WEST', contract })] })).toEqual(['sites[0].price_hub']);
    expect(paths({ sites: [site('a', { power_price_usd_per_mwh: undefined, contract, power_price_csv: { path: 'p.csv' } })] })).toEqual([
      'sites[0].power_price_csv',
    ]);
    expect(
      paths({
        sites: [
          site('a', {
            power_price_usd_per_mwh: undefined,
            contract: { ...contract, resell_unused_at_index: true, hub: 'HB_WEST' },
            power_price_csv: { path: 'p.csv' },
          }),
        ],
      }),
    ).toEqual([]);
    expect(paths({ sites: [site('a', { power_price_csv: { path: 'p.csv' } })] })).toEqual(['sites[0].power_price_usd_per_mwh']);
    expect(paths({ sites: [site('a', { power_price_usd_per_mwh: undefined })] })).toEqual(['sites[0].contract']);
    // A contract's own rules report under the site's contract path.
    expect(paths({ sites: [site('a', { power_price_usd_per_mwh: undefined, contract: { kind: 'hedged', hub: 'HB_WEST', share_pct: 50 } })] })).toEqual([
      'sites[0].contract.price_usd_per_mwh',
    ]);
    // A fixed price beside a hub is not used: a warning of the rules, returned with the fleet.
    const both = parse({ sites: [site('a', { price_hub: 'HB_WEST' })] });
    expect(both.ok && both.warnings?.map((w) => w.path)).toEqual(['sites[0].power_price_usd_per_mwh']);
    const hub = parse({ sites: [site('a', { power_price_usd_per_mwh: undefined, price_hub: 'HB_WEST' })] });
    expect(hub.ok && hub.value.sites[0]!.contract).toMatchObject({ kind: 'index', written_as: 'price_hub' });
    const csv = parse({ sites: [site('a', { power_price_usd_per_mwh: undefined, power_price_csv: { path: 'p.csv' } })] });
    expect(csv.ok && [csv.value.sites[0]!.contract.written_as, csv.value.sites[0]!.price_csv]).toEqual(['power_price_csv', 'p.csv']);
  });
});
