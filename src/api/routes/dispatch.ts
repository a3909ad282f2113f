/**
 * Dispatch plans as jobs: POST plans an uploaded fleet hour by hour under each site's power
 * contract (its index read from the store's hub prices, else the embedded ERCOT files — `price_hubs`
 * in the body overriding the contract's hub; a fixed price without resale reads none) with
 * src/dispatch/plan.ts; GET /api/v1/jobs/{id} returns the totals, the savings, the
 * hashrate given up, a day × hour grid of the fleet's grid power for the heatmap and the Schedule
 * (src/dispatch/schedule.ts). The inputs are built by src/app/dispatch-inputs.ts, as for the CLI,
 * here (bad fields answer 400 at once); the plan itself runs on a worker thread
 * (src/app/jobs/kinds/dispatch-plan.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { dataAsOf } from '../../app/as-of.js';
import { MAX_DWELL_HOURS } from '../../dispatch/problem.js';
import { sitePriceTables } from '../../app/price-tables.js';
import { EMBEDDED_DEFAULT_HUB, EMBEDDED_PRICES_FILE } from '../../app/site-prices.js';
import { buildDispatchInputs } from '../../app/dispatch-inputs.js';
import { AppError, renamePaths } from '../../errors.js';
import { contractSummary } from '../../economics/power-contract.js';
import type { ApiApp, ApiContext } from '../context.js';
import { isIsoDate } from '../../units/time.js';
import { errorResponses, notFoundResponse } from '../schemas.js';
import { runJobInWorker } from '../../app/jobs/job-runner.js';
import { jobAccepted, jobAcceptedResponse } from './jobs.js';

/** Longest plan the API accepts (days): a year of hours. */
export const MAX_DISPATCH_DAYS = 366;

const day = (name: string) =>
  z
    .string()
    .refine(isIsoDate, { message: `${name} must be a date YYYY-MM-DD (UTC)` })
    .optional()
    .openapi({ example: name === 'from' ? '2024-07-01' : '2024-07-31' });
const DispatchBody = z
  .object({
    from: day('from'),
    to: day('to'),
    hashprice_usd_per_ph_day: z.number().min(0).max(100_000).optional().openapi({ description: 'constant hashprice; default each UTC day from the history' }),
    price_usd_per_btc: z.number().positive().max(1e8).optional(),
    switch_cost_usd: z
      .number()
      .min(0)
      .max(10_000)
      .optional()
      .openapi({ description: "cost of one machine changing profile (couples the hours); default the spec's switching.cost_usd_per_change" }),
    switch_lost_minutes: z.number().min(0).max(60).optional().openapi({
      description: "minutes of hashing lost per profile change, priced at the new profile's hashrate; default the spec's switching.lost_minutes_per_change",
    }),
    min_dwell_hours: z.number().int().min(1).max(MAX_DWELL_HOURS).optional().openapi({
      description: "a machine stays at least this many whole hours in a profile it enters (off included); default the spec's switching.min_dwell_hours, else 1",
    }),
    price_hubs: z
      .record(z.string().min(1).max(100), z.string().min(1).max(100))
      .optional()
      .openapi({
        description: `hub (price column) per site id, overriding the hub of the site's contract index (an index site naming none reads ${EMBEDDED_DEFAULT_HUB}; a fixed price without resale reads none, and naming it is an error). Hubs of the embedded ${EMBEDDED_PRICES_FILE}: HB_WEST, HB_NORTH, HB_SOUTH, HB_HOUSTON, HB_PAN, HB_HUBAVG, HB_BUSAVG (USD/MWh). An unknown site or hub answers 400 naming price_hubs.<site>.`,
        example: { 'tx-west': 'HB_WEST', 'tx-north': 'HB_NORTH' },
      }),
  })
  .strict()
  .openapi('DispatchRequest');

/** The request field a neutral input path (src/app/dispatch-inputs.ts) stands for. */
function fieldOf(path: string): string {
  if (path === 'hashprice') return 'hashprice_usd_per_ph_day';
  return path.startsWith('site_hubs.') ? `price_hubs.${path.slice('site_hubs.'.length)}` : path;
}

export function registerDispatchRoutes(app: ApiApp, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/fleets/{id}/dispatch',
      tags: ['fleets', 'jobs'],
      summary: `Start a dispatch plan for an uploaded fleet (≤ ${MAX_DISPATCH_DAYS} days of ERCOT hub prices: the store's where it holds the days, else the embedded 2023–2025 files; each site at its hub)`,
      request: {
        params: z.object({
          id: z
            .string()
            .min(1)
            .max(100)
            .openapi({ param: { name: 'id', in: 'path' }, example: 'fleet-1' }),
        }),
        body: { required: false, content: { 'application/json': { schema: DispatchBody } } },
      },
      responses: { ...jobAcceptedResponse, ...notFoundResponse, ...errorResponses },
    }),
    async (c) => {
      const stored = await ctx.fleets.get(c.req.valid('param').id);
      const q = (await c.req.json().catch(() => ({}))) as z.infer<typeof DispatchBody>;
      const body = DispatchBody.parse(q);
      const site_hubs = new Map(Object.entries(body.price_hubs ?? {}));
      const tables = await sitePriceTables({
        sites: stored.fleet.sites,
        dataDir: ctx.services.dataDir,
        from: body.from,
        to: body.to,
        site_hubs,
        store: () => ctx.store(),
        embeddedByName: true,
      });
      const inputs = await buildDispatchInputs({
        fleet: stored.fleet,
        // An uploaded spec names no server files (refused at upload): its indexes read the store or the embedded hubs.
        priceTable: tables,
        site_hubs,
        from: body.from,
        to: body.to,
        max_days: MAX_DISPATCH_DAYS,
        hashprice:
          body.hashprice_usd_per_ph_day !== undefined
            ? { kind: 'constant', hashprice_usd_per_ph_day: body.hashprice_usd_per_ph_day }
            : { kind: 'daily', index: () => ctx.hashpriceIndex() },
        price_usd_per_btc: body.price_usd_per_btc,
        switching: { cost_usd_per_change: body.switch_cost_usd, lost_minutes_per_change: body.switch_lost_minutes, min_dwell_hours: body.min_dwell_hours },
      }).catch((err: unknown) => {
        throw err instanceof AppError ? renamePaths(err, fieldOf) : err;
      });
      const price_hubs = Object.fromEntries(inputs.prices.map((x) => [x.site, x.column]));
      const sources = new Set(inputs.prices.map((x) => x.source));
      const prices_source =
        sources.size === 1
          ? `${[...sources][0]} (${inputs.prices.map((x) => `${x.site}: ${x.column}`).join(', ')})`
          : inputs.prices.map((x) => `${x.site}: ${x.column} from ${x.source}`).join(', ');
      // The history is read only for a daily hashprice; a constant one plans without it.
      const data_as_of = body.hashprice_usd_per_ph_day === undefined ? dataAsOf(await ctx.history(), ctx.services.nowUnixS()) : null;
      const input = {
        fleet_id: stored.id,
        data_as_of,
        problem: inputs.problem,
        prices_source,
        price_hubs,
        price_usd_per_mwh: inputs.prices[0]!.price_usd_per_mwh,
        contracts: stored.fleet.sites.map((s) => contractSummary(s.contract)),
      };
      const job = ctx.jobs.start('dispatch', (jc) => runJobInWorker('dispatch', input, jc));
      return jobAccepted(job) as never;
    },
  );
}
