import { loadCatalog } from '../../adapters/datasets/asic-catalog-file.js';
import { historyThrough, loadAsOf } from '../../app/as-of.js';
import { networkPowerAnswer, runNetworkModel, type NetworkPowerAnswer, type NetworkPowerRow } from '../../app/network-economics.js';
import { buildHashpriceIndex } from '../../economics/hashprice-index.js';
import { dateRangeOptions, dateRangeOpts, stringOpt } from '../args.js';
import { asOfLine, asOfWarnings } from '../as-of.js';
import { decimals, hashrateEhs, percent } from '../cell-format.js';
import type { Column, CommandSpec, Table } from '../command.js';
import { DB_OPTION } from '../db.js';
import { sparkline } from '../sparkline.js';
import { formatEnUs } from '../../units/en-us-number.js';

/** The daily row's fields, in the order --csv prints them. */
const CSV_KEYS: (keyof NetworkPowerRow)[] = [
  'date',
  'network_hashrate_ehs',
  'hashprice_usd_per_ph_day',
  'efficiency_lower_jth',
  'efficiency_best_jth',
  'efficiency_upper_jth',
  'lower_model',
  'upper_model',
  'power_lower_gw',
  'power_best_gw',
  'power_upper_gw',
  'energy_lower_twh_per_year',
  'energy_best_twh_per_year',
  'energy_upper_twh_per_year',
  'underwater_hashrate_share',
];

const d1 = decimals(1);
const band = (lo: string, best: string, hi: string) => (_: unknown, r: Record<string, unknown>) => `${d1(r[lo])} / ${d1(r[best])} / ${d1(r[hi])}`;
const PEOPLE_COLUMNS = (first: 'date' | 'period'): Column[] => [
  { key: first, header: first === 'date' ? 'date' : 'period', align: 'left' },
  { key: 'network_hashrate_ehs', header: 'EH/s', format: hashrateEhs },
  { key: 'efficiency_best_jth', header: 'J/TH low/best/high', format: band('efficiency_lower_jth', 'efficiency_best_jth', 'efficiency_upper_jth') },
  { key: 'power_best_gw', header: 'GW low/best/high', format: band('power_lower_gw', 'power_best_gw', 'power_upper_gw') },
  { key: 'energy_best_twh_per_year', header: 'TWh/yr best', format: d1 },
  { key: 'underwater_hashrate_share', header: 'under water', format: percent(1) },
];

const MEAN_KEYS = CSV_KEYS.filter((k) => k !== 'date' && k !== 'lower_model' && k !== 'upper_model');

/** Means per calendar month (key length 7) or year (4) of every numeric field, over the days that have it. */
function periodMeans(days: readonly NetworkPowerRow[], keyLength: 4 | 7): Record<string, unknown>[] {
  const groups = new Map<string, NetworkPowerRow[]>();
  for (const d of days) {
    const k = d.date.slice(0, keyLength);
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  return [...groups].map(([period, g]) => {
    const row: Record<string, unknown> = { period };
    for (const key of MEAN_KEYS) {
      const vs = g.map((d) => d[key]).filter((v): v is number => typeof v === 'number');
      row[key] = vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null;
    }
    return row;
  });
}

function latestLines(a: NetworkPowerAnswer): string[] {
  const d = [...a.days].reverse().find((x) => x.power_best_gw !== null);
  if (!d) return [];
  const f = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));
  return [
    `On ${d.date}: ${f(d.network_hashrate_ehs, 0)} EH/s at $${f(d.hashprice_usd_per_ph_day, 2)}/PH/day`,
    `  efficiency ${f(d.efficiency_lower_jth)} / ${f(d.efficiency_best_jth)} / ${f(d.efficiency_upper_jth)} J/TH (lower ${d.lower_model}, upper ${d.upper_model})`,
    `  power      ${f(d.power_lower_gw)} / ${f(d.power_best_gw)} / ${f(d.power_upper_gw)} GW = ${f(d.energy_lower_twh_per_year, 0)} / ${f(d.energy_best_twh_per_year, 0)} / ${f(d.energy_upper_twh_per_year, 0)} TWh/yr (lower / best guess / upper)`,
    ...(d.underwater_hashrate_share === null
      ? []
      : [`  ${(d.underwater_hashrate_share * 100).toFixed(1)}% of the hashrate under water at that day’s hashprice (\`hashfloor underwater\`)`]),
  ];
}

export const command: CommandSpec = {
  path: ['network-power'],
  summary: 'The whole network per day: installed-base efficiency band (J/TH), power (GW) and energy (TWh/yr), lower / best guess / upper',
  options: {
    ...DB_OPTION,
    ...dateRangeOptions('the first day a catalog model is available', 'the last complete day, data_as_of'),
  },
  csv: true,
  help: [
    'JSON: { data_as_of{date, age_days, stale, tip{height, time_unix_s}}, from, to, params{threshold_power_price_usd_per_mwh, hashprice_window_days, pool_fee,',
    '  pue{lower, best, upper}, growth_window_days, vintage_window_months, retire_after_days, manufacturer_weights, other_manufacturers_weight}, catalog_models,',
    '  distribution{source, brackets[]{power_price_usd_per_mwh, hashrate_share}}, days[] }. Each day: date, network_hashrate_ehs (D·2^32/600),',
    '  hashprice_usd_per_ph_day, efficiency_lower_jth, efficiency_best_jth, efficiency_upper_jth, lower_model, upper_model, power_lower_gw, power_best_gw,',
    '  power_upper_gw, energy_lower_twh_per_year, energy_best_twh_per_year, energy_upper_twh_per_year, underwater_hashrate_share (default distribution).',
    '--csv prints every day. The model reads the catalog as it is (data/asic_models.csv); formulas, parameters and the CBECI comparison: docs/network.md.',
    'Example: hashfloor network-power --from 2025-01-01 --csv',
  ].join('\n'),
  async run(args, ctx) {
    const range = dateRangeOpts(args);
    const { history, asOf } = await loadAsOf(ctx.services, stringOpt(args, 'db'));
    const index = buildHashpriceIndex(historyThrough(history, asOf));
    const answer = networkPowerAnswer(runNetworkModel(index, loadCatalog(ctx.services.dataDir), asOf), asOf, range);
    if (args.values.json === true) return { json: answer };
    const csv = args.values.csv === true;
    const days = answer.days;
    let table: Table;
    if (csv) table = { columns: CSV_KEYS.map((key) => ({ key, header: key })), rows: days.map((d) => ({ ...d })) };
    else if (days.length <= 62) table = { title: 'Network power by day', columns: PEOPLE_COLUMNS('date'), rows: days.map((d) => ({ ...d })) };
    else {
      const byMonth = days.length <= 3 * 366;
      table = { title: `Network power by ${byMonth ? 'month' : 'year'} (means)`, columns: PEOPLE_COLUMNS('period'), rows: periodMeans(days, byMonth ? 7 : 4) };
    }
    const p = answer.params;
    return {
      json: answer,
      staleWarnings: asOfWarnings(asOf),
      summary: [asOfLine(asOf), `Network power ${answer.from} to ${answer.to} (${formatEnUs(days.length)} days)`, ...latestLines(answer)],
      tables: [table],
      notes: [
        `${answer.from} ${sparkline(
          days.map((d) => d.power_best_gw),
          { width: 72 },
        )} ${answer.to}  (best-guess GW)`,
        `Model: ${answer.catalog_models} catalog models; profitable when the breakeven (${p.hashprice_window_days}-day mean hashprice, pool fee ${p.pool_fee * 100}%, PUE ${p.pue.best}) reaches $${p.threshold_power_price_usd_per_mwh}/MWh;`,
        `  vintages retire after ${p.retire_after_days} days under water; PUE ${p.pue.lower} / ${p.pue.best} / ${p.pue.upper}. docs/network.md`,
      ],
    };
  },
};
