import { UsageError } from '../../errors.js';
import {
  DEFAULT_SENSITIVITY_POWER_PRICES_USD_PER_MWH as DEFAULT_POWER_PRICES,
  DEFAULT_SENSITIVITY_PRICES_USD as DEFAULT_PRICES_USD,
} from '../../economics/fleet-sensitivity.js';
import { dateOpt, parseNumberText, stringOpt } from '../args.js';
import type { CommandSpec } from '../command.js';
import { fleetSensitivityOf } from '../../app/fleet-costs.js';
import { contractTable, fleetCommandInputs } from '../fleet-inputs.js';
import { wholeNumber } from '../cell-format.js';
import { withDeprecatedNames } from '../../units/renamed-fields.js';
import { asOfLine, asOfWarnings } from '../as-of.js';
import { DB_OPTION } from '../db.js';
import { formatEnUs } from '../../units/en-us-number.js';

function listOpt(text: string | undefined, flag: string, fallback: number[]): number[] {
  if (text === undefined) return fallback;
  const out = text.split(',').map((t) => parseNumberText(t, flag, { example: `${flag} 60000,80000,100000` }));
  if (out.length === 0 || out.length > 20) throw new UsageError(`${flag} takes 1 to 20 comma-separated numbers`);
  return out;
}

const money = wholeNumber;

export const command: CommandSpec = {
  path: ['fleet', 'sensitivity'],
  summary: "A fleet's all-in margin over BTC price × power price on one day, and a breakeven table per lot",
  positionals: [{ name: 'FILE', required: true, description: 'fleet spec, YAML or JSON (see examples/fleet.yaml)' }],
  options: {
    ...DB_OPTION,
    date: {
      type: 'string',
      value: 'YYYY-MM-DD',
      description: 'day whose hashvalue and costs are used (default: the last complete day of the history, data_as_of, or the last one the index prices cover)',
    },
    prices: { type: 'string', value: 'USD,USD,…', description: `BTC prices (default ${DEFAULT_PRICES_USD.join(',')})` },
    'power-prices': {
      type: 'string',
      value: 'USD_PER_MWH,…',
      description: `index (market) prices every hour, each site paying them through its contract (default ${DEFAULT_POWER_PRICES.join(',')})`,
    },
  },
  csv: true,
  help: [
    'JSON fields: data_as_of{date, age_days, stale, tip{height, time_unix_s}}, date, hashprice_usd_per_ph_day, price_usd_per_btc, grid[] with price_usd_per_btc, power_price_usd_per_mwh, cash_margin_usd_per_day,',
    '  all_in_margin_usd_per_day; breakevens[] with site, contract (fixed, index, hedged), model, profile, count, efficiency_jth, power_price_usd_per_mwh',
    "  (the site's mean marginal price that day under its contract), breakeven_power_price_usd_per_mwh, breakeven_hashprice_usd_per_ph_day,",
    '  breakeven_price_usd_per_btc, margin_usd_per_machine_day; contracts[] with site, contract{kind, description, hub, market, written_as, four_cp_intervals_utc},',
    '  prices{column, source} (null for a fixed price); note (why the default day moved back, else null).',
    "The day's hashvalue (BTC per PH/s per day) is held; SG&A, depreciation and interest are that day's. A grid power price is the index in",
    '  every hour: a fixed contract does not move with it, an index site pays it plus adders, a hedged site on its unhedged share.',
  ].join('\n'),
  async run(args, ctx) {
    const prices = listOpt(stringOpt(args, 'prices'), '--prices', DEFAULT_PRICES_USD);
    const powers = listOpt(stringOpt(args, 'power-prices'), '--power-prices', DEFAULT_POWER_PRICES);
    const date = dateOpt(args, 'date');
    const { fleet, market, data_as_of: asOf, sources } = await fleetCommandInputs(args, ctx);
    const axes = { prices_usd_per_btc: prices, power_prices_usd_per_mwh: powers };
    const { day, grid, breakevens, contracts, note } = await fleetSensitivityOf(fleet, market, asOf.date, date, axes, sources);
    const rows = prices.map(
      (p) =>
        Object.fromEntries([
          ['price_usd_per_btc', p],
          ...powers.map((c) => [`p${c}`, grid.find((g) => g.price_usd_per_btc === p && g.power_price_usd_per_mwh === c)?.all_in_margin_usd_per_day]),
        ]) as Record<string, unknown>,
    );
    return {
      staleWarnings: asOfWarnings(asOf),
      json: withDeprecatedNames(
        {
          data_as_of: asOf,
          date: day.date,
          hashprice_usd_per_ph_day: day.hashprice_usd_per_ph_day,
          price_usd_per_btc: day.price_usd_per_btc,
          grid,
          breakevens,
          contracts,
          note,
        },
        ['price_usd_per_btc'],
      ),
      summary: [
        asOfLine(asOf),
        `${fleet.company.name} on ${day.date}: hashprice $${day.hashprice_usd_per_ph_day.toFixed(2)}/PH/day at BTC $${formatEnUs(Math.round(day.price_usd_per_btc))}`,
        ...(note ? [`  ${note}`] : []),
      ],
      tables: [
        {
          title: 'All-in margin (USD/day): BTC price (rows) × index price USD/MWh every hour, through each contract (columns)',
          columns: [{ key: 'price_usd_per_btc', header: 'BTC $', format: money }, ...powers.map((c) => ({ key: `p${c}`, header: `$${c}`, format: money }))],
          rows,
        },
        {
          title: "Breakeven per lot at the day's hashprice and each site's mean marginal price under its contract",
          columns: [
            { key: 'site', header: 'site', align: 'left' },
            { key: 'contract', header: 'contract', align: 'left' },
            { key: 'model', header: 'model', align: 'left' },
            { key: 'profile', header: 'profile', align: 'left' },
            { key: 'efficiency_jth', header: 'J/TH', format: (v) => (typeof v === 'number' ? v.toFixed(1) : '—') },
            { key: 'power_price_usd_per_mwh', header: 'power $/MWh', format: money },
            { key: 'breakeven_power_price_usd_per_mwh', header: 'breakeven $/MWh', format: money },
            { key: 'breakeven_hashprice_usd_per_ph_day', header: 'breakeven $/PH/d', format: (v) => (typeof v === 'number' ? v.toFixed(2) : '—') },
            { key: 'breakeven_price_usd_per_btc', header: 'breakeven BTC $', format: money },
          ],
          rows: breakevens.map((b) => ({ ...b })),
        },
        contractTable(contracts),
      ],
    };
  },
};
