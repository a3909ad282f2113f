/**
 * Hardware and machine economics: the ASIC catalog, one model's operating profiles and hull, and
 * the breakeven table (every model's day economics at the caller's hashprice and power price).
 * The figures are src/economics/machine.ts's machineDay; nothing is recomputed here.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { dataAsOf, type DataAsOf } from '../../app/as-of.js';
import { ValidationError, type ValidationIssue } from '../../errors.js';
import { plausibilityWarning } from '../../config/plausible.js';
import { machineDay, type MachineDay } from '../../economics/machine.js';
import { findModel, normaliseModelName } from '../../hardware/catalog.js';
import type { AsicModel } from '../../hardware/model.js';
import { efficiencyCurve, upperConcaveHull } from '../../hardware/curve.js';
import { profilesOf } from '../../hardware/profiles.js';
import type { ApiApp, ApiContext } from '../context.js';
import { cachedJson, jsonOf } from '../json.js';
import { apiNamed, inApiNames } from '../problem.js';
import { acceptDeprecatedNames, withDeprecatedNames, type RenamedField } from '../../units/renamed-fields.js';
import {
  DataAsOfSchema,
  deprecatedQuery,
  errorResponses,
  notModifiedResponse,
  notFoundResponse,
  numberQuery,
  WarningsSchema,
  withDeprecatedFields,
} from '../schemas.js';

const ModelSchema = z
  .object({
    id: z.string(),
    manufacturer: z.string(),
    model: z.string(),
    hashrate_ths: z.number(),
    power_w: z.number(),
    efficiency_jth: z.number(),
    cooling: z.enum(['air', 'hydro', 'immersion']),
    released: z.string(),
    source: z.string(),
  })
  .openapi('AsicModel');

const ProfileSchema = z.object({
  name: z.string(),
  relative_frequency: z.number().nullable(),
  hashrate_ths: z.number(),
  power_w: z.number(),
  efficiency_jth: z.number(),
  origin: z.enum(['model', 'measured']),
});

/** Renamed in 0.2; answered under both names until the aliases go (units/renamed-fields.ts). */
const RENAMED_HERE: readonly RenamedField[] = ['power_price_usd_per_mwh', 'energy_cost_usd_per_btc'];

const MachineDaySchema = withDeprecatedFields(
  z.object({
    efficiency_jth: z.number(),
    revenue_usd_per_day: z.number(),
    btc_per_day: z.number().nullable(),
    energy_mwh_per_day: z.number(),
    energy_cost_usd_per_day: z.number(),
    margin_usd_per_day: z.number(),
    margin_share: z.number().nullable(),
    hashcost_energy_usd_per_ph_day: z.number(),
    breakeven_power_price_usd_per_mwh: z.number(),
    breakeven_hashprice_usd_per_ph_day: z.number(),
    breakeven_price_usd_per_btc: z.number().nullable(),
    energy_cost_usd_per_btc: z.number().nullable(),
    payback_days: z.number().nullable(),
  }),
  RENAMED_HERE,
);

/** The economic inputs shared by the economics endpoints, as query parameters. */
export const EconomicsQuery = z.object({
  hashprice_usd_per_ph_day: numberQuery('hashprice_usd_per_ph_day', { min: 0, max: 100_000, example: 35.06 }).optional(),
  power_price_usd_per_mwh: numberQuery('power_price_usd_per_mwh', { min: -1000, max: 10_000, example: 50 }).optional(),
  pool_fee_pct: numberQuery('pool_fee_pct', { min: 0, max: 99, example: 1.5 }).optional(),
  pue: numberQuery('pue', { min: 1, max: 3, example: 1.05 }).optional(),
  hosting_fee_usd_per_mwh: numberQuery('hosting_fee_usd_per_mwh', { min: 0, max: 10_000, example: 0 }).optional(),
  uptime_pct: numberQuery('uptime_pct', { min: 0, max: 100, example: 97 }).optional(),
  price_usd_per_btc: numberQuery('price_usd_per_btc', { min: 0, exclusiveMin: true, max: 100_000_000, example: 87000 }).optional(),
  power_usd_per_mwh: deprecatedQuery('power_price_usd_per_mwh', numberQuery('power_usd_per_mwh', { min: -1000, max: 10_000, example: 50 }).optional()),
});
type EconomicsParams = z.infer<typeof EconomicsQuery>;

/** The query with the deprecated `power_usd_per_mwh` read as power_price_usd_per_mwh. */
function economicsParams(q: EconomicsParams): EconomicsParams {
  const { value, conflicts } = acceptDeprecatedNames(q, ['power_price_usd_per_mwh']);
  if (conflicts.length > 0)
    throw ValidationError.field(conflicts[0] as string, `give power_price_usd_per_mwh or its deprecated name ${conflicts[0]}, not both`);
  return value;
}

const InputsSchema = withDeprecatedFields(
  z.object({
    hashprice_usd_per_ph_day: z.number(),
    hashprice_source: z.string().openapi({ description: '`query` or the day of the network history it was taken from' }),
    power_price_usd_per_mwh: z.number(),
    pool_fee_pct: z.number(),
    pue: z.number(),
    hosting_fee_usd_per_mwh: z.number(),
    uptime_pct: z.number(),
    price_usd_per_btc: z.number().nullable(),
  }),
  RENAMED_HERE,
);

/** The day "today's" hashprice and price defaults are read as of; null when the query gives both. */
const AsOfOfDefaults = DataAsOfSchema.nullable();

/** The as-of day when a default comes from "today"; null when the query gives both market inputs. */
const normalisedNames = new WeakMap<readonly AsicModel[], string[]>();

/** The catalog's models whose normalised "manufacturer model" contains `search` (already normalised; '' matches all). */
function catalogMatching(catalog: readonly AsicModel[], search: string): AsicModel[] {
  if (search === '') return [...catalog];
  let names = normalisedNames.get(catalog);
  if (!names) normalisedNames.set(catalog, (names = catalog.map((m) => normaliseModelName(`${m.manufacturer} ${m.model}`))));
  const found = names;
  return catalog.filter((_, i) => (found[i] as string).includes(search));
}

async function asOfOfDefaults(ctx: ApiContext, query: EconomicsParams): Promise<DataAsOf | null> {
  if (query.hashprice_usd_per_ph_day !== undefined && query.price_usd_per_btc !== undefined) return null;
  // Not ctx.asOf(): without a complete day the answer is resolveInputs' own "hashprice is required".
  return dataAsOf(await ctx.history(), ctx.services.nowUnixS());
}

/** The query's values outside their plausible ranges (a $/kWh power price, a fraction for a percentage), by query name. */
function queryWarnings(q: EconomicsParams): ValidationIssue[] {
  const v = economicsParams(q);
  return (['power_price_usd_per_mwh', 'uptime_pct', 'pool_fee_pct'] as const).flatMap((field) => {
    const value = v[field];
    const w = value === undefined ? null : plausibilityWarning(field, value);
    return w ? [w] : [];
  });
}

/** Fills defaults; the hashprice defaults to the latest day of the network history. */
async function resolveInputs(ctx: ApiContext, query: EconomicsParams) {
  const q = economicsParams(query);
  const latest = q.hashprice_usd_per_ph_day === undefined || q.price_usd_per_btc === undefined ? await ctx.latestMarket() : undefined;
  const hashprice = q.hashprice_usd_per_ph_day ?? latest?.hashprice_usd_per_ph_day;
  if (hashprice === undefined)
    throw ValidationError.field(
      'hashprice_usd_per_ph_day',
      'hashprice_usd_per_ph_day is required (a number ≥ 0) while no network history is loaded to default it',
    );
  const price = q.price_usd_per_btc ?? latest?.price_usd_per_btc ?? null;
  return {
    hashprice_usd_per_ph_day: hashprice,
    hashprice_source: q.hashprice_usd_per_ph_day !== undefined ? 'query' : (latest?.date ?? 'query'),
    power_price_usd_per_mwh: q.power_price_usd_per_mwh ?? 50,
    pool_fee_pct: q.pool_fee_pct ?? 0,
    pue: q.pue ?? 1,
    hosting_fee_usd_per_mwh: q.hosting_fee_usd_per_mwh ?? 0,
    uptime_pct: q.uptime_pct ?? 100,
    price_usd_per_btc: price,
  };
}

/** machineDay's field paths in this API's query names. */
const ECONOMICS_NAMES = { pool_fee: 'pool_fee_pct', uptime: 'uptime_pct', model: 'id' };

function dayOf(inputs: z.infer<typeof InputsSchema>, hashrate_ths: number, power_w: number): MachineDay {
  try {
    return economicsDay(inputs, hashrate_ths, power_w);
  } catch (err) {
    throw apiNamed(ECONOMICS_NAMES, err);
  }
}

function economicsDay(inputs: z.infer<typeof InputsSchema>, hashrate_ths: number, power_w: number): MachineDay {
  return machineDay({
    hashrate_ths,
    power_w,
    hashprice_usd_per_ph_day: inputs.hashprice_usd_per_ph_day,
    price_usd_per_btc: inputs.price_usd_per_btc ?? undefined,
    power_price_usd_per_mwh: inputs.power_price_usd_per_mwh,
    pool_fee: inputs.pool_fee_pct / 100,
    uptime: inputs.uptime_pct / 100,
    pue: inputs.pue,
    hosting_fee_usd_per_mwh: inputs.hosting_fee_usd_per_mwh,
  });
}

const ModelParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'antminer-s21-xp' }),
});

export function registerMachineRoutes(app: ApiApp, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/models',
      tags: ['machines'],
      summary: 'The ASIC catalog (nameplate hashrate, power, efficiency, provenance)',
      request: {
        query: z.object({
          search: z
            .string()
            .max(100)
            .optional()
            .openapi({ param: { name: 'search', in: 'query' }, example: 's21' }),
        }),
      },
      responses: {
        200: { description: 'Models', content: { 'application/json': { schema: z.object({ models: z.array(ModelSchema) }) } } },
        ...notModifiedResponse,
        ...errorResponses,
      },
    }),
    (c) => {
      const q = normaliseModelName(c.req.valid('query').search ?? '');
      return cachedJson<{ models: z.infer<typeof ModelSchema>[] }>(
        c,
        ctx.cache.get(`models:${q}`, () => ({ models: catalogMatching(ctx.catalog(), q) })),
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/models/{id}',
      tags: ['machines'],
      summary: "One model's operating profiles and the upper concave hull of its efficiency curve",
      request: { params: ModelParams },
      responses: {
        200: {
          description: 'Model, profiles, hull',
          content: {
            'application/json': {
              schema: z.object({
                model: ModelSchema,
                profiles: z.array(ProfileSchema),
                hull: z.array(z.object({ power_w: z.number(), hashrate_ths: z.number(), name: z.string().optional() })),
              }),
            },
          },
        },
        ...notFoundResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const m = await inApiNames(ECONOMICS_NAMES, () => findModel(ctx.catalog(), c.req.valid('param').id));
      const profiles = profilesOf(m);
      return jsonOf({ model: m, profiles, hull: upperConcaveHull(efficiencyCurve(profiles), { includeOff: true }) });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/machines/economics',
      tags: ['machines'],
      summary: 'Breakeven table: every model at stock, at a hashprice (default: latest day) and a power price (default 50 USD/MWh)',
      request: {
        query: EconomicsQuery.extend({
          search: z
            .string()
            .max(100)
            .optional()
            .openapi({ param: { name: 'search', in: 'query' } }),
        }),
      },
      responses: {
        200: {
          description: 'Rows sorted by breakeven power price, best first',
          content: {
            'application/json': {
              schema: z.object({
                data_as_of: AsOfOfDefaults,
                warnings: WarningsSchema,
                inputs: InputsSchema,
                machines: z.array(z.object({ ...ModelSchema.shape, ...MachineDaySchema.shape })),
              }),
            },
          },
        },
        ...notModifiedResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const inputs = await resolveInputs(ctx, q);
      const data_as_of = await asOfOfDefaults(ctx, q);
      // Cached per resolved inputs, query (search included) and as-of (the answer is a function of these alone);
      // an import clears the cache with everything else.
      const key = `machines:economics:${JSON.stringify(inputs)}:${JSON.stringify(data_as_of)}:${JSON.stringify(q)}`;
      const body = ctx.cache.get(key, () => {
        const s = normaliseModelName(q.search ?? '');
        const machines = catalogMatching(ctx.catalog(), s)
          // Object.assign, not `{ ...m, ...day }`: V8's second spread over a key already set
          // (efficiency_jth) took ~26 µs a row, 2.7 ms of this answer's 5 ms; same keys, same order.
          .map((m) => Object.assign({}, m, dayOf(inputs, m.hashrate_ths, m.power_w)))
          .sort((a, b) => b.breakeven_power_price_usd_per_mwh - a.breakeven_power_price_usd_per_mwh);
        return { data_as_of, warnings: queryWarnings(q), ...withDeprecatedNames({ inputs, machines }, RENAMED_HERE) };
      });
      return cachedJson<never>(c, body);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/models/{id}/economics',
      tags: ['machines'],
      summary: "One model's day economics at every operating profile",
      request: { params: ModelParams, query: EconomicsQuery },
      responses: {
        200: {
          description: 'Per-profile economics',
          content: {
            'application/json': {
              schema: z.object({
                data_as_of: AsOfOfDefaults,
                warnings: WarningsSchema,
                model: ModelSchema,
                inputs: InputsSchema,
                profiles: z.array(ProfileSchema.extend(MachineDaySchema.shape)),
              }),
            },
          },
        },
        ...notFoundResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const m = await inApiNames(ECONOMICS_NAMES, () => findModel(ctx.catalog(), c.req.valid('param').id));
      const inputs = await resolveInputs(ctx, c.req.valid('query'));
      const data_as_of = await asOfOfDefaults(ctx, c.req.valid('query'));
      return jsonOf({
        data_as_of,
        warnings: queryWarnings(c.req.valid('query')),
        ...withDeprecatedNames(
          { model: m, inputs, profiles: profilesOf(m).map((p) => Object.assign({}, p, dayOf(inputs, p.hashrate_ths, p.power_w))) },
          RENAMED_HERE,
        ),
      });
    },
  );
}
