/**
 * Every bad input the edges accept ends as a typed error: the CLI exits 2 with one line naming the
 * field, the API answers a 4xx problem+json — never "internal error" (exit 1 / HTTP 500), which is
 * what a plain RangeError thrown by the core becomes when an edge forgot to validate first.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../src/cli/commands/index.js';
import { cli } from './helpers/cli.js';
import { call, postJson, testApp } from './api/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hashfloor-bad-input-'));
const fleetYaml = readFileSync(new URL('../examples/fleet.yaml', import.meta.url), 'utf8');
const siteYaml = readFileSync(new URL('../examples/site.yaml', import.meta.url), 'utf8');
let n = 0;
/** A file in the temp folder holding `text`; its path. */
function file(text: string, ext = 'yaml'): string {
  const path = join(dir, `f${n++}.${ext}`);
  writeFileSync(path, text);
  return path;
}
const deep = `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`;
const fleetWith = (from: string, to: string): string => file(fleetYaml.replace(from, to));
const siteWith = (from: string, to: string): string => file(siteYaml.replace(from, to));
const badCsv = file('hour_start_utc,price_usd_per_mwh\n2024-01-01T00:00:00Z,abc\n', 'csv');

/** [label, argv, text the one stderr line must contain (the field or flag)]. */
const CLI_CASES: [string, string[], string][] = [
  ['difficulty: bits not hex', ['difficulty', '--bits', 'zz'], '--bits'],
  ['difficulty: bits with a zero target', ['difficulty', '--bits', '0'], '--bits'],
  ['difficulty: bits overflowing', ['difficulty', '--bits', 'ff123456'], '--bits'],
  ['difficulty: negative height', ['difficulty', '--height', '-1'], '--height'],
  ['difficulty: height past the table', ['difficulty', '--height', '99999999'], '--height'],
  ['difficulty: both flags', ['difficulty', '--bits', '1d00ffff', '--height', '1'], '--bits'],
  ['fleet report: bad date', ['fleet', 'report', 'examples/fleet.yaml', '--from', '2024-13-01'], '--from'],
  ['fleet report: from before the history', ['fleet', 'report', 'examples/fleet.yaml', '--from', '1990-01-01'], '--from'],
  ['fleet report: to after the history', ['fleet', 'report', 'examples/fleet.yaml', '--to', '2099-01-01'], '--to'],
  ['fleet report: from after to', ['fleet', 'report', 'examples/fleet.yaml', '--from', '2025-02-01', '--to', '2025-01-01'], '--from'],
  ['fleet report: by week', ['fleet', 'report', 'examples/fleet.yaml', '--by', 'week'], '--by'],
  ['fleet report: missing file', ['fleet', 'report', join(dir, 'none.yaml')], 'none.yaml'],
  ['fleet report: deeply nested JSON', ['fleet', 'report', file(deep, 'json')], '(document)'],
  ['fleet report: malformed YAML', ['fleet', 'report', file('company: [unclosed\n')], 'line'],
  ['fleet report: a list, not a spec', ['fleet', 'report', file('[1, 2]')], '(root)'],
  ['fleet report: wrong type', ['fleet', 'report', fleetWith('capacity_mw: 105', 'capacity_mw: lots')], 'sites[0].capacity_mw'],
  ['fleet report: NaN', ['fleet', 'report', fleetWith('capacity_mw: 105', 'capacity_mw: .nan')], 'sites[0].capacity_mw'],
  ['fleet report: infinite', ['fleet', 'report', fleetWith('capacity_mw: 105', 'capacity_mw: 1e400')], 'sites[0].capacity_mw'],
  [
    'fleet report: negative power price',
    ['fleet', 'report', fleetWith('price_usd_per_mwh: 38', 'price_usd_per_mwh: -1e308')],
    'sites[0].contract.price_usd_per_mwh',
  ],
  ['fleet report: unknown field', ['fleet', 'report', fleetWith('capacity_mw: 105', 'capacity_mw: 105\n    colour: red')], 'sites[0]'],
  [
    'fleet report: malformed price CSV',
    // tx-west resells at HB_WEST: its own prices file is read for that index.
    ['fleet', 'report', fleetWith('capacity_mw: 105', `capacity_mw: 105\n    power_price_csv: { path: ${JSON.stringify(badCsv)} }`)],
    'line 2',
  ],
  ['fleet report: unknown model', ['fleet', 'report', fleetWith('model: Antminer S21,', 'model: Antminer Z99,')], 'lots[0].model'],
  ['fleet sensitivity: prices not numbers', ['fleet', 'sensitivity', 'examples/fleet.yaml', '--prices', 'abc'], '--prices'],
  ['fleet sensitivity: empty prices', ['fleet', 'sensitivity', 'examples/fleet.yaml', '--prices', ''], '--prices'],
  ['fleet sensitivity: huge power prices', ['fleet', 'sensitivity', 'examples/fleet.yaml', '--power-prices', '1e999'], '--power-prices'],
  ['fleet sensitivity: date outside the history', ['fleet', 'sensitivity', 'examples/fleet.yaml', '--date', '1990-01-01'], '--date'],
  ['halvings: tip height alone', ['halvings', '--tip-height', '840000'], '--tip-time'],
  ['halvings: bad tip time', ['halvings', '--tip-height', '840000', '--tip-time', 'yesterday'], '--tip-time'],
  ['halvings: tip time before genesis', ['halvings', '--tip-height', '840000', '--tip-time', '0'], '--tip-time'],
  ['halvings: huge tip height', ['halvings', '--tip-height', '9007199254740991', '--tip-time', '2024-04-20'], '--tip-height'],
  ['halvings: zero interval', ['halvings', '--interval', '0'], '--interval'],
  ['hashprice: bad date', ['hashprice', '--from', '2024-02-30'], '--from'],
  ['hashprice: from before the history', ['hashprice', '--from', '1990-01-01'], '--from'],
  ['import daily: missing file', ['import', 'daily', join(dir, 'none.csv')], 'none.csv'],
  ['import daily: malformed CSV', ['import', 'daily', file('date,price_usd\n2024-01-01,abc\n', 'csv')], 'line 2'],
  ['import daily: not a CSV', ['import', 'daily', file('\u0000\u0001binary', 'csv')], 'line 1'],
  ['machine: unknown model', ['machine', 'Antminer Z99'], 'Z99'],
  ['machine: NaN power price', ['machine', 's21', '--hashprice', '40', '--power-price', 'NaN'], '--power-price'],
  ['machine: huge power price', ['machine', 's21', '--hashprice', '40', '--power-price', '1e308'], '--power-price'],
  ['machine: negative hashprice', ['machine', 's21', '--hashprice', '-1'], '--hashprice'],
  ['machine: huge hashprice', ['machine', 's21', '--hashprice', '1e308'], '--hashprice'],
  ['machine: uptime over 100%', ['machine', 's21', '--hashprice', '40', '--uptime', '101'], '--uptime'],
  ['machine: unknown profile', ['machine', 's21', '--hashprice', '40', '--profile', 'turbo'], '--profile'],
  ['machine: date outside the history', ['machine', 's21', '--date', '1990-01-01'], '--date'],
  [
    'machine: tip height past the subsidy',
    ['machine', 's21', '--hashprice', '40', '--price-usd', '80000', '--purchase-price', '5000', '--tip-height', '9007199254740991'],
    '--tip-height',
  ],
  ['models: unknown model', ['models', '--model', 'Antminer Z99'], 'Z99'],
  ['network: bad date', ['network', '--date', '2024-1-1'], '--date'],
  ['network: date outside the history', ['network', '--date', '1990-01-01'], '--date'],
  ['pivot: zero paths', ['pivot', 'examples/site.yaml', '--paths', '0'], '--paths'],
  ['pivot: horizon beyond the data', ['pivot', 'examples/site.yaml', '--horizon-years', '99'], '--horizon-years'],
  ['pivot: missing file', ['pivot', join(dir, 'none.yaml')], 'none.yaml'],
  ['pivot: malformed YAML', ['pivot', file('sites: [unclosed\n')], 'line'],
  ['pivot: deeply nested JSON', ['pivot', file(deep, 'json')], '(document)'],
  ['pivot: wrong type', ['pivot', siteWith('gross_mw: 150', 'gross_mw: "many"')], 'sites[0].gross_mw'],
  ['pivot: unknown field', ['pivot', siteWith('gross_mw: 150', 'gross_mw: 150\n    colour: red')], 'sites[0]'],
  ['network-power: bad date', ['network-power', '--from', '2024-02-30'], '--from'],
  ['network-power: before the catalog', ['network-power', '--from', '2012-01-01'], '--from'],
  ['network-power: after the data', ['network-power', '--to', '2099-01-01'], '--to'],
  [
    'pivot: start month before the history ends',
    ['pivot', siteWith('horizon_years: 10', 'horizon_years: 10\n  start_month: 2001-01')],
    'valuation.start_month',
  ],
  ['pivot: fit window after the history', ['pivot', siteWith('fit_from_month: 2020-01', 'fit_from_month: 2099-01')], 'valuation.fit_from_month'],
  ['pools: bad date', ['pools', '--from', 'today'], '--from'],
  ['pools: nothing synced', ['pools'], 'sync'],
  ['security-budget: growth out of range', ['security-budget', '--price-growth-pct', '1000'], '--price-growth-pct'],
  ['security-budget: window of 0 days', ['security-budget', '--fee-window-days', '0'], '--fee-window-days'],
  ['underwater: missing brackets file', ['underwater', '--power-price-brackets', join(dir, 'none.csv')], '--power-price-brackets'],
  ['underwater: bad bracket share', ['underwater', '--power-price-brackets', file('power_price_usd_per_mwh,hashrate_share\n40,abc\n', 'csv')], 'line 2'],
  [
    'underwater: shares not summing to 1',
    ['underwater', '--power-price-brackets', file('power_price_usd_per_mwh,hashrate_share\n40,0.2\n', 'csv')],
    'hashrate_share',
  ],
  ['underwater: date before the catalog', ['underwater', '--date', '2012-01-01'], '--date'],
  ['serve: port not a number', ['serve', '--port', 'x'], '--port'],
  ['serve: port out of range', ['serve', '--port', '70000'], '--port'],
  ['supply: negative height', ['supply', '--height', '-1'], '--height'],
  ['supply: fractional height', ['supply', '--height', '1.5'], '--height'],
  ['supply: huge height', ['supply', '--height', '1e20'], '--height'],
  ['supply: no height', ['supply'], '--height'],
  ['sync: unknown network', ['sync', '--network', 'moon', '--blocks-dir', dir], '--network'],
  ['sync: missing blocks folder', ['sync', '--blocks-dir', join(dir, 'no-such-dir')], 'no-such-dir'],
  ['sync: bad mode', ['sync', '--blocks-dir', dir, '--mode', 'fast'], '--mode'],
  ['unknown command', ['frobnicate'], 'frobnicate'],
  ...registry.map((e): [string, string[], string] => [`${e.path.join(' ')}: unknown flag`, [...e.path, '--no-such-flag'], '--no-such-flag']),
];

describe('bad CLI input → exit 2 and one line naming the field', () => {
  it.each(CLI_CASES)('%s', async (_label, argv, field) => {
    const r = await cli(argv);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hashfloor: error: /);
    expect(lines[0]).toContain(field);
  });
});

const app = testApp();
let fleetId: string | undefined;
async function fleet(): Promise<string> {
  fleetId ??= (await call<{ id: string }>(app, '/api/v1/fleets', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: fleetYaml })).body.id;
  return fleetId;
}
const yamlBody = (body: string, type = 'application/yaml'): RequestInit => ({ method: 'POST', headers: { 'content-type': type }, body });

/** [label, path (`{fleet}` = an uploaded fleet's id), request, status, field named among `errors` (or undefined)]. */
const API_CASES: [string, string, RequestInit | undefined, number, string | undefined][] = [
  ['supply: negative height', '/api/v1/supply?height=-1', undefined, 400, 'height'],
  ['supply: huge height', '/api/v1/supply?height=1e20', undefined, 400, 'height'],
  ['supply: no height', '/api/v1/supply', undefined, 400, 'height'],
  ['supply curve: step too small', '/api/v1/supply/curve?step_blocks=1', undefined, 400, 'step_blocks'],
  ['halvings: tip time alone', '/api/v1/halvings?tip_time_unix_s=1769110282', undefined, 400, undefined],
  ['halvings: huge tip height', '/api/v1/halvings?tip_height=9007199254740991&tip_time_unix_s=1769110282', undefined, 400, 'tip_height'],
  ['halvings: zero interval', '/api/v1/halvings?block_interval_s=0', undefined, 400, 'block_interval_s'],
  ['history: bad date', '/api/v1/network/history?from=2024-02-30', undefined, 400, 'from'],
  ['history: from after to', '/api/v1/network/history?from=2025-01-02&to=2025-01-01', undefined, 400, 'from'],
  ['hashprice: unknown field', '/api/v1/hashprice?fields=colour', undefined, 400, 'fields'],
  ['hashprice: bad format', '/api/v1/hashprice?format=xml', undefined, 400, 'format'],
  ['hashprice lows: bad unit', '/api/v1/hashprice/lows?unit=eur', undefined, 400, 'unit'],
  ['models: unknown model', '/api/v1/models/antminer-z99', undefined, 404, undefined],
  ['economics: NaN power price', '/api/v1/machines/economics?power_usd_per_mwh=NaN', undefined, 400, 'power_usd_per_mwh'],
  ['economics: huge hashprice', '/api/v1/machines/economics?hashprice_usd_per_ph_day=1e308', undefined, 400, 'hashprice_usd_per_ph_day'],
  ['economics: pue below 1', '/api/v1/models/antminer-s21/economics?pue=0.5', undefined, 400, 'pue'],
  ['fleets: empty body', '/api/v1/fleets', yamlBody(''), 400, '(body)'],
  ['fleets: malformed YAML', '/api/v1/fleets', yamlBody('company: [unclosed\n'), 400, undefined],
  ['fleets: deeply nested JSON', '/api/v1/fleets', yamlBody(deep, 'application/json'), 400, undefined],
  ['fleets: wrong type', '/api/v1/fleets', yamlBody(fleetYaml.replace('capacity_mw: 105', 'capacity_mw: lots')), 400, 'sites[0].capacity_mw'],
  ['fleets: unknown field', '/api/v1/fleets', postJson({ company: { name: 'X' }, sites: [], lots: [], colour: 'red' }), 400, undefined],
  ['fleets: unknown id', '/api/v1/fleets/no-such-fleet', undefined, 404, undefined],
  ['report: from before the history', '/api/v1/fleets/{fleet}/report?from=1990-01-01', undefined, 400, 'from'],
  ['report: to after the history', '/api/v1/fleets/{fleet}/report?to=2099-01-01', undefined, 400, 'to'],
  ['report: bad by', '/api/v1/fleets/{fleet}/report?by=week', undefined, 400, 'by'],
  ['sensitivity: prices not numbers', '/api/v1/fleets/{fleet}/sensitivity?prices_usd=abc', undefined, 400, 'prices_usd'],
  ['sensitivity: date outside the history', '/api/v1/fleets/{fleet}/sensitivity?date=1990-01-01', undefined, 400, 'date'],
  ['pivot: zero paths', '/api/v1/valuation/pivot?paths=0', yamlBody(siteYaml), 400, 'paths'],
  ['pivot: empty body', '/api/v1/valuation/pivot', yamlBody(''), 400, '(body)'],
  ['pivot: deeply nested JSON', '/api/v1/valuation/pivot', yamlBody(deep), 400, undefined],
  ['pivot: wrong type', '/api/v1/valuation/pivot', yamlBody(siteYaml.replace('gross_mw: 150', 'gross_mw: "many"')), 400, 'sites[0].gross_mw'],
  [
    'pivot: start month before the history ends',
    '/api/v1/valuation/pivot',
    yamlBody(siteYaml.replace('horizon_years: 10', 'horizon_years: 10\n  start_month: 2001-01')),
    400,
    'valuation.start_month',
  ],
  [
    'pivot: fit window after the history',
    '/api/v1/valuation/pivot',
    yamlBody(siteYaml.replace('fit_from_month: 2020-01', 'fit_from_month: 2099-01')),
    400,
    'valuation.fit_from_month',
  ],
  ['import: malformed CSV', '/api/v1/import/daily', yamlBody('date,price_usd\n2024-01-01,abc\n', 'text/csv'), 400, undefined],
  ['import: header only', '/api/v1/import/daily', yamlBody('date,price_usd\n', 'text/csv'), 400, '(body)'],
  ['security budget: growth out of range', '/api/v1/security-budget?price_growth_pct=1000', undefined, 400, 'price_growth_pct'],
  ['security budget: growth years alone', '/api/v1/security-budget?growth_years=10', undefined, 400, 'growth_years'],
  ['network power: before the catalog', '/api/v1/network/power?from=2012-01-01', undefined, 400, 'from'],
  ['network power: bad format', '/api/v1/network/power?format=csv', undefined, 400, 'format'],
  ['underwater: bad date', '/api/v1/network/underwater?date=2024-02-30', undefined, 400, 'date'],
  ['underwater: bad brackets body', '/api/v1/network/underwater', yamlBody('power_price_usd_per_mwh,hashrate_share\n40,abc\n', 'text/csv'), 400, undefined],
  ['jobs: unknown id', '/api/v1/jobs/no-such-job', undefined, 404, undefined],
  ['no such route', '/api/v1/frobnicate', undefined, 404, undefined],
];

describe('bad API input → a 4xx problem+json naming the field, never 500', () => {
  it.each(API_CASES)('%s', async (_label, path, init, status, field) => {
    const url = path.includes('{fleet}') ? path.replace('{fleet}', await fleet()) : path;
    const got = await call<{ code: string; errors?: { path: string }[] }>(app, url, init);
    expect(got.status, JSON.stringify(got.body)).toBe(status);
    expect(got.type).toMatch(/^application\/problem\+json/);
    expect(got.body.code).not.toBe('INTERNAL');
    if (field !== undefined) expect((got.body.errors ?? []).map((e) => e.path)).toContain(field);
  });
});
