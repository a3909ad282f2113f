/**
 * Serves the built dashboard (web/dist) from an absolute folder: files by path, index.html for
 * anything else (client-side routes). Files are read once and kept in memory — the bundle is a
 * few hundred kB. Hashed assets are cached for a year; index.html is revalidated.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { problem, problemResponse } from './problem.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.yaml': 'text/yaml; charset=utf-8',
  '.woff2': 'font/woff2',
};

export function createStaticHandler(root: string): (path: string) => Promise<Response | undefined> {
  const base = normalize(root.endsWith(sep) ? root : root + sep);
  // Only files that exist are kept: caching misses let any client grow the heap without bound
  // (30,000 unique paths took it from 3 MB to 248 MB). The files that exist are a bounded set.
  const cache = new Map<string, Buffer>();

  async function load(rel: string): Promise<Buffer | null> {
    const full = normalize(join(base, rel));
    if (!full.startsWith(base)) return null; // path traversal
    const hit = cache.get(full);
    if (hit) return hit;
    const data = await readFile(full).catch(() => null);
    if (data) cache.set(full, data);
    return data;
  }

  return async (path) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return problemResponse(
        problem(400, 'PARSE', 'the path has a malformed %-escape (expected % followed by two hex digits encoding UTF-8)', { instance: path }),
      );
    }
    const rel = decoded.replace(/^\/+/, '') || 'index.html';
    let file = rel;
    let data = await load(rel);
    if (!data && !extname(rel)) {
      file = 'index.html';
      data = await load(file);
    }
    if (!data) return undefined;
    const immutable = file.startsWith('assets/');
    return new Response(new Uint8Array(data), {
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    });
  };
}
