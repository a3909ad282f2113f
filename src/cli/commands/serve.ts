/**
 * `hashfloor serve`: the HTTP API and the dashboard. Runs until SIGINT/SIGTERM. When it binds an
 * address other machines can reach, write endpoints require a bearer token: --token, or
 * $HASHFLOOR_API_TOKEN, or one generated and printed at start.
 */
import { randomBytes } from 'node:crypto';
import { isLoopbackHost } from '../../app/loopback.js';
import { numberOpt, stringOpt } from '../args.js';
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';
import { refreshOnce } from './update.js';

/** `10m`, `1h`, `90s` or `0` → seconds; anything else is a usage error naming the flag. */
export function refreshPeriodS(text: string | undefined): number {
  if (text === undefined || text === '0') return 0;
  const m = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(text.trim());
  const s = m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'] : NaN;
  if (!(s >= 10)) throw new UsageError(`--refresh: expected a period of at least 10 s such as 90s, 10m or 1h (0 disables), got "${text}"`);
  return s;
}
import { readTokenOption } from '../token-option.js';

export const command: CommandSpec = {
  path: ['serve'],
  summary: 'Serve the HTTP API (/api/v1, /openapi.json, /docs) and the dashboard',
  options: {
    host: { type: 'string', value: 'HOST', description: 'address to bind (default 127.0.0.1)' },
    port: { type: 'string', value: 'N', description: 'TCP port (default 8080; 0 picks a free one)' },
    db: {
      type: 'string',
      value: 'PATH|URL',
      description: 'store whose imported days join the embedded history (SQLite path or postgres:// URL; default $HASHFLOOR_DB)',
    },
    'allowed-host': {
      type: 'string',
      multiple: true,
      value: 'NAME',
      description: 'another host name clients use to reach the server (repeatable); requests naming any other are refused',
    },
    token: {
      type: 'string',
      value: 'TOKEN',
      description:
        'bearer token for write endpoints (default $HASHFLOOR_API_TOKEN or $HASHFLOOR_TOKEN; generated when binding a non-loopback address); visible in the process list: prefer --token-file or the variable',
    },
    'token-file': { type: 'string', value: 'FILE', description: 'read the bearer token from the first line of FILE' },
    'client-rate-per-s': {
      type: 'string',
      value: 'N',
      description: 'requests per second one client (bearer token, else remote address) may send, bursts of twice that (default 50; 0: no limit)',
    },
    'client-in-flight': {
      type: 'string',
      value: 'N',
      description: 'requests one client may have in flight at once (default 8; 0: no limit); beyond either limit: 429 with Retry-After',
    },
    refresh: {
      type: 'string',
      value: 'PERIOD',
      description: 'run `update` (default sources) in the background every PERIOD, e.g. 10m, 1h, 90s (default 0: off)',
    },
  },
  help: 'JSON fields (printed when the server stops): url, host, port, write_token_required.',
  async run(args, ctx) {
    const host = stringOpt(args, 'host') ?? '127.0.0.1';
    const port = numberOpt(args, 'port', { integer: true, min: 0, max: 65535, example: '--port 8080' }) ?? 8080;
    let token = readTokenOption(args) ?? ctx.services.apiToken;
    let generated = false;
    if (token === undefined && !isLoopbackHost(host)) {
      token = randomBytes(24).toString('base64url');
      generated = true;
    }
    const period_s = refreshPeriodS(stringOpt(args, 'refresh'));
    const db = stringOpt(args, 'db');
    const refresh =
      period_s > 0
        ? { period_s, run: () => refreshOnce(ctx, db).catch((err: unknown) => (ctx.notice?.(`refresh: ${(err as Error).message}`), false)) }
        : undefined;
    const ratePerClientPerS = numberOpt(args, 'client-rate-per-s', { min: 0, example: '--client-rate-per-s 50' });
    const maxInFlightPerClient = numberOpt(args, 'client-in-flight', { integer: true, min: 0, example: '--client-in-flight 8' });
    const server = await ctx.services.serve({
      host,
      port,
      token,
      db,
      refresh,
      allowedHosts: args.values['allowed-host'] as string[] | undefined,
      ratePerClientPerS,
      maxInFlightPerClient,
      warmUp: true,
    });
    // A server has to say where it listens while it runs, not when it returns: print now.
    const lines = [`hashfloor listening on ${server.url}  (API docs: ${server.url}docs)`];
    if (generated) lines.push(`write endpoints need: Authorization: Bearer ${token}`);
    else if (token !== undefined) lines.push('write endpoints need the configured bearer token');
    process.stdout.write(`${lines.join('\n')}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    return { json: { url: server.url, host, port: server.port, write_token_required: token !== undefined }, summary: ['stopped'] };
  },
};
