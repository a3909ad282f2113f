/**
 * Consensus read endpoints: subsidy and supply at a height, the halving schedule and the supply
 * curve to the last subsidy (≈2140). Exact satoshis from src/chain/subsidy.ts, as strings.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { halvingCalendar, type ChainTip } from '../../chain/halving-calendar.js';
import { ValidationError } from '../../errors.js';
import { FINAL_SUPPLY_SAT, HALVING_INTERVAL, halvingEra, LAST_SUBSIDY_HEIGHT, subsidySat, supplyAtHeightSat } from '../../chain/subsidy.js';
import { satToBtc, satToBtcString } from '../../units/sat.js';
import type { ApiApp, ApiContext } from '../context.js';
import { cachedJson, jsonOf } from '../json.js';
import { inApiNames } from '../problem.js';
import { BtcString, DataAsOfSchema, errorResponses, notModifiedResponse, numberQuery, SatString } from '../schemas.js';

const SupplySchema = z
  .object({
    height: z.number().int(),
    halving_era: z.number().int(),
    subsidy_sat: SatString,
    subsidy_btc: BtcString,
    supply_sat: SatString,
    supply_btc: BtcString,
    final_supply_sat: SatString,
    last_subsidy_height: z.number().int(),
    share_of_final_supply: z.number(),
  })
  .openapi('Supply');

const HalvingSchema = z
  .object({
    index: z.number().int(),
    height: z.number().int(),
    subsidy_before_sat: SatString,
    subsidy_after_sat: SatString,
    subsidy_after_btc: BtcString,
    status: z.enum(['observed', 'projected']),
    time_unix_s: z.number().int(),
    time_utc: z.string(),
    date: z.string(),
    blocks_from_tip: z.number().int(),
    days_from_tip: z.number(),
  })
  .openapi('Halving');
/** The halving calendar's tip paths in this route's query names. */
const HALVING_NAMES = { tip: 'tip_height', 'tip.height': 'tip_height', 'tip.time_unix_s': 'tip_time_unix_s', 'tip.block_interval_s': 'block_interval_s' };

const TipSchema = z.object({ height: z.number().int(), time_unix_s: z.number().int(), block_interval_s: z.number(), source: z.string() });

const CurvePointSchema = z.object({
  height: z.number().int(),
  halving_era: z.number().int(),
  subsidy_btc: z.number(),
  supply_btc: z.number(),
  share_of_final_supply: z.number(),
});

/** Share of the final supply with six decimals, exact until the last division. */
function shareOfFinal(supply_sat: bigint): number {
  return Number((supply_sat * 1_000_000n) / FINAL_SUPPLY_SAT) / 1_000_000;
}

export function registerChainRoutes(app: ApiApp, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/supply',
      tags: ['chain'],
      summary: 'Block subsidy and cumulative supply allowed at a height (exact satoshis)',
      request: { query: z.object({ height: numberQuery('height', { integer: true, min: 0, example: 840000 }) }) },
      responses: { 200: { description: 'Subsidy and supply', content: { 'application/json': { schema: SupplySchema } } }, ...errorResponses },
    }),
    (c) => {
      const { height } = c.req.valid('query');
      const subsidy_sat = subsidySat(height);
      const supply_sat = supplyAtHeightSat(height);
      return jsonOf({
        height,
        halving_era: halvingEra(height),
        subsidy_sat: subsidy_sat.toString(),
        subsidy_btc: satToBtcString(subsidy_sat),
        supply_sat: supply_sat.toString(),
        supply_btc: satToBtcString(supply_sat),
        final_supply_sat: FINAL_SUPPLY_SAT.toString(),
        last_subsidy_height: LAST_SUBSIDY_HEIGHT,
        share_of_final_supply: shareOfFinal(supply_sat),
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/supply/curve',
      tags: ['chain'],
      summary: 'Supply allowed by height, from genesis to the last subsidy (≈2140)',
      request: {
        query: z.object({ step_blocks: numberQuery('step_blocks', { integer: true, min: 1000, max: HALVING_INTERVAL, example: 52500 }).optional() }),
      },
      responses: {
        200: {
          description: 'Curve points every step_blocks (default 52,500 = a quarter era)',
          content: { 'application/json': { schema: z.object({ step_blocks: z.number().int(), points: z.array(CurvePointSchema) }) } },
        },
        ...notModifiedResponse,
        ...errorResponses,
      },
    }),
    (c) => {
      const step = c.req.valid('query').step_blocks ?? HALVING_INTERVAL / 4;
      const text = ctx.cache.get(`supply-curve:${step}`, () => {
        const points = [];
        for (let h = 0; ; h = Math.min(h + step, LAST_SUBSIDY_HEIGHT)) {
          const supply_sat = supplyAtHeightSat(h);
          points.push({
            height: h,
            halving_era: halvingEra(h),
            subsidy_btc: satToBtc(subsidySat(h)),
            supply_btc: satToBtc(supply_sat),
            share_of_final_supply: shareOfFinal(supply_sat),
          });
          if (h === LAST_SUBSIDY_HEIGHT) break;
        }
        return { step_blocks: step, points };
      });
      return cachedJson<{ step_blocks: number; points: z.infer<typeof CurvePointSchema>[] }>(c, text);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/halvings',
      tags: ['chain'],
      summary: 'Every halving through the last (~2140): real header times for past ones, projected from a tip for the rest',
      description:
        'Default tip: the end of the last complete day of the history (data_as_of), as `hashfloor halvings`; data_as_of is null when the query gives the tip.',
      request: {
        query: z.object({
          tip_height: numberQuery('tip_height', { integer: true, min: 0, example: 933408 }).optional(),
          tip_time_unix_s: numberQuery('tip_time_unix_s', { integer: true, min: 1231006505, example: 1769110282 }).optional(),
          block_interval_s: numberQuery('block_interval_s', { min: 1, max: 86400, example: 600 }).optional(),
        }),
      },
      responses: {
        200: {
          description: 'Tip and halvings',
          content: { 'application/json': { schema: z.object({ data_as_of: DataAsOfSchema.nullable(), tip: TipSchema, halvings: z.array(HalvingSchema) }) } },
        },
        ...notModifiedResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      if ((q.tip_height === undefined) !== (q.tip_time_unix_s === undefined)) {
        throw ValidationError.field(
          q.tip_height === undefined ? 'tip_height' : 'tip_time_unix_s',
          'give tip_height and tip_time_unix_s together (or neither, to project from the end of the last complete day of the history)',
        );
      }
      const fromQuery = q.tip_height !== undefined && q.tip_time_unix_s !== undefined;
      // The as-of day moves with the clock and with imports, so it belongs in the key.
      const asOf = fromQuery ? null : await ctx.asOf();
      const key = `halvings:${q.tip_height}:${q.tip_time_unix_s}:${q.block_interval_s}:${asOf?.date}:${asOf?.age_days}`;
      const text = await ctx.cache.getAsync(key, async () => {
        const tip: ChainTip & { source: string } = asOf
          ? { ...asOf.tip, source: `end of ${asOf.date}, the last complete day of the history (height from its block counts)` }
          : { height: q.tip_height as number, time_unix_s: q.tip_time_unix_s as number, source: 'query' };
        tip.block_interval_s = q.block_interval_s ?? 600;
        const calendar = await inApiNames(HALVING_NAMES, () => halvingCalendar(tip));
        const halvings = calendar.map((h) => ({ ...h, subsidy_after_btc: satToBtcString(h.subsidy_after_sat), date: h.time_utc.slice(0, 10) }));
        return { data_as_of: asOf, tip, halvings };
      });
      return cachedJson<never>(c, text);
    },
  );
}
