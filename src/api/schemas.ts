/**
 * Request and response schema pieces shared by the routes. Query values arrive as text; the
 * number rules are the CLI's (src/config/number-text.ts), so the API and the CLI word a bad value
 * the same way ("power_price_usd_per_mwh must be a number ≥ 0 (e.g. 50), got "abc"").
 */
import { z } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { numberFromText, numberTextMessage, type NumberRule } from '../config/number-text.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { isIsoDate } from '../units/time.js';
import { deprecationNote, RENAMED, type RenamedField } from '../units/renamed-fields.js';

/** `a.b[0].c` from a zod issue path. */
export function issuePath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(body)';
}

export function validationErrorFromZod(err: ZodError, prefix = ''): ValidationError {
  const issues: ValidationIssue[] = err.issues.map((i) => ({
    path: `${prefix}${issuePath(i.path)}`,
    message: i.message,
  }));
  return new ValidationError(issues, { cause: err });
}

/** A numeric query parameter (text → number) with the CLI's wording on failure. */
export function numberQuery(name: string, rule: Omit<NumberRule, 'example'> & { example: number }) {
  return z
    .string()
    .transform((text, ctx) => {
      const full = { ...rule, example: String(rule.example) };
      const n = numberFromText(text, full);
      if (n !== undefined) return n;
      ctx.addIssue({ code: 'custom', message: numberTextMessage(text, name, full) });
      return z.NEVER;
    })
    .openapi({ param: { name, in: 'query' }, type: rule.integer ? 'integer' : 'number', example: String(rule.example) });
}

export function dateQuery(name: string, example: string) {
  return z
    .string()
    .refine(isIsoDate, { message: `${name} must be a date YYYY-MM-DD (UTC), e.g. ${example}` })
    .optional()
    .openapi({ param: { name, in: 'query' }, format: 'date', example });
}

/** Optional inclusive `from`/`to` day range (from ≤ to is checked by `checkRange`). */
export const DateRangeQuery = z.object({ from: dateQuery('from', '2024-01-01'), to: dateQuery('to', '2024-12-31') });

export function checkRange(q: { from?: string | undefined; to?: string | undefined }): { from?: string; to?: string } {
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
    throw ValidationError.field('from', `from (${q.from}) must not be after to (${q.to})`);
  }
  return { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
}

/** Satoshis travel as decimal strings. */
export const SatString = z.string().regex(/^\d+$/).openapi({ description: 'satoshis as a decimal string', example: '312500000' });
export const BtcString = z.string().openapi({ description: 'exact BTC decimal string', example: '3.125' });

/** A field, by its path, and what is wrong or odd about it. */
export const FieldIssueSchema = z.object({ path: z.string(), message: z.string() });

/** Values that were accepted but lie outside their plausible range, each with the likely mistake (a $/kWh price, a fraction for a percentage). */
export const WarningsSchema = z.array(FieldIssueSchema).openapi({
  description: 'values accepted but outside their plausible range (src/config/plausible.ts), each naming the field and the likely mistake',
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(FieldIssueSchema).optional().openapi({ description: 'every field that failed validation, by its path' }),
    instance: z.string().optional().openapi({ description: 'the request path' }),
  })
  .openapi('Problem');

/**
 * `schema` or null. (`.nullable()` on a named component renders as an allOf that rejects null in
 * OpenAPI 3.1; a union renders as anyOf [$ref, null], which is right.)
 */
export function orNull<T extends z.ZodTypeAny>(schema: T) {
  return z.union([schema, z.null()]);
}

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };
/** Error responses every route can give (documented once). */
export const errorResponses = {
  400: { description: 'Invalid request: every bad field named in `errors`', content: problemContent },
  403: { description: 'Host not this server (DNS rebinding), or a write from another origin', content: problemContent },
  415: { description: 'A body of a content type the route does not document', content: problemContent },
  429: { description: 'Too many requests from this client at once; retry after `Retry-After` seconds', content: problemContent },
  500: { description: 'Internal error (no details leak)', content: problemContent },
  502: { description: 'An upstream the answer depends on (the database) failed', content: problemContent },
  503: { description: 'Local storage failed (disk full, read-only, damaged database file)', content: problemContent },
} as const;
/** Routes that start a job: refused while too many run. */
/** Routes that take a body: refused past the size limit. */
export const payloadTooLargeResponse = { 413: { description: 'Body larger than the limit', content: problemContent } } as const;
export const jobStartResponses = {
  409: { description: 'Too many jobs running; wait for one to finish or cancel one', content: problemContent },
  ...payloadTooLargeResponse,
} as const;
/** Routes answered from cached bodies (json.ts): a request whose If-None-Match holds the ETag. */
export const notModifiedResponse = { 304: { description: 'Not modified: the If-None-Match ETag still holds; no body' } } as const;
export const notFoundResponse = { 404: { description: 'Not found', content: problemContent } } as const;
export const authResponses = {
  401: { description: 'Bearer token missing or wrong (required when the server binds a non-loopback address)', content: problemContent },
  ...payloadTooLargeResponse,
} as const;

/**
 * `schema` with the old name of each of `fields` it has as a deprecated twin of the same type, as
 * withDeprecatedNames writes the answers. Apply before `.openapi(name)`: extending a named
 * component renders as an allOf, which no longer refuses unlisted fields.
 */
export function withDeprecatedFields<S extends z.ZodRawShape>(schema: z.ZodObject<S>, fields: readonly RenamedField[]) {
  const twins: z.ZodRawShape = {};
  for (const f of fields) {
    const s = schema.shape[f] as z.ZodTypeAny | undefined;
    if (s) twins[RENAMED[f]] = s.openapi({ deprecated: true, description: deprecationNote(f) });
  }
  // Typed as the schema without the twins: handlers build the new names only, the twins are added on the way out.
  return schema.extend(twins) as unknown as z.ZodObject<S>;
}

/** A query parameter under the old name of `field` (deprecated in the document); the handler folds it in with acceptDeprecatedNames. */
export function deprecatedQuery<T extends z.ZodTypeAny>(field: RenamedField, schema: T): T {
  return schema.openapi({ param: { name: RENAMED[field], in: 'query', deprecated: true, description: deprecationNote(field) } });
}

/** The history's last complete day (src/app/as-of.ts), on every answer that starts from "today". */
export const DataAsOfSchema = z
  .object({
    date: z.string().openapi({
      description: 'last complete day of the history (UTC): before today, with blocks and difficulty not from a partial own-node day',
      example: '2026-02-12',
    }),
    age_days: z.number().int().openapi({ description: 'whole days from that day to today (UTC)', example: 2 }),
    stale: z.boolean().openapi({ description: 'age_days > 3: run `hashfloor update` or `hashfloor sync`' }),
    tip: z.object({
      height: z.number().int().openapi({ description: 'chain height at the end of that day, from the block counts since the last halving' }),
      time_unix_s: z.number().int().openapi({ description: '00:00 UTC of the following day (unix s)' }),
    }),
  })
  .openapi('DataAsOf');
