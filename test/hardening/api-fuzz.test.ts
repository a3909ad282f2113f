/**
 * Property-based requests generated from the app's own /openapi.json: every operation is called
 * ≥ 20 times with wrong types, huge and odd numbers, odd encodings, foreign hosts, undocumented
 * content types, and deep, huge, aliased or random bodies. Every answer must be a status the
 * document lists for that operation (errors as problem+json, bodies matching their schema), never
 * an internal error; the app keeps answering. In-process (`app.request`), so no socket is opened.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenApiValidator, type OpenApiDoc } from '../helpers/openapi-validator.js';
import { testApp } from '../api/helpers.js';

const PER_OPERATION = 80;
const fleetYaml = readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8');
const siteYaml = readFileSync(new URL('../../examples/site.yaml', import.meta.url), 'utf8');

interface Param {
  name: string;
  in: 'query' | 'path';
  schema?: { type?: string };
}
interface Op {
  method: string;
  template: string;
  params: Param[];
  bodyTypes: string[];
}

const oddText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('%', '%ff', '%E0%A4%A', '%00', '..%2f..%2fetc%2fpasswd', '\u0000', '😀', 'ǅ', ' ', '', 'null', 'undefined', '[]', '{}', 'a,b,,c', '1,2,3'),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constant('x'.repeat(5000)),
);
const oddNumber = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '1e309',
    '-1e309',
    'NaN',
    'Infinity',
    '9007199254740993',
    '1e-400',
    '0x10',
    '1_000',
    '  7',
    '7 ',
    '+3',
    '.5',
    '5.',
    '1e3',
    '2024-01-01',
  ),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.integer().map(String),
);
const oddDate = fc.oneof(
  fc.constantFrom('2024-04-18', '2009-01-03', '2100-01-01', '2024-02-30', '2024-13-01', '0000-00-00', '24-1-1'),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const depth = (n: number) => `sites: ${'['.repeat(n)}${']'.repeat(n)}\n`;
const aliasBomb = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'sites: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
].join('\n');
const body = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(fleetYaml, siteYaml, 'date,price_usd_per_btc\n2025-01-02,96886.88', '{"from":"2024-03-01","to":"2024-03-02"}') },
  { weight: 3, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 3, arbitrary: fc.constantFrom(depth(65), depth(20_000), aliasBomb, 'a: *nope', '', '\uFEFF', '{"a":' + '['.repeat(5000)) },
  { weight: 1, arbitrary: fc.constant(`# ${'x'.repeat(1024 * 1024 + 10)}\n`) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')) },
);

function operations(doc: OpenApiDoc): Op[] {
  const out: Op[] = [];
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(ops)) {
      const op = raw as unknown as { parameters?: Param[]; requestBody?: { content?: Record<string, unknown> } };
      out.push({ method: method.toUpperCase(), template, params: op.parameters ?? [], bodyTypes: Object.keys(op.requestBody?.content ?? {}) });
    }
  }
  return out;
}

describe('API fuzz from the OpenAPI document', () => {
  it(`answers ≥ ${PER_OPERATION} generated requests per operation with documented statuses`, { timeout: 90_000 }, async () => {
    // The per-client rate limit would answer most of these 429 (it has its own test): lifted here.
    const app = testApp({ ratePerClientPerS: 1e9, maxInFlightPerClient: 1e9 });
    const doc = (await (await app.request('/openapi.json')).json()) as OpenApiDoc;
    const v = new OpenApiValidator(doc);
    const upload = async () =>
      (
        (await (await app.request('/api/v1/fleets', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: fleetYaml })).json()) as {
          id: string;
        }
      ).id;
    let fleetId = await upload();
    const ops = operations(doc);
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    const t0 = performance.now();

    for (const op of ops) {
      const value = (p: Param) => {
        if (p.in === 'path')
          return p.name === 'id'
            ? fc.oneof(fc.constant(fleetId), fc.constant('antminer-s21-xp'), fc.constant('fleet-000000000000'), oddText)
            : fc.oneof(fc.constantFrom('fleet.yaml', 'site.yaml'), oddText);
        if (p.schema?.type === 'integer' || p.schema?.type === 'number') return fc.oneof(oddNumber, oddText);
        if (p.name === 'from' || p.name === 'to' || p.name === 'date') return fc.oneof(oddDate, oddText);
        return oddText;
      };
      const request = fc.record({
        params: fc.tuple(...op.params.map((p) => fc.option(value(p), { nil: undefined, freq: 1 }))),
        extra: fc.option(fc.tuple(oddText, oddText), { freq: 4 }),
        host: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('127.0.0.1:8080', 'localhost', '[::1]:8080') },
          { weight: 1, arbitrary: fc.constantFrom('evil.example', '127.0.0.1.nip.io') },
        ),
        type: fc.oneof(
          { weight: 6, arbitrary: op.bodyTypes.length ? fc.constantFrom(...op.bodyTypes) : fc.constant('application/json') },
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/yaml; charset=latin1',
              '',
            ),
          },
        ),
        body,
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          let path = op.template;
          const query = new URLSearchParams();
          op.params.forEach((p, i) => {
            const given = r.params[i];
            if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(given ?? 'x'));
            else if (given !== undefined) query.set(p.name, given);
          });
          if (r.extra) query.set(r.extra[0], r.extra[1]);
          const qs = query.toString();
          const headers: Record<string, string> = { host: r.host };
          const init: RequestInit = { method: op.method, headers };
          if (op.method === 'POST') {
            if (r.type) headers['content-type'] = r.type;
            init.body = r.body;
          }
          const res = await app.request(qs ? `${path}?${qs}` : path, init);
          sent++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const type = res.headers.get('content-type') ?? '';
          const text = await res.text();
          const parsed: unknown = type.includes('json') && text ? JSON.parse(text) : text;
          const name = `${op.method} ${op.template}`;
          if (res.status === 500) problems.push(`${name} → 500 for ${qs} ${op.method === 'POST' ? r.body.slice(0, 80) : ''}`);
          else if (res.status >= 400 && !type.startsWith('application/problem+json')) problems.push(`${name} ${res.status}: ${type} is not problem+json`);
          else if (res.status !== 304) problems.push(...v.check(name, res.status, type, parsed).map((m) => `${m} (request ${qs})`));
          // Jobs are not what is tested here: cancel them so they do not occupy the CPU.
          if (res.status === 202) await app.request(`/api/v1/jobs/${(parsed as { id: string }).id}`, { method: 'DELETE' });
          if (op.method === 'DELETE' && op.template === '/api/v1/fleets/{id}' && res.status === 204) fleetId = await upload();
        }),
        { numRuns: PER_OPERATION, seed: 17_2026, endOnFailure: true },
      );
    }
    expect((await app.request('/api/v1/health')).status).toBe(200);
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `api fuzz: ${sent} requests over ${ops.length} operations (${PER_OPERATION} each) in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );
    expect(sent).toBeGreaterThanOrEqual(2000);
    expect(problems.slice(0, 20)).toEqual([]);
  });
});
