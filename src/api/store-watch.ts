/**
 * Notices writes made to the server's store by another process — `hashfloor import daily` or
 * `sync` into the same SQLite file or PostgreSQL database — and drops the cached history, index
 * and bodies (with their ETags), so a running server does not keep serving the old answers. The
 * store's change token is read at most once a second, before the request is answered.
 */
import type { MiddlewareHandler } from 'hono';
import type { Store } from '../ports/store.js';

export const WATCH_INTERVAL_MS = 1000;

export function watchStore(opened: () => Store | undefined, invalidate: () => void, nowMs: () => number = () => performance.now()): MiddlewareHandler {
  let token: string | undefined;
  let checkedAt = -Infinity;
  return async (_c, next) => {
    const store = opened();
    if (store?.changeToken && nowMs() - checkedAt >= WATCH_INTERVAL_MS) {
      checkedAt = nowMs();
      // A failed check (database away) leaves the caches as they are; the request reports the failure itself.
      const now = await store.changeToken().catch(() => token);
      if (token !== undefined && now !== token) invalidate();
      token = now;
    }
    await next();
  };
}
