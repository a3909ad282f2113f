/**
 * LuxOS write sessions (PROTOCOLS.md A.3): one session per miner, made with `logon`, passed as the
 * first parameter of every write, expiring a minute after its last use. A write reuses the session
 * this process opened; a session someone else holds is theirs — a SessionHeldError unless the caller
 * allowed `kill`. Writes to one miner are serialised here, since they would share the one session.
 */
import { first, str } from '../cgminer/fields.js';
import { isOk, statusOf } from '../cgminer/client.js';
import { addressText } from '../cgminer/transport.js';
import type { DriverContext } from '../context.js';
import { MinerUpstreamError, SessionHeldError } from '../errors.js';

/** Sessions this process opened and the write queue, by miner address; one per fleet control. */
export class LuxSessions {
  private readonly ours = new Map<string, string>();
  private readonly queues = new Map<string, Promise<unknown>>();

  /** Runs `write` with a session on the miner, after any write already queued for it; logs off afterwards. */
  run<T>(ctx: DriverContext, write: (session_id: string) => Promise<T>): Promise<T> {
    const key = addressText(ctx.client.address);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.withSession(ctx, key, write));
    this.queues.set(key, next);
    const clear = (): void => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    };
    next.then(clear, clear);
    return next;
  }

  private async withSession<T>(ctx: DriverContext, key: string, write: (session_id: string) => Promise<T>): Promise<T> {
    const id = await this.acquire(ctx, key);
    try {
      return await write(id);
    } finally {
      this.ours.delete(key);
      // Holding the one session idle would lock the operator's other tools out for a minute.
      await ctx.client.raw('logoff', id).catch(() => undefined);
    }
  }

  private async acquire(ctx: DriverContext, key: string): Promise<string> {
    const current = await this.activeSession(ctx);
    if (current !== null && current === this.ours.get(key)) return current;
    if (current !== null) {
      if (!ctx.kill_foreign_session) throw new SessionHeldError(key, current);
      await ctx.client.command('kill');
    }
    const c = ctx.credentials;
    // Credentials on logon are UNCONFIRMED for LuxOS (its docs call sessions "not a security feature"); sent only when given.
    const reply = await ctx.client.raw('logon', c?.password !== undefined ? `${c.username ?? ''},${c.password}` : undefined);
    if (!isOk(reply)) {
      const st = statusOf(reply);
      if (/credential|password|auth/i.test(st.msg)) {
        const hint =
          c?.password !== undefined
            ? 'check the password its credentials reference points at'
            : 'give it credentials ({ env: NAME } or { file: PATH }) in the inventory';
        throw new MinerUpstreamError('credentials', `${key}: LuxOS refused the credentials on logon (${st.msg}): ${hint}`, { status_code: st.code });
      }
      const holder = await this.activeSession(ctx);
      if (holder !== null) throw new SessionHeldError(key, holder);
      throw new MinerUpstreamError('refused', `${key}: logon failed: ${st.msg}`, { status_code: st.code });
    }
    const id = str(first(reply, 'SESSION')?.SessionID);
    if (id === null) throw new MinerUpstreamError('malformed', `${key}: logon reply without a SessionID`);
    this.ours.set(key, id);
    return id;
  }

  /** The active session ID, or null when there is none (`session` answers `""` with Code 319). */
  private async activeSession(ctx: DriverContext): Promise<string | null> {
    return str(first(await ctx.client.command('session'), 'SESSION')?.SessionID);
  }
}
