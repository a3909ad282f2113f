import { describe, expect, it } from 'vitest';
import { call, expectProblem, testApp } from './helpers.js';

const app = testApp();
type Day = { date: string; hashprice_usd_per_ph_day: number | null; halving_cycle: number; fee_share: number | null };

describe('GET /api/v1/network/history', () => {
  it('gives daily rows with satoshis as strings and provenance', async () => {
    const r = await call<{ days: { date: string; issuance_sat: string; provenance: Record<string, string> }[] }>(
      app,
      '/api/v1/network/history?from=2024-04-20&to=2024-04-20',
    );
    expect(r.status).toBe(200);
    // the halving day: 130 blocks, none yet at 6.25 BTC (halving block at 00:09) → 130 × 3.125 BTC
    expect(r.body.days[0]).toMatchObject({ date: '2024-04-20', issuance_sat: '40625000000' });
    expect(r.body.days[0]?.provenance.issuance_sat).toBeTruthy();
  });

  it.each([
    ['from=2024-13-01', 'from'],
    ['to=yesterday', 'to'],
    ['from=2024-05-01&to=2024-04-01', 'from'],
    ['format=xml', 'format'],
  ])('rejects %s naming the field', async (qs, field) => {
    expectProblem(await call(app, `/api/v1/network/history?${qs}`), 400, field);
  });
});

describe('GET /api/v1/hashprice', () => {
  it('holds the whole history, thousands of days, ascending', async () => {
    const r = await call<{ days: { date: string[]; hashprice_usd_per_ph_day: (number | null)[] } }>(
      app,
      '/api/v1/hashprice?format=columns&fields=date,hashprice_usd_per_ph_day',
    );
    expect(r.status).toBe(200);
    const { date, hashprice_usd_per_ph_day } = r.body.days;
    expect(date.length).toBeGreaterThan(6000);
    expect(date[0]).toBe('2009-01-03');
    expect(date).toEqual([...date].sort());
    expect(hashprice_usd_per_ph_day.length).toBe(date.length);
  });

  it('the halving halves hashprice (before fees): cycle changes on 2024-04-20', async () => {
    const r = await call<{ days: Day[] }>(app, '/api/v1/hashprice?from=2024-04-18&to=2024-04-25');
    const byDate = new Map(r.body.days.map((d) => [d.date, d]));
    expect(byDate.get('2024-04-19')?.halving_cycle).toBe(3);
    expect(byDate.get('2024-04-20')?.halving_cycle).toBe(4);
    const before = byDate.get('2024-04-18')?.hashprice_usd_per_ph_day ?? NaN;
    const after = byDate.get('2024-04-25')?.hashprice_usd_per_ph_day ?? NaN;
    // The index's figures (src/economics/hashprice-index.test.ts): $103.4627 → $57.1992, half the
    // subsidy times the week's moves in price, difficulty and fees.
    expect(before).toBeCloseTo(103.462721, 6);
    expect(after / before).toBeCloseTo(0.55284825, 8);
  });

  it('sits near Luxor’s published November 2025 figures (~$35–45/PH/day)', async () => {
    const r = await call<{ days: Day[] }>(app, '/api/v1/hashprice?from=2025-11-01&to=2025-11-30&fields=date,hashprice_usd_per_ph_day');
    const v = r.body.days.map((d) => d.hashprice_usd_per_ph_day as number);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    // The index's November mean, 0.26% below Luxor's $39.82 (src/economics/hashprice-index.test.ts).
    expect(mean).toBeCloseTo(39.717532, 6);
  });

  it('rejects unknown fields', async () => {
    expectProblem(await call(app, '/api/v1/hashprice?fields=date,nope'), 400, 'fields');
  });

  it('gzips large answers when asked', async () => {
    const res = await app.request('/api/v1/hashprice?format=columns&fields=date', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
  });
});

describe('GET /api/v1/hashprice/latest, /lows, /cycles', () => {
  it('gives the latest priced day and its 30-day change', async () => {
    const r = await call<{ day: Day; change_30d: { from_date: string; change_share: number } }>(app, '/api/v1/hashprice/latest');
    expect(r.status).toBe(200);
    expect(r.body.day.hashprice_usd_per_ph_day).toBeGreaterThan(10);
    expect(r.body.change_30d.from_date <= r.body.day.date).toBe(true);
  });

  it('finds record lows per cycle, the all-time one in the current cycle', async () => {
    const r = await call<{ all_time: Day; by_cycle: Day[] }>(app, '/api/v1/hashprice/lows');
    expect(r.body.by_cycle.map((l) => l.halving_cycle)).toEqual([0, 1, 2, 3, 4]);
    expect(r.body.all_time.halving_cycle).toBe(4);
    expect(r.body.all_time.hashprice_usd_per_ph_day).toBeLessThan(36);
  });

  it('ranks lows by hashvalue with ?unit=btc (the 2025-11-09 low of 40,525 sat/PH/day), and rejects other units', async () => {
    const r = await call<{ ranked_by: string; all_time: Day & { hashvalue_sat_per_ph_day: number } }>(app, '/api/v1/hashprice/lows?unit=btc');
    expect(r.body.ranked_by).toBe('btc');
    expect(r.body.all_time.date).toBe('2025-11-09');
    expect(r.body.all_time.hashvalue_sat_per_ph_day).toBeCloseTo(40_525, 0); // to the satoshi
    const bad = await call<{ title: string }>(app, '/api/v1/hashprice/lows?unit=eur');
    expect(bad.status).toBe(400);
  });

  it('compares cycles by days since halving', async () => {
    const r = await call<{ cycles: { halving_cycle: number; start_date: string; points: { days_since_halving: number }[] }[] }>(
      app,
      '/api/v1/hashprice/cycles',
    );
    const c4 = r.body.cycles.find((c) => c.halving_cycle === 4);
    expect(c4?.start_date).toBe('2024-04-20');
    expect(c4?.points[0]?.days_since_halving).toBe(0);
  });
});

describe('machine economics default to the latest day', () => {
  it('uses the latest priced day when no hashprice is given', async () => {
    const latest = await call<{ day: Day }>(app, '/api/v1/hashprice/latest');
    const r = await call<{ inputs: { hashprice_source: string; hashprice_usd_per_ph_day: number } }>(app, '/api/v1/machines/economics');
    expect(r.body.inputs.hashprice_source).toBe(latest.body.day.date);
    expect(r.body.inputs.hashprice_usd_per_ph_day).toBe(latest.body.day.hashprice_usd_per_ph_day);
  });
});
