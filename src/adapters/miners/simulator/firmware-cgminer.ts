/**
 * Avalon (cgminer 4.11.1, PROTOCOLS.md A.1) and stock Antminer (bmminer, A.2) as the simulator
 * speaks them: cgminer's reply order, Avalon's `estats` token string and `ascset` soft-off/on at a
 * timestamp and work levels, bmminer's `stats` chains. Stock Antminer denies privileged commands
 * (Code 45), as it is run without --api-allow.
 */
import { AVALON_LEVELS } from '../avalon/levels.js';
import { type JsonObject, type ReplyHead, accessDenied, invalidCommand, reply } from './envelope.js';
import type { Outcome } from './firmware-luxos.js';
import type { SimMiner } from './sim-miner.js';

export const AVALON_FIRMWARE = '24102401_25462b2_9ddf522';
const round2 = (x: number): number => Math.round(x * 100) / 100;
const POOLS = { POOLS: [{ POOL: 0, URL: 'stratum+tcp://stratum.example.invalid:3333', Status: 'Alive', Priority: 0, 'Stratum Active': true }] };

/** Number part of an Avalon catalog name: `Avalon A1466` → `1466`. */
const avalonNumber = (m: SimMiner): string => /(\d+)/.exec(m.model.model)?.[1] ?? '0';

/** Applies the soft-off/on requests whose time has come. */
function runPending(m: SimMiner): void {
  const now = m.now_s();
  const due = m.avalon.pending.filter((p) => p.at_s <= now);
  m.avalon.pending = m.avalon.pending.filter((p) => p.at_s > now);
  for (const p of due) {
    if (p.action === 'softoff') m.physics.sleep(p.at_s);
    else m.physics.wake(p.at_s);
  }
}

function mmId(m: SimMiner): string {
  const r = m.physics.read(m.now_s());
  const ghs = r.hashrate_ths * 1000;
  const expected = m.physics.pointAt(m.physics.frequency).hashrate_ths * 1000;
  const per = (x: number, f: (v: number) => string): string => [0.99, 1, 1.01].map((k) => f(x * k)).join(' ');
  const t = Math.round;
  const work = m.physics.sleeping ? 'In Idle' : 'In Work';
  return [
    `Ver[${avalonNumber(m)}-${AVALON_FIRMWARE}]`,
    `SYSTEMSTATU[Work: ${work}, Hash Board: 3 ]`,
    `Elapsed[${r.uptime_s}]`,
    `Temp[25] TMax[${t(r.chip_temp_c)}] TAvg[${t(r.board_temp_c)}]`,
    `Fan1[${r.fan_rpm}] Fan2[${r.fan_rpm + 7}] FanR[${Math.round((r.fan_rpm / 8000) * 100)}%]`,
    `WALLPOWER[${Math.round(r.power_w)}]`,
    `GHSspd[${ghs.toFixed(2)}] GHSmm[${expected.toFixed(2)}] GHSavg[${ghs.toFixed(2)}] Freq[345.94] Led[0]`,
    `MGHS[${per(ghs / 3, (v) => v.toFixed(2))}] MTmax[${per(r.chip_temp_c, (v) => String(t(v)))}] MTavg[${per(r.board_temp_c, (v) => String(t(v)))}]`,
    `SoftOFF[${m.physics.sleeping ? 1 : 0}] MPO[${Math.round(m.physics.pointAt(m.physics.frequency).power_w)}] WORKMODE[${m.avalon.level}]`,
  ].join(' ');
}

export function handleAvalon(m: SimMiner, command: string, parameter: string | undefined): Outcome {
  runPending(m);
  const h: ReplyHead = { style: 'cgminer', description: 'cgminer 4.11.1', when_s: m.now_s() };
  const read = (r: JsonObject): Outcome => ({ reply: r, kind: 'read' });
  const n = avalonNumber(m);
  switch (command) {
    case 'version':
      return read(
        reply(h, 'S', 22, 'CGMiner versions', {
          VERSION: [
            {
              CGMiner: '4.11.1',
              API: '3.7',
              PROD: `AvalonMiner ${n}-${Math.round(m.model.hashrate_ths)}`,
              MODEL: `${n}-${Math.round(m.model.hashrate_ths)}`,
              VERSION: AVALON_FIRMWARE,
              MAC: m.mac.replace(/:/g, '').toLowerCase(),
            },
          ],
        }),
      );
    case 'estats':
      return read(reply(h, 'S', 70, 'CGMiner stats', { STATS: [{ STATS: 0, ID: 'AVA100', Elapsed: m.physics.read(m.now_s()).uptime_s, 'MM ID0': mmId(m) }] }));
    case 'pools':
      return read(reply(h, 'S', 7, '1 Pool(s)', POOLS));
    case 'ascset':
    case 'restart':
      break;
    default:
      return read(invalidCommand(h));
  }
  if (m.fault === 'wrong_credentials') return { reply: accessDenied(h, command), kind: 'write' };
  if (command === 'restart') return { reply: { STATUS: 'RESTART' }, kind: 'write', effect: 'reboot' };
  const [, action, value, level] = (parameter ?? '').split(',');
  if (action === 'softoff' || action === 'softon') {
    const at_s = Number((value ?? '').split(':')[1]);
    if (!Number.isFinite(at_s)) return { reply: reply(h, 'E', 118, `ASC 0 set info: invalid ${action} time`), kind: 'write' };
    m.avalon.pending.push({ action, at_s });
    return { reply: reply(h, 'S', 119, `ASC 0 set info: success ${action}:${at_s}`), kind: 'write' };
  }
  if (action === 'worklevel' && value === 'set') {
    const l = AVALON_LEVELS.find((x) => String(x.level) === level);
    if (!l) return { reply: reply(h, 'E', 118, 'ASC 0 set info: invalid worklevel'), kind: 'write' };
    if (m.fault === 'reboot_mid_change') {
      m.fault = null;
      return { reply: {}, kind: 'write', effect: 'crash' };
    }
    m.avalon.level = l.level;
    m.physics.setFrequency(l.relative_frequency, m.now_s());
    return { reply: reply(h, 'S', 119, 'ASC 0 set OK'), kind: 'write' };
  }
  return { reply: reply(h, 'E', 118, 'ASC 0 set info: unknown option'), kind: 'write' };
}

export function handleAntminer(m: SimMiner, command: string): Outcome {
  const h: ReplyHead = { style: 'cgminer', description: 'bmminer 1.0.0', when_s: m.now_s() };
  const read = (r: JsonObject): Outcome => ({ reply: r, kind: 'read' });
  const r = m.physics.read(m.now_s());
  switch (command) {
    case 'version':
      return read(
        reply(h, 'S', 22, 'BMMiner versions', {
          VERSION: [{ BMMiner: '1.0.0', API: '3.1', Miner: 'uart_trans.1.3', CompileTime: 'Thu Jun 8 15:00:00 CST 2023', Type: m.model.model }],
        }),
      );
    case 'stats': {
      const chain = [0, 1, 2].map((index) => ({
        index,
        rate_real: round2((r.hashrate_ths * 1000) / 3),
        asic_num: 76,
        temp_pcb: [0, 1, 2, 3].map((k) => Math.round(r.board_temp_c - k)),
        temp_pic: [0, 1, 2, 3].map((k) => Math.round(r.board_temp_c + 3 - k)),
        temp_chip: [0, 1, 2, 3].map((k) => Math.round(r.chip_temp_c - k)),
        sn: `SIMBOARD${m.index}-${index}`,
      }));
      const fans = { fan1: r.fan_rpm, fan2: r.fan_rpm + 20, fan3: r.fan_rpm + 40, fan4: r.fan_rpm + 60 };
      const ideal = round2(m.physics.pointAt(m.physics.frequency).hashrate_ths * 1000);
      return read(reply(h, 'S', 70, 'CGMiner stats', { STATS: [{ chain }, { Elapsed: r.uptime_s, rate_unit: 'GH/s', total_rateideal: ideal, ...fans }] }));
    }
    case 'pools':
      return read(reply(h, 'S', 7, '1 Pool(s)', POOLS));
    case 'devdetails':
    case 'ascset':
    case 'restart':
    case 'switchpool':
    case 'addpool':
      return { reply: accessDenied(h, command), kind: command === 'devdetails' ? 'read' : 'write' };
    default:
      return read(invalidCommand(h));
  }
}
