/**
 * The HTTP API: `createApp(services)` returns a Hono app, testable in-process with
 * `app.request()`; src/api/server.ts binds it to a socket. Every request is validated against
 * its zod schema (the same schemas generate /openapi.json); every failure leaves as
 * application/problem+json through the one error handler below.
 */
import { dataAsOf, requireDataAsOf } from '../app/as-of.js';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { toAppError } from '../errors.js';
import type { BackgroundRefresh, Services } from '../app/services.js';
import { freshness, type Freshness } from '../app/data-as-of.js';
import { docsPage } from './docs-page.js';
import { JobManager } from './jobs.js';
import { BodyCache, jsonOf } from './json.js';
import { problem, problemFromError, problemResponse } from './problem.js';
import { registerChainRoutes } from './routes/chain.js';
import { registerJobRoutes } from './routes/jobs.js';
import { registerMachineRoutes } from './routes/machines.js';
import { buildHashpriceIndex, type HashpriceDay } from '../economics/hashprice-index.js';
import type { DailyRow } from '../history/daily-row.js';
import { registerHistoryRoutes, warmHistoryRoutes } from './routes/history.js';
import { registerFleetRoutes } from './routes/fleets.js';
import { registerDispatchRoutes } from './routes/dispatch.js';
import { registerPivotRoutes } from './routes/pivot.js';
import { registerImportRoutes } from './routes/import.js';
import { registerSecurityBudgetRoutes } from './routes/security-budget.js';
import { registerFleetSensitivityRoutes } from './routes/fleet-sensitivity.js';
import { registerLiveRoutes } from './routes/live.js';
import { registerNetworkRoutes } from './routes/network.js';
import { runNetworkModel, type NetworkModel } from '../app/network-economics.js';
import type { ApiApp, ApiContext, ApiOptions } from './context.js';
import { FleetRepository } from '../app/fleets.js';
import { loadCatalog } from '../adapters/datasets/asic-catalog-file.js';
import { errorResponses, validationErrorFromZod } from './schemas.js';
import { createStaticHandler } from './static.js';
import { writeGuard } from './auth.js';
import { hostCheck, requestGuard } from './request-guard.js';
import { ClientLimiter, clientLimit } from './client-limit.js';
import { StoreWatch, watchStore } from './store-watch.js';
import { HitFastPath } from './hit-fast-path.js';
import type { Store } from '../ports/store.js';

export const API_VERSION = '1';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    api_version: z.string(),
    time_unix_s: z.number().int(),
    data_as_of: z.record(z.string().nullable()).openapi({ description: '`history` (merged) and each live feed → its last complete UTC day, or null' }),
    stale: z.boolean().openapi({ description: 'the history’s last complete day is more than stale_after_days before today (UTC)' }),
    stale_after_days: z.number().int(),
  })
  .openapi('Health');

/** Rounds of `refresh` every period_s, the next one only after the last ended; stops on the signal. */
function scheduleRefresh(refresh: BackgroundRefresh & { signal?: AbortSignal }, invalidate: () => void): void {
  let timer: NodeJS.Timeout | undefined;
  const round = async (): Promise<void> => {
    if (await refresh.run().catch(() => false)) invalidate();
    if (!refresh.signal?.aborted) timer = setTimeout(() => void round(), refresh.period_s * 1000).unref();
  };
  refresh.signal?.addEventListener('abort', () => clearTimeout(timer));
  timer = setTimeout(() => void round(), 0).unref();
}

function once<T>(fn: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: fn() }).v;
}

/** The media types each route's request body documents, keyed `METHOD /path/{param}`. */
function documentedBodyTypes(app: ApiApp): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of app.openAPIRegistry.definitions) {
    if (d.type !== 'route') continue;
    const content = (d.route.request?.body as { content?: Record<string, unknown> } | undefined)?.content;
    if (content) out.set(`${d.route.method.toUpperCase()} ${d.route.path}`, Object.keys(content));
  }
  return out;
}

export function createApp(services: Services, options: ApiOptions = {}): ApiApp {
  return createServedApp(services, options).app;
}

/**
 * The app, the fast path a socket server puts in front of it for cache hits (hit-fast-path.ts),
 * and `warmUp`: loads the data the hot reads answer from, for a server to await before it listens.
 */
export function createServedApp(services: Services, options: ApiOptions = {}): { app: ApiApp; fastPath: HitFastPath; warmUp: () => Promise<void> } {
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw validationErrorFromZod(result.error);
    },
  });
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let history: Promise<DailyRow[]> | undefined;
  let index: Promise<HashpriceDay[]> | undefined;
  // What history and index resolved to, while they are current (cleared with them).
  let loaded: { history?: DailyRow[]; hashpriceIndex?: HashpriceDay[] } = {};
  /** Records what `p` resolves to under `name`, unless the caches were dropped meanwhile. */
  const mirror = <K extends keyof typeof loaded>(name: K, p: Promise<NonNullable<(typeof loaded)[K]>>, current: () => unknown) => {
    const at = loaded;
    p.then(
      (v) => {
        if (loaded === at && current() === p) loaded[name] = v;
      },
      () => undefined,
    );
    return p;
  };
  let network: { date: string; model: Promise<NetworkModel> } | undefined;
  let opened: Store | undefined;
  let lastFreshness: { atMs: number; value: Promise<Freshness> } | undefined;
  const ctx: ApiContext = {
    services,
    jobs: new JobManager({ nowUnixS: () => services.nowUnixS() }),
    cache: new BodyCache(),
    guardWrite: writeGuard(options.token),
    catalog: once(() => loadCatalog(services.dataDir)),
    fleets: new FleetRepository(
      () => ctx.store(),
      () => ctx.catalog(),
      () => services.nowUnixS(),
    ),
    store: () => services.store(options.db).then((s) => (opened = s)),
    latestMarket: async () => {
      // Never past the as-of day: the clock may be earlier than the data (a test's fixed instant).
      const notAfter = dataAsOf(await ctx.history(), services.nowUnixS())?.date ?? '9999-12-31';
      const last = [...(await ctx.hashpriceIndex())].reverse().find((d) => d.date <= notAfter && d.hashprice_usd_per_ph_day !== null);
      return last
        ? { date: last.date, hashprice_usd_per_ph_day: last.hashprice_usd_per_ph_day as number, price_usd_per_btc: last.price_usd_per_btc }
        : undefined;
    },
    history: () =>
      (history ??= mirror(
        'history',
        services.history(options.db).catch((err: unknown) => {
          history = undefined; // a failed read (database down) is retried on the next request
          throw err;
        }),
        () => history,
      )),
    asOf: async () => requireDataAsOf(await ctx.history(), services.nowUnixS()),
    hashpriceIndex: () =>
      (index ??= mirror(
        'hashpriceIndex',
        ctx.history().then((rows) => buildHashpriceIndex(rows)),
        () => index,
      )),
    loaded: () => loaded,
    directGets: new Map(),
    networkModel: async () => {
      const asOf = await ctx.asOf();
      if (network?.date !== asOf.date) {
        const model = ctx.hashpriceIndex().then((rows) => runNetworkModel(rows, ctx.catalog(), asOf));
        network = { date: asOf.date, model };
        model.catch(() => (network = undefined));
      }
      return network.model;
    },
    invalidate: () => {
      lastFreshness = undefined;
      loaded = {};
      history = undefined;
      index = undefined;
      network = undefined;
      ctx.cache.clear();
    },
  };

  const limits = { maxInFlight: options.maxInFlightPerClient, ratePerS: options.ratePerClientPerS, exempt: (path: string) => path === '/api/v1/health' };
  const limiter = new ClientLimiter(limits);
  const watch = new StoreWatch(
    () => opened,
    () => ctx.invalidate(),
  );
  const allowedHost = hostCheck(options);
  app.use('/api/*', clientLimit(limits, limiter));
  app.use('/api/*', watchStore(watch));
  app.use('*', requestGuard({ host: options.host, allowedHosts: options.allowedHosts, bodyTypes: once(() => documentedBodyTypes(app)) }, allowedHost));
  if (options.refresh) scheduleRefresh(options.refresh, () => ctx.invalidate());

  // Large history answers shrink ~5× with gzip; small ones (< 1 KiB) are sent as they are.
  app.use('/api/*', compress({ threshold: 1024 }));
  app.onError((err, c) => {
    // Hono's own 4xx (malformed JSON in a validated body, …) keep their status and message.
    if (err instanceof HTTPException && err.status < 500)
      return problemResponse(problem(err.status, err.status === 400 ? 'PARSE' : 'HTTP', err.message, { instance: c.req.path }));
    return problemResponse(problemFromError(toAppError(err), c.req.path));
  });
  const limitBody = bodyLimit({
    maxSize: maxBody,
    onError: () => problemResponse(problem(413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${maxBody} bytes`)),
  });
  // Only requests that may carry a body: the limit looks at `c.req.raw.body`, which makes
  // @hono/node-server build a full fetch Request (headers, AbortSignal) — on a GET, that was most
  // of a hot read's cost.
  const mayHaveBody = new Set(['POST', 'PUT', 'PATCH']);
  const limitWrites: MiddlewareHandler = async (c, next) => (mayHaveBody.has(c.req.method) ? limitBody(c, next) : next());
  app.use('/api/*', limitWrites);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/health',
      tags: ['platform'],
      summary: 'Liveness and API version',
      responses: { 200: { description: 'Up', content: { 'application/json': { schema: HealthSchema } } }, ...errorResponses },
    }),
    async () => {
      // Health answers even when the store cannot be read: its feed dates are then null. The
      // freshness (one store query per feed) is reused for a second and dropped with the caches:
      // monitors and load balancers poll health, and it must stay the cheapest request.
      const nowMs = performance.now();
      if (!lastFreshness || nowMs - lastFreshness.atMs >= 1000) {
        const value = (async () => {
          const store = await ctx.store().catch(() => null);
          return freshness(await ctx.history().catch(() => []), store, services.nowUnixS()).catch(() => freshness([], null, services.nowUnixS()));
        })();
        lastFreshness = { atMs: nowMs, value };
      }
      const asOf = await lastFreshness.value;
      return jsonOf({ status: 'ok' as const, api_version: API_VERSION, time_unix_s: services.nowUnixS(), ...asOf });
    },
  );
  registerChainRoutes(app, ctx);
  registerHistoryRoutes(app, ctx);
  registerMachineRoutes(app, ctx);
  registerFleetRoutes(app, ctx);
  registerDispatchRoutes(app, ctx);
  registerPivotRoutes(app, ctx);
  registerImportRoutes(app, ctx);
  registerSecurityBudgetRoutes(app, ctx);
  registerNetworkRoutes(app, ctx);
  registerFleetSensitivityRoutes(app, ctx);
  registerLiveRoutes(app, ctx);
  registerJobRoutes(app, ctx);

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'hashfloor API',
      version: API_VERSION,
      description:
        'Bitcoin mining economics from the chain: hashprice, supply, machines, fleets, dispatch and valuation. Numeric fields carry their unit in the name; satoshi amounts are decimal strings; errors are application/problem+json.',
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.get('/docs', (c) => c.html(docsPage()));

  const serveStatic = options.webDir ? createStaticHandler(options.webDir) : undefined;
  app.notFound(async (c: Context) => {
    if (!c.req.path.startsWith('/api/') && serveStatic && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      const res = await serveStatic(c.req.path);
      if (res) return res;
    }
    return problemResponse(problem(404, 'NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`, { instance: c.req.path }));
  });
  const warmUp = async (): Promise<void> => {
    await warmHistoryRoutes(ctx);
    try {
      ctx.catalog();
      await ctx.store(); // opened first, so the request below also reads the store watch's first token
      // One request through the whole stack in-process: the first one also loads and compiles
      // the fetch classes, Hono's and the store's code paths (~0.3 s on the first health probe).
      await app.request('/api/v1/health');
    } catch {
      // reported by the routes that need it
    }
  };
  return {
    app,
    warmUp,
    fastPath: new HitFastPath({ cache: ctx.cache, limiter, watch, allowedHost, nowUnixS: () => services.nowUnixS(), direct: ctx.directGets }),
  };
}
