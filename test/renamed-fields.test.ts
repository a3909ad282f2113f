/**
 * Issue #12: every field renamed by the one-spelling rule is answered under its new name and, for
 * one minor release, under its old name with the same value — by the CLI's --json and by the API —
 * and the OpenAPI document marks each old name deprecated. Old input names (query parameters, the
 * site spec, CSV headers) are still read.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENAMED, type RenamedField } from '../src/units/renamed-fields.js';
import { call, testApp } from './api/helpers.js';
import { cli } from './helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'hashfloor-renamed-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(home, name);
  writeFileSync(path, text);
  return path;
}

/** Renamed fields that answers carry (start_price_usd_per_btc is an input of the site spec only). */
const ANSWERED: RenamedField[] = (Object.keys(RENAMED) as RenamedField[]).filter((f) => f !== 'start_price_usd_per_btc');

/**
 * The renamed fields found in `doc`, each time checked to sit next to its old name with an equal
 * value. Counting them keeps a case from passing on an answer that lost the field altogether.
 */
function aliasedFields(doc: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(doc)) for (const x of doc) aliasedFields(x, found);
  else if (doc !== null && typeof doc === 'object') {
    const o = doc as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      if (k in RENAMED && Object.hasOwn(o, RENAMED[k as RenamedField])) {
        expect(o[RENAMED[k as RenamedField]], `${RENAMED[k as RenamedField]} equals ${k}`).toEqual(v);
        found.add(k);
      }
      aliasedFields(v, found);
    }
  }
  return found;
}

const fleetYaml = readFileSync(new URL('../examples/fleet.yaml', import.meta.url), 'utf8');
const siteYaml = readFileSync(new URL('../examples/site.yaml', import.meta.url), 'utf8');
/** The example site with the valuation's start price given under `key`. */
const siteWith = (lines: string): string => siteYaml.replace(/^valuation:\n/m, `valuation:\n${lines}`);
const yaml = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/yaml' }, body });

describe('CLI --json answers renamed fields under both names', () => {
  const cases: [string[], RenamedField[]][] = [
    [['hashprice', '--from', '2025-11-01', '--to', '2025-11-03', '--json'], ['price_usd_per_btc']],
    [['network', '--date', '2025-11-14', '--json'], ['price_usd_per_btc']],
    [['security-budget', '--json'], ['price_usd_per_btc']],
    [['machine', 's21xp', '--hashprice', '35.06', '--price-usd', '87000', '--json'], ['energy_cost_usd_per_btc']],
    [
      ['fleet', 'report', 'examples/fleet.yaml', '--from', '2024-07-01', '--to', '2024-09-30', '--json'],
      ['cash_cost_usd_per_btc', 'all_in_cost_usd_per_btc', 'price_usd_per_btc'],
    ],
    [['fleet', 'sensitivity', 'examples/fleet.yaml', '--date', '2025-11-22', '--json'], ['price_usd_per_btc']],
    [
      ['pivot', 'examples/site.yaml', '--paths', '100', '--horizon-years', '3', '--sensitivity-paths', '32', '--workers', '1', '--json'],
      ['price_usd_per_btc', 'breakeven_price_usd_per_btc'],
    ],
  ];
  it.each(cases)('hashfloor %s', async (argv, fields) => {
    const r = await cli(argv);
    expect(r.code, r.stderr).toBe(0);
    expect([...aliasedFields(JSON.parse(r.stdout))].sort()).toEqual([...fields].sort());
  });

  it('reads the site spec’s old start_price_usd as start_price_usd_per_btc, and refuses both at once', async () => {
    const run = (text: string) =>
      cli(['pivot', file('site.yaml', text), '--paths', '100', '--horizon-years', '3', '--sensitivity-paths', '32', '--workers', '1', '--json']);
    const old = await run(siteWith('  start_price_usd: 77000\n'));
    expect(old.code, old.stderr).toBe(0);
    const now = await run(siteWith('  start_price_usd_per_btc: 77000\n'));
    expect((JSON.parse(old.stdout) as { start: { price_usd_per_btc: number } }).start.price_usd_per_btc).toBe(77000);
    expect(JSON.parse(old.stdout)).toEqual(JSON.parse(now.stdout));
    const both = await run(siteWith('  start_price_usd: 77000\n  start_price_usd_per_btc: 78000\n'));
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give start_price_usd_per_btc or its deprecated name start_price_usd, not both');
  });

  it('imports a CSV with the old headers price_usd, price_usd_src as the new ones', async () => {
    const rows = ['2026-02-13,150,125864590119494,46875000000,300000000,68857.84375,yahoo_close'];
    const importAndRead = async (header: string, dir: string) => {
      const env = { HASHFLOOR_HOME: join(home, dir) };
      const imp = await cli(['import', 'daily', file(`${dir}.csv`, [header, ...rows].join('\n')), '--json'], env);
      expect(imp.code, imp.stderr).toBe(0);
      return {
        imp: JSON.parse(imp.stdout) as Record<string, unknown>,
        net: JSON.parse((await cli(['network', '--json'], env)).stdout) as Record<string, unknown>,
      };
    };
    const old = await importAndRead('date,blocks,difficulty,issuance_sat,fees_sat,price_usd,price_usd_src', 'old');
    const now = await importAndRead('date,blocks,difficulty,issuance_sat,fees_sat,price_usd_per_btc,price_usd_per_btc_src', 'new');
    expect(old.net).toMatchObject({
      date: '2026-02-13',
      price_usd_per_btc: 68857.84375,
      price_usd: 68857.84375,
      provenance: { price_usd_per_btc: 'yahoo_close', price_usd: 'yahoo_close' },
    });
    expect(old.net).toEqual(now.net);
    expect({ ...old.imp, file: '' }).toEqual({ ...now.imp, file: '' });
    expect(old.imp.fields_imported).toMatchObject({ price_usd_per_btc: 1, price_usd: 1 });
    const twice = await cli(['import', 'daily', file('twice.csv', 'date,price_usd,price_usd_per_btc\n2026-02-13,1,1\n')], {
      HASHFLOOR_HOME: join(home, 'twice'),
    });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('"price_usd_per_btc" appears twice (price_usd and price_usd_per_btc)');
  });
});

describe('API answers renamed fields under both names, and /openapi.json marks the old ones deprecated', () => {
  const app = testApp();
  let fleetId = '';
  beforeAll(async () => {
    fleetId = (await call<{ id: string }>(app, '/api/v1/fleets', yaml(fleetYaml))).body.id;
  });

  async function answer(path: string, init?: RequestInit): Promise<unknown> {
    const got = await call(app, path, init);
    expect(got.status, JSON.stringify(got.body).slice(0, 300)).toBe(200);
    return got.body;
  }

  it('answers every renamed field under both names', async () => {
    const cases: [string, RenamedField[]][] = [
      ['/api/v1/network/history?from=2025-11-01&to=2025-11-03', ['price_usd_per_btc']],
      ['/api/v1/network/history?from=2025-11-01&to=2025-11-03&format=columns', ['price_usd_per_btc']],
      ['/api/v1/hashprice?from=2025-11-01&to=2025-11-03', ['price_usd_per_btc']],
      ['/api/v1/hashprice?from=2025-11-01&to=2025-11-03&format=columns', ['price_usd_per_btc']],
      ['/api/v1/hashprice/latest', ['price_usd_per_btc']],
      ['/api/v1/security-budget', ['price_usd_per_btc']],
      ['/api/v1/machines/economics?power_price_usd_per_mwh=45&price_usd_per_btc=90000&search=s21xp', ['power_price_usd_per_mwh', 'energy_cost_usd_per_btc']],
      ['/api/v1/models/antminer-s21-xp/economics?power_price_usd_per_mwh=45&price_usd_per_btc=90000', ['power_price_usd_per_mwh', 'energy_cost_usd_per_btc']],
      [`/api/v1/fleets/${fleetId}/report?from=2025-01-01&to=2025-03-31`, ['cash_cost_usd_per_btc', 'all_in_cost_usd_per_btc', 'price_usd_per_btc']],
      [`/api/v1/fleets/${fleetId}/sensitivity?date=2025-11-22`, ['price_usd_per_btc', 'prices_usd_per_btc']],
    ];
    const covered = new Set<string>();
    for (const [path, fields] of cases) {
      const found = aliasedFields(await answer(path));
      expect([...found].sort(), path).toEqual([...fields].sort());
      for (const f of found) covered.add(f);
    }
    const started = await call<{ id: string }>(app, '/api/v1/valuation/pivot?paths=100&horizon_years=3', yaml(siteYaml));
    expect(started.status).toBe(202);
    let job: { status: string; result: unknown } = { status: 'running', result: null };
    for (let i = 0; i < 600 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      job = (await answer(`/api/v1/jobs/${started.body.id}`)) as typeof job;
    }
    expect(job.status).toBe('succeeded');
    for (const f of aliasedFields(job.result)) covered.add(f);
    expect(aliasedFields(job.result)).toEqual(new Set(['price_usd_per_btc', 'breakeven_price_usd_per_btc']));
    expect([...covered].sort()).toEqual([...ANSWERED].sort());
  });

  it('reads the old query names as the new ones and refuses both at once', async () => {
    const econ = (q: string) => answer(`/api/v1/machines/economics?${q}&price_usd_per_btc=90000&search=s21xp`);
    expect(await econ('power_usd_per_mwh=45')).toEqual(await econ('power_price_usd_per_mwh=45'));
    const both = await call<{ errors: { path: string }[] }>(app, '/api/v1/machines/economics?power_usd_per_mwh=45&power_price_usd_per_mwh=45');
    expect(both.status).toBe(400);
    expect(both.body.errors.map((e) => e.path)).toEqual(['power_usd_per_mwh']);
    const sens = (q: string) => answer(`/api/v1/fleets/${fleetId}/sensitivity?date=2025-11-22&${q}`);
    const old = (await sens('prices_usd=70000,90000')) as { prices_usd_per_btc: number[] };
    expect(old.prices_usd_per_btc).toEqual([70000, 90000]);
    expect(old).toEqual(await sens('prices_usd_per_btc=70000,90000'));
    expect((await call(app, `/api/v1/fleets/${fleetId}/sensitivity?prices_usd=1&prices_usd_per_btc=1`)).status).toBe(400);
    const picked = (await answer('/api/v1/hashprice?from=2025-11-01&to=2025-11-01&fields=date,price_usd')) as { days: Record<string, unknown>[] };
    expect(Object.keys(picked.days[0] ?? {})).toEqual(['date', 'price_usd_per_btc', 'price_usd']);
  });

  it('imports a CSV body with the old headers', async () => {
    // A day inside the history: the test app's clock stands at 2025-11-24.
    const body = 'date,price_usd,price_usd_src\n2025-11-20,12345.5,my_feed\n';
    const imp = await call(app, '/api/v1/import/daily', { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
    expect(imp.status, JSON.stringify(imp.body)).toBe(200);
    const days = (await answer('/api/v1/network/history?from=2025-11-20&to=2025-11-20')) as { days: Record<string, unknown>[] };
    expect(days.days[0]).toMatchObject({ price_usd_per_btc: 12345.5, price_usd: 12345.5, provenance: { price_usd_per_btc: 'my_feed', price_usd: 'my_feed' } });
  });

  it('documents each old name as a deprecated alias of its new name, in answers and query parameters', async () => {
    const doc = (await answer('/openapi.json')) as Record<string, unknown>;
    const seen = new Set<string>();
    const walk = (s: unknown): void => {
      if (Array.isArray(s)) return s.forEach(walk);
      if (s === null || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      const props = o.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [now, old] of Object.entries(RENAMED)) {
        const p = props?.[old];
        if (p === undefined) continue;
        expect(props?.[now], `${old} sits next to ${now}`).toBeDefined();
        expect(p).toMatchObject({ deprecated: true, description: `deprecated alias of ${now}; removed in 0.3.0` });
        seen.add(now);
      }
      if (o.in === 'query' && typeof o.name === 'string' && Object.values(RENAMED).includes(o.name as never)) {
        expect(o, String(o.name)).toMatchObject({ deprecated: true });
        expect(String(o.description)).toMatch(/^deprecated alias of /);
        seen.add(`query ${o.name}`);
      }
      Object.values(o).forEach(walk);
    };
    walk(doc);
    expect([...seen].sort()).toEqual([...ANSWERED, 'query power_usd_per_mwh', 'query prices_usd'].sort());
  });
});
