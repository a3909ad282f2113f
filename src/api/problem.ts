/**
 * Errors as RFC 9457 problem details (`application/problem+json`). One mapping from AppError code
 * to HTTP status; internal errors say only that something failed — never a stack or a message
 * that could leak paths or SQL. Field paths are the core's; a route whose query or body names a
 * field differently renames them with `inApiNames`.
 */
import type { ErrorCode, ValidationIssue } from '../errors.js';
import { AppError, NotFoundError, pathRenamer, renamePaths, ValidationError } from '../errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  USAGE: 400,
  VALIDATION: 400,
  PARSE: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UPSTREAM: 502,
  STORAGE: 503,
  CANCELLED: 409,
  INTERNAL: 500,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Upstream failure',
  503: 'Service unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The AppError code (or HTTP-level code such as UNAUTHORIZED). */
  code: string;
  /** Every field that failed validation, each named by its path. */
  errors?: ValidationIssue[];
  instance?: string;
}

export function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: `urn:hashfloor:problem:${code.toLowerCase()}`, title: TITLES[status] ?? 'Error', status, detail, code, ...extra };
}

/** The problem document for an AppError (internal errors get a generic detail). */
export function problemFromError(err: AppError, instance?: string): Problem {
  const status = STATUS_BY_CODE[err.code];
  const detail = err.code === 'INTERNAL' ? 'the server failed to handle the request' : err.message;
  const extra: Partial<Problem> = instance ? { instance } : {};
  if (err instanceof ValidationError) extra.errors = [...err.issues];
  if (err instanceof NotFoundError && err.path !== undefined) extra.errors = [{ path: err.path, message: err.detail }];
  return problem(status, err.code, detail, extra);
}

/**
 * Runs a route's work with the core's field paths renamed to the request's names, e.g.
 * `{ 'tip.height': 'tip_height' }` (longest prefix wins; unlisted paths are already the API's).
 */
export async function inApiNames<T>(names: Readonly<Record<string, string>>, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw apiNamed(names, err);
  }
}

/** `err` with its field paths renamed by `names` (see inApiNames); anything else unchanged. */
export function apiNamed(names: Readonly<Record<string, string>>, err: unknown): unknown {
  return err instanceof AppError ? renamePaths(err, pathRenamer(names)) : err;
}

export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), { status: p.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers } });
}
