/**
 * The Schedule's JSON Schema as generated from its zod schema (src/config/schemas/schedule.ts) by
 * the same OpenAPI 3.1 generator the API uses, plus the golden file drivers read
 * (docs/schemas/schedule.schema.json) and an ajv validator for it.
 */
import { readFileSync } from 'node:fs';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ScheduleSchema } from '../../src/config/schemas/schedule.js';

export const GOLDEN_SCHEDULE_SCHEMA = new URL('../../docs/schemas/schedule.schema.json', import.meta.url);

/** What the golden file adds around the generated schema. */
export const GOLDEN_HEADER = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:hashfloor:dispatch-schedule:1',
  title: 'hashfloor dispatch Schedule (schema_version 1)',
  description:
    'What `hashfloor dispatch --schedule FILE.json` writes and the API dispatch job returns as `schedule`; see docs/dispatch.md, "The Schedule". Generated from src/config/schemas/schedule.ts (test/schedule-schema.test.ts).',
};

export function generatedScheduleSchema(): Record<string, unknown> {
  const app = new OpenAPIHono();
  app.openAPIRegistry.register('Schedule', ScheduleSchema);
  const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'schedule', version: '1' } });
  return doc.components?.schemas?.Schedule as Record<string, unknown>;
}

export function goldenScheduleSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(GOLDEN_SCHEDULE_SCHEMA, 'utf8')) as Record<string, unknown>;
}

/** Validates a Schedule against the golden file; returns the problems (empty when it conforms). */
export function scheduleProblems(doc: unknown): string[] {
  const validate = new Ajv2020({ strict: true, allErrors: true }).compile(goldenScheduleSchema());
  return validate(doc) ? [] : (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
