/**
 * `hashfloor import prices FILE.csv`: hourly power prices of any market into the store, as
 * source `user-import` with the file's name as document (adapters/datasets/price-import-csv.ts
 * for the columns). The whole file is validated first; any bad row fails the import with every
 * problem listed by line and column, and nothing is written. One transaction.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { NotFoundError } from '../../errors.js';
import { parsePriceImportCsv } from '../../adapters/datasets/price-import-csv.js';
import { unixSToIso } from '../../units/time.js';
import { stringOpt } from '../args.js';
import type { CommandSpec } from '../command.js';
import { DB_OPTION, openCommandStore } from '../db.js';
import { formatEnUs } from '../../units/en-us-number.js';

export const command: CommandSpec = {
  path: ['import', 'prices'],
  summary: 'Import hourly power prices (USD/MWh, one column per node) from a CSV file into the store (all rows or none)',
  positionals: [{ name: 'FILE', required: true, description: 'CSV: hour_start_utc and one USD/MWh column per node (or price_usd_per_mwh with --node)' }],
  options: { ...DB_OPTION, node: { type: 'string', value: 'NAME', description: 'the node of a one-series file (column price_usd_per_mwh)' } },
  help: [
    'Columns: hour_start_utc (ISO-8601 UTC on the hour) and one price column per node, named by the header (e.g. HB_WEST,PJM_WEST),',
    'or price_usd_per_mwh with --node NAME. Other hour_start_* columns are ignored. Prices may be negative; hours may have gaps.',
    'A stored hour of the same node is replaced. Dispatch reads the store for --from..--to when it holds every hour (docs/dispatch.md).',
    'JSON fields: file, source, document_id, nodes[{node, hours, first_hour_utc, last_hour_utc}], rows_imported.',
  ].join('\n'),
  async run(args, ctx) {
    const file = args.positionals[0] as string;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new NotFoundError(`cannot read prices CSV "${file}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
    }
    const doc = basename(file);
    const rows = parsePriceImportCsv(text, file, stringOpt(args, 'node')).map((r) => ({ ...r, document_id: doc }));
    const store = await openCommandStore(args, ctx);
    const written = await store.upsertPowerPrices(rows);
    const by = new Map<string, number[]>();
    for (const r of rows) by.set(r.node, [...(by.get(r.node) ?? []), r.hour_start_unix_s]);
    const nodes = [...by].map(([node, ts]) => ({
      node,
      hours: ts.length,
      first_hour_utc: unixSToIso(Math.min(...ts)),
      last_hour_utc: unixSToIso(Math.max(...ts)),
    }));
    return {
      json: { file, source: 'user-import', document_id: doc, nodes, rows_imported: written },
      summary: [
        `Imported ${formatEnUs(written)} node-hour(s) from ${file} as user-import`,
        ...nodes.map((n) => `  ${n.node}: ${n.hours} h, ${n.first_hour_utc} to ${n.last_hour_utc}`),
      ],
    };
  },
};
