/**
 * Every route of /openapi.json, called for real, answers what the document says: the status is
 * documented, and the body matches that status's schema (strictly: no undocumented fields).
 * Every route is also driven into an error, which must be a documented application/problem+json.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OpenApiValidator, type OpenApiDoc } from '../helpers/openapi-validator.js';
import { postJson, testApp, testServices } from './helpers.js';

const fleetYaml = readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8');
const siteYaml = readFileSync(new URL('../../examples/site.yaml', import.meta.url), 'utf8');
const yaml = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/yaml' }, body });
const csv = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'text/csv' }, body });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Case {
  path: string;
  init?: RequestInit;
  status: number;
}

describe('the OpenAPI document describes every real answer', () => {
  const services = testServices();
  const app = testApp({}, services);
  let v: OpenApiValidator;
  const seen = new Map<string, Set<number>>();
  const problems: string[] = [];

  async function send(c: Case): Promise<unknown> {
    const method = c.init?.method ?? 'GET';
    const res = await app.request(c.path, c.init);
    const type = res.headers.get('content-type') ?? '';
    const text = await res.text();
    const body: unknown = type.includes('json') ? JSON.parse(text) : text;
    if (res.status !== c.status) problems.push(`${method} ${c.path}: expected ${c.status}, got ${res.status} ${text.slice(0, 300)}`);
    const op = v.match(method, c.path);
    if (!op) {
      problems.push(`${method} ${c.path} is not in the document`);
      return body;
    }
    if (res.status >= 400 && !type.startsWith('application/problem+json')) problems.push(`${op} ${res.status}: ${type} is not problem+json`);
    problems.push(...v.check(op, res.status, type, body));
    seen.set(op, (seen.get(op) ?? new Set()).add(res.status));
    return body;
  }

  async function finished(id: string): Promise<void> {
    for (let i = 0; i < 600; i++) {
      const job = (await (await app.request(`/api/v1/jobs/${id}`)).json()) as { status: string };
      if (job.status !== 'running') return;
      await sleep(25);
    }
  }

  beforeAll(async () => {
    v = new OpenApiValidator((await (await app.request('/openapi.json')).json()) as OpenApiDoc);
  });

  it('answers of every route, successes and errors alike', async () => {
    const cases: Case[] = [
      { path: '/api/v1/health', status: 200 },
      { path: '/api/v1/supply?height=840000', status: 200 },
      { path: '/api/v1/supply?height=-1', status: 400 },
      { path: '/api/v1/supply/curve', status: 200 },
      { path: '/api/v1/supply/curve?step_blocks=1', status: 400 },
      { path: '/api/v1/halvings', status: 200 },
      { path: '/api/v1/halvings?tip_height=900000', status: 400 },
      { path: '/api/v1/network/history?from=2024-04-18&to=2024-04-22', status: 200 },
      { path: '/api/v1/network/history?from=2024-04-18&to=2024-04-22&format=columns', status: 200 },
      { path: '/api/v1/network/history?from=2024-13-01', status: 400 },
      { path: '/api/v1/hashprice?from=2024-04-18&to=2024-04-22', status: 200 },
      { path: '/api/v1/hashprice?from=2024-04-18&to=2024-04-22&format=columns&fields=date,hashprice_usd_per_ph_day', status: 200 },
      { path: '/api/v1/hashprice?fields=nope', status: 400 },
      { path: '/api/v1/hashprice/latest', status: 200 },
      { path: '/api/v1/hashprice/now', status: 404 },
      { path: '/api/v1/hashprice/lows', status: 200 },
      { path: '/api/v1/hashprice/lows?unit=btc', status: 200 },
      { path: '/api/v1/hashprice/cycles', status: 200 },
      { path: '/api/v1/models?search=s21', status: 200 },
      { path: '/api/v1/models?search=' + 'x'.repeat(101), status: 400 },
      { path: '/api/v1/models/antminer-s21-xp', status: 200 },
      { path: '/api/v1/models/no-such-miner', status: 404 },
      { path: '/api/v1/machines/economics?power_price_usd_per_mwh=45', status: 200 },
      { path: '/api/v1/machines/economics?pue=9', status: 400 },
      { path: '/api/v1/models/antminer-s21-xp/economics?power_price_usd_per_mwh=45&price_usd_per_btc=90000', status: 200 },
      { path: '/api/v1/models/no-such-miner/economics', status: 404 },
      { path: '/api/v1/security-budget', status: 200 },
      { path: '/api/v1/security-budget?price_growth_pct=5&hashrate_growth_pct=3', status: 200 },
      { path: '/api/v1/security-budget?growth_years=10', status: 400 },
      { path: '/api/v1/network/power?from=2026-01-01', status: 200 },
      { path: '/api/v1/network/power?from=2026-01-01&format=columns', status: 200 },
      { path: '/api/v1/network/power?from=2010-01-01', status: 400 },
      { path: '/api/v1/network/underwater', status: 200 },
      { path: '/api/v1/network/underwater?date=2015-01-01', status: 400 },
      { path: '/api/v1/network/underwater?date=2025-06-30', init: csv('power_price_usd_per_mwh,hashrate_share\n30,0.5\n60,0.5\n'), status: 200 },
      { path: '/api/v1/network/underwater', init: csv('power_price_usd_per_mwh,hashrate_share\n30,0.5\n'), status: 400 },
      { path: '/api/v1/import/daily', init: csv('date,blocks,price_usd_per_btc\n2025-11-20,150,91000\n'), status: 200 },
      { path: '/api/v1/import/daily', init: csv('date,blocks\n2025-11-20,-3\n'), status: 400 },
      { path: '/api/v1/examples/fleet.yaml', status: 200 },
      { path: '/api/v1/fleets', status: 200 },
      { path: '/api/v1/fleets', init: yaml('company: {}\n'), status: 400 },
      { path: '/api/v1/fleets/fleet-000000000000', status: 404 },
      { path: '/api/v1/fleets/fleet-000000000000', init: { method: 'DELETE' }, status: 404 },
      { path: '/api/v1/fleets/fleet-000000000000/report', status: 404 },
      { path: '/api/v1/fleets/fleet-000000000000/sensitivity', status: 404 },
      { path: '/api/v1/fleets/fleet-000000000000/dispatch', init: postJson({}), status: 404 },
      { path: '/api/v1/valuation/pivot?paths=5', init: yaml(siteYaml), status: 400 },
      { path: '/api/v1/jobs', status: 200 },
      { path: '/api/v1/jobs/pivot-none-1', status: 404 },
      { path: '/api/v1/jobs/pivot-none-1', init: { method: 'DELETE' }, status: 404 },
    ];
    for (const c of cases) await send(c);

    const fleet = (await send({ path: '/api/v1/fleets', init: yaml(fleetYaml), status: 201 })) as { id: string };
    await send({ path: `/api/v1/fleets/${fleet.id}`, status: 200 });
    await send({ path: '/api/v1/fleets', status: 200 });
    await send({ path: `/api/v1/fleets/${fleet.id}/report?from=2025-01-01&to=2025-06-30&by=quarter`, status: 200 });
    await send({ path: `/api/v1/fleets/${fleet.id}/report?by=week`, status: 400 });
    await send({ path: `/api/v1/fleets/${fleet.id}/sensitivity?prices_usd_per_btc=60000,100000&power_prices_usd_per_mwh=30,60`, status: 200 });
    await send({ path: `/api/v1/fleets/${fleet.id}/sensitivity?prices_usd_per_btc=abc`, status: 400 });
    await send({ path: `/api/v1/fleets/${fleet.id}/dispatch`, init: postJson({ from: '2024-08-01', to: '2024-07-01' }), status: 400 });
    const dispatch = (await send({
      path: `/api/v1/fleets/${fleet.id}/dispatch`,
      init: postJson({ from: '2024-08-01', to: '2024-08-07', hashprice_usd_per_ph_day: 49.5 }),
      status: 202,
    })) as { id: string };
    const pivot = (await send({ path: '/api/v1/valuation/pivot?paths=200&horizon_years=3&seed=1', init: yaml(siteYaml), status: 202 })) as { id: string };
    await finished(dispatch.id);
    await finished(pivot.id);
    await send({ path: `/api/v1/jobs/${dispatch.id}`, status: 200 });
    await send({ path: `/api/v1/jobs/${pivot.id}`, status: 200 });
    // Hashprice at the tip once the store holds blocks (as `update` leaves them) and a price.
    const store = await services.store(':memory:');
    const t = 1_763_900_000;
    const blocks = [0, 1, 2].map((i) => ({
      height: 920_000 + i,
      hash: `${i}`.padStart(64, 'a'),
      time_unix_s: t + i * 600,
      difficulty: 1.5e14,
      reward_sat: 312_600_000n,
      fees_sat: 100_000n,
      pool: null,
    }));
    await store.writeFeedBatch({ feed: 'mempool', rows: [], blocks });
    await send({ path: '/api/v1/hashprice/now', status: 200 });
    await send({ path: '/api/v1/jobs', status: 200 });
    await send({ path: `/api/v1/jobs/${pivot.id}`, init: { method: 'DELETE' }, status: 200 });
    await send({ path: `/api/v1/fleets/${fleet.id}`, init: { method: 'DELETE' }, status: 204 });

    expect(problems).toEqual([]);
    // Every operation was called, with a success and an error.
    for (const op of v.operations()) {
      const statuses = [...(seen.get(op) ?? [])];
      expect(
        statuses.some((s) => s < 300),
        `${op}: no success checked`,
      ).toBe(true);
      if (
        !op.startsWith('GET /api/v1/health') &&
        !op.includes('/examples/') &&
        !/\/(latest|lows|cycles)$/.test(op) &&
        op !== 'GET /api/v1/jobs' &&
        op !== 'GET /api/v1/fleets'
      ) {
        expect(
          statuses.some((s) => s >= 400),
          `${op}: no error checked`,
        ).toBe(true);
      }
    }
  }, 60_000);

  it('leaves no response field untyped', () => {
    const untyped: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}[${i}]`));
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      const keys = ['type', '$ref', 'anyOf', 'allOf', 'oneOf', 'enum', 'const', 'required'];
      if (!keys.some((k) => k in o)) untyped.push(at);
      for (const [k, v] of Object.entries(o)) {
        if (k === 'properties') for (const [name, p] of Object.entries(v as object)) walk(p, `${at}.${name}`);
        else if (['items', 'additionalProperties'].includes(k) && typeof v === 'object') walk(v, `${at}.${k}`);
        else if (['anyOf', 'allOf', 'oneOf'].includes(k)) walk(v, `${at}.${k}`);
      }
    };
    for (const [path, ops] of Object.entries(v.doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, r] of Object.entries(op.responses))
          for (const [type, m] of Object.entries(r.content ?? {})) walk(m.schema, `${method} ${path} ${status} ${type}`);
      }
    }
    for (const [name, schema] of Object.entries((v.doc.components as { schemas: Record<string, unknown> }).schemas))
      walk(schema, `#/components/schemas/${name}`);
    expect(untyped).toEqual([]);
  });

  it('documents every error status of every route as application/problem+json', () => {
    for (const [path, ops] of Object.entries(v.doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const errors = Object.entries(op.responses).filter(([s]) => Number(s) >= 400);
        expect(
          errors.map(([s]) => s),
          `${method} ${path}`,
        ).toEqual(expect.arrayContaining(['400', '500']));
        for (const [status, r] of errors) expect(Object.keys(r.content ?? {}), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
      }
    }
  });
});
