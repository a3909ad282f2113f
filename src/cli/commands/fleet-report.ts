import { UsageError } from '../../errors.js';
import type { FleetPeriod } from '../../economics/fleet-report.js';
import { dateRangeOptions, dateRangeOpts, stringOpt } from '../args.js';
import type { CommandSpec, Table } from '../command.js';
import { fleetReportOf } from '../../app/fleet-costs.js';
import { contractTable, fleetCommandInputs, musd } from '../fleet-inputs.js';
import { withDeprecatedNames } from '../../units/renamed-fields.js';
import { asOfLine, asOfWarnings } from '../as-of.js';
import { DB_OPTION } from '../db.js';
import { formatEnUs } from '../../units/en-us-number.js';

/** The 2024 halving day: the default start of a report. */

const usd = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? `$${formatEnUs(Math.round(v))}` : '—');
const fx =
  (d: number) =>
  (v: unknown): string =>
    typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '—';

export function periodTable(periods: FleetPeriod[], title: string): Table {
  return {
    title,
    columns: [
      { key: 'period', header: 'period', align: 'left' },
      { key: 'days', header: 'days' },
      { key: 'installed_hashrate_ehs', header: 'EH/s', format: fx(2) },
      { key: 'btc_mined', header: 'BTC', format: fx(1) },
      { key: 'revenue_usd', header: 'revenue $M', format: musd },
      { key: 'energy_cost_usd', header: 'energy $M', format: musd },
      { key: 'cash_cost_usd_per_btc', header: 'cash $/BTC', format: usd },
      { key: 'all_in_cost_usd_per_btc', header: 'all-in $/BTC', format: usd },
      { key: 'hashprice_usd_per_ph_day', header: 'hashprice', format: fx(2) },
      { key: 'hashcost_cash_usd_per_ph_day', header: 'cash hashcost', format: fx(2) },
      { key: 'hashcost_all_in_usd_per_ph_day', header: 'all-in hashcost', format: fx(2) },
      { key: 'all_in_margin_usd', header: 'all-in margin $M', format: musd },
    ],
    rows: periods.map((p) => ({ ...p })),
  };
}

export const command: CommandSpec = {
  path: ['fleet', 'report'],
  summary: 'A fleet spec over the history: BTC mined, revenue, cash and all-in cost per BTC, hashcost vs hashprice',
  positionals: [{ name: 'FILE', required: true, description: 'fleet spec, YAML or JSON (see examples/fleet.yaml)' }],
  options: {
    ...DB_OPTION,
    ...dateRangeOptions('the last halving on or before data_as_of (2024-04-20)', 'the last complete day of the history (data_as_of)'),
    by: { type: 'string', value: 'month|quarter', description: 'period length (default month)' },
  },
  csv: true,
  help: [
    'JSON fields: data_as_of{date, age_days, stale, tip{height, time_unix_s}}, company, from, to, by, periods[] and total, each with period, from, to, days, days_without_data, installed_hashrate_ehs,',
    '  btc_mined, revenue_usd, energy_mwh, energy_cost_usd, direct_opex_usd, cash_cost_usd, sga_usd, depreciation_usd, interest_usd,',
    '  all_in_cost_usd, cash_cost_usd_per_btc, all_in_cost_usd_per_btc, price_usd_per_btc, hashprice_usd_per_ph_day,',
    '  realised_hashprice_usd_per_ph_day, hashcost_energy_usd_per_ph_day, hashcost_cash_usd_per_ph_day, hashcost_all_in_usd_per_ph_day,',
    '  dr_revenue_usd, cash_margin_usd, all_in_margin_usd; contracts[] with site, contract{kind, description, hub, market, written_as, four_cp_intervals_utc},',
    '  prices{column, source} (null for a fixed price) and bill{energy_mwh, energy_usd, resale_credit_usd, fees_usd, take_or_pay_usd, transmission_usd,',
    '  cost_usd, dr_availability_usd} over the whole range; note (why a default end moved back, else null). Definitions: docs/economics.md.',
    "Each site's energy is billed under its contract hour by hour (the day's energy drawn flat), as dispatch bills a plan; an index",
    "  reads the site's power_price_csv, else the store's hub prices (every hour of the days), else the embedded ERCOT files.",
  ].join('\n'),
  async run(args, ctx) {
    const by = stringOpt(args, 'by') ?? 'month';
    if (by !== 'month' && by !== 'quarter') throw new UsageError(`--by must be month or quarter, got "${by}"`);
    const range = dateRangeOpts(args);
    const { fleet, market, data_as_of: asOf, sources } = await fleetCommandInputs(args, ctx);
    const { report, contracts, note } = await fleetReportOf(fleet, market, asOf.date, { ...range, by }, sources);
    const { bills: _bills, ...r } = report;
    const { from, to } = r;
    const t = r.total;
    return {
      staleWarnings: asOfWarnings(asOf),
      json: withDeprecatedNames({ data_as_of: asOf, company: fleet.company.name, ...r, contracts, note }, [
        'cash_cost_usd_per_btc',
        'all_in_cost_usd_per_btc',
        'price_usd_per_btc',
      ]),
      summary: [
        asOfLine(asOf),
        `${fleet.company.name}: ${from} to ${to}, ${fleet.sites.length} sites, ${formatEnUs(fleet.lots.reduce((a, l) => a + l.count, 0))} machines`,
        `  mined ${t.btc_mined.toFixed(1)} BTC; revenue $${musd(t.revenue_usd)}M; cash cost ${usd(t.cash_cost_usd_per_btc)}/BTC; all-in ${usd(t.all_in_cost_usd_per_btc)}/BTC`,
        `  hashprice $${fx(2)(t.hashprice_usd_per_ph_day)}/PH/day (realised after pool fee $${fx(2)(t.realised_hashprice_usd_per_ph_day)}) vs hashcost cash $${fx(2)(t.hashcost_cash_usd_per_ph_day)}, all-in $${fx(2)(t.hashcost_all_in_usd_per_ph_day)}`,
        ...(t.days_without_data ? [`  ${t.days_without_data} day(s) without price or hashprice were skipped`] : []),
        ...(note ? [`  the report ${note}`] : []),
      ],
      tables: [periodTable([...r.periods, t], `By ${by} (money in $M, per-BTC in $, hashprice/hashcost in $/PH/day)`), contractTable(contracts)],
    };
  },
};
