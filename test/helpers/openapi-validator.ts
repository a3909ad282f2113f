/**
 * Validates real API responses against the app's own /openapi.json with ajv (JSON Schema 2020-12,
 * the dialect of OpenAPI 3.1). Objects are checked strictly: a field the document does not list
 * fails, so the document cannot silently fall behind the code.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components: Json;
}

/** A deep copy in which every object schema with `properties` refuses unlisted properties. */
function strict(schema: unknown, inAllOf = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => strict(s, inAllOf));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) out[k] = strict(v, k === 'allOf' || (inAllOf && k !== 'properties'));
  if ('properties' in out && !('additionalProperties' in out) && !inAllOf) out.additionalProperties = false;
  return out;
}

export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();
  constructor(readonly doc: OpenApiDoc) {
    this.ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  }

  /** Every `METHOD /template` of the document. */
  operations(): string[] {
    return Object.entries(this.doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  }

  /** The `METHOD /template` a concrete request path belongs to. */
  match(method: string, path: string): string | undefined {
    const bare = path.split('?')[0] ?? path;
    for (const template of Object.keys(this.doc.paths)) {
      const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      if (re.test(bare) && this.doc.paths[template]?.[method.toLowerCase()]) return `${method.toUpperCase()} ${template}`;
    }
    return undefined;
  }

  /** Problems with a response (empty when it conforms). */
  check(op: string, status: number, contentType: string, body: unknown): string[] {
    const [method, template] = op.split(' ') as [string, string];
    const response = this.doc.paths[template]?.[method.toLowerCase()]?.responses[String(status)];
    if (!response) return [`${op}: status ${status} is not documented`];
    if (!response.content) return body === '' || body === undefined ? [] : [`${op} ${status}: documented without a body, got one`];
    const type = contentType.split(';')[0]?.trim() ?? '';
    const media = response.content[type];
    if (!media) return [`${op} ${status}: content type ${type} is not documented (${Object.keys(response.content).join(', ')})`];
    const key = `${op} ${status} ${type}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile({ ...(strict(media.schema ?? {}) as Json), components: strict(this.doc.components) });
      this.cache.set(key, validate);
    }
    return validate(body)
      ? []
      : (validate.errors ?? []).slice(0, 8).map((e) => `${op} ${status}: ${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}
