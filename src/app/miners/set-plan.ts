/**
 * The plan of `hashfloor miners set`: for each targeted miner what it runs now and what it is to
 * run, checked against the operating range it reports, and each affected site's draw before and
 * after (site-power.ts). Reading only: nothing here commands a miner, which is what makes the
 * dry run safe.
 */
import type { AsicModel } from '../../hardware/model.js';
import type { FleetControl, MinerTelemetry, OperatingTarget } from '../../ports/fleet-control.js';
import { READ_STALL, settleEach } from './bounded.js';
import type { ListedMiner, MinerList } from './miner-list.js';
import { readMiner, type MinerReading } from './read-miner.js';
import { capRefusal, highestW, siteLoad, type MinerLoad, type SiteLoad } from './site-power.js';

/** What `set` asks for: an operating target of the port, or wake (which the port has as its own call). */
export type SetRequest = OperatingTarget | { kind: 'wake' };

export interface PlannedChange {
  miner: ListedMiner;
  reading: MinerReading | null;
  /** Why the miner could not be read, else null. */
  read_error: string | null;
  from_state: string;
  to_target: string;
  /** Draw now (measured or estimated; the highest when unknown) and after the change, W at the plug. */
  current_w: number | null;
  expected_w: number | null;
  /** How long the firmware needs before the change can be read back. */
  settle_s: number;
  /** Why this request does not fit this miner (bad flag for it), else null. */
  problem: string | null;
}

export interface SetPlan {
  request: SetRequest;
  changes: PlannedChange[];
  sites: (SiteLoad & { refusal: string | null })[];
}

export interface PlanOptions {
  timeout_ms: number;
  concurrency: number;
  env: Readonly<Record<string, string | undefined>>;
  /** Settle time assumed for wake, which reports none. */
  wake_settle_s: number;
  catalog: readonly AsicModel[];
}

export function describeRequest(r: SetRequest): string {
  if (r.kind === 'profile') return `profile ${r.profile_id}`;
  if (r.kind === 'power_target') return `power_target ${r.power_w} W`;
  return r.kind;
}

export function describeState(t: MinerTelemetry): string {
  return t.power_w === null ? `${t.state}, no power reading` : `${t.state} ${Math.round(t.power_w)} W (${t.power_source ?? 'unknown'})`;
}

/** Expected draw, settle time and any problem of `r` on a miner that reported `reading`. */
function fit(
  r: SetRequest,
  reading: MinerReading,
  highest: number | null,
  wakeSettleS: number,
): { expected_w: number | null; settle_s: number; problem: string | null } {
  const { driver, range } = reading;
  const needs = r.kind === 'profile' ? 'apply_profile' : r.kind === 'power_target' ? 'apply_power_target' : r.kind;
  if (!driver.supports.has(needs)) return { expected_w: highest, settle_s: 0, problem: `its driver ${driver.name} cannot ${needs.replace(/_/g, ' ')}` };
  if (r.kind === 'wake') return { expected_w: highest, settle_s: range?.sleep?.wake_settle_s ?? wakeSettleS, problem: null };
  if (r.kind === 'sleep') {
    // Asleep a miner still draws its control board: the driver's sleep point says how much.
    if (range?.can_sleep === false) return { expected_w: highest, settle_s: 0, problem: 'it reports it cannot sleep' };
    return { expected_w: range?.sleep?.power_w ?? 0, settle_s: range?.sleep?.settle_s ?? 0, problem: null };
  }
  if (r.kind === 'profile') {
    const p = range?.profiles.find((x) => x.profile_id === r.profile_id);
    if (!p)
      return {
        expected_w: highest,
        settle_s: 0,
        problem: `it has no profile "${r.profile_id}" (profiles: ${range?.profiles.map((x) => x.profile_id).join(', ') || 'none'})`,
      };
    return { expected_w: p.power_w, settle_s: p.settle_s, problem: null };
  }
  const pt = range?.power_target_w;
  if (!pt) return { expected_w: highest, settle_s: 0, problem: 'it offers no power target' };
  if (r.power_w < pt.min_w || r.power_w > pt.max_w)
    return { expected_w: highest, settle_s: 0, problem: `${r.power_w} W is outside its power-target range ${pt.min_w}–${pt.max_w} W` };
  return { expected_w: r.power_w, settle_s: 0, problem: null };
}

export async function planSet(fc: FleetControl, list: MinerList, targets: readonly ListedMiner[], request: SetRequest, o: PlanOptions): Promise<SetPlan> {
  const targetKeys = new Set(targets.map((t) => t.key));
  const siteIds = new Set(targets.map((t) => t.site?.id).filter((s): s is string => s !== undefined));
  // Every listed miner at an affected site is read: the cap check needs what the others draw too.
  const toRead = list.miners.filter((m) => targetKeys.has(m.key) || (m.site && siteIds.has(m.site.id)));
  const readings = await settleEach(
    toRead,
    o.concurrency,
    (m) => readMiner(fc, m, { timeout_ms: o.timeout_ms, env: o.env, identify: false, operatingPoints: true }),
    READ_STALL(o.concurrency),
  );
  const byKey = new Map(toRead.map((m, i) => [m.key, readings[i]]));
  const loads: MinerLoad[] = [];
  const changes: PlannedChange[] = [];
  for (const m of toRead) {
    const s = byKey.get(m.key);
    const reading = s?.ok ? s.value : null;
    const highest = highestW(m, reading?.range ?? null, o.catalog);
    const current = reading?.telemetry.power_w ?? highest;
    if (!targetKeys.has(m.key)) {
      loads.push({ miner: m, before_w: current, after_w: current });
      continue;
    }
    const f = reading ? fit(request, reading, highest, o.wake_settle_s) : { expected_w: highest, settle_s: 0, problem: null };
    changes.push({
      miner: m,
      reading,
      read_error: s && !s.ok ? s.error.message : null,
      from_state: reading ? describeState(reading.telemetry) : 'unreachable',
      to_target: describeRequest(request),
      current_w: current,
      expected_w: f.expected_w,
      settle_s: f.settle_s,
      problem: f.problem,
    });
    // Unreachable or unfit: it is not changed, and counts at its highest.
    loads.push({ miner: m, before_w: current, after_w: reading && !f.problem ? f.expected_w : highest });
  }
  const sites = (list.fleet?.sites ?? [])
    .filter((s) => siteIds.has(s.id))
    .map((s) => {
      const load = siteLoad(
        s,
        list.lots,
        loads.filter((l) => l.miner.site?.id === s.id),
      );
      return { ...load, refusal: capRefusal(load) };
    });
  return { request, changes: targets.map((t) => changes.find((c) => c.miner.key === t.key) as PlannedChange), sites };
}
