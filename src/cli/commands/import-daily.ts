/**
 * `hashfloor import daily FILE.csv`: appends or corrects days of network history in the store,
 * as origin `user-import` (it outranks the embedded dataset field by field; own-node days outrank it).
 * The whole file is validated first; any bad row fails the import with every problem listed by
 * line and column, and nothing is written.
 */
import { ValidationError } from '../../errors.js';
import { NETWORK_DAILY_COLUMNS, readNetworkDailyFile } from '../../adapters/datasets/network-daily-csv.js';
import { ORIGIN_USER_IMPORT } from '../../adapters/store/daily-rows.js';
import { unixSToDate } from '../../units/time.js';
import type { CommandSpec } from '../command.js';
import { DB_OPTION, openCommandStore } from '../db.js';
import { GENESIS_DATE } from '../../economics/hashprice-index.js';
import { withDeprecatedNames } from '../../units/renamed-fields.js';
import { formatEnUs } from '../../units/en-us-number.js';

export const command: CommandSpec = {
  path: ['import', 'daily'],
  summary: 'Import days of network history from a CSV file into the store (all rows or none)',
  positionals: [{ name: 'FILE', required: true, description: 'CSV with a header; columns as in data/network_daily.csv, only `date` required' }],
  options: { ...DB_OPTION },
  help: [
    `Columns (any order, only date required): ${NETWORK_DAILY_COLUMNS.join(', ')}.`,
    'Satoshi columns are whole numbers; empty cells are missing. A value without a <field>_src cell is',
    'recorded with provenance `user-import`. Dates from 2009-01-03 to today (UTC), ascending, unique.',
    'The pre-0.2 headers price_usd and price_usd_src are read as price_usd_per_btc and price_usd_per_btc_src (until 0.3).',
    'JSON fields: file, origin, rows_imported, first_date, last_date, fields_imported (count per field).',
  ].join('\n'),
  async run(args, ctx) {
    const file = args.positionals[0] as string;
    const today = unixSToDate(ctx.services.nowUnixS());
    const rows = await readNetworkDailyFile(file, ORIGIN_USER_IMPORT, { first: GENESIS_DATE, last: today });
    if (rows.length === 0) throw ValidationError.field(file, 'no data rows after the header');
    const store = await openCommandStore(args, ctx);
    const written = await store.upsertDaily(ORIGIN_USER_IMPORT, rows);
    const fields: Record<string, number> = {};
    for (const r of rows) for (const f of Object.keys(r.provenance)) fields[f] = (fields[f] ?? 0) + 1;
    const json = {
      file,
      origin: ORIGIN_USER_IMPORT,
      rows_imported: written,
      first_date: rows[0]?.date ?? null,
      last_date: rows.at(-1)?.date ?? null,
      fields_imported: fields,
    };
    return {
      json: withDeprecatedNames(json, ['price_usd_per_btc']),
      summary: [
        `Imported ${formatEnUs(written)} day(s) ${json.first_date} to ${json.last_date} from ${file} as ${ORIGIN_USER_IMPORT}`,
        `  fields: ${Object.entries(fields)
          .map(([f, n]) => `${f} ${n}`)
          .join(', ')}`,
        '  `hashfloor hashprice` and `hashfloor network` now include them.',
      ],
    };
  },
};
