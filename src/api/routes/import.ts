/**
 * Import days of network history (a write: token-guarded off loopback). The CSV has the columns
 * of data/network_daily.csv (only `date` required); the whole body is validated first and stored
 * in one transaction as origin `user-import`, then the history, index and cached answers refresh.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { GENESIS_DATE } from '../../economics/hashprice-index.js';
import { ValidationError } from '../../errors.js';
import { parseNetworkDailyCsv } from '../../adapters/datasets/network-daily-csv.js';
import { ORIGIN_USER_IMPORT } from '../../adapters/store/daily-rows.js';
import { unixSToDate } from '../../units/time.js';
import type { ApiApp, ApiContext } from '../context.js';
import { jsonOf } from '../json.js';
import { authResponses, errorResponses } from '../schemas.js';

export function registerImportRoutes(app: ApiApp, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/import/daily',
      tags: ['history'],
      summary: 'Import days of network history from CSV into the store (all rows or none); requires the bearer token off loopback',
      security: [{ bearer: [] }],
      middleware: [ctx.guardWrite] as const,
      request: {
        body: {
          required: true,
          content: {
            'text/csv': {
              schema: z.string().openapi({
                example: 'date,price_usd_per_btc\n2026-02-13,68857.84',
                description: 'columns of data/network_daily.csv; the pre-0.2 headers price_usd and price_usd_src are still read (deprecated, until 0.3)',
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'Rows written',
          content: {
            'application/json': { schema: z.object({ origin: z.string(), rows_imported: z.number().int(), first_date: z.string(), last_date: z.string() }) },
          },
        },
        ...authResponses,
        ...errorResponses,
      },
    }),
    async (c) => {
      const text = await c.req.text();
      const rows = parseNetworkDailyCsv(text, {
        source: 'request body',
        defaultProvenance: ORIGIN_USER_IMPORT,
        dateRange: { first: GENESIS_DATE, last: unixSToDate(ctx.services.nowUnixS()) },
      });
      if (rows.length === 0) throw ValidationError.field('(body)', 'no data rows after the header');
      const written = await (await ctx.store()).upsertDaily(ORIGIN_USER_IMPORT, rows);
      ctx.invalidate();
      return jsonOf({ origin: ORIGIN_USER_IMPORT, rows_imported: written, first_date: rows[0]?.date ?? '', last_date: rows.at(-1)?.date ?? '' });
    },
  );
}
