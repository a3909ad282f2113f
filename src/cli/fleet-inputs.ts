/** What `fleet report` and `fleet sensitivity` share: their inputs from FILE and --db, and the table of each site's contract. */
import { loadFleetInputs, type FleetInputs } from '../app/fleet-inputs.js';
import type { PriceSources, SiteContractOut } from '../app/fleet-costs.js';
import { stringOpt } from './args.js';
import type { CommandContext, ParsedArgs, Table } from './command.js';
import { formatEnUs } from '../units/en-us-number.js';

/** The spec of FILE (its warnings on stderr), the history and where the sites' index prices come from (the --db store, the embedded files). */
export async function fleetCommandInputs(args: ParsedArgs, ctx: CommandContext): Promise<FleetInputs & { sources: PriceSources }> {
  const db = stringOpt(args, 'db');
  const inputs = await loadFleetInputs(ctx.services, args.positionals[0] ?? '', db, (w) => ctx.notice?.(`hashfloor: warning: ${w}`));
  return { ...inputs, sources: { dataDir: ctx.services.dataDir, store: () => ctx.services.existingStore(db) } };
}

/** Millions of USD with two decimals, `—` for no number. */
export const musd = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? `${(v / 1e6).toFixed(2)}` : '—');

/** The contract that priced each site, and (for a report) its bill. */
export function contractTable(contracts: readonly SiteContractOut[]): Table {
  return {
    title: 'Power contract per site',
    columns: [
      { key: 'site', header: 'site', align: 'left' },
      { key: 'contract', header: 'contract', align: 'left' },
      { key: 'prices', header: 'index prices', align: 'left' },
      ...(contracts.some((c) => c.bill)
        ? [
            { key: 'energy_mwh', header: 'MWh', format: (v: unknown) => (typeof v === 'number' ? formatEnUs(Math.round(v)) : '—') },
            { key: 'cost_usd', header: 'bill $M', format: musd },
            { key: 'resale_credit_usd', header: 'resale credit $M', format: musd },
            { key: 'dr_availability_usd', header: 'DR $M', format: musd },
          ]
        : []),
    ],
    rows: contracts.map((c) => ({
      site: c.site,
      contract: c.contract.description,
      prices: c.prices ? `${c.prices.column} (${c.prices.source})` : '—',
      ...(c.bill ?? {}),
    })),
  };
}
