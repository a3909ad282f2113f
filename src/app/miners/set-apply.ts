/**
 * Carrying out a SetPlan (`hashfloor miners set --apply`): changes at a site over its cap are
 * refused; every other change takes the miner's lock in the store, is sent, is read back after the
 * firmware's settle time (bounded), and is written to the audit log together with the lock's
 * release in one transaction. Changes that lower a site's draw go first; when one of them fails,
 * the raising changes at that site are skipped, so a failed curtailment never lets the rest push
 * the site over its cap.
 */
import { ConflictError, UpstreamError, ValidationError, type AppError } from '../../errors.js';
import type { MinerTelemetry } from '../../ports/fleet-control.js';
import type { MinerActionRecord, MinerActionResult, Store } from '../../ports/store.js';
import { settleEach, sleepMs, withDeadline } from './bounded.js';
import { describeState, type PlannedChange, type SetPlan, type SetRequest } from './set-plan.js';

export interface ApplyOptions {
  store: Store;
  nowUnixS: () => number;
  /** Unique per run: the lock holder. */
  runId: string;
  actor: string;
  command: string;
  concurrency: number;
  /** Deadline of each command sent. */
  timeout_ms: number;
  /** Longest wait for a miner's settle time, whatever it reports. */
  max_settle_s: number;
  /** How long after settling the read-back may keep trying. */
  verify_s: number;
  poll_ms: number;
}

export interface ChangeOutcome {
  miner: string;
  site: string | null;
  lot: string | null;
  from_state: string;
  to_target: string;
  current_w: number | null;
  expected_w: number | null;
  result: MinerActionResult | 'dry_run';
  verification: string;
}

/** An error's text without the `host:port: ` it starts with when it already names `key` (the outcome names the miner). */
function reason(err: unknown, key: string): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.startsWith(`${key}: `) ? text.slice(key.length + 2) : text;
}

/** Power read back within this of the target counts as reached: firmware regulates to a few percent. */
const POWER_TOLERANCE = { fraction: 0.05, min_w: 50 };

/** Whether telemetry `t` shows `r` reached; `expected_w` is the draw the plan expected. */
export function verifyReading(r: SetRequest, expected_w: number | null, t: MinerTelemetry): { ok: boolean; text: string } {
  const seen = describeState(t);
  if (r.kind === 'sleep') return { ok: t.state === 'sleeping', text: `read back ${seen}; expected sleeping` };
  if (r.kind === 'wake') return { ok: t.state === 'hashing' || t.state === 'starting', text: `read back ${seen}; expected hashing or starting` };
  if (expected_w === null || t.power_w === null) return { ok: false, text: `read back ${seen}; cannot verify power` };
  const tol = Math.max(POWER_TOLERANCE.fraction * expected_w, POWER_TOLERANCE.min_w);
  const ok = t.state === 'hashing' && Math.abs(t.power_w - expected_w) <= tol;
  return { ok, text: `read back ${seen}; expected hashing at ${Math.round(expected_w)} ± ${Math.round(tol)} W` };
}

function outcome(c: PlannedChange, result: ChangeOutcome['result'], verification: string): ChangeOutcome {
  return {
    miner: c.miner.key,
    site: c.miner.site?.id ?? null,
    lot: c.miner.lot?.id ?? null,
    from_state: c.from_state,
    to_target: c.to_target,
    current_w: c.current_w,
    expected_w: c.expected_w,
    result,
    verification,
  };
}

/** What a dry run reports: the plan, changing nothing. */
export function dryRunOutcomes(plan: SetPlan): ChangeOutcome[] {
  return plan.changes.map((c) => {
    const refusal = plan.sites.find((s) => s.site === c.miner.site?.id)?.refusal;
    const note = c.problem ?? c.read_error ?? refusal ?? 'would be applied';
    return outcome(c, 'dry_run', note);
  });
}

async function sendAndVerify(c: PlannedChange, r: SetRequest, o: ApplyOptions): Promise<{ result: MinerActionResult; verification: string }> {
  const driver = c.reading?.driver;
  if (!driver) return { result: 'failed', verification: `not applied: ${c.read_error ?? 'unreachable'}` };
  try {
    await withDeadline(r.kind === 'wake' ? driver.wake() : driver.apply(r), o.timeout_ms, c.miner.key);
  } catch (err) {
    return { result: 'failed', verification: `not applied: ${reason(err, c.miner.key)}` };
  }
  await sleepMs(Math.min(c.settle_s, o.max_settle_s) * 1000);
  const until = Date.now() + o.verify_s * 1000;
  let last = 'no reading';
  for (;;) {
    try {
      const v = verifyReading(r, c.expected_w, await withDeadline(driver.telemetry(), o.timeout_ms, c.miner.key));
      if (v.ok) return { result: 'applied', verification: `verified: ${v.text}` };
      last = v.text;
    } catch (err) {
      last = `read-back failed: ${reason(err, c.miner.key)}`;
    }
    if (Date.now() + o.poll_ms > until) return { result: 'failed', verification: `mismatch after settling: ${last}` };
    await sleepMs(o.poll_ms);
  }
}

async function applyOne(c: PlannedChange, r: SetRequest, o: ApplyOptions): Promise<ChangeOutcome> {
  const record = (result: MinerActionResult, verification: string): MinerActionRecord => ({
    time_unix_s: o.nowUnixS(),
    miner: c.miner.key,
    from_state: c.from_state,
    to_target: c.to_target,
    result,
    verification,
    actor: o.actor,
    command: o.command,
  });
  const expires = o.nowUnixS() + Math.ceil(Math.min(c.settle_s, o.max_settle_s) + o.verify_s + (2 * o.timeout_ms) / 1000) + 60;
  if (!(await o.store.acquireMinerLock({ miner: c.miner.key, holder: o.runId, expires_unix_s: expires }, o.nowUnixS()))) {
    const why = 'not applied: another hashfloor miners set holds this miner';
    await o.store.recordMinerAction(record('busy', why));
    return outcome(c, 'busy', why);
  }
  let recorded = false;
  try {
    const done = await sendAndVerify(c, r, o);
    await o.store.recordMinerAction(record(done.result, done.verification), o.runId);
    recorded = true;
    return outcome(c, done.result, done.verification);
  } finally {
    if (!recorded) await o.store.releaseMinerLock(c.miner.key, o.runId);
  }
}

export async function applySet(plan: SetPlan, o: ApplyOptions): Promise<ChangeOutcome[]> {
  const out = new Map<string, ChangeOutcome>();
  const refuse = async (c: PlannedChange, result: MinerActionResult, why: string): Promise<void> => {
    await o.store.recordMinerAction({
      time_unix_s: o.nowUnixS(),
      miner: c.miner.key,
      from_state: c.from_state,
      to_target: c.to_target,
      result,
      verification: why,
      actor: o.actor,
      command: o.command,
    });
    out.set(c.miner.key, outcome(c, result, why));
  };
  const raises = (c: PlannedChange): boolean => (c.expected_w ?? Infinity) > (c.current_w ?? 0);
  const go: PlannedChange[] = [];
  for (const c of plan.changes) {
    const refusal = plan.sites.find((s) => s.site === c.miner.site?.id)?.refusal ?? null;
    if (refusal) await refuse(c, 'refused', `not applied: ${refusal}`);
    else if (!c.miner.site && raises(c))
      await refuse(c, 'refused', 'not applied: the miner is at no site of the fleet, so no cap can be checked for a change that may raise its draw');
    else go.push(c);
  }
  const failedSites = new Set<string>();
  for (const phase of [go.filter((c) => !raises(c)), go.filter(raises)]) {
    const now = phase.filter((c) => !failedSites.has(c.miner.site?.id ?? ''));
    for (const c of phase.filter((x) => failedSites.has(x.miner.site?.id ?? '')))
      await refuse(c, 'skipped', 'not applied: a change lowering this site’s draw failed first');
    const settled = await settleEach(now, o.concurrency, (c) => applyOne(c, plan.request, o));
    settled.forEach((s, i) => {
      const c = now[i] as PlannedChange;
      const res = s.ok ? s.value : outcome(c, 'failed', `not applied: ${s.error.message}`);
      out.set(c.miner.key, res);
      // An unreachable miner already counts at its highest power; only a change that reached a miner and failed can leave the site drawing more than planned.
      if (res.result !== 'applied' && c.reading && c.miner.site) failedSites.add(c.miner.site.id);
    });
  }
  return plan.changes.map((c) => out.get(c.miner.key) as ChangeOutcome);
}

/**
 * The error a finished `set` ends with, or null when every change went through: refusals and
 * unfit requests are bad input (the cap, a flag), failures reaching or verifying a miner are
 * upstream, and a miner locked by another run is a conflict.
 */
export function setFailure(outcomes: readonly ChangeOutcome[], plan: SetPlan): AppError | null {
  const unfit = plan.changes.filter((c) => c.problem);
  if (unfit.length) return new ValidationError(unfit.map((c) => ({ path: c.miner.key, message: c.problem ?? '' })));
  const refused = outcomes.filter((o) => o.result === 'refused' || o.result === 'skipped');
  if (refused.length) return new ValidationError(refused.map((o) => ({ path: o.miner, message: o.verification })));
  const failed = outcomes.filter((o) => o.result === 'failed');
  if (failed.length)
    return new UpstreamError(`${failed.length} of ${outcomes.length} change(s) failed: ${failed.map((o) => `${o.miner}: ${o.verification}`).join('; ')}`);
  const busy = outcomes.filter((o) => o.result === 'busy');
  if (busy.length)
    return new ConflictError(
      `${busy.map((o) => o.miner).join(', ')}: held by another hashfloor miners set; nothing sent to ${busy.length === 1 ? 'it' : 'them'}`,
    );
  return null;
}
