/**
 * Refuses requests a browser can be tricked into sending. On the default loopback bind writes need
 * no token, so any web page the user visits could post a "simple" cross-origin request (text/plain,
 * a form) to http://127.0.0.1:8080 and rewrite the store, or rebind its own DNS name to 127.0.0.1
 * and read the answers. Hence:
 * - the Host must be an IP literal, `localhost`, the bound host name or an allowed host: a rebound
 *   name arrives with the attacker's name in Host, never an address;
 * - a write (any method but GET/HEAD/OPTIONS) must not come from another origin (Origin,
 *   Sec-Fetch-Site) and must carry a content type its route documents — the CORS-safelisted
 *   types a page may send without a preflight are not among them.
 */
import type { MiddlewareHandler } from 'hono';
import { isIP } from 'node:net';
import { problem, problemResponse } from './problem.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestGuardOptions {
  /** The address or name the server binds. */
  host?: string | undefined;
  /** More names the server may be reached by (a reverse proxy's, a LAN name). */
  allowedHosts?: readonly string[] | undefined;
  /** Media types each write route documents, by method and path template (`/api/v1/fleets/{id}`). */
  bodyTypes: () => ReadonlyMap<string, readonly string[]>;
}

/** `host[:port]` → its host name, lower case, IPv6 without brackets. */
function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') < 0 ? undefined : h.indexOf(']'));
  return h.replace(/:\d*$/, '').replace(/\.$/, '');
}

function templateMatches(template: string, path: string): boolean {
  const t = template.split('/');
  const p = path.split('/');
  return t.length === p.length && t.every((seg, i) => (seg.startsWith('{') && seg.endsWith('}') ? (p[i] ?? '') !== '' : seg === p[i]));
}

const refuse = (status: number, code: string, detail: string) => problemResponse(problem(status, code, detail));

/** Whether a Host header names this server (shared with the cache-hit fast path, hit-fast-path.ts). */
export function hostCheck(options: Pick<RequestGuardOptions, 'host' | 'allowedHosts'>): (hostHeader: string) => boolean {
  const named = new Set(['localhost', ...(options.host ? [hostName(options.host)] : []), ...(options.allowedHosts ?? []).map(hostName)]);
  return (hostHeader) => {
    const name = hostName(hostHeader);
    return isIP(name) !== 0 || named.has(name) || name.endsWith('.localhost');
  };
}

export function requestGuard(options: RequestGuardOptions, allowedHost = hostCheck(options)): MiddlewareHandler {
  return async (c, next) => {
    const hostHeader = c.req.header('host') ?? new URL(c.req.url).host;
    if (!allowedHost(hostHeader)) {
      return refuse(
        403,
        'HOST_NOT_ALLOWED',
        `Host "${hostHeader}" is not this server's address; reach it by its IP address or localhost, or start serve with --allowed-host ${hostName(hostHeader)}`,
      );
    }
    if (SAFE_METHODS.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return refuse(403, 'CROSS_ORIGIN', `a ${site} request may not write; send it from the dashboard's own origin or without a browser`);
    }
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      let same = false;
      try {
        same = new URL(origin).host.toLowerCase() === hostHeader.trim().toLowerCase();
      } catch {
        same = false;
      }
      if (!same) return refuse(403, 'CROSS_ORIGIN', `Origin "${origin}" is not this server; writes are accepted from its own origin only`);
    }
    const entry = [...options.bodyTypes()].find(([key]) => {
      const [method, template] = key.split(' ');
      return method === c.req.method && templateMatches(template ?? '', c.req.path);
    });
    const types = entry?.[1];
    if (types !== undefined && types.length > 0) {
      const given = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!types.includes(given)) {
        return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', `content-type "${given || '(none)'}" is not accepted here; send ${types.join(' or ')}`);
      }
    }
    return next();
  };
}
