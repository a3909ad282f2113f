/**
 * The typed failures of the miner drivers. Each extends an AppError class of src/errors.ts, so the
 * edges map them by `code` without knowing about miners; the extra fields let a caller tell them apart.
 */
import { ConflictError, UpstreamError, ValidationError } from '../../errors.js';
import type { MinerAction } from '../../ports/fleet-control.js';

/** The driver cannot do `action` on this firmware (code VALIDATION, path `action`): never a silent no-op. */
export class UnsupportedActionError extends ValidationError {
  readonly driver: string;
  readonly action: MinerAction;
  constructor(driver: string, action: MinerAction, why: string) {
    super([{ path: 'action', message: `${driver} does not support ${action}: ${why}` }]);
    this.driver = driver;
    this.action = action;
  }
}

/** Why a miner's answer was a failure. */
export type MinerFailure = 'timeout_connect' | 'timeout_reply' | 'connection' | 'closed_mid_reply' | 'malformed' | 'refused' | 'access_denied' | 'credentials';

/** The miner could not be reached, answered garbage, or refused a command (code UPSTREAM). */
export class MinerUpstreamError extends UpstreamError {
  readonly reason: MinerFailure;
  /** The firmware's STATUS Code when it sent one. */
  readonly status_code: number | null;
  constructor(reason: MinerFailure, message: string, options?: { cause?: unknown; status_code?: number | null }) {
    super(message, options);
    this.reason = reason;
    this.status_code = options?.status_code ?? null;
  }
}

/** A LuxOS write needs the one session, and another actor holds it (code CONFLICT). */
export class SessionHeldError extends ConflictError {
  readonly session_id: string;
  constructor(address: string, session_id: string) {
    // Said in the operator's terms: nothing was sent, and taking the session over is their call, not ours.
    super(
      `${address}: another actor holds the LuxOS session (${session_id}); nothing was sent and it was not killed: end it where it is held, or retry once it expires (a minute after its last use)`,
    );
    this.session_id = session_id;
  }
}
