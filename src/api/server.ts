/**
 * Binds the API to a socket with @hono/node-server. The dashboard is served from web/dist when
 * it has been built (`npm run build` builds it).
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { RunningServer, Services } from '../app/services.js';

export type { RunningServer };
import { createServedApp } from './app.js';
import { ValidationError } from '../errors.js';
import type { ApiOptions } from './context.js';

/** web/dist of the package, from src/api (tsx) or dist/api (built) alike. */
export function defaultWebDir(): string | undefined {
  const dir = fileURLToPath(new URL('../../web/dist/', import.meta.url));
  return existsSync(dir) ? dir : undefined;
}

export interface ServerOptions extends ApiOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Longest a request may take to arrive, headers and body (default 30 s; bodies are ≤ 1 MiB). */
  requestTimeoutMs?: number;
  /** Load the history, index and window bytes before listening, so no request waits for them (serve does). */
  warmUp?: boolean | undefined;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Why the socket could not be bound, naming the flag to change. */
export function listenError(err: Error, options: Pick<ServerOptions, 'host' | 'port'>): Error {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE')
    return ValidationError.field(
      'port',
      `${options.port} is already in use on ${options.host}; stop the other server or pick another port (0 picks a free one)`,
    );
  if (code === 'EACCES') return ValidationError.field('port', `${options.port} needs privileges to bind; use a port above 1023`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return ValidationError.field(
      'host',
      `"${options.host}" does not resolve to an address; give an IP address such as 127.0.0.1 or a name this machine resolves`,
    );
  if (code === 'EADDRNOTAVAIL')
    return ValidationError.field('host', `${options.host} is not an address of this machine; give one of its addresses, 127.0.0.1 or 0.0.0.0`);
  return err;
}

export async function startServer(services: Services, options: ServerOptions): Promise<RunningServer> {
  const stop = new AbortController();
  const { app, fastPath, warmUp } = createServedApp(services, {
    webDir: defaultWebDir(),
    ...options,
    refresh: options.refresh ? { ...options.refresh, signal: stop.signal } : undefined,
  });
  // Hono answers everything but repeated cache hits, which the fast path writes itself.
  const viaHono = getRequestListener(
    async (req, env) => {
      const res = await app.fetch(req, env);
      fastPath.remember(env.incoming as IncomingMessage, res);
      return res;
    },
    { hostname: options.host },
  );
  if (options.warmUp) await warmUp();
  return new Promise((resolve, reject) => {
    // Node's defaults let a client trickle a body for 5 minutes, checked only every 30 s: a slow
    // sender held a connection past 100 s. Deadlines are checked every second instead.
    const timeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const server = createServer(
      { requestTimeout: timeout, headersTimeout: Math.min(timeout, 10_000), connectionsCheckingInterval: Math.min(1000, timeout) },
      (req, res) => {
        if (!fastPath.answer(req, res)) void viaHono(req, res);
      },
    );
    server.once('error', (err: Error) => reject(listenError(err, options)));
    server.listen(options.port, options.host, () => {
      const info = server.address() as AddressInfo;
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}/`,
        port: info.port,
        close: () => {
          stop.abort();
          return new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
  });
}
