/**
 * Live data: hashprice at the tip from the stored blocks (app/hashprice-now.ts) — own node, or
 * mempool via `hashfloor update` / `serve --refresh`. Read per request: it is a few small queries
 * and changes with every block.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { hashpriceNow } from '../../app/hashprice-now.js';
import type { ApiApp, ApiContext } from '../context.js';
import { jsonOf } from '../json.js';
import { errorResponses, notFoundResponse } from '../schemas.js';

const HashpriceNowSchema = z
  .object({
    height: z.number().int(),
    tip_time_unix_s: z.number().int(),
    blocks_source: z.string().openapi({ description: '`own-node` or `feed:<name>`' }),
    difficulty: z.number(),
    subsidy_sat_per_block: z.number(),
    fees_sat_per_block: z.number().openapi({ description: 'mean fees of the last fee_window_blocks blocks' }),
    fee_window_blocks: z.number().int(),
    price_usd_per_btc: z.number(),
    price_date: z.string().openapi({ description: 'the UTC day whose close the price is' }),
    price_time_unix_s: z.number().int().openapi({ description: 'end of price_date' }),
    price_source: z.string(),
    blocks_per_ph_day: z.number(),
    hashvalue_sat_per_ph_day: z.number(),
    hashprice_usd_per_ph_day: z.number(),
    open_day: z.string(),
    open_day_partial: z.literal(true),
  })
  .openapi('HashpriceNow');

export function registerLiveRoutes(app: ApiApp, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/hashprice/now',
      tags: ['history'],
      summary: 'Hashprice at the tip: tip difficulty, mean fees of the last 144 blocks, latest stored price',
      responses: {
        200: { description: 'Hashprice at the tip', content: { 'application/json': { schema: HashpriceNowSchema } } },
        ...notFoundResponse,
        ...errorResponses,
      },
    }),
    async () => jsonOf(await hashpriceNow(await ctx.store())),
  );
}
