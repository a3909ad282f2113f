/**
 * Fleets: upload a spec (YAML or JSON; a write, so token-guarded off loopback), read it back, and
 * its report over the history — cost per BTC (cash and all-in), hashcost against hashprice by
 * month or quarter — from src/economics/fleet-report.ts over the hashprice index.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { ValidationError } from '../../errors.js';
import type { ApiApp, ApiContext } from '../context.js';
import { fleetListItem, fleetSummary } from '../../app/fleets.js';
import { fleetReportOf } from '../../app/fleet-costs.js';
import { cachedJson, jsonOf } from '../json.js';
import { withDeprecatedNames } from '../../units/renamed-fields.js';
import { FLEET_PERIOD_RENAMED, FleetListItemSchema, FleetPeriodSchema as PeriodSchema, FleetSchema, SiteContractSchema } from '../schemas-results.js';
import { authResponses, DataAsOfSchema, dateQuery, errorResponses, notFoundResponse, notModifiedResponse } from '../schemas.js';

const FleetParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'fleet-1' }),
});
export function registerFleetRoutes(app: ApiApp, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/fleets',
      tags: ['fleets'],
      summary: 'Upload a fleet spec (YAML or JSON, as examples/fleet.yaml); requires the bearer token off loopback',
      security: [{ bearer: [] }],
      middleware: [ctx.guardWrite] as const,
      request: {
        body: {
          required: true,
          content: { 'application/yaml': { schema: z.string() }, 'application/json': { schema: z.object({}).passthrough() } },
        },
      },
      responses: {
        201: { description: 'The validated fleet, stored', content: { 'application/json': { schema: FleetSchema } } },
        200: {
          description: 'The same spec (format and text) was already stored: that fleet, under the same id',
          content: { 'application/json': { schema: FleetSchema } },
        },
        ...authResponses,
        ...errorResponses,
      },
    }),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      const text = await c.req.text();
      if (text.trim() === '') throw ValidationError.field('(body)', 'send the fleet spec as the request body (YAML or JSON)');
      const stored = await ctx.fleets.add(text, type.includes('json') ? 'json' : 'yaml');
      return jsonOf(fleetSummary(stored), stored.created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/fleets',
      tags: ['fleets'],
      summary: 'Stored fleets, oldest upload first: id, company, upload time, totals',
      responses: {
        200: { description: 'Fleets', content: { 'application/json': { schema: z.object({ fleets: z.array(FleetListItemSchema) }) } } },
        ...errorResponses,
      },
    }),
    async () => jsonOf({ fleets: (await ctx.fleets.list()).map(fleetListItem) }) as never,
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/fleets/{id}',
      tags: ['fleets'],
      summary: 'Delete a stored fleet; requires the bearer token off loopback',
      security: [{ bearer: [] }],
      middleware: [ctx.guardWrite] as const,
      request: { params: FleetParams },
      responses: { 204: { description: 'Deleted' }, ...authResponses, ...notFoundResponse, ...errorResponses },
    }),
    async (c) => {
      await ctx.fleets.delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/fleets/{id}',
      tags: ['fleets'],
      summary: 'An uploaded fleet: sites, lots, totals',
      request: { params: FleetParams },
      responses: { 200: { description: 'The fleet', content: { 'application/json': { schema: FleetSchema } } }, ...notFoundResponse, ...errorResponses },
    }),
    async (c) => jsonOf(fleetSummary(await ctx.fleets.get(c.req.valid('param').id))) as never,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/fleets/{id}/report',
      tags: ['fleets'],
      summary:
        'Fleet report: BTC mined, cash and all-in cost per BTC, hashcost vs hashprice, by month or quarter; by default from the last halving to the last complete day, as `fleet report`',
      request: {
        params: FleetParams,
        query: z.object({
          from: dateQuery('from', '2024-06-01'),
          to: dateQuery('to', '2025-11-30'),
          by: z
            .enum(['month', 'quarter', 'all'])
            .optional()
            .openapi({ param: { name: 'by', in: 'query' }, example: 'month' }),
        }),
      },
      responses: {
        200: {
          description: 'Report',
          content: {
            'application/json': {
              schema: z.object({
                data_as_of: DataAsOfSchema,
                fleet_id: z.string(),
                from: z.string(),
                to: z.string(),
                by: z.string(),
                periods: z.array(PeriodSchema),
                total: PeriodSchema,
                contracts: z
                  .array(SiteContractSchema)
                  .openapi({ description: 'the contract that priced each site, the index it read and its bill over the range' }),
                note: z.string().nullable().openapi({ description: "why the default end moved back to the last day the sites' index prices cover, else null" }),
              }),
            },
          },
        },
        ...notModifiedResponse,
        ...notFoundResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const stored = await ctx.fleets.get(id);
      const index = await ctx.hashpriceIndex();
      // The CLI's default window: the last halving to the last complete day (src/app/report-window.ts),
      // cut to the sites' index prices (src/app/fleet-costs.ts).
      const asOf = await ctx.asOf();
      const by = q.by ?? 'month';
      // The full-history report costs ~0.3 s of main-thread CPU: computed once per fleet and range
      // (concurrent requests share the computation) and kept until an import changes the history.
      const body = await ctx.cache.getAsync(`fleet-report:${id}:${stored.uploaded_unix_s}:${q.from}:${q.to}:${by}:${asOf.date}:${asOf.age_days}`, async () => {
        // The report's paths (`from`, `to`, `sites[0]…`) are the query's and the spec's names already.
        const { report, contracts, note } = await fleetReportOf(
          stored.fleet,
          index,
          asOf.date,
          { from: q.from, to: q.to, by },
          {
            dataDir: ctx.services.dataDir,
            store: () => ctx.store(),
            embeddedByName: true,
          },
        );
        const { bills: _bills, ...r } = report;
        return { data_as_of: asOf, ...withDeprecatedNames({ fleet_id: id, ...r, contracts, note }, FLEET_PERIOD_RENAMED) };
      });
      return cachedJson<never>(c, body);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/examples/{name}',
      tags: ['fleets'],
      summary: 'The example fleet and site specs (YAML), for the dashboard',
      request: { params: z.object({ name: z.enum(['fleet.yaml', 'site.yaml']).openapi({ param: { name: 'name', in: 'path' }, example: 'fleet.yaml' }) }) },
      responses: { 200: { description: 'The spec', content: { 'application/yaml': { schema: z.string() } } }, ...notFoundResponse, ...errorResponses },
    }),
    async (c) => {
      const text = await readFile(join(ctx.services.dataDir, '..', 'examples', c.req.valid('param').name), 'utf8');
      return c.body(text, 200, { 'content-type': 'application/yaml; charset=utf-8' });
    },
  );
}
