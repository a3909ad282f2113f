/**
 * The network model on the real data: the embedded history, the catalog as it stands in
 * data/asic_models.csv (whatever rows it holds — nothing here counts them) and the published
 * Cambridge CBECI series in ../shared/data (read as a reference, never embedded; like the data
 * build test, this fails rather than skips when the file is missing). docs/network.md reports the
 * same per-year ratios (scripts/network-cbeci.ts prints them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNetworkDailyCsv } from '../src/adapters/datasets/network-daily-csv.js';
import { requireDataAsOf } from '../src/app/as-of.js';
import { runNetworkModel } from '../src/app/network-economics.js';
import { buildHashpriceIndex } from '../src/economics/hashprice-index.js';
import { parseCatalogCsv } from '../src/hardware/catalog.js';
import { hasStatedRelease } from '../src/hardware/model.js';
import { parseCbeciCsv, yearlyRatios } from '../scripts/network-cbeci/compare.js';
import { TEST_NOW_UNIX_S } from './api/helpers.js';

const root = join(import.meta.dirname, '..');
const cbeciPath = join(root, '..', 'shared', 'data', 'cbeci_network_efficiency_daily_2010-07-18_2025-03-10.csv');

function cbeci() {
  if (!existsSync(cbeciPath)) throw new Error(`${cbeciPath} is missing: the CBECI comparison needs the shared data beside the repository`);
  return parseCbeciCsv(readFileSync(cbeciPath, 'utf8'));
}

const rows = parseNetworkDailyCsv(readFileSync(join(root, 'data', 'network_daily.csv'), 'utf8'), {
  source: 'network_daily.csv',
  defaultProvenance: 'embedded',
});
const catalog = parseCatalogCsv(readFileSync(join(root, 'data', 'asic_models.csv'), 'utf8'));
const asOf = requireDataAsOf(rows, TEST_NOW_UNIX_S);
const model = runNetworkModel(buildHashpriceIndex(rows), catalog, asOf);
const modelled = model.base.days.filter((d) => d.efficiency_best_jth !== null);

describe('network model on the embedded history and catalog', () => {
  it('starts on the first day of the earliest release month in the catalog and runs to the last complete day', () => {
    const earliest = catalog
      .filter(hasStatedRelease)
      .map((m) => m.released)
      .sort()[0];
    expect(model.first_date).toBe(`${earliest}-01`);
    expect(model.last_date).toBe(asOf.date);
    expect(modelled[0]?.date).toBe(model.first_date);
    expect(modelled.at(-1)?.date).toBe(asOf.date);
  });

  it('lower ≤ best ≤ upper on every day; the frontier never worsens; the upper bound is a catalog model', () => {
    const ids = new Set(catalog.map((m) => m.id));
    let frontier = Infinity;
    for (const d of modelled) {
      expect(d.efficiency_lower_jth as number, d.date).toBeLessThanOrEqual(d.efficiency_best_jth as number);
      expect(d.efficiency_best_jth as number, d.date).toBeLessThanOrEqual(d.efficiency_upper_jth as number);
      expect(d.efficiency_lower_jth as number, d.date).toBeLessThanOrEqual(frontier);
      frontier = d.efficiency_lower_jth as number;
      expect(ids.has(d.upper_model as string)).toBe(true);
    }
  });

  it('today the network is no better than the best listed fleet (CleanSpark, 16.07 J/TH, 2025-09) and draws 10–40 GW', () => {
    const today = model.power.at(-1);
    expect(today?.efficiency_best_jth).toBeGreaterThan(16.07);
    expect(today?.power_best_gw).toBeGreaterThan(10);
    expect(today?.power_best_gw).toBeLessThan(40);
  });
});

describe('best guess against the Cambridge CBECI estimate, per year', () => {
  const ratios = yearlyRatios(
    modelled.map((d) => ({ date: d.date, efficiency_jth: d.efficiency_best_jth })),
    cbeci(),
  );

  it('2018–2025: median, 5th and 95th percentile of the daily ratio within 0.5–2', () => {
    const years = ratios.filter((r) => r.year >= '2018');
    expect(years.map((r) => r.year)).toEqual(['2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025']);
    for (const r of years) {
      expect(r.p5, r.year).toBeGreaterThanOrEqual(0.5);
      expect(r.p95, r.year).toBeLessThanOrEqual(2);
    }
  });

  it('2016–2017: below Cambridge — the catalog holds nothing older than the S9 generation (docs/network.md)', () => {
    const early = ratios.filter((r) => r.year < '2018');
    expect(early.map((r) => r.year)).toEqual(['2016', '2017']);
    for (const r of early) expect(r.median, r.year).toBeLessThan(0.75);
  });
});
