import { UsageError } from '../../errors.js';
import { findModel } from '../../hardware/catalog.js';
import { findProfile, profilesOf } from '../../hardware/profiles.js';
import { machineDay } from '../../economics/machine.js';
import { paybackPath } from '../../economics/payback.js';
import { addDays, unixSToDate } from '../../units/time.js';
import { loadAsOf } from '../../app/as-of.js';
import { asOfLine, asOfWarnings } from '../as-of.js';
import { DB_OPTION } from '../db.js';
import { loadCatalog } from '../../adapters/datasets/asic-catalog-file.js';
import { dateOpt, numberOpt, stringOpt } from '../args.js';
import { indexDay } from '../../app/market-day.js';
import type { CommandSpec } from '../command.js';
import { decimals } from '../cell-format.js';
import { withDeprecatedNames } from '../../units/renamed-fields.js';
import { plausibilityWarning, warningLines } from '../../config/plausible.js';

const money = decimals(2);
const fixed =
  (d: number) =>
  (v: unknown): string =>
    typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '—';

export const command: CommandSpec = {
  path: ['machine'],
  summary: 'One machine on a day of the history or at a given hashprice: margin, breakevens, payback (snapshot and along a path)',
  positionals: [{ name: 'MODEL', required: true, description: 'a catalog model, e.g. "Antminer S21 XP" or s21xp (see `hashfloor models`)' }],
  options: {
    ...DB_OPTION,
    date: {
      type: 'string',
      value: 'YYYY-MM-DD',
      description: 'a day of the history: its hashprice, price, fees and height (default: the last complete day, data_as_of)',
    },
    hashprice: { type: 'string', value: 'USD_PER_PH_DAY', description: 'a hashprice (USD per PH/s per day) instead of a day, e.g. 35.06' },
    'power-price': { type: 'string', value: 'USD_PER_MWH', description: 'power price (default 50)' },
    'pool-fee': { type: 'string', value: 'PCT', description: 'pool fee in percent of revenue (default 0)' },
    overhead: { type: 'string', value: 'PCT', description: 'site overhead in percent of machine power: PUE = 1 + PCT/100 (default 0)' },
    'hosting-fee': { type: 'string', value: 'USD_PER_MWH', description: 'hosting fee per MWh drawn (default 0)' },
    uptime: { type: 'string', value: 'PCT', description: 'share of the day hashing (default 100)' },
    'price-usd': { type: 'string', value: 'X', description: "BTC price (USD) for the BTC figures and the payback path (default with a day: that day's)" },
    profile: { type: 'string', value: 'NAME', description: 'operating profile (default stock; see `hashfloor models --model`)' },
    'purchase-price': { type: 'string', value: 'USD', description: 'machine price (USD) for the payback figures' },
    'difficulty-growth': { type: 'string', value: 'PCT', description: 'difficulty growth per year for the payback path (default 25)' },
    'fees-per-block': { type: 'string', value: 'BTC', description: "mean fees per block along the path (default: the day's, or 0.02 with --hashprice)" },
    'tip-height': {
      type: 'string',
      value: 'N',
      description:
        "chain height at the start of the path (default: with --date that day's start, else the tip at the end of the last complete day, as `halvings`)",
    },
  },
  fields: {
    model: 'MODEL',
    hashprice_usd_per_ph_day: '--hashprice',
    power_price_usd_per_mwh: '--power-price',
    pool_fee: '--pool-fee',
    pue: '--overhead',
    hosting_fee_usd_per_mwh: '--hosting-fee',
    uptime: '--uptime',
    price_usd_per_btc: '--price-usd',
    purchase_price_usd: '--purchase-price',
    difficulty_growth_per_year: '--difficulty-growth',
    fees_btc_per_block: '--fees-per-block',
    start_height: '--tip-height',
  },
  csv: true,
  help: [
    'JSON fields: data_as_of{date, age_days, stale, tip{height, time_unix_s}}, model, profile, efficiency_jth, hashrate_ths, power_w, inputs{hashprice_usd_per_ph_day, power_price_usd_per_mwh, pool_fee_pct, pue, hosting_fee_usd_per_mwh, uptime_pct, price_usd_per_btc},',
    '  revenue_usd_per_day, btc_per_day, energy_mwh_per_day, energy_cost_usd_per_day, margin_usd_per_day, margin_share,',
    '  hashcost_energy_usd_per_ph_day, breakeven_power_price_usd_per_mwh, breakeven_hashprice_usd_per_ph_day, breakeven_price_usd_per_btc,',
    '  energy_cost_usd_per_btc, payback_days (snapshot), payback_path{payback_days, start_height, start_date, next_halving_height, next_halving_day, next_halving_date, difficulty_growth_pct_per_year, …},',
    '  profiles[] (the same figures for every operating profile).',
    'Example: hashfloor machine "S21 XP" --hashprice 35.06 --power-price 50 --price-usd 87000 --purchase-price 5000',
  ].join('\n'),
  async run(args, ctx) {
    const catalog = loadCatalog(ctx.services.dataDir);
    const model = findModel(catalog, args.positionals[0] ?? '');
    const hashpriceOpt = numberOpt(args, 'hashprice', { min: 0, max: 100_000, example: '--hashprice 35.06' });
    const date = dateOpt(args, 'date');
    if (hashpriceOpt !== undefined && date !== undefined) throw new UsageError('give at most one of --date or --hashprice');
    const { history, asOf } = await loadAsOf(ctx.services, stringOpt(args, 'db'));
    const day = hashpriceOpt === undefined ? indexDay(history, date, asOf.date) : undefined;
    const hashprice = hashpriceOpt ?? day?.hashprice_usd_per_ph_day;
    if (hashprice === undefined) throw new UsageError('give --date or --hashprice');
    const power_price = numberOpt(args, 'power-price', { example: '--power-price 50' }) ?? 50;
    const pool_fee_pct = numberOpt(args, 'pool-fee', { min: 0, max: 99, example: '--pool-fee 1.5' }) ?? 0;
    const overhead_pct = numberOpt(args, 'overhead', { min: 0, max: 200, example: '--overhead 10' }) ?? 0;
    const hosting = numberOpt(args, 'hosting-fee', { min: 0, example: '--hosting-fee 10' }) ?? 0;
    const uptime_pct = numberOpt(args, 'uptime', { min: 0, max: 100, example: '--uptime 97' }) ?? 100;
    const price = numberOpt(args, 'price-usd', { min: 0, exclusiveMin: true, example: '--price-usd 87000' }) ?? day?.price_usd_per_btc;
    const purchase = numberOpt(args, 'purchase-price', { min: 0, example: '--purchase-price 5000' });
    const growth_pct = numberOpt(args, 'difficulty-growth', { min: -90, max: 500, example: '--difficulty-growth 25' }) ?? 25;
    const fees = numberOpt(args, 'fees-per-block', { min: 0, max: 100, example: '--fees-per-block 0.02' }) ?? day?.fees_btc_per_block ?? 0.02;
    const tipOpt = numberOpt(args, 'tip-height', { integer: true, min: 0, example: '--tip-height 925000' });
    const warnings = warningLines(
      [
        plausibilityWarning('power_price_usd_per_mwh', power_price, '--power-price'),
        plausibilityWarning('uptime_pct', uptime_pct, '--uptime'),
        plausibilityWarning('pool_fee_pct', pool_fee_pct, '--pool-fee'),
      ].filter((w) => w !== null),
    );
    const profileName = stringOpt(args, 'profile') ?? 'stock';
    const profile = findProfile(model, profileName);
    if (!profile)
      throw new UsageError(
        `--profile: ${model.model} has no profile "${profileName}" (profiles: ${profilesOf(model)
          .map((p) => p.name)
          .join(', ')})`,
      );
    const common = {
      hashprice_usd_per_ph_day: hashprice,
      price_usd_per_btc: price,
      power_price_usd_per_mwh: power_price,
      pool_fee: pool_fee_pct / 100,
      uptime: uptime_pct / 100,
      pue: 1 + overhead_pct / 100,
      hosting_fee_usd_per_mwh: hosting,
      purchase_price_usd: purchase,
    };
    const m = machineDay({ ...common, hashrate_ths: profile.hashrate_ths, power_w: profile.power_w });
    // Without --date the path starts at the as-of tip, the one `halvings` projects from, so both
    // name the same next halving; a past --date starts at that day's first block.
    const start_height = tipOpt ?? (date !== undefined && day ? day.start_height : asOf.tip.height);
    const start_date = date !== undefined && day ? day.date : unixSToDate(asOf.tip.time_unix_s);
    const path =
      purchase !== undefined && price !== undefined
        ? {
            ...paybackPath({
              ...common,
              hashrate_ths: profile.hashrate_ths,
              power_w: profile.power_w,
              purchase_price_usd: purchase,
              price_usd_per_btc: price,
              start_height,
              start_hashvalue_btc_per_ph_day: hashprice / price,
              fees_btc_per_block: fees,
              difficulty_growth_per_year: growth_pct / 100,
            }),
            start_height,
            start_date,
            difficulty_growth_pct_per_year: growth_pct,
            fees_btc_per_block: fees,
          }
        : null;
    const profiles = profilesOf(model).map((p) => ({
      profile: p.name,
      hashrate_ths: p.hashrate_ths,
      power_w: p.power_w,
      ...machineDay({ ...common, hashrate_ths: p.hashrate_ths, power_w: p.power_w }),
    }));
    const halvingDate = path?.next_halving_day != null ? addDays(start_date, path.next_halving_day) : null;
    const json = {
      data_as_of: asOf,
      model: model.model,
      model_id: model.id,
      profile: profile.name,
      hashrate_ths: profile.hashrate_ths,
      power_w: profile.power_w,
      date: day?.date ?? null,
      inputs: {
        hashprice_usd_per_ph_day: hashprice,
        power_price_usd_per_mwh: power_price,
        pool_fee_pct,
        pue: common.pue,
        hosting_fee_usd_per_mwh: hosting,
        uptime_pct,
        price_usd_per_btc: price ?? null,
        purchase_price_usd: purchase ?? null,
      },
      ...m,
      payback_path: path && { ...path, next_halving_date: halvingDate },
      profiles,
      warnings,
    };
    const summary = [
      asOfLine(asOf),
      `${model.model} @ ${profile.name}: ${profile.hashrate_ths.toFixed(1)} TH/s, ${Math.round(profile.power_w)} W, ${m.efficiency_jth.toFixed(2)} J/TH`,
      `  ${day ? `${day.date}: ` : ''}hashprice $${hashprice.toFixed(2)}/PH/day, power $${power_price}/MWh, PUE ${common.pue.toFixed(2)}, hosting $${hosting}/MWh, pool fee ${pool_fee_pct}%, uptime ${uptime_pct}%`,
      `  revenue $${money(m.revenue_usd_per_day)}/day − energy $${money(m.energy_cost_usd_per_day)}/day = margin $${money(m.margin_usd_per_day)}/day`,
      `  energy hashcost $${money(m.hashcost_energy_usd_per_ph_day)}/PH/day; breakeven power price $${money(m.breakeven_power_price_usd_per_mwh)}/MWh, breakeven hashprice $${money(m.breakeven_hashprice_usd_per_ph_day)}/PH/day`,
      ...(m.energy_cost_usd_per_btc !== null
        ? [`  energy cost per BTC (= breakeven BTC price) $${money(m.energy_cost_usd_per_btc)}`]
        : ['  (give --price-usd for BTC figures and the payback path)']),
      ...(purchase !== undefined
        ? [`  payback at today's margin: ${m.payback_days === null ? 'never (margin ≤ 0)' : `${Math.round(m.payback_days)} days`}`]
        : []),
      ...(path
        ? [
            `  payback along the path (difficulty +${growth_pct}%/yr, fees ${fees.toFixed(4)} BTC/block, halving at ${path.next_halving_height} ${halvingDate ? `≈ ${halvingDate}` : 'beyond the horizon'}): ${path.payback_days === null ? `not within ${path.horizon_days} days` : `${Math.round(path.payback_days)} days`}${path.days_off > 0 ? `; switched off ${path.days_off} of ${path.horizon_days} days (margin ≤ 0), cumulative margin $${money(path.cumulative_margin_usd_at_horizon)}` : ''}`,
          ]
        : []),
    ];
    return {
      json: withDeprecatedNames(json, ['energy_cost_usd_per_btc']),
      warnings,
      summary,
      staleWarnings: asOfWarnings(asOf),
      tables: [
        {
          title: 'Every operating profile at the same prices',
          columns: [
            { key: 'profile', header: 'profile', align: 'left' },
            { key: 'hashrate_ths', header: 'TH/s', format: fixed(1) },
            { key: 'power_w', header: 'W', format: fixed(0) },
            { key: 'efficiency_jth', header: 'J/TH', format: fixed(2) },
            { key: 'revenue_usd_per_day', header: 'revenue $/d', format: money },
            { key: 'energy_cost_usd_per_day', header: 'energy $/d', format: money },
            { key: 'margin_usd_per_day', header: 'margin $/d', format: money },
            { key: 'breakeven_power_price_usd_per_mwh', header: 'breakeven $/MWh', format: money },
          ],
          rows: profiles,
        },
      ],
    };
  },
};
