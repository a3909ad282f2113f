import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../adapters/datasets/asic-catalog-file.js';
import { parseSiteSpecText } from '../config/site-spec.js';
import { embeddedDataDir } from '../main.js';
import { priceSiteContracts } from './pivot-contracts.js';

const dataDir = embeddedDataDir();
const catalog = loadCatalog(dataDir);
const example = readFileSync(new URL('../../examples/site.yaml', import.meta.url), 'utf8');

/** The last 8,760 HB_WEST prices of the embedded file, read here straight from the CSV. */
const hbWest = readFileSync(`${dataDir}ercot_hubs_hourly_2023_2025.csv`, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => Number(l.split(',')[1]));
const year = hbWest.slice(-8760);
const meanIndex = year.reduce((a, x) => a + x, 0) / year.length;

function site(mining: string) {
  const spec = parseSiteSpecText(
    `sites:\n  - name: s\n    gross_mw: 100\n    mining:\n      pue: 1.05\n      efficiency_jth: 17\n      uptime_pct: 90\n      ${mining}\n`,
    catalog,
  );
  return spec;
}
const priced = (mining: string) => {
  const spec = site(mining);
  if (!spec.ok) throw new Error(JSON.stringify(spec.errors));
  return priceSiteContracts(spec.value.sites, dataDir);
};

describe('priceSiteContracts (pivot)', () => {
  it('keeps a fixed price exactly, and names the contract on every example site', () => {
    const spec = parseSiteSpecText(example, catalog);
    if (!spec.ok) throw new Error(JSON.stringify(spec.errors));
    const { sites, contracts } = priceSiteContracts(spec.value.sites, dataDir);
    expect(contracts.map((c) => [c.kind, c.contract, c.effective_power_price_usd_per_mwh, c.reference])).toEqual([
      ['fixed', 'fixed $38/MWh', 38, null],
      ['fixed', 'fixed $55/MWh', 55, null],
      ['fixed', 'fixed $52/MWh', 52, null],
    ]);
    expect(sites[0]!.mining.power_price_usd_per_mwh).toBe(38);
  });

  it('prices an index contract at the reference year’s mean plus adders, a hedge at the share-weighted mix, resale as its credit', () => {
    // 2025 in ERCOT's hours (Central time): 2025-01-01T06:00Z … 2026-01-01T06:00Z.
    expect(meanIndex).toBeGreaterThan(20);
    expect(meanIndex).toBeLessThan(60);
    const index = priced('contract: { kind: index, hub: HB_WEST, adders_usd_per_mwh: 5 }');
    expect(index.contracts[0]!.effective_power_price_usd_per_mwh).toBeCloseTo(meanIndex + 5, 9);
    expect(index.contracts[0]!.reference).toMatchObject({ hub: 'HB_WEST', from: '2025-01-01T06:00:00Z', to: '2026-01-01T06:00:00Z', hours: 8760 });
    expect(index.sites[0]!.mining.power_price_usd_per_mwh).toBeCloseTo(meanIndex + 5, 9);
    // Landlord-paid HPC power defaults to the mining contract's price.
    expect(index.sites[0]!.hpc.power_price_usd_per_mwh).toBeCloseTo(meanIndex + 5, 9);

    const hedged = priced('contract: { kind: hedged, hub: HB_WEST, share_pct: 50, price_usd_per_mwh: 40 }');
    expect(hedged.contracts[0]!.effective_power_price_usd_per_mwh).toBeCloseTo(0.5 * 40 + 0.5 * meanIndex, 9);

    // Resale: the site buys its 100 MW at 38 every hour and resells the 100 − E MW it leaves at I − 2.
    const load = (100 / 1.05) * 1.05 * 0.9; // it_mw · PUE · uptime = 90 MW
    const resale = priced('contract: { kind: fixed, price_usd_per_mwh: 38, resell_unused_at_index: true, hub: HB_WEST, resale_fee_usd_per_mwh: 2 }');
    const credit = year.reduce((a, x) => a + (100 - load) * (x - 2 - 38), 0);
    expect(resale.contracts[0]!.effective_power_price_usd_per_mwh).toBeCloseTo(38 - credit / (load * year.length), 9);
  });

  it('refuses both a contract and the shorthand, neither, and a day-ahead index it has no prices for', () => {
    const both = site('power_price_usd_per_mwh: 38\n      contract: { kind: fixed, price_usd_per_mwh: 38 }');
    expect(both.ok ? [] : both.errors.map((e) => e.path)).toContain('sites[0].mining.power_price_usd_per_mwh');
    const neither = site('pool_fee_pct: 2');
    expect(neither.ok ? '' : neither.errors.map((e) => e.message).join()).toMatch(/give the power price \(USD\/MWh\) or a contract/);
    expect(() => priced('contract: { kind: index, hub: HB_WEST, market: day-ahead }')).toThrow(/real-time only/);
  });
});
