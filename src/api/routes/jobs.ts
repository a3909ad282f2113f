/**
 * Job endpoints shared by every long computation: GET shows progress and (when done) the result,
 * DELETE cancels a running job or forgets a finished one. Jobs are created by their own POST
 * routes (fleet report, dispatch plan, pivot valuation), which answer 202 with a Location.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { ApiApp, ApiContext } from '../context.js';
import type { JobView } from '../jobs.js';
import { jsonOf } from '../json.js';
import { errorResponses, jobStartResponses, notFoundResponse } from '../schemas.js';
import { withDeprecatedNames } from '../../units/renamed-fields.js';
import { JobSchema, PIVOT_RESULT_RENAMED } from '../schemas-results.js';

const JobParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'pivot-1-1' }),
});

/** A job as answered: a pivot result carries its renamed fields under both names until the aliases go. */
function answer<T extends { kind: string }>(job: T): T {
  return job.kind === 'pivot' ? withDeprecatedNames(job, PIVOT_RESULT_RENAMED) : job;
}

/** The 202 answer of a POST that started a job. */
export function jobAccepted(job: JobView): Response {
  return new Response(JSON.stringify(job), { status: 202, headers: { 'content-type': 'application/json; charset=utf-8', location: `/api/v1/jobs/${job.id}` } });
}

export const jobAcceptedResponse = {
  202: { description: 'Job started; poll GET /api/v1/jobs/{id}', content: { 'application/json': { schema: JobSchema } } },
  ...jobStartResponses,
} as const;

export function registerJobRoutes(app: ApiApp, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/jobs',
      tags: ['jobs'],
      summary: 'Jobs known to this server (running and recently finished)',
      responses: {
        200: { description: 'Jobs without their results', content: { 'application/json': { schema: z.object({ jobs: z.array(JobSchema) }) } } },
        ...errorResponses,
      },
    }),
    () => jsonOf({ jobs: ctx.jobs.list().map((j) => ({ ...j, result: null })) }) as never,
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/jobs/{id}',
      tags: ['jobs'],
      summary: 'Progress of a job, and its result once it succeeded',
      request: { params: JobParams },
      responses: { 200: { description: 'The job', content: { 'application/json': { schema: JobSchema } } }, ...notFoundResponse, ...errorResponses },
    }),
    (c) => jsonOf(answer(ctx.jobs.get(c.req.valid('param').id))) as never,
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/jobs/{id}',
      tags: ['jobs'],
      summary: 'Cancel a running job, answering once it has stopped (or forget a finished one)',
      request: { params: JobParams },
      responses: {
        200: { description: 'The job as it ended', content: { 'application/json': { schema: JobSchema } } },
        ...notFoundResponse,
        ...errorResponses,
      },
    }),
    async (c) => jsonOf(answer(await ctx.jobs.cancel(c.req.valid('param').id))) as never,
  );
}
