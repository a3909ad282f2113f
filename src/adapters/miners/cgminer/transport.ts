/**
 * One cgminer-style exchange (PROTOCOLS.md A.0): connect, send one request, read until the miner
 * closes. Each call settles on its own timers — a connect timeout and an overall one — so a hung
 * miner costs its caller at most `timeout_ms` and never holds up anyone else.
 */
import { connect } from 'node:net';
import type { MinerAddress } from '../../../ports/fleet-control.js';
import { MinerUpstreamError } from '../errors.js';

export interface RpcTimeouts {
  connect_timeout_ms: number;
  /** From the start of the call to the miner closing the connection. */
  timeout_ms: number;
}

export const DEFAULT_RPC_TIMEOUTS: RpcTimeouts = { connect_timeout_ms: 1_000, timeout_ms: 5_000 };

export interface RawReply {
  text: string;
  /** Whether it ended with the NUL that cgminer's send_result() appends; without it the reply was cut off in flight. */
  terminated: boolean;
}

export const addressText = (a: MinerAddress): string => `${a.host}:${a.port}`;

export function exchange(address: MinerAddress, request: string, timeouts: RpcTimeouts): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const where = addressText(address);
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect({ host: address.host, port: address.port });
    const finish = (err: MinerUpstreamError | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(replyTimer);
      socket.destroy();
      if (err) return reject(err);
      const bytes = Buffer.concat(chunks);
      resolve({ text: bytes.toString('utf8'), terminated: bytes.length > 0 && bytes[bytes.length - 1] === 0 });
    };
    const connectTimer = setTimeout(
      () => finish(new MinerUpstreamError('timeout_connect', `${where}: no connection within ${timeouts.connect_timeout_ms} ms`)),
      timeouts.connect_timeout_ms,
    );
    const replyTimer = setTimeout(
      () => finish(new MinerUpstreamError('timeout_reply', `${where}: no complete reply within ${timeouts.timeout_ms} ms`)),
      timeouts.timeout_ms,
    );
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      socket.write(request);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('end', () => finish(null));
    socket.once('error', (cause: Error) => finish(new MinerUpstreamError('connection', `${where}: ${cause.message}`, { cause })));
    socket.once('close', () => finish(new MinerUpstreamError('connection', `${where}: connection closed`)));
  });
}
