/**
 * The figures of docs/network.md: the per-year ratio of the best guess to CBECI's estimate, and
 * the sensitivity of the model to each parameter, on the embedded history and catalog.
 *   npx tsx scripts/network-cbeci.ts [path/to/cbeci_network_efficiency_daily_2010-07-18_2025-03-10.csv]
 * (default: ../shared/data beside the repository). Prints Markdown tables. HASHFLOOR_CATALOG=FILE runs
 * the model on another catalog file (one with the rows a catalog branch adds, say) instead of data/asic_models.csv.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNetworkDailyCsv } from '../src/adapters/datasets/network-daily-csv.js';
import { buildHashpriceIndex } from '../src/economics/hashprice-index.js';
import { DEFAULT_INSTALLED_BASE_PARAMS, installedBase, type InstalledBaseParams } from '../src/economics/installed-base.js';
import { networkPower } from '../src/economics/network-power.js';
import { DEFAULT_POWER_PRICE_DISTRIBUTION, mixEntries, underwater } from '../src/economics/underwater.js';
import { parseCatalogCsv } from '../src/hardware/catalog.js';
import { parseCbeciCsv, quantile, yearlyRatios } from './network-cbeci/compare.js';

const root = join(import.meta.dirname, '..');
const cbeciPath = process.argv[2] ?? join(root, '..', 'shared', 'data', 'cbeci_network_efficiency_daily_2010-07-18_2025-03-10.csv');
const cbeci = parseCbeciCsv(readFileSync(cbeciPath, 'utf8'));
const rows = parseNetworkDailyCsv(readFileSync(join(root, 'data', 'network_daily.csv'), 'utf8'), {
  source: 'network_daily.csv',
  defaultProvenance: 'embedded',
});
// The last day with block data: the embedded file runs on with price-only days.
const through = rows.filter((r) => r.difficulty !== null).at(-1)?.date ?? '';
const index = buildHashpriceIndex(rows).filter((d) => d.date <= through);
const catalog = parseCatalogCsv(readFileSync(process.env.HASHFLOOR_CATALOG ?? join(root, 'data', 'asic_models.csv'), 'utf8'));
const days = index.map((d) => ({ date: d.date, network_hashrate_ehs: d.network_hashrate_ehs, hashprice_usd_per_ph_day: d.hashprice_usd_per_ph_day }));

function run(p: InstalledBaseParams) {
  const base = installedBase(days, catalog, p);
  const power = networkPower(base, p.pue);
  const last = base.days.at(-1);
  const mix = last?.shares ? mixEntries(base.models, last.shares) : [];
  const hp = last?.hashprice_usd_per_ph_day ?? 0;
  return {
    base,
    last,
    lastPower: power.at(-1),
    underwater: underwater(mix, hp, DEFAULT_POWER_PRICE_DISTRIBUTION.brackets, { pool_fee: p.pool_fee, pue: p.pue.best }).underwater_hashrate_share,
    ratios: yearlyRatios(
      base.days.map((d) => ({ date: d.date, efficiency_jth: d.efficiency_best_jth })),
      cbeci,
    ),
  };
}

const f = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : v.toFixed(digits));
const def = run(DEFAULT_INSTALLED_BASE_PARAMS);
console.log(`Catalog: ${catalog.length} models; history through ${through}.\n`);
console.log('| year | days | median | 5th pct | 95th pct | lower / CBECI lower (median) | upper / CBECI upper (median) |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
const lowers = yearlyRatios(
  def.base.days.map((d) => ({ date: d.date, efficiency_jth: d.efficiency_lower_jth })),
  cbeci,
  (c) => c.lower_jth,
);
const uppers = yearlyRatios(
  def.base.days.map((d) => ({ date: d.date, efficiency_jth: d.efficiency_upper_jth })),
  cbeci,
  (c) => c.upper_jth,
);
for (const r of def.ratios) {
  const lo = lowers.find((x) => x.year === r.year);
  const hi = uppers.find((x) => x.year === r.year);
  console.log(`| ${r.year} | ${r.days} | ${f(r.median)} | ${f(r.p5)} | ${f(r.p95)} | ${f(lo?.median)} | ${f(hi?.median)} |`);
}

const variants: [string, Partial<InstalledBaseParams>][] = [
  ['defaults', {}],
  ['threshold $30/MWh', { threshold_power_price_usd_per_mwh: 30 }],
  ['threshold $70/MWh', { threshold_power_price_usd_per_mwh: 70 }],
  ['retire after 30 days', { retire_after_days: 30 }],
  ['retire after 180 days', { retire_after_days: 180 }],
  ['vintage window 6 months', { vintage_window_months: 6 }],
  ['vintage window 24 months', { vintage_window_months: 24 }],
  ['growth window 7 days', { growth_window_days: 7 }],
  ['growth window 90 days', { growth_window_days: 90 }],
  ['hashprice of the day (window 1)', { hashprice_window_days: 1 }],
  ['equal weight per model', { manufacturer_weights: {}, other_manufacturers_weight: 1 }],
  ['PUE 1.02 / 1.05 / 1.10', { pue: { lower: 1.02, best: 1.05, upper: 1.1 } }],
  ['pool fee 0', { pool_fee: 0 }],
];
console.log('\n| variant | median ratio 2018–2024 | worst year median 2018–2024 | best J/TH | upper J/TH | best GW | under water |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [name, over] of variants) {
  const r = run({ ...DEFAULT_INSTALLED_BASE_PARAMS, ...over });
  const span = r.base.days
    .filter((d) => d.date >= '2018-01-01' && d.date <= '2024-12-31')
    .flatMap((d) => {
      const c = cbeci.get(d.date);
      return c && d.efficiency_best_jth !== null ? [d.efficiency_best_jth / c.best_jth] : [];
    });
  const years = r.ratios.filter((y) => y.year >= '2018' && y.year <= '2024');
  const worst = years.reduce((a, y) => (Math.abs(Math.log(y.median)) > Math.abs(Math.log(a.median)) ? y : a));
  console.log(
    `| ${name} | ${f(quantile(span, 0.5))} | ${f(worst.median)} (${worst.year}) | ${f(r.last?.efficiency_best_jth, 1)} | ${f(r.last?.efficiency_upper_jth, 1)} | ${f(r.lastPower?.power_best_gw, 1)} | ${(r.underwater * 100).toFixed(1)}% |`,
  );
}
