/**
 * Notices writes made to the server's store by another process — `hashfloor import daily` or
 * `sync` into the same SQLite file or PostgreSQL database — and drops the cached history, index
 * and bodies (with their ETags), so a running server does not keep serving the old answers. The
 * store's change token is read at most once a second, before the request is answered.
 */
import type { MiddlewareHandler } from 'hono';
import type { Store } from '../ports/store.js';

export const WATCH_INTERVAL_MS = 1000;

/** The change-token check both request paths share (the Hono middleware and hit-fast-path.ts). */
export class StoreWatch {
  private token: string | undefined;
  private checkedAt = -Infinity;
  constructor(
    private readonly opened: () => Store | undefined,
    private readonly invalidate: () => void,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** True when the store's change token should be read before the next answer. */
  due(): boolean {
    const store = this.opened();
    return store?.changeToken !== undefined && this.nowMs() - this.checkedAt >= WATCH_INTERVAL_MS;
  }

  async check(): Promise<void> {
    const store = this.opened();
    if (!store?.changeToken || !this.due()) return;
    this.checkedAt = this.nowMs();
    // A failed check (database away) leaves the caches as they are; the request reports the failure itself.
    const now = await store.changeToken().catch(() => this.token);
    if (this.token !== undefined && now !== this.token) this.invalidate();
    this.token = now;
  }
}

export function watchStore(watch: StoreWatch): MiddlewareHandler {
  return async (_c, next) => {
    await watch.check();
    await next();
  };
}
