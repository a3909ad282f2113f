import { createApp } from '../../src/api/app.js';
import type { ApiOptions } from '../../src/api/context.js';
import { createServices } from '../../src/main.js';

/** The test servers' clock: 2026-02-14 00:00 UTC, two days after the embedded block data ends (2026-02-12), so the data is fresh. */
export const TEST_NOW_UNIX_S = 1_771_027_200;

/** The app in-process on the embedded data, with a fixed clock and a throwaway in-memory store. */
export function testApp(options: ApiOptions = {}, clockOrServices: number | ReturnType<typeof testServices> = TEST_NOW_UNIX_S) {
  const services = typeof clockOrServices === 'number' ? testServices(clockOrServices) : clockOrServices;
  return createApp(services, { db: ':memory:', ...options });
}

/** The services testApp runs on, for tests that seed its in-memory store (`services.store(':memory:')`). */
export function testServices(nowUnixS = TEST_NOW_UNIX_S) {
  return { ...createServices({ HASHFLOOR_HOME: '/nonexistent/hashfloor-test' }), nowUnixS: () => nowUnixS };
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
