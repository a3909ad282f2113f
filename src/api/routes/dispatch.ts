/**
 * Dispatch plans as jobs: POST plans an uploaded fleet hour by hour against hourly power prices
 * (the embedded ERCOT 2024 hub file; each site pays its hub's column — `price_hubs` in the body,
 * else the spec's `price_hub`, else HB_WEST; an uploaded spec cannot name server files) with
 * src/dispatch/plan.ts; GET /api/v1/jobs/{id} returns the totals, the savings, the
 * hashrate given up and a day × hour grid of the fleet's grid power for the heatmap. The request is
 * checked here (bad fields answer 400 at once); the plan itself runs on a worker thread
 * (src/app/jobs/kinds/dispatch-plan.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { fleetDispatchProblem } from '../../dispatch/fleet-problem.js';
import { MAX_DWELL_HOURS } from '../../dispatch/problem.js';
import { ValidationError } from '../../errors.js';
import { parsePowerPriceTable, sliceHours } from '../../adapters/datasets/power-prices-csv.js';
import { EMBEDDED_DEFAULT_HUB, EMBEDDED_PRICES_FILE, sitePriceSeries } from '../../app/site-prices.js';
import { dateToUnixS, SECONDS_PER_DAY, unixSToDate } from '../../units/time.js';
import type { ApiApp, ApiContext } from '../context.js';
import { isIsoDate } from '../../units/time.js';
import { errorResponses, notFoundResponse } from '../schemas.js';
import { runJobInWorker } from '../../app/jobs/job-runner.js';
import { jobAccepted, jobAcceptedResponse } from './jobs.js';

/** Longest plan the API accepts (days): a year of hours. */
export const MAX_DISPATCH_DAYS = 366;

const day = (name: string) => z.string().refine(isIsoDate, { message: `${name} must be a date YYYY-MM-DD (UTC)` }).optional().openapi({ example: name === 'from' ? '2024-07-01' : '2024-07-31' });
const DispatchBody = z
  .object({
    from: day('from'),
    to: day('to'),
    hashprice_usd_per_ph_day: z.number().min(0).max(100_000).optional().openapi({ description: 'constant hashprice; default each UTC day from the history' }),
    price_usd_per_btc: z.number().positive().max(1e8).optional(),
    switch_cost_usd: z.number().min(0).max(10_000).optional().openapi({ description: 'cost of one machine changing profile (couples the hours); default the spec\'s switching.cost_usd_per_change' }),
    switch_lost_minutes: z.number().min(0).max(60).optional().openapi({ description: 'minutes of hashing lost per profile change, priced at the new profile\'s hashrate; default the spec\'s switching.lost_minutes_per_change' }),
    min_dwell_hours: z.number().int().min(1).max(MAX_DWELL_HOURS).optional().openapi({ description: 'a machine stays at least this many whole hours in a profile it enters (off included); default the spec\'s switching.min_dwell_hours, else 1' }),
    price_hubs: z
      .record(z.string().min(1).max(100), z.string().min(1).max(100))
      .optional()
      .openapi({
        description: `hub (price column) per site id, overriding the spec's price_hub; sites naming none pay ${EMBEDDED_DEFAULT_HUB}. Hubs of the embedded ${EMBEDDED_PRICES_FILE}: HB_WEST, HB_NORTH, HB_SOUTH, HB_HOUSTON, HB_PAN, HB_HUBAVG, HB_BUSAVG (USD/MWh). An unknown site or hub answers 400 naming price_hubs.<site>.`,
        example: { 'tx-west': 'HB_WEST', 'tx-north': 'HB_NORTH' },
      }),
  })
  .strict()
  .openapi('DispatchRequest');

export function registerDispatchRoutes(app: ApiApp, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/fleets/{id}/dispatch',
      tags: ['fleets', 'jobs'],
      summary: `Start a dispatch plan for an uploaded fleet (≤ ${MAX_DISPATCH_DAYS} days of the embedded 2024 ERCOT prices, each site at its hub)`,
      request: {
        params: z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' }, example: 'fleet-1' }) }),
        body: { required: false, content: { 'application/json': { schema: DispatchBody } } },
      },
      responses: { ...jobAcceptedResponse, ...notFoundResponse, ...errorResponses },
    }),
    async (c) => {
      const stored = await ctx.fleets.get(c.req.valid('param').id);
      const q = (await c.req.json().catch(() => ({}))) as z.infer<typeof DispatchBody>;
      const body = DispatchBody.parse(q);
      const table = parsePowerPriceTable(await readFile(join(ctx.services.dataDir, EMBEDDED_PRICES_FILE), 'utf8'), EMBEDDED_PRICES_FILE);
      const sites = sitePriceSeries(stored.fleet.sites, () => ({ table, fallback: EMBEDDED_DEFAULT_HUB }), { hubs: new Map(Object.entries(body.price_hubs ?? {})), field: (id) => `price_hubs.${id}` });
      const series = sites[0]!;
      const a = body.from ? dateToUnixS(body.from) : series.start_unix_s;
      const b = body.to ? dateToUnixS(body.to) + SECONDS_PER_DAY : series.start_unix_s + 3600 * series.price_usd_per_mwh.length;
      if (b <= a) throw ValidationError.field('from', 'from must not be after to');
      if (b - a > MAX_DISPATCH_DAYS * SECONDS_PER_DAY) throw ValidationError.field('to', `a plan covers at most ${MAX_DISPATCH_DAYS} days`);
      const cut = sites.map((x) => sliceHours(x, a, b, 'from'));
      const hours = (b - a) / 3600;
      let hashprice: Float64Array;
      let btc: Float64Array | undefined;
      if (body.hashprice_usd_per_ph_day !== undefined) hashprice = new Float64Array(hours).fill(body.hashprice_usd_per_ph_day);
      else {
        const byDate = new Map((await ctx.hashpriceIndex()).map((d) => [d.date, d]));
        hashprice = new Float64Array(hours);
        btc = new Float64Array(hours);
        for (let t = 0; t < hours; t++) {
          const d = byDate.get(unixSToDate(a + 3600 * t));
          if (d?.hashprice_usd_per_ph_day == null || d.price_usd == null) throw ValidationError.field('hashprice_usd_per_ph_day', `no hashprice in the history for ${unixSToDate(a + 3600 * t)}; give one`);
          hashprice[t] = d.hashprice_usd_per_ph_day;
          btc[t] = d.price_usd;
        }
      }
      if (body.price_usd_per_btc !== undefined) btc = new Float64Array(hours).fill(body.price_usd_per_btc);
      const problem = fleetDispatchProblem(stored.fleet, {
        start_unix_s: a,
        hours,
        prices_usd_per_mwh: cut.map((x) => x.price_usd_per_mwh),
        hashprice_usd_per_ph_day: hashprice,
        btc_usd: btc,
        switching: { cost_usd_per_change: body.switch_cost_usd, lost_minutes_per_change: body.switch_lost_minutes, min_dwell_hours: body.min_dwell_hours },
      });
      const price_hubs = Object.fromEntries(stored.fleet.sites.map((s, i) => [s.id, sites[i]!.column]));
      const prices_source = `${EMBEDDED_PRICES_FILE} (${Object.entries(price_hubs).map(([id, hub]) => `${id}: ${hub}`).join(', ')})`;
      const input = { fleet_id: stored.id, problem, prices_source, price_hubs, price_usd_per_mwh: cut[0]!.price_usd_per_mwh };
      const job = ctx.jobs.start('dispatch', (jc) => runJobInWorker('dispatch', input, jc));
      return jobAccepted(job) as never;
    },
  );
}
