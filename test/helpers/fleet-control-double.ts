/**
 * An in-memory FleetControl for the `hashfloor miners` tests: a stand-in for the real drivers and
 * the simulator (another branch) that speaks only the port. Each miner is a small state machine
 * (hashing at some power, or sleeping); the double records every address connected to (`probes`)
 * and every command sent (`commands`), so tests can prove what was and was not touched. Nothing
 * here opens a socket.
 */
import type { FleetControl, MinerAction, MinerAddress, MinerDriver, MinerState, OperatingRange, OperatingTarget } from '../../src/ports/fleet-control.js';

export interface FakeMiner {
  host: string;
  port?: number;
  model?: string;
  state?: MinerState;
  power_w?: number | null;
  /**
   * ok: answers; refuse: connect fails (no miner there); hang: connect never settles, whatever
   * timeout it is given; ignore: accepts commands but keeps running as before (read-back mismatch).
   */
  behaviour?: 'ok' | 'refuse' | 'hang' | 'ignore';
  /** Delay of every call, ms. */
  delay_ms?: number;
  /** When set, `apply`/`wake` wait for it (to hold a command in flight). */
  gate?: Promise<void>;
}

export const FAKE_RANGE: OperatingRange = {
  profiles: [
    { kind: 'profile', profile_id: 'eco', power_w: 2200, hashrate_ths: 85, reboots: false, settle_s: 0 },
    { kind: 'profile', profile_id: 'stock', power_w: 3068, hashrate_ths: 104, reboots: false, settle_s: 0 },
  ],
  power_target_w: { min_w: 1000, max_w: 3500, step_w: 50 },
  can_sleep: true,
  sleep: { kind: 'sleep', power_w: 15, reboots: false, settle_s: 0, wake_settle_s: 0 },
};

const SUPPORTS: ReadonlySet<MinerAction> = new Set(['identify', 'telemetry', 'operating_points', 'apply_profile', 'apply_power_target', 'sleep', 'wake']);

export interface Command {
  miner: string;
  action: 'apply' | 'wake' | 'reboot';
  target?: OperatingTarget;
}

const pause = (ms: number): Promise<void> => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

export class FleetControlDouble implements FleetControl {
  readonly probes: string[] = [];
  readonly commands: Command[] = [];
  readonly miners = new Map<string, Required<Omit<FakeMiner, 'gate'>> & { gate?: Promise<void> }>();

  constructor(miners: readonly FakeMiner[]) {
    for (const m of miners) {
      const port = m.port ?? 4028;
      this.miners.set(`${m.host}:${port}`, { model: 'Antminer S19j Pro', state: 'hashing', power_w: 3068, behaviour: 'ok', delay_ms: 0, ...m, port });
    }
  }

  drivers(): string[] {
    return ['fake'];
  }

  async connect(address: MinerAddress): Promise<MinerDriver> {
    const key = `${address.host}:${address.port}`;
    this.probes.push(key);
    const m = this.miners.get(key);
    if (!m || m.behaviour === 'refuse') throw new Error(`connect ECONNREFUSED ${key}`);
    if (m.behaviour === 'hang') return new Promise<never>(() => undefined);
    await pause(m.delay_ms);
    const send = async (c: Command, change: () => void): Promise<void> => {
      this.commands.push(c);
      await m.gate;
      await pause(m.delay_ms);
      if (m.behaviour !== 'ignore') change();
    };
    return {
      name: 'fake',
      supports: SUPPORTS,
      identify: () =>
        pause(m.delay_ms).then(() => ({
          driver: 'fake',
          make: 'Bitmain',
          model: m.model,
          firmware: 'fake-1.0',
          mac: `02:00:00:00:00:${key.length.toString(16).padStart(2, '0')}`,
          serial: null,
        })),
      telemetry: async () => {
        await pause(m.delay_ms);
        const hashing = m.state === 'hashing';
        const hashrate_ths = hashing && m.power_w !== null ? (104 * m.power_w) / 3068 : 0;
        return {
          time_unix_s: 1_764_000_000,
          state: m.state,
          hashrate_ths,
          power_w: m.power_w,
          power_source: m.power_w === null ? null : 'measured',
          efficiency_jth: hashing && m.power_w !== null ? m.power_w / hashrate_ths : null,
          chip_temp_max_c: hashing ? 71 : 30,
          board_temps_c: [60, 61, 62],
          fan_rpm: [5400, 5400],
          uptime_s: 86_400,
          pool_url: 'stratum+tcp://127.0.0.1:3333',
          errors: [],
        };
      },
      operatingPoints: () => pause(m.delay_ms).then(() => FAKE_RANGE),
      apply: (target) =>
        send({ miner: key, action: 'apply', target }, () => {
          if (target.kind === 'sleep') Object.assign(m, { state: 'sleeping', power_w: 10 });
          else if (target.kind === 'power_target') Object.assign(m, { state: 'hashing', power_w: target.power_w });
          else Object.assign(m, { state: 'hashing', power_w: FAKE_RANGE.profiles.find((p) => p.profile_id === target.profile_id)?.power_w ?? m.power_w });
        }),
      wake: () => send({ miner: key, action: 'wake' }, () => Object.assign(m, { state: 'hashing', power_w: 3068 })),
      reboot: () => send({ miner: key, action: 'reboot' }, () => undefined),
    };
  }
}
