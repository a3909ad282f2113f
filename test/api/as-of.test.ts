/**
 * API: the answers that start from "today" carry data_as_of, the history's last complete day
 * (src/app/as-of.ts), and never use a later day; validated against /openapi.json by the
 * conformance suite's validator.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { call, testApp } from './helpers.js';

const DEC_2 = Date.parse('2026-12-02T09:00:00Z') / 1000;

describe('data_as_of in the API', () => {
  it('hashprice/latest, security-budget and the network routes say the data ends 2026-02-12, 293 days before the clock', async () => {
    const app = testApp({}, DEC_2);
    for (const path of ['/api/v1/hashprice/latest', '/api/v1/security-budget', '/api/v1/network/power?from=2026-02-01', '/api/v1/network/underwater']) {
      const r = await call<{ data_as_of: { date: string; age_days: number; stale: boolean; tip: { height: number } } }>(app, path);
      expect(r.status, path).toBe(200);
      expect(r.body.data_as_of).toEqual({
        date: '2026-02-12',
        age_days: 293,
        stale: true,
        tip: { height: 936_285, time_unix_s: Date.parse('2026-02-13T00:00:00Z') / 1000 },
      });
    }
  });

  it('a clock inside the history moves "today" back: no later day is used', async () => {
    const app = testApp({}, Date.parse('2025-06-10T12:00:00Z') / 1000);
    const latest = await call<{ data_as_of: { date: string }; day: { date: string } }>(app, '/api/v1/hashprice/latest');
    expect(latest.body.data_as_of.date).toBe('2025-06-09');
    expect(latest.body.day.date).toBe('2025-06-09');
    const budget = await call<{ today: { date: string } }>(app, '/api/v1/security-budget');
    expect(budget.body.today.date).toBe('2025-06-09');
  });

  it('halvings projects from the same tip as `hashfloor halvings`: the same next halving height and date', async () => {
    for (const clock of [DEC_2, Date.parse('2025-09-01T00:00:00Z') / 1000]) {
      type H = { height: number; time_unix_s: number; date: string };
      const api = await call<{ data_as_of: { date: string; tip: { height: number } }; tip: { height: number }; halvings: H[] }>(
        testApp({}, clock),
        '/api/v1/halvings',
      );
      expect(api.status).toBe(200);
      const out = await cli(['halvings', '--json'], undefined, false, { nowUnixS: () => clock });
      const doc = JSON.parse(out.stdout) as {
        data_as_of: unknown;
        tip: { height: number };
        next_halving: { height: number; time_unix_s: number; time_utc: string };
      };
      expect(api.body.data_as_of).toEqual(doc.data_as_of);
      expect(api.body.tip.height).toBe(doc.tip.height);
      const next = api.body.halvings.find((h) => h.height > api.body.tip.height)!;
      expect(next.height).toBe(doc.next_halving.height);
      expect(next.date).toBe(doc.next_halving.time_utc.slice(0, 10));
      expect(next.time_unix_s).toBe(doc.next_halving.time_unix_s);
    }
    // The two clocks' as-of days differ, so the tips do: the answer follows the clock, not a table.
    const dec = await call<{ tip: { height: number } }>(testApp({}, DEC_2), '/api/v1/halvings');
    const sep = await call<{ tip: { height: number } }>(testApp({}, Date.parse('2025-09-01T00:00:00Z') / 1000), '/api/v1/halvings');
    expect(dec.body.tip.height).toBeGreaterThan(sep.body.tip.height);
  });

  it('halvings with a tip in the query answers data_as_of null', async () => {
    const r = await call<{ data_as_of: unknown; tip: { source: string } }>(testApp(), '/api/v1/halvings?tip_height=840000&tip_time_unix_s=1713571767');
    expect(r.body.data_as_of).toBeNull();
    expect(r.body.tip.source).toBe('query');
  });

  describe('routes that start from "today" at a clock inside the history (2025-06-10: the last complete day is 2025-06-09)', () => {
    const JUNE_10 = Date.parse('2025-06-10T12:00:00Z') / 1000;
    const app = testApp({}, JUNE_10);
    const yaml = (name: string): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8'),
    });
    type AsOfBody = { data_as_of: { date: string; age_days: number } | null };

    it.each(['/api/v1/machines/economics?search=s21xp', '/api/v1/models/antminer-s21-xp/economics'])(
      '%s reads its default hashprice as of that day',
      async (path) => {
        const r = await call<AsOfBody & { inputs: { hashprice_source: string } }>(app, path);
        expect(r.status).toBe(200);
        expect(r.body.data_as_of).toMatchObject({ date: '2025-06-09', age_days: 1 });
        expect(r.body.inputs.hashprice_source <= '2025-06-09').toBe(true);
      },
    );

    it('machines economics answers data_as_of null when the query gives both hashprice and price', async () => {
      const r = await call<AsOfBody>(app, '/api/v1/machines/economics?hashprice_usd_per_ph_day=40&price_usd_per_btc=90000&search=s21xp');
      expect(r.status).toBe(200);
      expect(r.body.data_as_of).toBeNull();
    });

    it('the fleet report ends on that day and says so', async () => {
      const up = await call<{ id: string }>(app, '/api/v1/fleets', yaml('fleet.yaml'));
      const r = await call<AsOfBody & { to: string }>(app, `/api/v1/fleets/${up.body.id}/report`);
      expect(r.status).toBe(200);
      expect(r.body.data_as_of?.date).toBe('2025-06-09');
      expect(r.body.to).toBe('2025-06-09');
    });

    it('the halving-cycle comparison runs to that day and says so', async () => {
      type Cycles = AsOfBody & { cycles: { start_date: string; points: { date: string; days_since_halving: number }[] }[] };
      const r = await call<Cycles>(app, '/api/v1/hashprice/cycles');
      expect(r.status).toBe(200);
      expect(r.body.data_as_of).toMatchObject({ date: '2025-06-09', age_days: 1 });
      const current = r.body.cycles.at(-1)!;
      expect(current.start_date).toBe('2024-04-20');
      // 2024-04-20 → 2025-06-09: 415 days
      expect(current.points.at(-1)).toMatchObject({ date: '2025-06-09', days_since_halving: 415 });
      // The clock of the other tests (2026-12-02) sees the whole embedded history, to 2026-02-12.
      const later = await call<Cycles>(testApp({}, DEC_2), '/api/v1/hashprice/cycles');
      expect(later.body.data_as_of).toMatchObject({ date: '2026-02-12', stale: true });
      expect(later.body.cycles.at(-1)?.points.at(-1)?.date).toBe('2026-02-12');
    });

    it('a dispatch plan on the daily hashprice carries the history it read; a constant hashprice none', async () => {
      const up = await call<{ id: string }>(app, '/api/v1/fleets', yaml('fleet.yaml'));
      const plan = async (body: Record<string, unknown>) => {
        const start = await call<{ id: string }>(app, `/api/v1/fleets/${up.body.id}/dispatch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ from: '2024-08-01', to: '2024-08-02', ...body }),
        });
        expect(start.status).toBe(202);
        for (let i = 0; i < 400; i++) {
          const job = (await call<{ status: string; result: AsOfBody }>(app, `/api/v1/jobs/${start.body.id}`)).body;
          if (job.status !== 'running') return job;
          await new Promise((r) => setTimeout(r, 25));
        }
        throw new Error('dispatch job did not finish');
      };
      const daily = await plan({});
      expect(daily.status).toBe('succeeded');
      expect(daily.result.data_as_of).toMatchObject({ date: '2025-06-09', age_days: 1 });
      const constant = await plan({ hashprice_usd_per_ph_day: 49.5 });
      expect(constant.result.data_as_of).toBeNull();
    });

    it('the pivot job result carries the day its simulation starts after', async () => {
      const start = await call<{ id: string }>(app, '/api/v1/valuation/pivot?paths=100&seed=3&horizon_years=5', yaml('site.yaml'));
      expect(start.status).toBe(202);
      let job: { status: string; result: AsOfBody & { start: { month: string } } } | undefined;
      for (let i = 0; i < 600; i++) {
        job = (await call<typeof job & object>(app, `/api/v1/jobs/${start.body.id}`)).body;
        if (job.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(job?.status, JSON.stringify(job)).toBe('succeeded');
      expect(job?.result.data_as_of?.date).toBe('2025-06-09');
      expect(job!.result.start.month > '2025-06').toBe(true);
    });
  });
});
