/**
 * Pivot valuation as a job: POST a site file (YAML/JSON, as examples/site.yaml) and get the Monte
 * Carlo NPV distributions of keeping the mine vs converting to AI/HPC hosting, win probabilities,
 * IRRs and breakevens — src/valuation/pivot.ts on a worker thread (src/app/jobs/kinds/pivot-valuation.ts)
 * on at most MAX_PATHS paths.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { MAX_HORIZON_YEARS, parseSiteSpecText } from '../../config/site-spec.js';
import { priceSiteContracts } from '../../app/pivot-contracts.js';
import { ValidationError } from '../../errors.js';
import { fittedHistory } from '../../app/valuation-history.js';
import { fitFrontier } from '../../valuation/frontier.js';
import { runJobInWorker } from '../../app/jobs/job-runner.js';
import { startState } from '../../valuation/start.js';
import type { ApiApp, ApiContext } from '../context.js';
import { errorResponses, numberQuery } from '../schemas.js';
import { jobAccepted, jobAcceptedResponse } from './jobs.js';

/** Limits that keep one request from occupying the server for minutes. */
export const MAX_PATHS = 20_000;

export function registerPivotRoutes(app: ApiApp, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/valuation/pivot',
      tags: ['valuation', 'jobs'],
      summary: `Start a pivot valuation (mine vs AI/HPC) for a site file; ≤ ${MAX_PATHS} paths, ≤ ${MAX_HORIZON_YEARS} years`,
      request: {
        query: z.object({
          paths: numberQuery('paths', { integer: true, min: 100, max: MAX_PATHS, example: 2000 }).optional(),
          seed: numberQuery('seed', { integer: true, min: 0, max: 2 ** 31, example: 7 }).optional(),
          horizon_years: numberQuery('horizon_years', { min: 1, max: MAX_HORIZON_YEARS, example: 10 }).optional(),
        }),
        body: { required: true, content: { 'application/yaml': { schema: z.string() } } },
      },
      responses: { ...jobAcceptedResponse, ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const text = await c.req.text();
      if (text.trim() === '') throw ValidationError.field('(body)', 'send the site file as the request body (YAML or JSON)');
      const r = parseSiteSpecText(text, ctx.catalog());
      if (!r.ok) throw new ValidationError(r.errors);
      const v = r.value.valuation;
      const horizon = q.horizon_years ?? v.horizon_years;
      const paths = q.paths ?? 2000;
      const seed = q.seed ?? 1;
      // The server's history (its --db, imports included), not the services' default store.
      const priced = priceSiteContracts(r.value.sites, ctx.services.dataDir);
      const hist = await fittedHistory({ history: () => ctx.history(), nowUnixS: () => ctx.services.nowUnixS() }, v.fit_from_month);
      const start = startState(hist.rows, hist.points, hist.fit, { month: v.start_month, price_usd_per_btc: v.start_price_usd_per_btc });
      const inputs = {
        fit: hist.fit,
        start,
        steps: Math.round(horizon * 12),
        discount_rate_annual: v.discount_rate_pct / 100,
        drift_regime: v.btc_drift_regime,
        overrides: {
          btc_drift_annual: v.btc_drift_pct_per_year !== undefined ? v.btc_drift_pct_per_year / 100 : undefined,
          btc_volatility_annual: v.btc_volatility_pct_per_year !== undefined ? v.btc_volatility_pct_per_year / 100 : undefined,
        },
        frontier: fitFrontier(ctx.catalog(), start.month),
        sites: priced.sites,
      };
      const input = {
        inputs,
        paths,
        seed,
        horizon_years: horizon,
        discount_rate_pct: v.discount_rate_pct,
        data_as_of: hist.data_as_of,
        warnings: r.warnings ?? [],
        contracts: priced.contracts,
      };
      const job = ctx.jobs.start('pivot', (jc) => runJobInWorker('pivot', input, jc));
      return jobAccepted(job) as never;
    },
  );
}
