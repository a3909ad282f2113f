/**
 * The practical limit for an HTTP read: a bare `node:http` server that answers each known path
 * with bytes recorded from `hashfloor serve` (same status, headers and body), nothing else —
 * no routing, validation, middleware or JSON work. Started as a child process by the API bench:
 *   node --import tsx bench/lib/bare-server.ts RECORDED.json   → prints its URL on stdout
 * RECORDED.json: [{ "path": "/api/v1/…?…", "status": 200, "headers": {…}, "body_base64": "…" }]
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';

interface Recorded {
  path: string;
  status: number;
  headers: Record<string, string>;
  body_base64: string;
}

const answers = new Map<string, { status: number; headers: Record<string, string>; body: Buffer }>();
for (const r of JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Recorded[])
  answers.set(r.path, { status: r.status, headers: r.headers, body: Buffer.from(r.body_base64, 'base64') });

const server = http.createServer((req, res) => {
  const a = answers.get(req.url ?? '');
  if (!a) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(a.status, { ...a.headers, 'content-length': a.body.byteLength }).end(a.body);
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`http://127.0.0.1:${address.port}/`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
