import { loadCatalog } from '../../adapters/datasets/asic-catalog-file.js';
import { historyThrough, loadAsOf } from '../../app/as-of.js';
import { asOfLine, asOfWarnings } from '../as-of.js';
import { DB_OPTION } from '../db.js';
import { fitFrontier } from '../../valuation/frontier.js';
import { defaultScenarios, securityBudget } from '../../valuation/security-budget.js';
import { budgetTodayFromHistory } from '../../valuation/budget-today.js';
import { numberOpt, stringOpt } from '../args.js';
import type { CommandSpec, Table } from '../command.js';
import { decimals } from '../cell-format.js';
import { withDeprecatedNames } from '../../units/renamed-fields.js';
import { formatEnUs } from '../../units/en-us-number.js';

const num = decimals;
const big = (v: unknown): string =>
  typeof v === 'number' && Number.isFinite(v) ? (Math.abs(v) >= 1e9 ? `${(v / 1e9).toFixed(2)}B` : `${(v / 1e6).toFixed(2)}M`) : '—';

export const command: CommandSpec = {
  path: ['security-budget'],
  summary: 'Subsidy to zero (~2140, exact schedule) and the fees needed to hold today’s hashprice, under stated scenarios',
  options: {
    ...DB_OPTION,
    'price-growth-pct': { type: 'string', value: 'PCT', description: 'adds a "custom" scenario: BTC price growth per year' },
    'hashrate-growth-pct': { type: 'string', value: 'PCT', description: 'custom scenario: network hashrate growth per year (default 0)' },
    'growth-years': { type: 'string', value: 'Y', description: 'custom scenario: years the growth lasts (default: forever)' },
    'fee-window-days': { type: 'string', value: 'N', description: 'days of observed fees averaged for today’s level (default 30)' },
  },
  csv: true,
  help: [
    'JSON fields: data_as_of{date, age_days, stale, tip{height, time_unix_s}}, today{date, height (its last block), price_usd_per_btc, hashrate_ehs, fees_btc_per_block (window mean), day_fees_btc_per_block, subsidy_btc, hashprice_usd_per_ph_day (the hashprice index value: the day’s own fees), revenue_usd_per_day, fee_share},',
    '  last_subsidy_height, last_subsidy_date, scenarios[]{name, description, price_growth_annual, hashrate_growth_annual, growth_years},',
    '  rows[]{scenario, era, height, date, years_from_now, subsidy_btc, price_usd_per_btc, hashrate_ehs, fees_needed_btc_per_block, fees_needed_usd_per_day,',
    '  fees_multiple_of_today, fees_for_todays_budget_usd_per_day}. Dates are projections at one block per 600 s.',
    'Example: hashfloor security-budget --price-growth-pct 5 --hashrate-growth-pct 5 --growth-years 30',
  ].join('\n'),
  async run(args, ctx) {
    const pg = numberOpt(args, 'price-growth-pct', { min: -50, max: 100, example: '--price-growth-pct 5' });
    const hg = numberOpt(args, 'hashrate-growth-pct', { min: -50, max: 100, example: '--hashrate-growth-pct 5' });
    const gy = numberOpt(args, 'growth-years', { min: 0, max: 200, example: '--growth-years 30' });
    const window = numberOpt(args, 'fee-window-days', { integer: true, min: 1, max: 3650, example: '--fee-window-days 30' }) ?? 30;
    // "Today" is the last complete day of the history, not the wall clock (data_as_of says which).
    const { history, asOf } = await loadAsOf(ctx.services, stringOpt(args, 'db'));
    const { today, fee_window_days: days } = budgetTodayFromHistory(historyThrough(history, asOf), window);
    const frontier = fitFrontier(loadCatalog(ctx.services.dataDir), today.date.slice(0, 7));
    const custom =
      pg !== undefined || hg !== undefined
        ? { price_growth_annual: (pg ?? 0) / 100, hashrate_growth_annual: (hg ?? 0) / 100, growth_years: gy ?? Infinity }
        : undefined;
    const scenarios = defaultScenarios(frontier.improvement_annual, custom);
    const res = securityBudget(today, scenarios);
    const t = res.today;
    const table: Table = {
      title: 'Fees needed per halving era to hold today’s hashprice',
      columns: [
        { key: 'scenario', header: 'scenario' },
        { key: 'era', header: 'era', align: 'right' },
        { key: 'date', header: 'from (est.)' },
        { key: 'subsidy_btc', header: 'subsidy BTC', align: 'right', format: num(8) },
        { key: 'fees_needed_btc_per_block', header: 'fees BTC/block', align: 'right', format: num(3) },
        { key: 'fees_needed_usd_per_day', header: 'fees USD/day', align: 'right', format: big },
        { key: 'fees_multiple_of_today', header: '× today', align: 'right', format: num(1) },
        { key: 'fees_for_todays_budget_usd_per_day', header: 'fees for today’s USD budget/day', align: 'right', format: big },
      ],
      rows: res.rows.map((r) => ({ ...r })),
    };
    return {
      json: withDeprecatedNames({ data_as_of: asOf, ...res, scenarios, fees_window_days: days }, ['price_usd_per_btc']),
      staleWarnings: asOfWarnings(asOf),
      summary: [
        asOfLine(asOf),
        `Today (${t.date}, height ~${formatEnUs(t.height)}): subsidy ${t.subsidy_btc} BTC, fees ${t.fees_btc_per_block.toFixed(4)} BTC/block (${days}-day mean, fee share ${(t.fee_share * 100).toFixed(2)}%),`,
        `  BTC $${formatEnUs(t.price_usd_per_btc, { maximumFractionDigits: 0 })}, ${t.hashrate_ehs.toFixed(0)} EH/s → hashprice $${t.hashprice_usd_per_ph_day.toFixed(2)}/PH/day, miner revenue $${(t.revenue_usd_per_day / 1e6).toFixed(1)}M/day`,
        `Subsidy ends after height ${formatEnUs(res.last_subsidy_height)} (~${res.last_subsidy_date} at 600 s per block).`,
        ...scenarios.map((s) => `Scenario ${s.name}: ${s.description}`),
      ],
      tables: [table],
    };
  },
};
