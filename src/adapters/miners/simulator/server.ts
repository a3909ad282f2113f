/**
 * The listening side of one simulated miner: one net.Server on its own loopback address, one
 * request per connection, the reply followed by a NUL and the close (PROTOCOLS.md A.0), `+`-joined
 * report commands, and the faults (hang, close mid-reply, reboot) that real fleets produce.
 */
import { type Server, type Socket, createServer } from 'node:net';
import { handleAntminer, handleAvalon } from './firmware-cgminer.js';
import { type Outcome, handleLuxos } from './firmware-luxos.js';
import { type JsonObject, type ReplyStyle, invalidCommand, joined, serialize } from './envelope.js';
import { applyQuirks } from './quirks.js';
import type { SimMiner } from './sim-miner.js';

/** Commands that may be joined with `+`: cgminer allows parameterless reports only. */
const REPORTS = new Set(['version', 'summary', 'stats', 'estats', 'pools', 'devs', 'devdetails', 'power', 'fans', 'config', 'session', 'atm', 'profiles']);

function handle(m: SimMiner, command: string, parameter: string | undefined): Outcome {
  if (m.firmware === 'luxos') return handleLuxos(m, command, parameter);
  if (m.firmware === 'avalon') return handleAvalon(m, command, parameter);
  return handleAntminer(m, command);
}

const styleOf = (m: SimMiner): ReplyStyle => (m.firmware === 'luxos' ? 'luxos' : 'cgminer');

/** The bytes to send for one request, its side effect, and the log entries. */
function answer(m: SimMiner, request: { command: string; parameter?: string }): { text: string; effect: Outcome['effect'] } {
  const time_unix_s = m.now_s();
  const parameter = request.parameter;
  const names = request.command.split('+');
  const log = (command: string, kind: Outcome['kind'], isJoined: boolean): void => {
    m.log.push({ time_unix_s, command, parameter: isJoined ? null : (parameter ?? null), kind, joined: isJoined });
  };
  let body: JsonObject;
  let effect: Outcome['effect'];
  if (names.length > 1) {
    const unique = [...new Set(names)];
    if (m.quirks.has('no_multi')) {
      log(request.command, 'read', false);
      body = handle(m, request.command, undefined).reply;
    } else {
      body = joined(
        unique.map((name) => {
          const head = { style: styleOf(m), description: '', when_s: time_unix_s };
          const out = REPORTS.has(name) ? handle(m, name, undefined) : { reply: invalidCommand(head), kind: 'read' as const };
          log(name, out.kind, true);
          return [name, out.reply] as [string, JsonObject];
        }),
      );
    }
  } else {
    const out = handle(m, request.command, parameter);
    log(request.command, out.kind, false);
    body = out.reply;
    effect = out.effect;
  }
  return { text: applyQuirks(serialize(styleOf(m), body), m.quirks) + '\0', effect };
}

function parseRequest(text: string): { command: string; parameter?: string } | 'incomplete' | 'bad' {
  const t = text.replace(/\0+$/, '').trim();
  if (!t.startsWith('{')) {
    // The text form `cmd|param` (answered in JSON here; real cgminer answers it in its text format).
    const [command, parameter] = t.split('|');
    return command ? (parameter === undefined ? { command } : { command, parameter }) : 'incomplete';
  }
  try {
    const v = JSON.parse(t) as { command?: unknown; parameter?: unknown };
    if (typeof v.command !== 'string') return 'bad';
    return typeof v.parameter === 'string' ? { command: v.command, parameter: v.parameter } : { command: v.command };
  } catch {
    return 'incomplete';
  }
}

export interface MinerServerOptions {
  /** How long a reboot keeps the miner off the network. */
  reboot_ms: number;
}

export class MinerServer {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private rebootTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    readonly miner: SimMiner,
    private readonly opts: MinerServerOptions,
  ) {}

  listen(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.miner.host, port: this.miner.port, backlog: 511 }, () => {
        server.off('error', reject);
        const a = server.address();
        if (a && typeof a === 'object') this.miner.port = a.port;
        resolve();
      });
    });
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const req = parseRequest(buffered);
      if (req === 'incomplete') return;
      socket.off('data', onData);
      if (req === 'bad') return void socket.end('\0');
      if (this.miner.fault === 'hang') return; // accepted, read, never answered
      const { text, effect } = answer(this.miner, req);
      if (effect === 'crash') {
        socket.destroy();
        this.reboot();
        return;
      }
      if (this.miner.fault === 'close_mid_reply') {
        socket.write(text.slice(0, Math.floor(text.length / 2)));
        socket.end();
        return;
      }
      socket.end(text);
      if (effect === 'reboot') socket.once('close', () => this.reboot());
    };
    socket.on('data', onData);
  }

  /** Off the network for reboot_ms, then up again with the hashboards ramping (curtailment persists). */
  reboot(): void {
    if (this.closed || this.miner.rebooting) return;
    this.miner.rebooting = true;
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    server?.close();
    this.rebootTimer = setTimeout(() => {
      this.rebootTimer = null;
      if (this.closed) return;
      this.miner.physics.boot(this.miner.now_s());
      this.miner.luxos.session = null;
      this.listen().then(
        () => {
          this.miner.rebooting = false;
        },
        () => {
          this.miner.rebooting = false;
        },
      );
    }, this.opts.reboot_ms);
  }

  close(): Promise<void> {
    this.closed = true;
    if (this.rebootTimer) clearTimeout(this.rebootTimer);
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
