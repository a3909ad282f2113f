/**
 * Consensus read endpoints: subsidy and supply at a height, the halving schedule and the supply
 * curve to the last subsidy (≈2140). Exact satoshis from src/chain/subsidy.ts, as strings.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { FINAL_SUPPLY_SAT, HALVING_INTERVAL, halvingEra, halvingHeights, LAST_SUBSIDY_HEIGHT, subsidySat, supplyAtHeightSat } from '../../chain/subsidy.js';
import { satToBtc, satToBtcString } from '../../units/sat.js';
import type { ApiApp, ApiContext } from '../app.js';
import { jsonText } from '../json.js';
import { BtcString, errorResponses, numberQuery, SatString } from '../schemas.js';

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

const HalvingSchema = z.object({ index: z.number().int(), height: z.number().int(), subsidy_sat: SatString, subsidy_btc: BtcString }).openapi('Halving');

const CurvePointSchema = z.object({ height: z.number().int(), halving_era: z.number().int(), subsidy_btc: z.number(), supply_btc: z.number(), share_of_final_supply: z.number() });

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
      return c.json(
        {
          height,
          halving_era: halvingEra(height),
          subsidy_sat: subsidy_sat.toString(),
          subsidy_btc: satToBtcString(subsidy_sat),
          supply_sat: supply_sat.toString(),
          supply_btc: satToBtcString(supply_sat),
          final_supply_sat: FINAL_SUPPLY_SAT.toString(),
          last_subsidy_height: LAST_SUBSIDY_HEIGHT,
          share_of_final_supply: shareOfFinal(supply_sat),
        },
        200,
      );
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
        200: { description: 'Curve points every step_blocks (default 52,500 = a quarter era)', content: { 'application/json': { schema: z.object({ step_blocks: z.number().int(), points: z.array(CurvePointSchema) }) } } },
        ...errorResponses,
      },
    }),
    (c) => {
      const step = c.req.valid('query').step_blocks ?? HALVING_INTERVAL / 4;
      const text = ctx.cache.get(`supply-curve:${step}`, () => {
        const points = [];
        for (let h = 0; ; h = Math.min(h + step, LAST_SUBSIDY_HEIGHT)) {
          const supply_sat = supplyAtHeightSat(h);
          points.push({ height: h, halving_era: halvingEra(h), subsidy_btc: satToBtc(subsidySat(h)), supply_btc: satToBtc(supply_sat), share_of_final_supply: shareOfFinal(supply_sat) });
          if (h === LAST_SUBSIDY_HEIGHT) break;
        }
        return { step_blocks: step, points };
      });
      return jsonText<{ step_blocks: number; points: z.infer<typeof CurvePointSchema>[] }>(text);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/halvings',
      tags: ['chain'],
      summary: 'Every halving height and the subsidy paid from it on',
      responses: { 200: { description: 'Halvings', content: { 'application/json': { schema: z.object({ halvings: z.array(HalvingSchema) }) } } }, ...errorResponses },
    }),
    (c) =>
      c.json(
        { halvings: halvingHeights().map((h) => ({ index: h.index, height: h.height, subsidy_sat: h.subsidy_sat.toString(), subsidy_btc: satToBtcString(h.subsidy_sat) })) },
        200,
      ),
  );
}
