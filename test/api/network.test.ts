/**
 * GET /api/v1/network/power and GET|POST /api/v1/network/underwater in-process, at the test clock
 * (2026-02-14): the same answers as `hashfloor network-power` / `underwater` at that clock, rows or
 * columns, and 400 problem+json naming the field or the CSV line and column.
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { call, expectProblem, testApp, TEST_NOW_UNIX_S } from './helpers.js';

const app = testApp();
const csv = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'text/csv' }, body });
const atTestClock = (argv: string[]) => cli([...argv, '--json'], undefined, false, { nowUnixS: () => TEST_NOW_UNIX_S });

describe('GET /api/v1/network/power', () => {
  it('answers what the CLI answers for the same range, as rows and as columns', async () => {
    const got = await call<{ days: { date: string; power_best_gw: number }[] }>(app, '/api/v1/network/power?from=2026-02-01&to=2026-02-12');
    expect(got.status).toBe(200);
    const fromCli = JSON.parse((await atTestClock(['network-power', '--from', '2026-02-01', '--to', '2026-02-12'])).stdout) as unknown;
    expect(got.body).toEqual(fromCli);
    const cols = await call<{ days: { date: string[]; power_best_gw: number[] } }>(app, '/api/v1/network/power?from=2026-02-01&to=2026-02-12&format=columns');
    expect(cols.body.days.date).toEqual(got.body.days.map((d) => d.date));
    expect(cols.body.days.power_best_gw).toEqual(got.body.days.map((d) => d.power_best_gw));
  });

  it('refuses days outside the modelled span, and from after to, naming the parameter', async () => {
    expectProblem(await call(app, '/api/v1/network/power?from=2010-01-01'), 400, 'from');
    expectProblem(await call(app, '/api/v1/network/power?to=2026-02-13'), 400, 'to');
    expectProblem(await call(app, '/api/v1/network/power?from=2026-02-10&to=2026-02-01'), 400, 'from');
  });
});

describe('/api/v1/network/underwater', () => {
  it('GET: the default distribution, as the CLI', async () => {
    const got = await call<{ date: string; distribution: { source: string } }>(app, '/api/v1/network/underwater');
    expect(got.status).toBe(200);
    expect(got.body).toEqual(JSON.parse((await atTestClock(['underwater'])).stdout));
    expect(got.body.distribution.source).toContain('listed miners');
    expectProblem(await call(app, '/api/v1/network/underwater?date=2015-01-01'), 400, 'date');
  });

  it('POST text/csv: your brackets — half at $0, half at $1,000/MWh → exactly half under water', async () => {
    const got = await call<{ underwater_hashrate_share: number; distribution: { source: string } }>(
      app,
      '/api/v1/network/underwater?date=2025-06-30',
      csv('power_price_usd_per_mwh,hashrate_share\n0,0.5\n1000,0.5\n'),
    );
    expect(got.status).toBe(200);
    expect(got.body.underwater_hashrate_share).toBeCloseTo(0.5, 12);
    expect(got.body.distribution.source).toBe('request body');
  });

  it('POST: a bad cell is a 400 PARSE naming the line and the column', async () => {
    const got = await call<{ code: string; detail: string }>(
      app,
      '/api/v1/network/underwater',
      csv('power_price_usd_per_mwh,hashrate_share\n30,0.5\n40,lots\n'),
    );
    expectProblem(got, 400);
    expect(got.body.code).toBe('PARSE');
    expect(got.body.detail).toContain('line 3');
    expect(got.body.detail).toContain('hashrate_share');
  });
});
