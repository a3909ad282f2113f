/**
 * A stored fleet's what-if on one day, as `hashfloor fleet sensitivity`: all-in and cash margin
 * (USD/day) over a grid of BTC price × power price (the day's hashvalue held, the power price the
 * index every hour, paid through each site's contract), and a breakeven per lot at the day's
 * hashprice and each site's mean marginal price under its contract —
 * src/economics/fleet-sensitivity.ts through src/app/fleet-costs.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { numberFromText, numberTextMessage } from '../../config/number-text.js';
import { fleetSensitivityOf } from '../../app/fleet-costs.js';
import { ValidationError } from '../../errors.js';
import { DEFAULT_SENSITIVITY_POWER_PRICES_USD_PER_MWH, DEFAULT_SENSITIVITY_PRICES_USD } from '../../economics/fleet-sensitivity.js';
import { SiteContractSchema } from '../schemas-results.js';
import type { ApiApp, ApiContext } from '../context.js';
import { jsonOf } from '../json.js';
import { acceptDeprecatedNames, withDeprecatedNames, type RenamedField } from '../../units/renamed-fields.js';
import { DataAsOfSchema, dateQuery, deprecatedQuery, errorResponses, notFoundResponse, withDeprecatedFields } from '../schemas.js';

const MAX_AXIS = 20;

/** A comma-separated list of 1–20 numbers within [min, max], worded like the other number fields. */
function numberListQuery(name: string, min: number, max: number, example: string) {
  return z
    .string()
    .transform((text, ctx) => {
      const parts = text.split(',');
      if (parts.length > MAX_AXIS) {
        ctx.addIssue({ code: 'custom', message: `${name} takes 1 to ${MAX_AXIS} comma-separated numbers, got ${parts.length}` });
        return z.NEVER;
      }
      const numbers = parts.map((t) => numberFromText(t, { min, max }));
      const bad = numbers.findIndex((v) => v === undefined);
      if (bad < 0) return numbers as number[];
      ctx.addIssue({ code: 'custom', message: numberTextMessage((parts[bad] as string).trim(), name, { min, max, example }) });
      return z.NEVER;
    })
    .optional()
    .openapi({ param: { name, in: 'query' }, example, description: `1–${MAX_AXIS} comma-separated numbers` });
}

/** Renamed in 0.2; answered under both names until the aliases go (units/renamed-fields.ts). */
const RENAMED_HERE: readonly RenamedField[] = ['price_usd_per_btc', 'prices_usd_per_btc'];

const CellSchema = withDeprecatedFields(
  z.object({ price_usd_per_btc: z.number(), power_price_usd_per_mwh: z.number(), cash_margin_usd_per_day: z.number(), all_in_margin_usd_per_day: z.number() }),
  RENAMED_HERE,
);
const LotSchema = z.object({
  site: z.string(),
  contract: z.enum(['fixed', 'index', 'hedged']).openapi({ description: "the kind of the site's contract (contracts[] names it in full)" }),
  model: z.string(),
  profile: z.string(),
  count: z.number().int(),
  efficiency_jth: z.number(),
  power_price_usd_per_mwh: z.number().nullable().openapi({ description: "the site's mean marginal price that day under its contract (USD/MWh)" }),
  breakeven_power_price_usd_per_mwh: z.number().nullable(),
  breakeven_hashprice_usd_per_ph_day: z.number().nullable(),
  breakeven_price_usd_per_btc: z.number().nullable(),
  margin_usd_per_machine_day: z.number().nullable(),
});
const SensitivitySchema = withDeprecatedFields(
  z.object({
    fleet_id: z.string(),
    date: z.string(),
    data_as_of: DataAsOfSchema,
    hashprice_usd_per_ph_day: z.number(),
    price_usd_per_btc: z.number(),
    prices_usd_per_btc: z.array(z.number()),
    power_prices_usd_per_mwh: z.array(z.number()),
    grid: z.array(CellSchema).openapi({ description: 'power_price_usd_per_mwh is the index every hour of the day, paid through each contract' }),
    breakevens: z.array(LotSchema),
    contracts: z.array(SiteContractSchema),
    note: z.string().nullable().openapi({ description: 'why the default day moved back to the last one the index prices cover, else null' }),
  }),
  RENAMED_HERE,
).openapi('FleetSensitivity');

export function registerFleetSensitivityRoutes(app: ApiApp, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/fleets/{id}/sensitivity',
      tags: ['fleets'],
      summary: 'A stored fleet on one day: margin over BTC price × power price, and a breakeven per lot',
      request: {
        params: z.object({
          id: z
            .string()
            .min(1)
            .max(100)
            .openapi({ param: { name: 'id', in: 'path' }, example: 'fleet-1' }),
        }),
        query: z.object({
          date: dateQuery('date', '2025-11-22'),
          prices_usd_per_btc: numberListQuery('prices_usd_per_btc', 1, 10_000_000, '60000,80000,100000'),
          power_prices_usd_per_mwh: numberListQuery('power_prices_usd_per_mwh', -1000, 10_000, '30,50,70'),
          prices_usd: deprecatedQuery('prices_usd_per_btc', numberListQuery('prices_usd', 1, 10_000_000, '60000,80000,100000')),
        }),
      },
      responses: {
        200: { description: 'Grid and breakevens', content: { 'application/json': { schema: SensitivitySchema } } },
        ...notFoundResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { value: q, conflicts } = acceptDeprecatedNames(c.req.valid('query'), ['prices_usd_per_btc']);
      if (conflicts.length > 0) throw ValidationError.field('prices_usd', 'give prices_usd_per_btc or its deprecated name prices_usd, not both');
      const stored = await ctx.fleets.get(id);
      const index = await ctx.hashpriceIndex();
      const asOf = await ctx.asOf();
      const prices = q.prices_usd_per_btc ?? DEFAULT_SENSITIVITY_PRICES_USD;
      const powers = q.power_prices_usd_per_mwh ?? DEFAULT_SENSITIVITY_POWER_PRICES_USD_PER_MWH;
      const r = await fleetSensitivityOf(
        stored.fleet,
        index,
        asOf.date,
        q.date,
        { prices_usd_per_btc: prices, power_prices_usd_per_mwh: powers },
        { dataDir: ctx.services.dataDir, store: () => ctx.store(), embeddedByName: true },
      );
      return jsonOf(
        withDeprecatedNames(
          {
            data_as_of: asOf,
            fleet_id: id,
            ...r.day,
            prices_usd_per_btc: prices,
            power_prices_usd_per_mwh: powers,
            grid: r.grid,
            breakevens: r.breakevens,
            contracts: r.contracts,
            note: r.note,
          },
          RENAMED_HERE,
        ),
      );
    },
  );
}
