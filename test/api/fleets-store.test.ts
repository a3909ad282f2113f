/**
 * Uploaded fleets persist in the store: a second server on the same database sees them, they can
 * be listed and deleted, and deleting is a write (token-guarded when the server has a token).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createServices } from '../../src/main.js';
import { call, expectProblem } from './helpers.js';

const yaml = readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'hashfloor-api-fleets-'));
const db = join(dir, 'fleets.sqlite');
const opened: { close(): Promise<void> }[] = [];
/** A server process as `hashfloor serve --db db` would start it (its own services and store). */
function server(token?: string) {
  const services = { ...createServices({ HASHFLOOR_HOME: join(dir, 'home') }), nowUnixS: () => 1_764_000_000 };
  opened.push(services);
  return createApp(services, { db, token });
}
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});
const postYaml = (text: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/yaml', ...headers },
  body: text,
});

type Listed = { fleets: { id: string; name: string; uploaded_unix_s: number; totals: { machines: number } }[] };

describe('stored fleets', () => {
  it('survive a restart: another server on the same database reads, reports and lists them', async () => {
    const first = server();
    const up = await call<{ id: string }>(first, '/api/v1/fleets', postYaml(yaml));
    expect(up.status).toBe(201);
    expect(up.body.id).toMatch(/^fleet-[0-9a-f]{12}$/);
    const again = server();
    const got = await call<{ id: string; company: { name: string }; totals: { machines: number } }>(again, `/api/v1/fleets/${up.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: up.body.id, company: { name: 'Example Mining Corp' }, totals: { machines: 52000 } });
    const report = await call(again, `/api/v1/fleets/${up.body.id}/report?from=2025-01-01&to=2025-03-31`);
    expect(report.status).toBe(200);
    const list = await call<Listed>(again, '/api/v1/fleets');
    expect(list.body.fleets.find((f) => f.id === up.body.id)).toEqual({
      id: up.body.id,
      name: 'Example Mining Corp',
      uploaded_unix_s: 1_764_000_000,
      totals: expect.objectContaining({ machines: 52000 }) as unknown,
    });
  });

  it('are deleted by DELETE (then 404), which needs the token when the server has one', async () => {
    const guarded = server('s3cret');
    // Another spec than the first test's: the same text would answer that stored fleet (200).
    const spec = yaml.replace('Example Mining Corp', 'Deleted Mining Corp');
    const up = await call<{ id: string }>(guarded, '/api/v1/fleets', postYaml(spec, { authorization: 'Bearer s3cret' }));
    expect(up.status).toBe(201);
    expectProblem(await call(guarded, `/api/v1/fleets/${up.body.id}`, { method: 'DELETE' }), 401);
    expect((await call(guarded, `/api/v1/fleets/${up.body.id}`)).status).toBe(200);
    const del = await guarded.request(`/api/v1/fleets/${up.body.id}`, { method: 'DELETE', headers: { authorization: 'Bearer s3cret' } });
    expect(del.status).toBe(204);
    expectProblem(await call(server(), `/api/v1/fleets/${up.body.id}`), 404);
    expectProblem(await call(guarded, `/api/v1/fleets/${up.body.id}`, { method: 'DELETE', headers: { authorization: 'Bearer s3cret' } }), 404);
    expect((await call<Listed>(guarded, '/api/v1/fleets')).body.fleets.map((f) => f.id)).not.toContain(up.body.id);
    // Uploaded again after the delete, it is stored again.
    expect((await call(guarded, '/api/v1/fleets', postYaml(spec, { authorization: 'Bearer s3cret' }))).status).toBe(201);
  });

  it('keep the uploaded JSON text as sent', async () => {
    const app = server();
    const body = JSON.stringify({
      company: { name: 'Tiny' },
      sites: [{ id: 'a', capacity_mw: 1, power_price_usd_per_mwh: 40 }],
      lots: [{ site: 'a', model: 'Antminer S21', count: 10, purchase_price_usd_per_unit: 3000, purchase_date: '2025-01-01' }],
    });
    const up = await call<{ id: string }>(app, '/api/v1/fleets', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const services = createServices({ HASHFLOOR_HOME: join(dir, 'home') });
    opened.push(services);
    const stored = await (await services.store(db)).getFleet(up.body.id);
    expect(stored).toMatchObject({ name: 'Tiny', spec_format: 'json', spec_text: body });
  });
});
