/**
 * Issue #15 item 6 through the API: a value outside its plausible range (src/config/plausible.ts)
 * is accepted, and the answer carries `warnings` naming the field and the likely mistake — the
 * same table the CLI's stderr warnings come from. Plausible inputs answer `warnings: []`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { call, testApp } from './helpers.js';

const fleetYaml = readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8');
const siteYaml = readFileSync(new URL('../../examples/site.yaml', import.meta.url), 'utf8');
const yaml = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/yaml' }, body });
type Warning = { path: string; message: string };

/** The fleet spec with `site`'s `contract:` block replaced by the older flat `power_price_usd_per_mwh`. */
function withFlatPrice(text: string, site: string, price: number): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l, i) => l.trim() === 'contract:' && lines.slice(0, i).some((p) => p.trim() === `- id: ${site}`));
  let end = at + 1;
  while (end < lines.length && /^ {6,}/.test(lines[end] as string)) end++;
  lines.splice(at, end - at, `    power_price_usd_per_mwh: ${price}`);
  return lines.join('\n');
}

describe('plausibility warnings in API answers', () => {
  const app = testApp();

  it('a fleet with a $/kWh figure and a fraction for a percentage is stored, and both are named', async () => {
    const plain = await call<{ warnings: Warning[] }>(app, '/api/v1/fleets', yaml(fleetYaml));
    expect(plain.status).toBe(201);
    expect(plain.body.warnings).toEqual([]);
    // The first lot's uptime 96 → 0.96, and tx-west's contract replaced by a flat 0.041 USD/MWh.
    const odd = withFlatPrice(fleetYaml.replace('uptime_pct: 96', 'uptime_pct: 0.96'), 'tx-west', 0.041);
    expect(odd).toContain('power_price_usd_per_mwh: 0.041');
    const r = await call<{ id: string; warnings: Warning[] }>(app, '/api/v1/fleets', yaml(odd));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.warnings).toContainEqual({ path: 'sites[0].power_price_usd_per_mwh', message: '0.041 USD/MWh — did you mean 41 USD/MWh (0.041 USD/kWh)?' });
    expect(r.body.warnings).toContainEqual({ path: 'lots[0].uptime_pct', message: 'a fraction? 0.96 means 0.96 % — did you mean 96 %?' });
    // GET of the stored fleet says the same.
    expect((await call<{ warnings: Warning[] }>(app, `/api/v1/fleets/${r.body.id}`)).body.warnings).toEqual(r.body.warnings);
  });

  it('the breakeven table and one model’s economics name implausible query values', async () => {
    const ok = await call<{ warnings: Warning[] }>(app, '/api/v1/machines/economics?hashprice_usd_per_ph_day=40&power_price_usd_per_mwh=50');
    expect(ok.body.warnings).toEqual([]);
    const r = await call<{ warnings: Warning[] }>(
      app,
      '/api/v1/machines/economics?hashprice_usd_per_ph_day=40&power_price_usd_per_mwh=0.05&uptime_pct=0.97&pool_fee_pct=25',
    );
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual([
      { path: 'power_price_usd_per_mwh', message: '0.05 USD/MWh — did you mean 50 USD/MWh (0.05 USD/kWh)?' },
      { path: 'uptime_pct', message: 'a fraction? 0.97 means 0.97 % — did you mean 97 %?' },
      { path: 'pool_fee_pct', message: '25 % is outside the usual 0–10 %' },
    ]);
    const one = await call<{ warnings: Warning[] }>(app, '/api/v1/models/antminer-s21-xp/economics?hashprice_usd_per_ph_day=40&power_usd_per_mwh=0.05');
    expect(one.body.warnings).toEqual([{ path: 'power_price_usd_per_mwh', message: '0.05 USD/MWh — did you mean 50 USD/MWh (0.05 USD/kWh)?' }]);
  });

  it('a pivot job’s result carries the site file’s warnings', async () => {
    // The example states its price as a contract; the shorthand field is the one plausibility checks here.
    const odd = siteYaml.replace('contract: { kind: fixed, price_usd_per_mwh: 38 }', 'power_price_usd_per_mwh: 0.038');
    expect(odd).not.toBe(siteYaml);
    const start = await call<{ id: string }>(app, '/api/v1/valuation/pivot?paths=100&seed=3&horizon_years=5', yaml(odd));
    expect(start.status).toBe(202);
    let job: { status: string; result?: { warnings: Warning[] } } = { status: 'running' };
    for (let i = 0; i < 600 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      job = (await call<typeof job>(app, `/api/v1/jobs/${start.body.id}`)).body;
    }
    expect(job.status, JSON.stringify(job)).toBe('succeeded');
    expect(job.result?.warnings).toEqual([
      { path: 'sites[0].mining.power_price_usd_per_mwh', message: '0.038 USD/MWh — did you mean 38 USD/MWh (0.038 USD/kWh)?' },
    ]);
  });
});
