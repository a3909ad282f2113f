/**
 * LuxOS as the simulator speaks it (PROTOCOLS.md A.3): the documented replies (version, logon,
 * session, curtail, profileset, atm, atmset, and the telemetry fields pyasic reads), one session with
 * a 60 s expiry refreshed on use, profiles refused while ATM is on. Codes and messages the sources do
 * not give are the simulator's own and marked so; drivers must not depend on them.
 */
import { MAX_RELATIVE_FREQUENCY, MIN_RELATIVE_FREQUENCY } from '../../../hardware/profiles.js';
import { type JsonObject, type ReplyHead, invalidCommand, reply } from './envelope.js';
import type { RequestKind, SimMiner } from './sim-miner.js';

export const LUXOS_VERSION = '2024.2.19.131822-ef17c0c4';
export const LUXOS_SESSION_EXPIRY_S = 60;
/** The ladder: 25 MHz steps around a nameplate frequency (the simulator's stand-in for the EEPROM's). */
const DEFAULT_MHZ = 500;
const STEP_MHZ = 25;
/** Simulator-only codes (not in the sources). */
const SIM_CODE = { logonRefused: 901, badSession: 902, atmOn: 903, badProfile: 904, killed: 905, loggedOff: 906, rebooting: 907, profiles: 908 };

export interface Outcome {
  reply: JsonObject;
  kind: RequestKind;
  /** After replying the miner reboots; `crash` reboots before replying and loses the change. */
  effect?: 'reboot' | 'crash';
}

export interface LuxProfile {
  name: string;
  mhz: number;
  relative_frequency: number;
}

export function luxProfiles(): LuxProfile[] {
  const out: LuxProfile[] = [];
  for (let mhz = DEFAULT_MHZ * MIN_RELATIVE_FREQUENCY; mhz <= DEFAULT_MHZ * MAX_RELATIVE_FREQUENCY + 1e-9; mhz += STEP_MHZ) {
    out.push({ name: mhz === DEFAULT_MHZ ? 'default' : `${mhz}MHz`, mhz, relative_frequency: mhz / DEFAULT_MHZ });
  }
  return out;
}

const head = (m: SimMiner): ReplyHead => ({ style: 'luxos', description: `LUXminer ${LUXOS_VERSION}`, when_s: m.now_s() });

function activeSession(m: SimMiner): SimMiner['luxos']['session'] {
  const s = m.luxos.session;
  if (!s) return null;
  // An actor holding the session on purpose keeps using it.
  if (s.owner === 'other' && m.fault === 'session_held') s.last_used_s = m.now_s();
  if (m.now_s() - s.last_used_s > LUXOS_SESSION_EXPIRY_S) m.luxos.session = null;
  return m.luxos.session;
}

function sessionId(m: SimMiner): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let x = (m.index + 1) * 2_654_435_761 + ++m.luxos.sessions_made * 40_503;
  let id = '';
  for (let i = 0; i < 8; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    id += alphabet[x % alphabet.length];
  }
  return id;
}

const WRITES = new Set(['curtail', 'profileset', 'atmset', 'rebootdevice']);

export function handleLuxos(m: SimMiner, command: string, parameter: string | undefined): Outcome {
  const h = head(m);
  const args = parameter === undefined ? [] : parameter.split(',');
  const read = (r: JsonObject): Outcome => ({ reply: r, kind: 'read' });
  switch (command) {
    case 'version':
      return read(
        reply(h, 'S', 22, 'LUXminer versions', {
          VERSION: [
            { API: '3.7', CompileTime: 'Mon Feb 19 13:19:55 UTC 2024', LUXminer: LUXOS_VERSION, Miner: LUXOS_VERSION.split('-')[0], Type: m.model.model },
          ],
        }),
      );
    case 'session':
      return read(reply(h, 'S', 319, 'Session', { SESSION: [{ SessionID: activeSession(m)?.id ?? '' }] }));
    case 'logon': {
      if (m.fault === 'wrong_credentials') return { reply: reply(h, 'E', SIM_CODE.logonRefused, 'Invalid credentials'), kind: 'session' };
      if (activeSession(m)) return { reply: reply(h, 'E', SIM_CODE.logonRefused, 'Another session is active'), kind: 'session' };
      const s = { id: sessionId(m), owner: 'client' as const, last_used_s: m.now_s() };
      m.luxos.session = s;
      return { reply: reply(h, 'S', 316, 'Session created', { SESSION: [{ SessionID: s.id }] }), kind: 'session' };
    }
    case 'logoff':
    case 'kill': {
      const s = activeSession(m);
      if (command === 'logoff' && s?.id !== args[0]) return { reply: reply(h, 'E', SIM_CODE.badSession, 'Invalid session'), kind: 'session' };
      m.luxos.session = null;
      return {
        reply: reply(h, 'S', command === 'kill' ? SIM_CODE.killed : SIM_CODE.loggedOff, command === 'kill' ? 'Session killed' : 'Session ended'),
        kind: 'session',
      };
    }
    case 'atm':
      return read(
        reply(h, 'S', 339, 'ATM configuration', {
          ATM: [
            {
              Enabled: m.luxos.atm_enabled,
              MaxProfile: `${luxProfiles().at(-1)?.mhz ?? 0}MHz`,
              MinProfile: `${luxProfiles()[0]?.mhz ?? 0}MHz`,
              PostRampMinutes: 15,
              StartupMinutes: 15,
              TempWindow: 10,
            },
          ],
        }),
      );
    case 'profiles':
      return read(
        reply(h, 'S', SIM_CODE.profiles, 'Profiles', {
          PROFILES: luxProfiles().map((p) => {
            const pt = m.physics.pointAt(p.relative_frequency);
            return {
              Frequency: p.mhz,
              Hashrate: Math.round(pt.hashrate_ths * 100) / 100,
              IsDynamic: false,
              'Profile Name': p.name,
              Watts: Math.round(pt.power_w),
            };
          }),
        }),
      );
    case 'summary':
    case 'power':
    case 'fans':
    case 'stats':
    case 'config':
    case 'pools':
      return read(telemetryReply(m, h, command));
  }
  if (!WRITES.has(command)) return read(invalidCommand(h));
  const s = activeSession(m);
  if (!s || s.owner !== 'client' || s.id !== args[0]) return { reply: reply(h, 'E', SIM_CODE.badSession, 'Invalid session'), kind: 'write' };
  s.last_used_s = m.now_s();
  return write(m, h, command, args.slice(1));
}

function write(m: SimMiner, h: ReplyHead, command: string, args: string[]): Outcome {
  const done = (r: JsonObject, effect?: Outcome['effect']): Outcome => (effect ? { reply: r, kind: 'write', effect } : { reply: r, kind: 'write' });
  if (command === 'curtail') {
    const action = args[0];
    if (action === 'sleep') m.physics.sleep(m.now_s());
    else if (action === 'wakeup') m.physics.wake(m.now_s());
    else return done(reply(h, 'E', SIM_CODE.badProfile, `Unknown curtail action ${action ?? ''}`));
    return done(reply(h, 'S', 335, 'Curtailment command sent', { CURTAIL: [{ Action: action === 'sleep' ? 'sleep mode' : 'wake up' }] }));
  }
  if (command === 'atmset') {
    for (const kv of args) {
      const [k, v] = kv.split('=');
      if (k?.trim() === 'enabled') m.luxos.atm_enabled = v?.trim() === 'true';
    }
    return done(reply(h, 'S', 340, 'ATM configuration updated'));
  }
  if (command === 'rebootdevice') return done(reply(h, 'S', SIM_CODE.rebooting, 'Rebooting'), 'reboot');
  // profileset: by name or relative position (+1, -2); the W/THs suffix forms are not simulated.
  if (m.luxos.atm_enabled) return done(reply(h, 'E', SIM_CODE.atmOn, 'Cannot change profile while ATM is enabled'));
  const ladder = luxProfiles();
  const want = args[args.length - 1] ?? '';
  const here = ladder.findIndex((p) => p.name === m.luxos.profile);
  const target = /^[+-]\d+$/.test(want) ? ladder[here + Number(want)] : ladder.find((p) => p.name === want);
  if (!target) return done(reply(h, 'E', SIM_CODE.badProfile, `Unknown profile ${want}`));
  if (m.fault === 'reboot_mid_change') {
    m.fault = null;
    return done(reply(h, 'E', 0, ''), 'crash');
  }
  m.luxos.profile = target.name;
  m.physics.setFrequency(target.relative_frequency, m.now_s());
  return done(reply(h, 'S', 321, 'Profile Set', { PROFILE: [{ Board: 0, FrequencyStep: 5, Profile: target.name, VoltageStep: 0.05 }] }));
}

const BOARDS = 3;

function telemetryReply(m: SimMiner, h: ReplyHead, command: string): JsonObject {
  const r = m.physics.read(m.now_s());
  const ghs = r.hashrate_ths * 1000;
  const t = (x: number): number => Math.round(x);
  switch (command) {
    case 'summary':
      return reply(h, 'S', 11, 'Summary', { SUMMARY: [{ Elapsed: r.uptime_s, 'GHS 5s': round2(ghs), 'GHS av': round2(ghs) }] });
    case 'power':
      return reply(h, 'S', 0, 'Power', { POWER: [{ PSU: true, Watts: Math.round(r.power_w) }] });
    case 'fans':
      return reply(h, 'S', 202, 'Fans', { FANS: [0, 1, 2, 3].map((i) => ({ ID: i, RPM: r.fan_rpm + i * 30, Speed: Math.round(r.fan_rpm / 60) })) });
    case 'config':
      return reply(h, 'S', 33, 'Configuration', { CONFIG: [{ MACAddr: m.mac, RedLed: 'off' }] });
    case 'pools':
      return reply(h, 'S', 7, `${1} Pool(s)`, {
        POOLS: [{ POOL: 0, URL: 'stratum+tcp://btc.global.luxor.tech:700', Status: 'Alive', 'Stratum Active': true }],
      });
    default: {
      const chains: JsonObject = {
        Elapsed: r.uptime_s,
        rate_unit: 'GH/s',
        total_rateideal: round2(m.physics.pointAt(m.physics.frequency).hashrate_ths * 1000),
      };
      for (let b = 1; b <= BOARDS; b++) {
        chains[`chain_rate${b}`] = round2(ghs / BOARDS);
        chains[`chain_acn${b}`] = 63;
        chains[`temp_chip${b}`] = [0, 1, 2, 3].map((k) => t(r.chip_temp_c - k)).join('-');
        chains[`temp_pcb${b}`] = [0, 1, 2, 3].map((k) => t(r.board_temp_c - k)).join('-');
      }
      return reply(h, 'S', 70, 'CGMiner stats', { STATS: [{ CompileTime: 'Mon Feb 19 13:19:55 UTC 2024', Type: m.model.model }, chains] });
    }
  }
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
