/**
 * Network history and the hashprice index: daily rows, the index over any range (rows or
 * columns), the latest day with its 30-day change, record lows and the halving-cycle comparison.
 * The index is built once per process from services.history() by src/economics/hashprice-index.ts;
 * answers are cached serialized, so a hot read is a map lookup.
 */
import { dataAsOf, type DataAsOf } from '../../app/as-of.js';
import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../errors.js';
import type { HashpriceDay } from '../../economics/hashprice-index.js';
import { cycleComparison, recordLows } from '../../economics/hashprice-index.js';
import { addDays } from '../../units/time.js';
import type { ApiApp, ApiContext } from '../context.js';
import { cachedJson } from '../json.js';
import { ALIASES_REMOVED_IN, deprecationNote, RENAMED, withDeprecatedNames, type RenamedField } from '../../units/renamed-fields.js';
import { serializedDays } from '../serialized-days.js';
import type { DirectGet } from '../hit-fast-path.js';
import { checkRange, DataAsOfSchema, DateRangeQuery, errorResponses, notModifiedResponse, orNull, SatString, withDeprecatedFields } from '../schemas.js';

/** Renamed in 0.2; answered under both names until the aliases go (units/renamed-fields.ts). */
const RENAMED_HERE: readonly RenamedField[] = ['price_usd_per_btc'];
/** Old name → new; `fields` may name a field by its old name, read as the new one (and answered under both). */
const NEW_NAME_OF = new Map<string, RenamedField>(RENAMED_HERE.map((f) => [RENAMED[f], f]));

const DailyRowSchema = withDeprecatedFields(
  z.object({
    date: z.string(),
    blocks: z.number().nullable(),
    difficulty: z.number().nullable(),
    hashrate_ehs: z.number().nullable(),
    issuance_sat: SatString.nullable(),
    fees_sat: SatString.nullable(),
    price_usd_per_btc: z.number().nullable(),
    supply_sat: SatString.nullable(),
    provenance: z
      .record(z.string())
      .openapi({ description: `field → how it was obtained; until ${ALIASES_REMOVED_IN} also under the fields' deprecated names` }),
  }),
  RENAMED_HERE,
).openapi('DailyRow');

const n = z.number().nullable();
const HashpriceDaySchema = withDeprecatedFields(
  z.object({
    date: z.string(),
    halving_cycle: z.number().int(),
    days_since_halving: z.number().int(),
    blocks: n,
    difficulty: n,
    price_usd_per_btc: n,
    subsidy_sat_per_block: n,
    fees_sat_per_block: n,
    blocks_per_ph_day: n,
    hashvalue_sat_per_ph_day: n,
    hashprice_usd_per_ph_day: n,
    hashprice_ma7_usd_per_ph_day: n,
    hashprice_ma30_usd_per_ph_day: n,
    ma7_includes_estimated: z.boolean().nullable().openapi({ description: 'a day of the 7-day window had an estimated input' }),
    ma30_includes_estimated: z.boolean().nullable().openapi({ description: 'a day of the 30-day window had an estimated input' }),
    fee_share: n,
    network_hashrate_ehs: n,
    network_hashrate_from_blocks_ehs: n,
    estimated_fields: z.array(z.string()),
  }),
  RENAMED_HERE,
).openapi('HashpriceDay');

/** `format=columns`: one array per field, in day order (only the `fields` asked for). */
function columnsOf<T extends z.ZodRawShape>(shape: T, name: string, optional: boolean) {
  const cols = Object.fromEntries(
    Object.entries(shape).map(([k, s]) => {
      // A deprecated field's column is deprecated itself, not merely its items.
      const renamedTo = NEW_NAME_OF.get(k);
      const col = renamedTo ? z.array(s).openapi({ deprecated: true, description: deprecationNote(renamedTo) }) : z.array(s);
      return [k, optional ? col.optional() : col];
    }),
  );
  return z.object(cols).openapi(name);
}
const DailyColumnsSchema = columnsOf(DailyRowSchema.shape, 'DailyColumns', false);
const HashpriceColumnsSchema = columnsOf(HashpriceDaySchema.shape, 'HashpriceColumns', true);
const HashpriceDayPartSchema = HashpriceDaySchema.partial().openapi('HashpriceDayFields', { description: 'a HashpriceDay, or only the `fields` asked for' });

const LowSchema = z
  .object({
    date: z.string(),
    hashprice_usd_per_ph_day: z.number().nullable(),
    hashvalue_sat_per_ph_day: z.number(),
    halving_cycle: z.number().int(),
    days_since_halving: z.number().int(),
    estimated_fields: z.array(z.string()),
  })
  .openapi('HashpriceLow');
const LowsUnitQuery = z
  .enum(['usd', 'btc'])
  .default('usd')
  .openapi({
    param: { name: 'unit', in: 'query' },
    description: 'rank days by hashprice in USD (default) or by hashvalue in BTC (sat per PH/s per day); the lows fall on different days',
  });

const INDEX_FIELDS = Object.keys(HashpriceDaySchema.shape);
const FieldsQuery = z
  .string()
  .max(500)
  .refine((t) => t.split(',').every((f) => INDEX_FIELDS.includes(f)), { message: `fields must be a comma-separated list of: ${INDEX_FIELDS.join(', ')}` })
  .optional()
  .openapi({ param: { name: 'fields', in: 'query' }, example: 'date,hashprice_usd_per_ph_day', description: 'only these fields of each day (default all)' });

function pick<T extends object>(rows: readonly T[], fields: string | undefined): Partial<T>[] {
  if (!fields) return [...rows];
  const keys = [...new Set(fields.split(',').map((f) => NEW_NAME_OF.get(f) ?? f))] as (keyof T)[];
  return rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])) as Partial<T>);
}

const FormatQuery = z
  .enum(['rows', 'columns'])
  .optional()
  .openapi({
    param: { name: 'format', in: 'query' },
    description: '`rows` (default): one object per day; `columns`: one array per field (compact, for charts)',
  });

const HistoryQuery = DateRangeQuery.extend({ format: FormatQuery });
const HashpriceQuery = DateRangeQuery.extend({ format: FormatQuery, fields: FieldsQuery });
type Range = ReturnType<typeof checkRange>;
const historyKey = (r: Range, format: string | undefined) => `history:${r.from}:${r.to}:${format}`;
const hashpriceKey = (r: Range, format: string | undefined, fields: string | undefined) => `hashprice:${r.from}:${r.to}:${format}:${fields}`;

/**
 * A date window of `rows` in the default format, for the fast path (hit-fast-path.ts): the same
 * schema and range check as the route, the same cache key; undefined for anything else.
 */
function directWindow(
  schema: typeof HashpriceQuery | typeof HistoryQuery,
  rows: () => readonly { date: string }[] | undefined,
  key: (r: Range) => string,
  ctx: ApiContext,
): DirectGet {
  return (query) => {
    const loaded = rows();
    const q = loaded && schema.safeParse(query);
    if (!loaded || !q?.success || q.data.format !== undefined || ('fields' in q.data && q.data.fields !== undefined)) return undefined;
    if (q.data.from !== undefined && q.data.to !== undefined && q.data.from > q.data.to) return undefined;
    const r = checkRange(q.data);
    return ctx.cache.getBody(key(r), () => serializedDays(loaded, RENAMED_HERE).windowBody(r));
  };
}

function inRange<T extends { date: string }>(rows: readonly T[], r: { from?: string; to?: string }): T[] {
  return rows.filter((d) => (r.from === undefined || d.date >= r.from) && (r.to === undefined || d.date <= r.to));
}

/** One array per field, same order as the days. */
export function toColumns<T extends object>(rows: readonly T[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const keys = rows[0] ? (Object.keys(rows[0]) as (keyof T & string)[]) : [];
  for (const k of keys) out[k] = rows.map((r) => r[k]);
  return out;
}

/** The latest day with a hashprice on or before the as-of day, and the change against the priced day 30 days before. */
function latestWithChange(index: readonly HashpriceDay[], asOf: DataAsOf) {
  const priced = index.filter((d) => d.hashprice_usd_per_ph_day !== null && d.date <= asOf.date);
  const last = priced.at(-1);
  if (!last) throw new NotFoundError('the network history has no priced day');
  const ref = addDays(last.date, -30);
  const before = [...priced].reverse().find((d) => d.date <= ref) ?? null;
  const now = last.hashprice_usd_per_ph_day as number;
  const then = before?.hashprice_usd_per_ph_day ?? null;
  return {
    data_as_of: asOf,
    day: last,
    change_30d:
      before && then !== null
        ? { from_date: before.date, from_hashprice_usd_per_ph_day: then, change_usd_per_ph_day: now - then, change_share: then > 0 ? now / then - 1 : null }
        : null,
  };
}

/**
 * Loads what the date-window routes answer from (history, index, their bytes), so that no request
 * waits for it: on the first requests after start-up that was ~1 s of CPU on the event loop,
 * which every request behind them queued for (the mix's p99 in BENCHMARKS.md, api). A failure
 * (database down) is left for the requests to report.
 */
export async function warmHistoryRoutes(ctx: ApiContext): Promise<void> {
  try {
    serializedDays(await ctx.history(), RENAMED_HERE);
    serializedDays(await ctx.hashpriceIndex(), RENAMED_HERE);
  } catch {
    return;
  }
}

export function registerHistoryRoutes(app: ApiApp, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/network/history',
      tags: ['history'],
      summary: 'Daily network history (blocks, difficulty, hashrate, issuance, fees, price, supply) with provenance',
      request: { query: HistoryQuery },
      responses: {
        200: {
          description: 'One row per UTC day, ascending',
          content: { 'application/json': { schema: z.object({ days: z.union([z.array(DailyRowSchema), DailyColumnsSchema]) }) } },
        },
        ...notModifiedResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const r = checkRange(q);
      const key = historyKey(r, q.format);
      const text =
        q.format === 'columns'
          ? await ctx.cache.getAsync(key, async () => withDeprecatedNames({ days: toColumns(inRange(await ctx.history(), r)) }, RENAMED_HERE))
          : await ctx.cache.getAsyncBody(key, async () => serializedDays(await ctx.history(), RENAMED_HERE).windowBody(r));
      return cachedJson<{ days: z.infer<typeof DailyRowSchema>[] }>(c, text);
    },
  );
  ctx.directGets.set(
    '/api/v1/network/history',
    directWindow(
      HistoryQuery,
      () => ctx.loaded().history,
      (r) => historyKey(r, undefined),
      ctx,
    ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/hashprice',
      tags: ['hashprice'],
      summary: 'The daily hashprice index: hashvalue, hashprice (USD/PH/day), moving averages, fee share, implied hashrate, halving cycle',
      request: { query: HashpriceQuery },
      responses: {
        200: {
          description: 'One row per UTC day, ascending',
          content: { 'application/json': { schema: z.object({ days: z.union([z.array(HashpriceDayPartSchema), HashpriceColumnsSchema]) }) } },
        },
        ...notModifiedResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const r = checkRange(q);
      const key = hashpriceKey(r, q.format, q.fields);
      const text =
        q.format === 'columns' || q.fields !== undefined
          ? await ctx.cache.getAsync(key, async () => {
              const days = pick(inRange(await ctx.hashpriceIndex(), r), q.fields);
              return withDeprecatedNames(q.format === 'columns' ? { days: toColumns(days) } : { days }, RENAMED_HERE);
            })
          : await ctx.cache.getAsyncBody(key, async () => serializedDays(await ctx.hashpriceIndex(), RENAMED_HERE).windowBody(r));
      return cachedJson<{ days: Partial<z.infer<typeof HashpriceDaySchema>>[] }>(c, text);
    },
  );
  ctx.directGets.set(
    '/api/v1/hashprice',
    directWindow(
      HashpriceQuery,
      () => ctx.loaded().hashpriceIndex,
      (r) => hashpriceKey(r, undefined, undefined),
      ctx,
    ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/hashprice/latest',
      tags: ['hashprice'],
      summary: 'The latest priced day of the index and its change over 30 days',
      responses: {
        200: {
          description: 'Latest day',
          content: {
            'application/json': {
              schema: z.object({
                data_as_of: DataAsOfSchema,
                day: HashpriceDaySchema,
                change_30d: z
                  .object({
                    from_date: z.string(),
                    from_hashprice_usd_per_ph_day: z.number(),
                    change_usd_per_ph_day: z.number(),
                    change_share: z.number().nullable(),
                  })
                  .nullable(),
              }),
            },
          },
        },
        ...notModifiedResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const asOf = await ctx.asOf();
      // Keyed by the as-of and its age: a server running past midnight must not answer yesterday's age.
      const key = `hashprice:latest:${asOf.date}:${asOf.age_days}`;
      return cachedJson<never>(
        c,
        await ctx.cache.getAsync(key, async () => withDeprecatedNames(latestWithChange(await ctx.hashpriceIndex(), asOf), RENAMED_HERE)),
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/hashprice/lows',
      tags: ['hashprice'],
      summary: 'Record lows of hashprice (or hashvalue): all-time and per halving cycle',
      request: { query: z.object({ unit: LowsUnitQuery }) },
      responses: {
        200: {
          description: 'Record lows',
          content: {
            'application/json': { schema: z.object({ ranked_by: z.enum(['usd', 'btc']), all_time: orNull(LowSchema), by_cycle: z.array(LowSchema) }) },
          },
        },
        ...notModifiedResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const { unit } = c.req.valid('query');
      return cachedJson<never>(c, await ctx.cache.getAsync(`hashprice:lows:${unit}`, async () => recordLows(await ctx.hashpriceIndex(), unit)));
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/hashprice/cycles',
      tags: ['hashprice'],
      summary: 'Halving-cycle comparison: hashprice by days since each halving, absolute and relative to the cycle start',
      description: "The current cycle runs to the history's last complete day (data_as_of); null without one (then every priced day).",
      responses: {
        200: {
          description: 'One series per cycle',
          content: {
            'application/json': {
              schema: z.object({
                data_as_of: DataAsOfSchema.nullable(),
                cycles: z.array(
                  z.object({
                    halving_cycle: z.number().int(),
                    start_date: z.string(),
                    anchor_usd_per_ph_day: z.number(),
                    points: z.array(
                      z.object({
                        days_since_halving: z.number().int(),
                        date: z.string(),
                        hashprice_usd_per_ph_day: z.number(),
                        relative_to_start: z.number().nullable(),
                      }),
                    ),
                  }),
                ),
              }),
            },
          },
        },
        ...notModifiedResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      // Not ctx.asOf(): a history without a complete day still compares the cycles it has.
      const asOf = dataAsOf(await ctx.history(), ctx.services.nowUnixS());
      const key = `hashprice:cycles:${asOf?.date}:${asOf?.age_days}`;
      return cachedJson<never>(
        c,
        await ctx.cache.getAsync(key, async () => {
          const index = await ctx.hashpriceIndex();
          return { data_as_of: asOf, cycles: cycleComparison(asOf ? index.filter((d) => d.date <= asOf.date) : index) };
        }),
      );
    },
  );
}
