import { buildHashpriceIndex, CYCLE_ANCHOR_DAYS, cycleComparison, recordLows, type HashpriceDay, type RecordLows } from '../../economics/hashprice-index.js';
import { boolOpt, dateRangeOptions, dateRangeOpts, stringOpt } from '../args.js';
import type { Column, CommandOutput, CommandSpec, Table } from '../command.js';
import { DB_OPTION } from '../db.js';
import { historyRange, requireDateInHistory } from '../../app/history-dates.js';
import { sparkline } from '../sparkline.js';
import { hashrateEhs, percent, significant, wholeNumber } from '../cell-format.js';
import { RENAMED, withDeprecatedNames } from '../../units/renamed-fields.js';
import { dataAsOf } from '../../app/as-of.js';
import { asOfLine, asOfWarnings } from '../as-of.js';
import { hashpriceNow, type HashpriceNow } from '../../app/hashprice-now.js';
import { unixSToIso } from '../../units/time.js';
import { formatEnUs } from '../../units/en-us-number.js';

/**
 * A day for `--json`, the deprecated `price_usd` right after `price_usd_per_btc` as
 * withDeprecatedNames places it (src/units/renamed-fields.ts), written out field by field: one
 * object literal per day is much cheaper than copying 6,000 objects key by key in a cold process.
 * The return type lists every field of HashpriceDay, so a new field cannot be left out here.
 */
function dayWithAlias(d: HashpriceDay): Record<keyof HashpriceDay | typeof RENAMED.price_usd_per_btc, unknown> {
  return {
    date: d.date,
    halving_cycle: d.halving_cycle,
    days_since_halving: d.days_since_halving,
    blocks: d.blocks,
    difficulty: d.difficulty,
    price_usd_per_btc: d.price_usd_per_btc,
    price_usd: d.price_usd_per_btc,
    subsidy_sat_per_block: d.subsidy_sat_per_block,
    fees_sat_per_block: d.fees_sat_per_block,
    blocks_per_ph_day: d.blocks_per_ph_day,
    hashvalue_sat_per_ph_day: d.hashvalue_sat_per_ph_day,
    hashprice_usd_per_ph_day: d.hashprice_usd_per_ph_day,
    hashprice_ma7_usd_per_ph_day: d.hashprice_ma7_usd_per_ph_day,
    hashprice_ma30_usd_per_ph_day: d.hashprice_ma30_usd_per_ph_day,
    ma7_includes_estimated: d.ma7_includes_estimated,
    ma30_includes_estimated: d.ma30_includes_estimated,
    fee_share: d.fee_share,
    network_hashrate_ehs: d.network_hashrate_ehs,
    network_hashrate_from_blocks_ehs: d.network_hashrate_from_blocks_ehs,
    estimated_fields: d.estimated_fields,
  };
}

/** `--now`: one figure at the tip, with where each input came from. */
function nowOutput(n: HashpriceNow): CommandOutput {
  return {
    json: n,
    summary: [
      `Hashprice at the tip: ${usd(n.hashprice_usd_per_ph_day)} per PH/s per day (${formatEnUs(Math.round(n.hashvalue_sat_per_ph_day))} sat)`,
      `  height ${formatEnUs(n.height)} at ${unixSToIso(n.tip_time_unix_s)} (${n.blocks_source}), difficulty ${n.difficulty.toExponential(4)}`,
      `  fees ${formatEnUs(Math.round(n.fees_sat_per_block))} sat per block (mean of the last ${n.fee_window_blocks} blocks), subsidy ${formatEnUs(n.subsidy_sat_per_block)} sat`,
      `  price ${usd(n.price_usd_per_btc)} (close of ${n.price_date}, ${n.price_source})`,
      `  ${n.open_day} is open: partial, not counted as the last complete day`,
    ],
  };
}

const btc = significant(4);
const usd = (v: unknown): string =>
  typeof v === 'number' ? `$${formatEnUs(v, { maximumFractionDigits: v >= 1000 ? 0 : 2, minimumFractionDigits: v >= 1000 ? 0 : 2 })}` : '—';
const pct = percent(2);
const ehs = hashrateEhs;
const num = wholeNumber;

/** A moving average, marked * when its window holds a day with an estimated input. */
const maUsd =
  (flag: 'ma7_includes_estimated' | 'ma30_includes_estimated') =>
  (v: unknown, row: Record<string, unknown>): string =>
    `${usd(v)}${row[flag] === true ? '*' : ' '}`;
const MA_NOTE = '* the moving average includes a day with an estimated input (see the estimated column and docs/hashprice.md).';

/** Daily table: people see the formatted columns; --csv gets every raw field of the index. */
const DAILY_COLUMNS: Column[] = [
  { key: 'date', header: 'date', align: 'left' },
  { key: 'hashprice_usd_per_ph_day', header: 'USD/PH/day', format: usd },
  { key: 'hashprice_ma7_usd_per_ph_day', header: '7d avg', format: maUsd('ma7_includes_estimated') },
  { key: 'hashprice_ma30_usd_per_ph_day', header: '30d avg', format: maUsd('ma30_includes_estimated') },
  { key: 'hashvalue_sat_per_ph_day', header: 'sat/PH/day', format: num },
  { key: 'price_usd_per_btc', header: 'BTC USD', format: usd },
  { key: 'fee_share', header: 'fee share', format: pct },
  { key: 'network_hashrate_ehs', header: 'EH/s', format: ehs },
  { key: 'estimated', header: 'estimated', align: 'left' },
];
const CSV_KEYS: (keyof HashpriceDay | 'estimated')[] = [
  'date',
  'halving_cycle',
  'days_since_halving',
  'blocks',
  'difficulty',
  'price_usd_per_btc',
  'subsidy_sat_per_block',
  'fees_sat_per_block',
  'blocks_per_ph_day',
  'hashvalue_sat_per_ph_day',
  'hashprice_usd_per_ph_day',
  'hashprice_ma7_usd_per_ph_day',
  'hashprice_ma30_usd_per_ph_day',
  'ma7_includes_estimated',
  'ma30_includes_estimated',
  'fee_share',
  'network_hashrate_ehs',
  'network_hashrate_from_blocks_ehs',
  'estimated',
];

const tableRow = (d: HashpriceDay): Record<string, unknown> => ({ ...d, estimated: d.estimated_fields.join(' ') });

interface Period {
  period: string;
  days: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  fee_share: number | null;
  estimated_days: number;
}

/** Aggregates by calendar month (key length 7) or year (4). */
function periods(days: readonly HashpriceDay[], keyLength: 4 | 7): Period[] {
  const groups = new Map<string, HashpriceDay[]>();
  for (const d of days) {
    const k = d.date.slice(0, keyLength);
    const g = groups.get(k);
    if (g) g.push(d);
    else groups.set(k, [d]);
  }
  return [...groups.entries()].map(([period, g]) => {
    const hp = g.map((d) => d.hashprice_usd_per_ph_day).filter((v): v is number => v !== null);
    const fs = g.map((d) => d.fee_share).filter((v): v is number => v !== null);
    return {
      period,
      days: g.length,
      mean: hp.length ? hp.reduce((a, b) => a + b, 0) / hp.length : null,
      min: hp.length ? Math.min(...hp) : null,
      max: hp.length ? Math.max(...hp) : null,
      fee_share: fs.length ? fs.reduce((a, b) => a + b, 0) / fs.length : null,
      estimated_days: g.filter((d) => d.estimated_fields.length > 0).length,
    };
  });
}

const CYCLE_MARKS = [0, 30, 90, 180, 365, 730, 1095];

export const command: CommandSpec = {
  path: ['hashprice'],
  summary: 'Daily hashprice index (USD and sat per PH/s per day) with record lows and halving cycles',
  options: {
    ...DB_OPTION,
    ...dateRangeOptions('start of the history', 'latest day'),
    lows: { type: 'boolean', description: 'add record lows: all-time and per halving cycle (within the range)' },
    cycles: { type: 'boolean', description: 'add the halving-cycle comparison (days since halving → hashprice)' },
    now: {
      type: 'boolean',
      description:
        'hashprice at the tip from the stored blocks (own node, or mempool via `update`): tip difficulty, mean fees of the last 144 blocks, latest price',
    },
  },
  csv: true,
  help: [
    'JSON: { data_as_of{date, age_days, stale, tip{height, time_unix_s}} (null without a complete day), from, to, days: [...], summary, lows?, lows_btc?, cycles? } (lows ranked by USD hashprice, lows_btc by BTC hashvalue). Each day: date, halving_cycle, days_since_halving, blocks,',
    'difficulty, price_usd_per_btc, subsidy_sat_per_block, fees_sat_per_block, blocks_per_ph_day, hashvalue_sat_per_ph_day,',
    'hashprice_usd_per_ph_day, hashprice_ma7_usd_per_ph_day, hashprice_ma30_usd_per_ph_day, ma7_includes_estimated,',
    'ma30_includes_estimated (a day of the window had an estimated input; null while the mean is), fee_share,',
    'network_hashrate_ehs, network_hashrate_from_blocks_ehs, estimated_fields (inputs filled by an estimator).',
    '--csv prints the daily table. Formulas and the Luxor comparison: docs/hashprice.md.',
  ].join('\n'),
  async run(args, ctx) {
    if (boolOpt(args, 'now')) return nowOutput(await hashpriceNow(await ctx.services.store(stringOpt(args, 'db'))));
    const rows = await ctx.services.history(stringOpt(args, 'db'));
    const asOf = dataAsOf(rows, ctx.services.nowUnixS());
    const range = dateRangeOpts(args);
    const { first, last } = historyRange(rows);
    const from = range.from === undefined ? first : requireDateInHistory(range.from, rows, '--from');
    const to = range.to === undefined ? last : requireDateInHistory(range.to, rows, '--to');
    const showLows = boolOpt(args, 'lows');
    const showCycles = boolOpt(args, 'cycles');
    // Built over the whole history so moving averages at `from` see the days before it.
    const days = buildHashpriceIndex(rows).filter((d) => d.date >= from && d.date <= to);
    const priced = days.filter((d) => d.hashprice_usd_per_ph_day !== null);
    const lows = recordLows(days);
    const lowsBtc = recordLows(days, 'btc');
    const latest = priced.at(-1);
    const highest = priced.reduce<HashpriceDay | undefined>(
      (a, d) => (!a || (d.hashprice_usd_per_ph_day as number) > (a.hashprice_usd_per_ph_day as number) ? d : a),
      undefined,
    );
    const estimatedDays = days.filter((d) => d.estimated_fields.length > 0).length;
    const summary = {
      days: days.length,
      priced_days: priced.length,
      estimated_days: estimatedDays,
      latest: latest ? { date: latest.date, hashprice_usd_per_ph_day: latest.hashprice_usd_per_ph_day } : null,
      high: highest ? { date: highest.date, hashprice_usd_per_ph_day: highest.hashprice_usd_per_ph_day } : null,
      low: lows.all_time ? { date: lows.all_time.date, hashprice_usd_per_ph_day: lows.all_time.hashprice_usd_per_ph_day } : null,
    };
    const cycles = showCycles ? cycleComparison(days) : undefined;
    const json = { data_as_of: asOf, from, to, summary, ...(showLows ? { lows, lows_btc: lowsBtc } : {}), ...(cycles ? { cycles } : {}), days };
    // Scripts get the document only; the tables and chart are for people (and --csv).
    if (args.values.json === true) {
      // The days carry the alias by construction: walking 6,000 objects for it costs more than the index.
      const { days: _, ...rest } = json;
      return { json: { ...withDeprecatedNames(rest, ['price_usd_per_btc']), days: days.map(dayWithAlias) } };
    }

    const tables: Table[] = [];
    const csv = args.values.csv === true;
    const long = days.length > 62;
    if (csv || !long)
      tables.push({
        title: csv ? undefined : 'Daily hashprice',
        columns: csv ? CSV_KEYS.map((key) => ({ key })).map((c) => ({ ...c, header: c.key })) : DAILY_COLUMNS,
        rows: days.map(tableRow),
      });
    else {
      const byMonth = days.length <= 3 * 366;
      tables.push({
        title: byMonth ? 'Hashprice by month (USD per PH/s per day)' : 'Hashprice by year (USD per PH/s per day)',
        columns: [
          { key: 'period', header: byMonth ? 'month' : 'year', align: 'left' },
          { key: 'mean', header: 'mean', format: usd },
          { key: 'min', header: 'min', format: usd },
          { key: 'max', header: 'max', format: usd },
          { key: 'fee_share', header: 'fee share', format: pct },
          { key: 'estimated_days', header: 'est. days' },
        ],
        rows: periods(days, byMonth ? 7 : 4) as unknown as Record<string, unknown>[],
      });
    }
    if (showLows) {
      const lowRows = (l: RecordLows) =>
        [...(l.all_time ? [{ scope: 'all-time (range)', ...l.all_time }] : []), ...l.by_cycle.map((c) => ({ scope: `cycle ${c.halving_cycle}`, ...c }))].map(
          (r) => ({
            ...r,
            hashvalue_btc_per_ph_day: r.hashvalue_sat_per_ph_day / 1e8,
            estimated: r.estimated_fields.join(' '),
          }),
        );
      const lowColumns = (first: 'usd' | 'btc') => [
        { key: 'scope', header: 'scope', align: 'left' as const },
        { key: 'date', header: 'date', align: 'left' as const },
        ...(first === 'usd'
          ? [
              { key: 'hashprice_usd_per_ph_day', header: 'USD/PH/day', format: usd },
              { key: 'hashvalue_btc_per_ph_day', header: 'BTC/PH/day', format: btc },
            ]
          : [
              { key: 'hashvalue_btc_per_ph_day', header: 'BTC/PH/day', format: btc },
              { key: 'hashprice_usd_per_ph_day', header: 'USD/PH/day', format: usd },
            ]),
        { key: 'days_since_halving', header: 'days since halving' },
        { key: 'estimated', header: 'estimated', align: 'left' as const },
      ];
      tables.push({ title: 'Record lows of hashprice (USD)', columns: lowColumns('usd'), rows: lowRows(lows) });
      tables.push({
        title: 'Record lows of hashvalue (BTC per PH/s per day, which the BTC price does not move)',
        columns: lowColumns('btc'),
        rows: lowRows(lowsBtc),
      });
    }
    if (cycles) {
      tables.push({
        title: 'Halving cycles: hashprice (USD/PH/day) by days since the halving',
        columns: [
          { key: 'cycle', header: 'cycle', align: 'left' },
          ...CYCLE_MARKS.map((m) => ({ key: `d${m}`, header: `day ${m}`, format: usd })),
          { key: 'low', header: 'cycle low', format: usd },
          { key: 'anchor', header: `first ${CYCLE_ANCHOR_DAYS} d mean`, format: usd },
          { key: 'latest_pct', header: 'latest % of it', format: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(0)}%` : '—') },
        ],
        rows: cycles.map((c) => {
          const at = new Map(c.points.map((p) => [p.days_since_halving, p.hashprice_usd_per_ph_day]));
          const latest = c.points.at(-1)?.relative_to_start;
          const row: Record<string, unknown> = {
            cycle: `${c.halving_cycle} (${c.start_date})`,
            low: Math.min(...c.points.map((p) => p.hashprice_usd_per_ph_day)),
            anchor: c.anchor_usd_per_ph_day,
            latest_pct: latest == null ? null : 100 * latest,
          };
          for (const m of CYCLE_MARKS) row[`d${m}`] = at.get(m) ?? null;
          return row;
        }),
      });
    }
    const hp = days.map((d) => d.hashprice_usd_per_ph_day);
    const logScale =
      highest !== undefined && lows.all_time !== null && (highest.hashprice_usd_per_ph_day as number) > 20 * (lows.all_time.hashprice_usd_per_ph_day as number);
    return {
      json: withDeprecatedNames(json, ['price_usd_per_btc']),
      staleWarnings: asOfWarnings(asOf),
      summary: [
        ...(asOf ? [asOfLine(asOf)] : []),
        `Hashprice ${from} to ${to}: ${formatEnUs(days.length)} days (${formatEnUs(priced.length)} with a price)`,
        ...(latest ? [`  latest   ${usd(latest.hashprice_usd_per_ph_day)} /PH/day on ${latest.date}`] : []),
        ...(summary.low ? [`  low      ${usd(summary.low.hashprice_usd_per_ph_day)} /PH/day on ${summary.low.date}`] : []),
        ...(summary.high ? [`  high     ${usd(summary.high.hashprice_usd_per_ph_day)} /PH/day on ${summary.high.date}`] : []),
        ...(estimatedDays ? [`  ${formatEnUs(estimatedDays)} days use an estimated input (fees, blocks or difficulty; see data/SOURCES.md)`] : []),
      ],
      tables,
      notes: [
        ...(!csv && !long && days.some((d) => d.ma7_includes_estimated === true || d.ma30_includes_estimated === true) ? [MA_NOTE] : []),
        ...(priced.length > 1 ? [`${from} ${sparkline(hp, { width: 72, log: logScale })} ${to}${logScale ? '  (log scale)' : ''}`] : []),
      ],
    };
  },
};
