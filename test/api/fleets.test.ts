import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { call, expectProblem, postJson, TEST_NOW_UNIX_S, testApp } from './helpers.js';
import { cli as runCli } from '../helpers/cli.js';

const yaml = readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8');
const postYaml = (text: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/yaml', ...headers },
  body: text,
});
type Period = Record<string, number | string | null>;

describe('fleets', () => {
  const app = testApp();

  it('uploads the example fleet and reports it', async () => {
    const up = await call<{ id: string; totals: { machines: number; hashrate_ehs: number; power_mw: number } }>(app, '/api/v1/fleets', postYaml(yaml));
    expect(up.status).toBe(201);
    expect(up.body.totals.machines).toBe(52000);
    expect(up.body.totals.hashrate_ehs).toBeGreaterThan(8);
    expect(up.body.totals.hashrate_ehs).toBeLessThan(11);
    const got = await call<{ id: string }>(app, `/api/v1/fleets/${up.body.id}`);
    expect(got.body.id).toBe(up.body.id);
    const r = await call<{ periods: Period[]; total: Period }>(app, `/api/v1/fleets/${up.body.id}/report?from=2025-01-01&to=2025-06-30&by=quarter`);
    expect(r.status).toBe(200);
    expect(r.body.periods.map((p) => p.period)).toEqual(['2025-Q1', '2025-Q2']);
    const t = r.body.total;
    // cash cost per BTC sits below all-in; both in the range listed miners report (~$30k–$150k)
    expect(t.cash_cost_usd_per_btc as number).toBeLessThan(t.all_in_cost_usd_per_btc as number);
    expect(t.cash_cost_usd_per_btc as number).toBeGreaterThan(20_000);
    expect(t.all_in_cost_usd_per_btc as number).toBeLessThan(200_000);
  });

  it('accepts JSON too and defaults the report range to the last halving … the last complete day', async () => {
    const up = await call<{ id: string }>(
      app,
      '/api/v1/fleets',
      postJson({
        company: { name: 'Tiny' },
        sites: [{ id: 'a', capacity_mw: 1, power_price_usd_per_mwh: 40 }],
        lots: [{ site: 'a', model: 'Antminer S21', count: 10, purchase_price_usd_per_unit: 3000, purchase_date: '2025-01-01' }],
      }),
    );
    expect(up.status).toBe(201);
    const r = await call<{ from: string; to: string; periods: Period[] }>(app, `/api/v1/fleets/${up.body.id}/report`);
    // Not the first purchase (2025-01-01): every fleet's costs cover the same window.
    expect([r.body.from, r.body.to]).toEqual(['2024-04-20', '2026-02-12']);
    expect(r.body.periods.length).toBeGreaterThan(10);
  });

  it("reports the example fleet over the CLI's default window, with the same costs per BTC", async () => {
    const up = await call<{ id: string }>(app, '/api/v1/fleets', postYaml(yaml));
    type R = { from: string; to: string; total: { cash_cost_usd_per_btc: number; all_in_cost_usd_per_btc: number } };
    const api = (await call<R>(app, `/api/v1/fleets/${up.body.id}/report`)).body;
    const cli = JSON.parse(
      (await runCli(['fleet', 'report', 'examples/fleet.yaml', '--json'], undefined, false, { nowUnixS: () => TEST_NOW_UNIX_S })).stdout,
    ) as R;
    // Before: the API from the first purchase with a price (2023-01-15, cash $35,751 / all-in $84,813 per BTC)
    // while `fleet report` started at the 2024-04-20 halving.
    expect([api.from, api.to]).toEqual([cli.from, cli.to]);
    expect(api.from).toBe('2024-04-20');
    expect(api.total.cash_cost_usd_per_btc).toBeCloseTo(cli.total.cash_cost_usd_per_btc, 6);
    expect(api.total.all_in_cost_usd_per_btc).toBeCloseTo(cli.total.all_in_cost_usd_per_btc, 6);
  });

  it('stores the same spec once: a second identical upload answers the same id', async () => {
    const spec = yaml.replace('Example Mining Corp', 'Dedup Mining Corp');
    const first = await call<{ id: string }>(app, '/api/v1/fleets', postYaml(spec));
    const second = await call<{ id: string }>(app, '/api/v1/fleets', postYaml(spec));
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    // A different spec is a different fleet.
    const other = await call<{ id: string }>(app, '/api/v1/fleets', postYaml(spec.replace('count: 20000', 'count: 20001')));
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
    const list = await call<{ fleets: { id: string; name: string }[] }>(app, '/api/v1/fleets');
    expect(
      list.body.fleets
        .filter((f) => f.name === 'Dedup Mining Corp')
        .map((f) => f.id)
        .sort(),
    ).toEqual([first.body.id, other.body.id].sort());
  });

  it('names the bad field of a spec', async () => {
    const bad = yaml.replace('count: 20000', 'count: -5');
    const r = await call(app, '/api/v1/fleets', postYaml(bad));
    expectProblem(r, 400, 'lots[0].count');
  });

  it('refuses server file paths in uploaded specs', async () => {
    const r = await call(
      app,
      '/api/v1/fleets',
      postJson({
        company: { name: 'X' },
        sites: [{ id: 'a', capacity_mw: 1, power_price_csv: { path: '/etc/passwd' } }],
        lots: [{ site: 'a', model: 'Antminer S21', count: 1, purchase_price_usd_per_unit: 1, purchase_date: '2025-01-01' }],
      }),
    );
    expectProblem(r, 400, 'sites[0].power_price_csv');
  });

  it('rejects an empty body, bad JSON, unknown fleets and report ranges outside the history', async () => {
    expectProblem(await call(app, '/api/v1/fleets', postYaml('')), 400, '(body)');
    expectProblem(await call(app, '/api/v1/fleets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }), 400);
    expectProblem(await call(app, '/api/v1/fleets/fleet-999'), 404);
    expectProblem(await call(app, '/api/v1/fleets/fleet-999/report'), 404);
    const up = await call<{ id: string }>(app, '/api/v1/fleets', postYaml(yaml));
    expectProblem(await call(app, `/api/v1/fleets/${up.body.id}/report?from=1990-01-01`), 400, 'from');
    expectProblem(await call(app, `/api/v1/fleets/${up.body.id}/report?by=week`), 400, 'by');
  });

  it('requires the bearer token when the server has one', async () => {
    const guarded = testApp({ token: 't0ken' });
    expectProblem(await call(guarded, '/api/v1/fleets', postYaml(yaml)), 401);
    expect((await call(guarded, '/api/v1/fleets', postYaml(yaml, { authorization: 'Bearer t0ken' }))).status).toBe(201);
  });

  it('serves the example spec for the dashboard', async () => {
    const res = await app.request('/api/v1/examples/fleet.yaml');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Example Mining Corp');
  });
});
