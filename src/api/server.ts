/**
 * Binds the API to a socket with @hono/node-server. The dashboard is served from web/dist when
 * it has been built (`npm run build` builds it).
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { RunningServer, Services } from '../app/services.js';

export type { RunningServer };
import { createApp } from './app.js';
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
}

export function startServer(services: Services, options: ServerOptions): Promise<RunningServer> {
  const stop = new AbortController();
  const app = createApp(services, { webDir: defaultWebDir(), ...options, refresh: options.refresh ? { ...options.refresh, signal: stop.signal } : undefined });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info: AddressInfo) => {
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
    server.once('error', reject);
  });
}
