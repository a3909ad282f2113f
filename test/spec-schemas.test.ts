/**
 * The JSON Schema of each spec kind (fleet, site) is a golden file in docs/schemas/, generated from
 * the zod schema config/ validates with. Editors and other tools validate specs with it; this test
 * fails when the zod schema changes and the golden file was not regenerated
 * (HASHFLOOR_UPDATE_GOLDEN=1 npx vitest run test/spec-schemas.test.ts rewrites it), and checks
 * that the example specs satisfy the golden schema.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { zodToJsonSchema } from 'zod-to-json-schema';
import type { ZodType } from 'zod';
import { fleetSpecSchema } from '../src/config/fleet-spec.js';
import { siteSpecSchema } from '../src/config/site-spec.js';

const root = new URL('../', import.meta.url);
const KINDS: { kind: string; schema: ZodType<unknown>; example: string; title: string }[] = [
  { kind: 'fleet-spec', schema: fleetSpecSchema, example: 'examples/fleet.yaml', title: 'hashfloor fleet spec' },
  { kind: 'site-spec', schema: siteSpecSchema, example: 'examples/site.yaml', title: 'hashfloor site spec (mining vs AI/HPC valuation)' },
];

function generated(schema: ZodType<unknown>, title: string): string {
  // Input shape (defaults optional): what a person writes, not what the parser returns.
  const json = zodToJsonSchema(schema, { target: 'jsonSchema7', pipeStrategy: 'input', effectStrategy: 'input', $refStrategy: 'none' });
  return `${JSON.stringify({ ...json, title }, null, 2)}\n`;
}

describe('spec JSON Schema golden files', () => {
  for (const k of KINDS) {
    const path = new URL(`docs/schemas/${k.kind}.schema.json`, root);
    it(`docs/schemas/${k.kind}.schema.json is current`, () => {
      const text = generated(k.schema, k.title);
      if (process.env.HASHFLOOR_UPDATE_GOLDEN === '1') writeFileSync(path, text);
      expect(readFileSync(path, 'utf8'), `regenerate: HASHFLOOR_UPDATE_GOLDEN=1 npx vitest run test/spec-schemas.test.ts`).toBe(text);
    });
    it(`${k.example} satisfies it, and a misspelt field does not`, () => {
      const ajv = new Ajv({ strict: false, allErrors: true });
      const validate = ajv.compile(JSON.parse(readFileSync(path, 'utf8')) as object);
      const spec = parse(readFileSync(new URL(k.example, root), 'utf8')) as Record<string, unknown>;
      expect(validate(spec), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...spec, misspelt_field: 1 })).toBe(false);
    });
  }
});
