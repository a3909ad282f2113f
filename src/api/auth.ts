/**
 * Bearer-token guard for write endpoints (fleet upload, import). The serve command sets a token
 * whenever it binds a non-loopback address; on loopback without a token, writes are open.
 * Compared in constant time so the token cannot be guessed byte by byte from timings.
 */
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { problem, problemResponse } from './problem.js';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function writeGuard(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (token !== undefined) {
      const header = c.req.header('authorization') ?? '';
      const m = /^Bearer\s+(.+)$/i.exec(header);
      if (!m || !sameToken(m[1] ?? '', token)) {
        return problemResponse(problem(401, 'UNAUTHORIZED', 'this endpoint writes; send the server token as "Authorization: Bearer TOKEN"'), {
          'www-authenticate': 'Bearer realm="hashfloor"',
        });
      }
    }
    await next();
  };
}
