/**
 * A cgminer-family RPC client (PROTOCOLS.md A.0): JSON requests, one per connection, replies
 * repaired by repair.ts, STATUS checked. `commands()` joins parameterless reads with `+` and falls
 * back to one connection per command when the firmware rejects the joined form (some S19s do).
 */
import type { MinerAddress } from '../../../ports/fleet-control.js';
import { MinerUpstreamError } from '../errors.js';
import { type JsonObject, parseCgminerReply } from './repair.js';
import { type RpcTimeouts, addressText, exchange } from './transport.js';

export interface ReplyStatus {
  /** S, I, W, E or F; `RESTART` for the bare reply of `restart`. */
  status: string;
  code: number | null;
  msg: string;
  description: string;
}

/** The STATUS of a reply: `STATUS[0]` normally, the bare string `RESTART` after `restart`. */
export function statusOf(reply: JsonObject): ReplyStatus {
  const s = reply.STATUS;
  if (typeof s === 'string') return { status: s, code: null, msg: '', description: '' };
  const first: unknown = Array.isArray(s) ? s[0] : undefined;
  if (first === null || typeof first !== 'object') return { status: '?', code: null, msg: '', description: '' };
  const o = first as JsonObject;
  return {
    status: typeof o.STATUS === 'string' ? o.STATUS : '?',
    code: typeof o.Code === 'number' ? o.Code : null,
    msg: typeof o.Msg === 'string' ? o.Msg : '',
    description: typeof o.Description === 'string' ? o.Description : '',
  };
}

/** S and I are success (W is a warning with data, treated as success too); E and F are failures. */
export const isOk = (reply: JsonObject): boolean => ['S', 'I', 'W', 'RESTART'].includes(statusOf(reply).status);

/** cgminer's "Access denied to '<cmd>' command" when --api-allow does not grant write access. */
const ACCESS_DENIED = 45;

export function failure(address: MinerAddress, command: string, reply: JsonObject): MinerUpstreamError {
  const st = statusOf(reply);
  if (st.code === ACCESS_DENIED) {
    // The fix is on the miner, not in hashfloor's credentials: say so.
    const text = `${addressText(address)}: ${command} refused: ${st.msg || 'access denied'} (Code 45): its API does not grant this host write access (cgminer --api-allow W:<host>)`;
    return new MinerUpstreamError('access_denied', text, { status_code: st.code });
  }
  return new MinerUpstreamError('refused', `${addressText(address)}: ${command} failed: ${st.status} ${st.code ?? ''} ${st.msg}`.trim(), {
    status_code: st.code,
  });
}

export class CgminerClient {
  constructor(
    readonly address: MinerAddress,
    private readonly timeouts: RpcTimeouts,
  ) {}

  /** One request; the parsed reply, whatever its STATUS. */
  async raw(command: string, parameter?: string): Promise<JsonObject> {
    const request = JSON.stringify(parameter === undefined ? { command } : { command, parameter });
    const reply = await exchange(this.address, request, this.timeouts);
    const where = addressText(this.address);
    try {
      return parseCgminerReply(reply.text, where, { truncated: reply.terminated });
    } catch (cause) {
      // Without the closing NUL the bytes are a fragment of a reply that never finished, not a firmware quirk to repair.
      const reason = reply.terminated || reply.text.length === 0 ? 'malformed' : 'closed_mid_reply';
      throw new MinerUpstreamError(reason, `${where}: ${command}: ${reason === 'malformed' ? 'unreadable reply' : 'connection closed mid-reply'}`, { cause });
    }
  }

  /** One request whose STATUS must be a success. */
  async command(command: string, parameter?: string): Promise<JsonObject> {
    const reply = await this.raw(command, parameter);
    if (!isOk(reply)) throw failure(this.address, command, reply);
    return reply;
  }

  /**
   * Several parameterless commands, each reply by command name (a failed sub-command keeps its own
   * E status). Joined with `+` in one connection; one connection each when the joined form fails.
   */
  async commands(names: readonly string[]): Promise<Record<string, JsonObject>> {
    const unique = [...new Set(names)];
    if (unique.length === 1) {
      const only = unique[0] as string;
      return { [only]: await this.raw(only) };
    }
    const joined = await this.raw(unique.join('+'));
    const out: Record<string, JsonObject> = {};
    for (const name of unique) {
      const part = joined[name];
      const first: unknown = Array.isArray(part) ? part[0] : undefined;
      if (first === null || typeof first !== 'object') return this.oneByOne(unique);
      out[name] = first as JsonObject;
    }
    return out;
  }

  private async oneByOne(names: readonly string[]): Promise<Record<string, JsonObject>> {
    const out: Record<string, JsonObject> = {};
    for (const name of names) out[name] = await this.raw(name);
    return out;
  }
}
