import { describe, expect, it } from 'vitest';
import { parseFleetSpecText } from './fleet-spec.js';
import { parseSiteSpec } from './site-spec.js';
import { plausibilityWarning, plausibilityWarnings } from './plausible.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../adapters/datasets/asic-catalog-file.js';

const catalog = loadCatalog(fileURLToPath(new URL('../../data', import.meta.url)));
const fleetExample = readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8');

describe('plausible ranges', () => {
  it('names the likely unit mistake: $/kWh typed as $/MWh, a fraction typed as a percentage', () => {
    expect(plausibilityWarning('power_price_usd_per_mwh', 0.041)?.message).toBe('0.041 USD/MWh — did you mean 41 USD/MWh (0.041 USD/kWh)?');
    expect(plausibilityWarning('uptime_pct', 0.95)?.message).toBe('a fraction? 0.95 means 0.95 % — did you mean 95 %?');
    expect(plausibilityWarning('power_price_usd_per_mwh', 41)).toBeNull();
    expect(plausibilityWarning('uptime_pct', 95)).toBeNull();
    expect(plausibilityWarning('pool_fee_pct', 25)?.message).toContain('outside the usual 0–10 %');
  });

  it('the unit hints speak only for their mistake: above the range the message is the plain one', () => {
    // 600 USD/MWh is no $/kWh typo, 150 % no fraction: the generic "outside the usual" message
    expect(plausibilityWarning('power_price_usd_per_mwh', 600)?.message).toBe('600 USD/MWh is outside the usual 1–500 USD/MWh');
    expect(plausibilityWarning('uptime_pct', 150)?.message).toBe('150 % is outside the usual 1.000001–100 %');
    // 1 % uptime is taken for the fraction 1 (100 %): the one value at the edge of the hint
    expect(plausibilityWarning('uptime_pct', 1)?.message).toBe('a fraction? 1 means 1 % — did you mean 100 %?');
  });

  it('finds them anywhere in a spec, with the path', () => {
    expect(plausibilityWarnings({ sites: [{ mining: { power_price_usd_per_mwh: 0.041, uptime_pct: 96 } }] })).toEqual([
      { path: 'sites[0].mining.power_price_usd_per_mwh', message: '0.041 USD/MWh — did you mean 41 USD/MWh (0.041 USD/kWh)?' },
    ]);
  });

  it('the example fleet has none; the same fleet with a fraction for uptime warns and still parses', () => {
    const ok = parseFleetSpecText(fleetExample, catalog);
    expect(ok.ok && ok.warnings).toEqual([]);
    const r = parseFleetSpecText(fleetExample.replace(/uptime_pct: \d+(\.\d+)?/, 'uptime_pct: 0.95'), catalog);
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings?.map((w) => w.message)).toEqual(['a fraction? 0.95 means 0.95 % — did you mean 95 %?']);
  });

  it("a contract's fixed price typed in $/kWh warns with its path", () => {
    const r = parseFleetSpecText(fleetExample.replace('price_usd_per_mwh: 38', 'price_usd_per_mwh: 0.038'), catalog);
    expect(r.ok && r.warnings).toEqual([{ path: 'sites[0].contract.price_usd_per_mwh', message: '0.038 USD/MWh — did you mean 38 USD/MWh (0.038 USD/kWh)?' }]);
  });

  it('site specs warn too', () => {
    const r = parseSiteSpec({ sites: [{ name: 'a', gross_mw: 10, mining: { pue: 1, efficiency_jth: 15, power_price_usd_per_mwh: 0.041 } }] }, []);
    expect(r.ok && r.warnings?.[0]?.path).toBe('sites[0].mining.power_price_usd_per_mwh');
  });
});
