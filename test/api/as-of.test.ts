/**
 * API: the answers that start from "today" carry data_as_of, the history's last complete day
 * (src/app/as-of.ts), and never use a later day; validated against /openapi.json by the
 * conformance suite's validator.
 */
import { describe, expect, it } from 'vitest';
import { call, testApp } from './helpers.js';

const DEC_2 = Date.parse('2026-12-02T09:00:00Z') / 1000;

describe('data_as_of in the API', () => {
  it('hashprice/latest and security-budget say the data ends 2026-02-12, 293 days before the clock', async () => {
    const app = testApp({}, DEC_2);
    for (const path of ['/api/v1/hashprice/latest', '/api/v1/security-budget']) {
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
});
