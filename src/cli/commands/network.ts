import { NotFoundError } from '../../errors.js';
import { buildHashpriceIndex } from '../../economics/hashprice-index.js';
import { DAILY_FIELDS, type DailyRow } from '../../history/daily-row.js';
import { satToBtcString } from '../../units/sat.js';
import { dateOpt, stringOpt } from '../args.js';
import { DB_OPTION } from '../db.js';
import type { CommandSpec } from '../command.js';
import { historyRange, requireDateInHistory } from '../../app/history-dates.js';
import { withDeprecatedNames } from '../../units/renamed-fields.js';
import { dataAsOf } from '../../app/as-of.js';
import { asOfLine, asOfWarnings } from '../as-of.js';
import { formatEnUs } from '../../units/en-us-number.js';

const fmt = (v: number | null, digits = 2): string => (v === null ? '—' : formatEnUs(v, { maximumFractionDigits: digits }));
const btc = (v: bigint | null): string => (v === null ? '—' : `${satToBtcString(v)} BTC`);

export const command: CommandSpec = {
  path: ['network'],
  summary: 'One day of network history (latest by default): blocks, difficulty, implied hashrate, subsidy, fees, price, provenance',
  options: {
    ...DB_OPTION,
    date: {
      type: 'string',
      value: 'YYYY-MM-DD',
      description: 'UTC day to show (default: the last complete day, data_as_of; later days may hold only a price)',
    },
  },
  help: [
    'JSON fields: data_as_of{date, age_days, stale, tip{height, time_unix_s}}, date, blocks, difficulty, network_hashrate_ehs (D·2^32/600), network_hashrate_from_blocks_ehs',
    "(D·2^32·blocks/86400), reported_hashrate_ehs (the source's figure), subsidy_sat_per_block, issuance_sat, fees_sat,",
    'fees_sat_per_block, fee_share, price_usd_per_btc, supply_sat, hashprice_usd_per_ph_day, hashvalue_sat_per_ph_day,',
    'provenance (field → source, `derived:…` or `estimated:<method>`), estimated_fields. Satoshis are decimal strings.',
  ].join('\n'),
  async run(args, ctx) {
    const rows = await ctx.services.history(stringOpt(args, 'db'));
    const requested = dateOpt(args, 'date');
    const asOf = dataAsOf(rows, ctx.services.nowUnixS());
    // Trailing days may hold a price alone (the embedded dataset runs past the block data), so the
    // default is the last day with blocks, not the last row.
    const date = requested === undefined ? (asOf?.date ?? historyRange(rows).last) : requireDateInHistory(requested, rows, '--date');
    const i = rows.findIndex((r) => r.date === date);
    const row = rows[i];
    if (!row) return missingDay(date);
    // The index of the day alone (moving averages need the preceding days, which `network` omits).
    const day = buildHashpriceIndex([row])[0];
    const json = {
      data_as_of: asOf,
      date,
      blocks: row.blocks,
      difficulty: row.difficulty,
      network_hashrate_ehs: day?.network_hashrate_ehs ?? null,
      network_hashrate_from_blocks_ehs: day?.network_hashrate_from_blocks_ehs ?? null,
      reported_hashrate_ehs: row.hashrate_ehs,
      subsidy_sat_per_block: day?.subsidy_sat_per_block ?? null,
      issuance_sat: row.issuance_sat,
      fees_sat: row.fees_sat,
      fees_sat_per_block: day?.fees_sat_per_block ?? null,
      fee_share: day?.fee_share ?? null,
      price_usd_per_btc: row.price_usd_per_btc,
      supply_sat: row.supply_sat,
      hashprice_usd_per_ph_day: day?.hashprice_usd_per_ph_day ?? null,
      hashvalue_sat_per_ph_day: day?.hashvalue_sat_per_ph_day ?? null,
      provenance: row.provenance,
      estimated_fields: DAILY_FIELDS.filter((f) => row.provenance[f]?.startsWith('estimated')),
    };
    const src = (f: keyof DailyRow['provenance']): string => row.provenance[f] ?? 'missing';
    return {
      json: withDeprecatedNames(json, ['price_usd_per_btc']),
      staleWarnings: asOfWarnings(asOf),
      summary: [...(asOf ? [asOfLine(asOf)] : []), `Network on ${date}${requested === undefined ? ' (last complete day in the history)' : ''}`],
      tables: [
        {
          columns: [
            { key: 'measure', header: 'measure', align: 'left' },
            { key: 'value', header: 'value' },
            { key: 'source', header: 'source', align: 'left' },
          ],
          rows: [
            { measure: 'blocks found', value: fmt(row.blocks, 0), source: src('blocks') },
            { measure: 'difficulty (mean)', value: row.difficulty === null ? '—' : `${fmt(row.difficulty / 1e12)} T`, source: src('difficulty') },
            { measure: 'hashrate implied by difficulty', value: `${fmt(json.network_hashrate_ehs, 1)} EH/s`, source: 'D·2^32/600' },
            { measure: 'hashrate implied by blocks found', value: `${fmt(json.network_hashrate_from_blocks_ehs, 1)} EH/s`, source: 'D·2^32·blocks/86400' },
            {
              measure: 'subsidy per block',
              value: json.subsidy_sat_per_block === null ? '—' : `${fmt(json.subsidy_sat_per_block / 1e8, 8)} BTC`,
              source: src('issuance_sat'),
            },
            { measure: 'issuance', value: btc(row.issuance_sat), source: src('issuance_sat') },
            { measure: 'fees', value: btc(row.fees_sat), source: src('fees_sat') },
            { measure: 'fee share', value: json.fee_share === null ? '—' : `${(json.fee_share * 100).toFixed(2)}%`, source: '' },
            { measure: 'price', value: row.price_usd_per_btc === null ? '—' : `$${fmt(row.price_usd_per_btc)}`, source: src('price_usd_per_btc') },
            { measure: 'supply', value: btc(row.supply_sat), source: src('supply_sat') },
            {
              measure: 'hashprice',
              value: json.hashprice_usd_per_ph_day === null ? '—' : `$${fmt(json.hashprice_usd_per_ph_day)} /PH/day`,
              source: day?.estimated_fields.length ? `uses estimated ${day.estimated_fields.join(', ')}` : '',
            },
          ],
        },
      ],
      notes: json.estimated_fields.length
        ? [`Estimated values (filled by a documented estimator, see data/SOURCES.md): ${json.estimated_fields.join(', ')}`]
        : [],
    };
  },
};

function missingDay(date: string): never {
  throw new NotFoundError(`the network history has no row for ${date} (a gap between imported days)`);
}
