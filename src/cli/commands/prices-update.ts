/**
 * `hashfloor prices update`: ERCOT real-time hub prices over a range of UTC days from the MIS
 * into the store (src/app/ercot-prices.ts: one transaction per year's archive or per batch of
 * recent interval files; archives already stored are skipped). The `update` command runs the same
 * step as its `ercot` source.
 */
import { ErcotMisFeed, ERCOT_MIS_URL } from '../../adapters/feeds/ercot.js';
import { updateErcotPrices } from '../../app/ercot-prices.js';
import { addDays, unixSToDate } from '../../units/time.js';
import { dateRangeOptions, dateRangeOpts, stringOpt } from '../args.js';
import type { CommandSpec } from '../command.js';
import { DB_OPTION, openCommandStore } from '../db.js';
import { formatEnUs } from '../../units/en-us-number.js';

export const command: CommandSpec = {
  path: ['prices', 'update'],
  summary: 'Fetch ERCOT real-time hub prices (hourly means of 15-minute SPPs) into the store',
  positionals: [],
  options: {
    ...DB_OPTION,
    ...dateRangeOptions('30 days before --to', 'today (UTC)'),
    'ercot-url': { type: 'string', value: 'URL', description: `base URL of the ERCOT MIS (default ${ERCOT_MIS_URL})` },
  },
  help: [
    'Past years come from the annual archive NP6-785-ER, days no archive covers from the recent interval files (NP6-905-CD);',
    'times are converted from Central Prevailing Time to UTC; each hour is the mean of its four 15-minute prices (USD/MWh).',
    'Hubs: HB_WEST, HB_NORTH, HB_SOUTH, HB_HOUSTON, HB_PAN, HB_HUBAVG, HB_BUSAVG. Incomplete hours are left for a later run.',
    'JSON fields: feed, range{from, to}, nodes, batches[{source, document_id, year, documents, hours_written, incomplete_hours, skipped}], hours_written, requests, retries.',
    'Example: hashfloor prices update --from 2023-01-01 --to 2023-12-31',
  ].join('\n'),
  async run(args, ctx) {
    const range = dateRangeOpts(args);
    const to = range.to ?? unixSToDate(ctx.services.nowUnixS());
    const from = range.from ?? addDays(to, -30);
    const feed = new ErcotMisFeed({ base_url: stringOpt(args, 'ercot-url') ?? ERCOT_MIS_URL });
    const store = await openCommandStore(args, ctx);
    const r = await updateErcotPrices(store, feed, { from, to }, ctx.progress);
    return {
      json: r,
      summary: [
        `ERCOT ${from} to ${to}: ${formatEnUs(r.hours_written)} node-hours written (${r.requests} requests, ${r.retries} retries)`,
        ...r.batches.map(
          (b) =>
            `  ${b.source} ${b.year ?? ''} doc ${b.document_id}: ${b.skipped ? 'already stored, skipped' : `${b.hours_written} node-hours from ${b.documents} document(s)${b.incomplete_hours ? `, ${b.incomplete_hours} incomplete hour(s) left` : ''}`}`,
        ),
        '  `hashfloor dispatch --from … --to …` now reads these hours from the store.',
      ],
    };
  },
};
