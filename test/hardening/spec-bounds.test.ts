/**
 * Issue #17 items 1 and 6: spec text too deep, too large or full of aliases is bad input (400 / exit 2)
 * on every parse path — never a crashed process (20,000 nested brackets exhausted V8's heap in the
 * YAML parser's error formatting) nor an internal error (alias bombs, unresolved aliases).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSpecText, MAX_SPEC_DEPTH, specNestingDepth } from '../../src/config/spec-text.js';
import { parseInventoryText } from '../../src/config/miner-inventory.js';
import { cli } from '../helpers/cli.js';
import { call, expectProblem, testApp } from '../api/helpers.js';

const deepFlow = `sites: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
const deepBlock = Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
const deepDashes = `sites:\n${'- '.repeat(100)}x\n`;
const aliasBomb = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  ...['b', 'c', 'd', 'e', 'f'].map((k, i) => `${k}: &${k} [${new Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`),
  'sites: *f',
].join('\n');
const unresolved = 'valuation: *nope\nsites: []\n';
const examples = ['fleet.yaml', 'site.yaml'].map((f) => readFileSync(new URL(`../../examples/${f}`, import.meta.url), 'utf8'));

describe('spec nesting pre-scan', () => {
  it('measures flow, block and sequence nesting, not brackets in quotes or comments', () => {
    expect(specNestingDepth(deepFlow)).toBeGreaterThan(MAX_SPEC_DEPTH);
    expect(specNestingDepth(deepBlock)).toBeGreaterThan(MAX_SPEC_DEPTH);
    expect(specNestingDepth(deepDashes)).toBeGreaterThan(MAX_SPEC_DEPTH);
    const quoted = `name: "${'['.repeat(500)}"\nnote: '${'{'.repeat(500)}'\n# ${'['.repeat(500)}\nx: [1, [2, [3]]]\n`;
    expect(specNestingDepth(quoted)).toBe(4);
    for (const text of examples) expect(specNestingDepth(text)).toBeLessThanOrEqual(8);
  });

  it.each([
    ['20,000 nested brackets', deepFlow],
    ['100 indentation levels', deepBlock],
    ['100 nested sequence markers', deepDashes],
    ['more than 1 MiB', `# ${'x'.repeat(1024 * 1024)}\n`],
    ['an alias bomb', aliasBomb],
    ['an unresolved alias', unresolved],
  ])('refuses %s as an issue on (document), quickly', (_what, text) => {
    const t0 = performance.now();
    const r = decodeSpecText(text);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain('(document)');
    expect(parseInventoryText(text).ok).toBe(false);
  });
});

describe('API and CLI answer bad input', () => {
  const app = testApp();
  const yaml = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/yaml' }, body });

  it.each([
    ['deep', deepFlow],
    ['alias bomb', aliasBomb],
    ['unresolved alias', unresolved],
  ])('pivot and fleet upload answer 400 for a %s body, and the server keeps answering', async (_what, body) => {
    for (let k = 0; k < 3; k++) expectProblem(await call(app, '/api/v1/valuation/pivot', yaml(body)), 400, '(document)');
    expectProblem(await call(app, '/api/v1/fleets', yaml(body)), 400, '(document)');
    expect((await call(app, '/api/v1/health')).status).toBe(200);
  });

  it('refuses a deep JSON fleet before JSON.parse', async () => {
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}` };
    expectProblem(await call(app, '/api/v1/fleets', init), 400, '(document)');
  });

  it('exits 2 naming the file for pivot and fleet commands', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hashfloor-bounds-'));
    for (const [name, text] of [
      ['deep.yaml', deepFlow],
      ['bomb.yaml', aliasBomb],
      ['alias.yaml', unresolved],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const pivot = await cli(['pivot', path]);
      expect(pivot.code, pivot.stderr).toBe(2);
      expect(pivot.stderr).toContain(`${path}: (document)`);
      const fleet = await cli(['fleet', 'report', path]);
      expect(fleet.code, fleet.stderr).toBe(2);
    }
  });
});
