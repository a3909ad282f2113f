import { readFileSync } from 'node:fs';
import { loadCatalog } from '../../adapters/datasets/asic-catalog-file.js';
import { historyThrough, loadAsOf } from '../../app/as-of.js';
import { runNetworkModel, underwaterAnswer } from '../../app/network-economics.js';
import { parsePowerPriceBracketsCsv } from '../../config/power-price-brackets.js';
import { buildHashpriceIndex } from '../../economics/hashprice-index.js';
import { DEFAULT_POWER_PRICE_DISTRIBUTION, type PowerPriceDistribution } from '../../economics/underwater.js';
import { NotFoundError } from '../../errors.js';
import { dateOpt, stringOpt } from '../args.js';
import { asOfLine, asOfWarnings } from '../as-of.js';
import { decimals, percent } from '../cell-format.js';
import type { CommandSpec } from '../command.js';
import { DB_OPTION } from '../db.js';

const usd = decimals(2);
const share = percent(1);

function distributionFrom(path: string | undefined): PowerPriceDistribution {
  if (path === undefined) return DEFAULT_POWER_PRICE_DISTRIBUTION;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new NotFoundError(`cannot read --power-price-brackets "${path}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  return { source: `file ${path}`, brackets: parsePowerPriceBracketsCsv(text, path) };
}

export const command: CommandSpec = {
  path: ['underwater'],
  summary: 'Share of network hashrate whose breakeven power price is below the price it pays, and the hashrate at risk as hashprice falls',
  options: {
    ...DB_OPTION,
    date: { type: 'string', value: 'YYYY-MM-DD', description: 'UTC day (default: the last complete day, data_as_of), at its own hashprice' },
    'power-price-brackets': {
      type: 'string',
      value: 'FILE',
      description: 'CSV power_price_usd_per_mwh,hashrate_share (shares sum to 1); default: listed miners’ disclosed prices (docs/network.md)',
    },
  },
  help: [
    'JSON: { data_as_of, date, hashprice_usd_per_ph_day, network_hashrate_ehs, efficiency_best_jth, underwater_hashrate_share, underwater_hashrate_ehs,',
    '  by_bracket[]{power_price_usd_per_mwh, hashrate_share, underwater_share}, at_risk[]{hashprice_usd_per_ph_day, underwater_hashrate_share},',
    '  mix[]{model_id, model, efficiency_jth, hashrate_share, breakeven_power_price_usd_per_mwh}, distribution{source, brackets[]}, params }.',
    'A model is under water in a bracket when its breakeven (hashprice · (1 − pool fee) / (0.024 · J/TH · PUE)) is below the bracket’s price.',
    'Example: hashfloor underwater --power-price-brackets prices.csv   (prices.csv: power_price_usd_per_mwh,hashrate_share / 30,0.4 / 50,0.4 / 80,0.2)',
  ].join('\n'),
  async run(args, ctx) {
    const date = dateOpt(args, 'date');
    const distribution = distributionFrom(stringOpt(args, 'power-price-brackets'));
    const { history, asOf } = await loadAsOf(ctx.services, stringOpt(args, 'db'));
    const index = buildHashpriceIndex(historyThrough(history, asOf));
    const a = underwaterAnswer(runNetworkModel(index, loadCatalog(ctx.services.dataDir), asOf), asOf, date, distribution);
    return {
      json: a,
      staleWarnings: asOfWarnings(asOf),
      summary: [
        asOfLine(asOf),
        `On ${a.date}: hashprice $${usd(a.hashprice_usd_per_ph_day)}/PH/day, ${a.network_hashrate_ehs.toFixed(0)} EH/s, best-guess mix ${a.efficiency_best_jth.toFixed(1)} J/TH`,
        `  ${share(a.underwater_hashrate_share)} of the hashrate (${a.underwater_hashrate_ehs.toFixed(0)} EH/s) cannot cover its power at the price it pays`,
        `Power prices: ${a.distribution.source}`,
      ],
      tables: [
        {
          title: 'Power price brackets: share of hashrate paying each price, and the share of it under water',
          columns: [
            { key: 'power_price_usd_per_mwh', header: 'power_price_usd_per_mwh', format: usd },
            { key: 'hashrate_share', header: 'hashrate_share', format: share },
            { key: 'underwater_share', header: 'under water', format: share },
          ],
          rows: a.by_bracket.map((b) => ({ ...b })),
        },
        {
          title: `Hashrate at risk: share under water as hashprice falls (mix of ${a.date})`,
          columns: [
            { key: 'hashprice_usd_per_ph_day', header: 'USD/PH/day', format: usd },
            { key: 'underwater_hashrate_share', header: 'under water', format: share },
          ],
          rows: a.at_risk.map((r) => ({ ...r })),
        },
        {
          title: 'Installed mix (best guess) and each model’s breakeven power price',
          columns: [
            { key: 'model', header: 'model', align: 'left' },
            { key: 'efficiency_jth', header: 'J/TH', format: decimals(1) },
            { key: 'hashrate_share', header: 'share', format: share },
            { key: 'breakeven_power_price_usd_per_mwh', header: 'breakeven USD/MWh', format: usd },
          ],
          rows: a.mix.map((m) => ({ ...m })),
        },
      ],
    };
  },
};
