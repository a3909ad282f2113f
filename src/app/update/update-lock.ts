/**
 * The store-level write lock `update` and `serve --refresh` take (a row in the store: holder and
 * expiry, so it works across processes and on both databases). The second writer waits up to
 * `wait_s`, then fails with exit 2 naming the holder. A holder whose process is gone (`isDead`,
 * e.g. a `kill -9` on this host) is taken over at once rather than after the expiry; a live
 * holder renews its lock every third of the TTL while it works.
 */
import { ConflictError } from '../../errors.js';
import type { Store } from '../../ports/store.js';
import { unixSToIso } from '../../units/time.js';

export const WRITE_LOCK = 'store-write';

export interface LockOptions {
  holder: string;
  now_unix_s: () => number;
  /** How long to wait for a held lock before failing. */
  wait_s: number;
  ttl_s?: number;
  /** True when `holder` names a process known to be gone. */
  isDead?: (holder: string) => boolean;
}

export async function withWriteLock<T>(store: Store, o: LockOptions, fn: () => Promise<T>): Promise<T> {
  const ttl_s = o.ttl_s ?? 600;
  const deadline = o.now_unix_s() + o.wait_s;
  for (;;) {
    const held = await store.acquireLock(WRITE_LOCK, o.holder, o.now_unix_s(), ttl_s);
    if (held === null) break;
    if (o.isDead?.(held.holder)) {
      await store.releaseLock(WRITE_LOCK, held.holder);
      continue;
    }
    if (o.now_unix_s() >= deadline) {
      throw new ConflictError(`the store is being written by ${held.holder} (lock held until ${unixSToIso(held.expires_unix_s)}); try again when it finishes`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const renew = setInterval(() => void store.acquireLock(WRITE_LOCK, o.holder, o.now_unix_s(), ttl_s).catch(() => undefined), (ttl_s * 1000) / 3);
  renew.unref();
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    await store.releaseLock(WRITE_LOCK, o.holder);
  }
}
