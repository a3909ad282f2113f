import { createApp } from '../../src/api/app.js';
import type { ApiOptions } from '../../src/api/context.js';
import { createServices } from '../../src/main.js';

/** The app in-process on the embedded data, with a fixed clock and a throwaway in-memory store. */
export function testApp(options: ApiOptions = {}, services = testServices()) {
  return createApp(services, { db: ':memory:', ...options });
}

/** The services testApp runs on, for tests that seed its in-memory store (`services.store(':memory:')`). */
export function testServices() {
  return { ...createServices({ HASHFLOOR_HOME: '/nonexistent/hashfloor-test' }), nowUnixS: () => 1_764_000_000 };
}

export interface Got<T = Record<string, unknown>> {
  status: number;
  type: string;
  body: T;
}

/** Sends a request and parses the JSON body (problem+json included). */
export async function call<T = Record<string, unknown>>(app: ReturnType<typeof testApp>, path: string, init?: RequestInit): Promise<Got<T>> {
  const res = await app.request(path, init);
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  return { status: res.status, type, body: (type.includes('json') ? JSON.parse(text) : text) as T };
}

export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Asserts a 400 problem+json naming `field` among its errors. */
export function expectProblem(got: Got, status: number, field?: string): void {
  if (got.status !== status || !got.type.startsWith('application/problem+json')) {
    throw new Error(`expected ${status} problem+json, got ${got.status} ${got.type}: ${JSON.stringify(got.body)}`);
  }
  if (field !== undefined) {
    const errors = (got.body.errors ?? []) as { path: string }[];
    if (!errors.some((e) => e.path === field)) throw new Error(`expected an error naming "${field}", got ${JSON.stringify(got.body)}`);
  }
}
