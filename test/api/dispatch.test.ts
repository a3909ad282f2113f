import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { call, expectProblem, postJson, testApp } from './helpers.js';
import type { Schedule } from '../../src/dispatch/schedule.js';
import { scheduleProblems } from '../helpers/schedule-schema.js';

const yaml = readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8');

async function uploaded(app: ReturnType<typeof testApp>): Promise<string> {
  const r = await call<{ id: string }>(app, '/api/v1/fleets', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml });
  return r.body.id;
}

async function finished<T>(app: ReturnType<typeof testApp>, id: string): Promise<{ status: string; result: T }> {
  for (let i = 0; i < 400; i++) {
    const r = await call<{ status: string; result: T }>(app, `/api/v1/jobs/${id}`);
    if (r.body.status !== 'running') return r.body;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('job did not finish');
}

describe('POST /api/v1/fleets/{id}/dispatch', () => {
  const app = testApp();

  it('plans a month as a job: savings ≥ 0, hashrate given up, a day × hour heatmap', async () => {
    const id = await uploaded(app);
    const start = await call<{ id: string; status: string }>(
      app,
      `/api/v1/fleets/${id}/dispatch`,
      postJson({ from: '2024-08-01', to: '2024-08-31', hashprice_usd_per_ph_day: 49.5 }),
    );
    expect(start.status).toBe(202);
    const job = await finished<{
      savings_usd: number;
      hashrate_given_up_pct_of_stock: number;
      heatmap: { dates: string[]; power_mw: number[][] };
      plan: { margin_usd: number };
      baseline: { margin_usd: number };
    }>(app, start.body.id);
    expect(job.status).toBe('succeeded');
    const r = job.result;
    expect(r.heatmap.dates).toHaveLength(31);
    expect(r.heatmap.power_mw[0]).toHaveLength(24);
    // August 2024 in West Texas had price spikes: curtailing them must pay
    expect(r.savings_usd).toBeGreaterThan(0);
    expect(Math.abs(r.hashrate_given_up_pct_of_stock)).toBeLessThan(100); // negative when cheap hours are overclocked
    expect(r.plan.margin_usd).toBeGreaterThanOrEqual(r.baseline.margin_usd);
  });

  it("prices each site at its contract's hub (or price_hubs in the body) and names each contract with its bills", async () => {
    const id = await uploaded(app);
    type R = {
      price_hubs: Record<string, string>;
      prices_source: string;
      heatmap: { price_usd_per_mwh: number[][] };
      contracts: { site: string; contract: { kind: string; description: string }; plan: { cost_usd: number }; baseline: { cost_usd: number } }[];
      plan: { energy_cost_usd: number };
    };
    const day = { from: '2024-08-01', to: '2024-08-01', hashprice_usd_per_ph_day: 49.5 };
    const spec = await finished<R>(app, (await call<{ id: string }>(app, `/api/v1/fleets/${id}/dispatch`, postJson(day))).body.id);
    // tx-west's PPA resells unused power at HB_WEST, so it reads that hub too.
    expect(spec.result.price_hubs).toEqual({ 'tx-west': 'HB_WEST', 'tx-north': 'HB_NORTH', 'tx-south': 'HB_SOUTH' });
    expect(spec.result.prices_source).toBe('ercot_hubs_hourly_2024.csv (tx-west: HB_WEST, tx-north: HB_NORTH, tx-south: HB_SOUTH)');
    expect(spec.result.contracts.map((c) => [c.site, c.contract.kind])).toEqual([
      ['tx-west', 'fixed'],
      ['tx-north', 'index'],
      ['tx-south', 'hedged'],
    ]);
    expect(spec.result.contracts[0]!.contract.description).toBe('fixed $38/MWh, unused capacity resold at HB_WEST real-time less $2/MWh');
    const moved = await finished<R>(
      app,
      (await call<{ id: string }>(app, `/api/v1/fleets/${id}/dispatch`, postJson({ ...day, price_hubs: { 'tx-west': 'HB_SOUTH' } }))).body.id,
    );
    // The heatmap shows the first site's index: at HB_SOUTH 2024-08-01T01:00Z was $22.4475/MWh.
    expect(moved.result.price_hubs['tx-west']).toBe('HB_SOUTH');
    expect(moved.result.heatmap.price_usd_per_mwh[0]![1]).toBe(22.4475);
  });

  it('plans a fixed-price site of an older spec (power_price_usd_per_mwh, no hub) at its price every hour', async () => {
    const older = readFileSync(new URL('../fixtures/fleet-before-contracts.yaml', import.meta.url), 'utf8');
    const up = await call<{ id: string }>(app, '/api/v1/fleets', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: older });
    type R = { price_hubs: Record<string, string>; prices_source: string; heatmap: { price_usd_per_mwh: number[][] } };
    const job = await finished<R>(
      app,
      (
        await call<{ id: string }>(
          app,
          `/api/v1/fleets/${up.body.id}/dispatch`,
          postJson({ from: '2024-08-01', to: '2024-08-01', hashprice_usd_per_ph_day: 49.5 }),
        )
      ).body.id,
    );
    expect(job.result.price_hubs).toEqual({ 'tx-west': 'fixed_price_usd_per_mwh', 'tx-north': 'HB_NORTH', 'tx-south': 'HB_SOUTH' });
    expect(job.result.prices_source).toMatch(
      /^tx-west: fixed_price_usd_per_mwh from fleet spec \(site tx-west: fixed \$38\/MWh, flat; .*\), tx-north: HB_NORTH from ercot_hubs_hourly_2024\.csv/,
    );
    expect(new Set(job.result.heatmap.price_usd_per_mwh.flat())).toEqual(new Set([38]));
  });

  it.each([
    [
      { price_hubs: { 'tx-west': 'HB_EAST' } },
      'price_hubs.tx-west',
      /no column "HB_EAST" \(columns: HB_WEST, HB_NORTH, HB_SOUTH, HB_HOUSTON, HB_PAN, HB_HUBAVG, HB_BUSAVG\)/,
    ],
    [{ price_hubs: { 'tx-east': 'HB_WEST' } }, 'price_hubs.tx-east', /no site "tx-east"/],
  ])('answers 400 problem+json for %j naming the site and the hubs', async (body, field, message) => {
    const r = await call<{ errors: { path: string; message: string }[] }>(app, `/api/v1/fleets/${await uploaded(app)}/dispatch`, postJson(body));
    expectProblem(r, 400, field);
    expect(r.body.errors.find((e) => e.path === field)?.message).toMatch(message);
  });

  it("answers 400 for an uploaded spec whose contract's hub is not a column of the embedded prices", async () => {
    const bad = yaml.replace('      hub: HB_NORTH', '      hub: HB_NOWHERE');
    const up = await call<{ id: string }>(app, '/api/v1/fleets', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: bad });
    const r = await call<{ errors: { path: string; message: string }[] }>(app, `/api/v1/fleets/${up.body.id}/dispatch`, postJson({}));
    expectProblem(r, 400, 'sites[1].contract.hub');
    expect(r.body.errors[0]!.message).toContain('site tx-north: prices CSV ercot_hubs_hourly_2024.csv has no column "HB_NOWHERE"');
  });

  it.each([
    [{ from: '2024-02-30' }, 'from'],
    [{ from: '2024-01-01', to: '2025-06-01' }, 'to'],
    [{ hashprice_usd_per_ph_day: -1 }, 'hashprice_usd_per_ph_day'],
    [{ paths: 5 }, '(body)'],
    [{ min_dwell_hours: 2.5 }, 'min_dwell_hours'],
    [{ min_dwell_hours: 0 }, 'min_dwell_hours'],
    [{ switch_lost_minutes: 61 }, 'switch_lost_minutes'],
  ])('rejects %j naming the field', async (body, field) => {
    const id = await uploaded(app);
    expectProblem(await call(app, `/api/v1/fleets/${id}/dispatch`, postJson(body)), 400, field);
  });

  it('takes lost minutes per change and a minimum dwell', async () => {
    const id = await uploaded(app);
    const start = await call<{ id: string }>(
      app,
      `/api/v1/fleets/${id}/dispatch`,
      postJson({ from: '2024-08-01', to: '2024-08-03', hashprice_usd_per_ph_day: 49.5, switch_lost_minutes: 10, min_dwell_hours: 4 }),
    );
    expect(start.status).toBe(202);
    const job = await finished<{ method: string; plan: { switching_cost_usd: number; profile_changes: number } }>(app, start.body.id);
    expect(job.status).toBe('succeeded');
    expect(job.result.method).toContain('10 lost minutes per change, minimum dwell 4 h');
    expect(job.result.plan.switching_cost_usd > 0).toBe(job.result.plan.profile_changes > 0);
  });

  it("returns the Schedule with the job result: valid against the golden schema, its totals the result's", async () => {
    const id = await uploaded(app);
    const start = await call<{ id: string }>(
      app,
      `/api/v1/fleets/${id}/dispatch`,
      postJson({ from: '2024-08-01', to: '2024-08-02', hashprice_usd_per_ph_day: 49.5 }),
    );
    const job = await finished<{ schedule: Schedule; plan: unknown; baseline: unknown }>(app, start.body.id);
    expect(job.status).toBe('succeeded');
    const s = job.result.schedule;
    expect(scheduleProblems(s)).toEqual([]);
    expect(s.hour_start_utc).toBe('2024-08-01T00:00Z');
    expect(s.hours).toBe(48);
    expect(s.groups.map((g) => [g.lot, g.group])).toEqual([
      [0, 'tx-west/antminer-s21'],
      [1, 'tx-west/antminer-s19k-pro'],
      [2, 'tx-north/antminer-s19j-pro'],
      [3, 'tx-south/antminer-s21-hydro'],
      [4, 'tx-south/antminer-s21-xp-hydro'],
    ]);
    expect(s.totals).toEqual({ plan: job.result.plan, baseline: job.result.baseline });
  });

  it('404s an unknown fleet', async () => {
    expectProblem(await call(app, '/api/v1/fleets/fleet-404/dispatch', postJson({})), 404);
  });
});
