/**
 * The whole network's economics over HTTP, as `hashfloor network-power` and `hashfloor underwater`:
 * the installed base's efficiency band, power and energy per day, and the hashrate under water at a
 * day's hashprice with the at-risk curve — src/app/network-economics.ts on the server's history
 * through its as-of day (ctx.networkModel(), built once per as-of day). The default power price
 * distribution answers GET; POST takes the user's brackets as the CSV the CLI reads.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { networkPowerAnswer, underwaterAnswer } from '../../app/network-economics.js';
import { BRACKET_COLUMNS, parsePowerPriceBracketsCsv } from '../../config/power-price-brackets.js';
import type { ApiApp, ApiContext } from '../context.js';
import { cachedJson, jsonOf } from '../json.js';
import { checkRange, DataAsOfSchema, dateQuery, DateRangeQuery, errorResponses, notModifiedResponse, payloadTooLargeResponse } from '../schemas.js';
import { toColumns } from './history.js';

const ParamsSchema = z
  .object({
    threshold_power_price_usd_per_mwh: z.number().openapi({ description: 'a model is profitable when its breakeven power price reaches this' }),
    hashprice_window_days: z.number().int().openapi({ description: 'trailing days of hashprice averaged in the breakeven' }),
    pool_fee: z.number(),
    pue: z.object({ lower: z.number(), best: z.number(), upper: z.number() }).openapi({ description: 'PUE of each bound; best also in the breakeven' }),
    growth_window_days: z.number().int().openapi({ description: 'new hashrate per day = max(0, growth over this many days / days)' }),
    vintage_window_months: z.number().int().openapi({ description: 'models released within this many months receive new hashrate' }),
    retire_after_days: z.number().int().openapi({ description: 'consecutive days under water after which a model’s vintages retire' }),
    manufacturer_weights: z.record(z.number()).openapi({ description: 'share of new hashrate per manufacturer' }),
    other_manufacturers_weight: z.number(),
  })
  .openapi('NetworkModelParams');

const BracketSchema = z.object({
  power_price_usd_per_mwh: z.number(),
  hashrate_share: z.number().openapi({ description: 'share of network hashrate paying this price' }),
});
const DistributionSchema = z.object({ source: z.string(), brackets: z.array(BracketSchema) }).openapi('PowerPriceDistribution');

const n = z.number().nullable();
const DAY_SHAPE = {
  date: z.string(),
  network_hashrate_ehs: n.openapi({ description: 'D · 2^32 / 600 s' }),
  hashprice_usd_per_ph_day: n,
  efficiency_lower_jth: n.openapi({ description: 'the most efficient model available that day' }),
  efficiency_best_jth: n.openapi({ description: 'the vintage model’s installed mix' }),
  efficiency_upper_jth: n.openapi({ description: 'the least efficient model still profitable at the threshold price' }),
  lower_model: z.string().nullable(),
  upper_model: z.string().nullable(),
  power_lower_gw: n,
  power_best_gw: n,
  power_upper_gw: n,
  energy_lower_twh_per_year: n,
  energy_best_twh_per_year: n,
  energy_upper_twh_per_year: n,
  underwater_hashrate_share: n.openapi({ description: 'share under water at the day’s hashprice, default distribution' }),
};
const NetworkPowerDaySchema = z.object(DAY_SHAPE).openapi('NetworkPowerDay');
const NetworkPowerColumnsSchema = z.object(Object.fromEntries(Object.entries(DAY_SHAPE).map(([k, s]) => [k, z.array(s)]))).openapi('NetworkPowerColumns');

const NetworkPowerSchema = z
  .object({
    data_as_of: DataAsOfSchema,
    from: z.string(),
    to: z.string(),
    params: ParamsSchema,
    catalog_models: z.number().int(),
    distribution: DistributionSchema,
    days: z.union([z.array(NetworkPowerDaySchema), NetworkPowerColumnsSchema]),
  })
  .openapi('NetworkPower');

const UnderwaterSchema = z
  .object({
    data_as_of: DataAsOfSchema,
    date: z.string(),
    hashprice_usd_per_ph_day: z.number(),
    network_hashrate_ehs: z.number(),
    efficiency_best_jth: z.number(),
    underwater_hashrate_share: z.number(),
    underwater_hashrate_ehs: z.number(),
    by_bracket: z.array(BracketSchema.extend({ underwater_share: z.number().openapi({ description: 'share of the mix whose breakeven is below the price' }) })),
    at_risk: z.array(z.object({ hashprice_usd_per_ph_day: z.number(), underwater_hashrate_share: z.number() })),
    mix: z.array(
      z.object({
        model_id: z.string(),
        model: z.string(),
        efficiency_jth: z.number(),
        hashrate_share: z.number(),
        breakeven_power_price_usd_per_mwh: z.number(),
      }),
    ),
    distribution: DistributionSchema,
    params: ParamsSchema,
  })
  .openapi('Underwater');

const FormatQuery = z
  .enum(['rows', 'columns'])
  .optional()
  .openapi({ param: { name: 'format', in: 'query' }, description: '`rows` (default): one object per day; `columns`: one array per field' });
const DateQuery = z.object({ date: dateQuery('date', '2026-02-12') });

const underwaterRoute = (method: 'get' | 'post') =>
  createRoute({
    method,
    path: '/api/v1/network/underwater',
    tags: ['network'],
    summary:
      method === 'get'
        ? 'Share of network hashrate under water at a day’s hashprice (default: the last complete day) for listed miners’ disclosed power prices, and the at-risk curve'
        : 'As GET, for your own power price distribution (the CSV `hashfloor underwater --power-price-brackets` reads)',
    request: {
      query: DateQuery,
      ...(method === 'post'
        ? {
            body: {
              required: true,
              content: {
                'text/csv': {
                  schema: z.string().openapi({
                    example: `${BRACKET_COLUMNS.join(',')}\n30,0.4\n50,0.4\n80,0.2`,
                    description: 'one bracket per line; shares sum to 1',
                  }),
                },
              },
            },
          }
        : {}),
    },
    responses: {
      200: {
        description: 'The share under water, per bracket, the at-risk curve and the installed mix',
        content: { 'application/json': { schema: UnderwaterSchema } },
      },
      ...(method === 'get' ? notModifiedResponse : payloadTooLargeResponse),
      ...errorResponses,
    },
  });

export function registerNetworkRoutes(app: ApiApp, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/network/power',
      tags: ['network'],
      summary: 'The whole network per day: installed-base efficiency band (J/TH), power (GW), energy (TWh/yr), lower / best guess / upper',
      request: { query: DateRangeQuery.extend({ format: FormatQuery }) },
      responses: {
        200: { description: 'One row per modelled day, ascending', content: { 'application/json': { schema: NetworkPowerSchema } } },
        ...notModifiedResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const r = checkRange(q);
      const asOf = await ctx.asOf();
      const text = await ctx.cache.getAsync(`network-power:${r.from}:${r.to}:${q.format}:${asOf.date}:${asOf.age_days}`, async () => {
        const a = networkPowerAnswer(await ctx.networkModel(), asOf, r);
        return q.format === 'columns' ? { ...a, days: toColumns(a.days) } : a;
      });
      return cachedJson<z.infer<typeof NetworkPowerSchema>>(c, text);
    },
  );

  app.openapi(underwaterRoute('get'), async (c) => {
    const { date } = c.req.valid('query');
    const asOf = await ctx.asOf();
    const text = await ctx.cache.getAsync(`underwater:${date}:${asOf.date}:${asOf.age_days}`, async () =>
      underwaterAnswer(await ctx.networkModel(), asOf, date),
    );
    return cachedJson<z.infer<typeof UnderwaterSchema>>(c, text);
  });

  app.openapi(underwaterRoute('post'), async (c) => {
    const { date } = c.req.valid('query');
    const brackets = parsePowerPriceBracketsCsv(await c.req.text(), 'request body');
    const asOf = await ctx.asOf();
    return jsonOf(underwaterAnswer(await ctx.networkModel(), asOf, date, { source: 'request body', brackets }));
  });
}
