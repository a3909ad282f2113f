/**
 * HTTP API latency and throughput: `hashfloor serve` in a child process (the built CLI), hammered
 * by autocannon from this process. Target: p99 < 20 ms at 1,000 req/s on the hashprice endpoint.
 * Runs a fixed-rate pass at 1,000 req/s (latency at the target load) and an open-throttle pass
 * (maximum req/s). The client shares the machine's cores with the server, so the figures are
 * conservative.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { reportBench, type BenchMetric } from './lib/report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const TARGET_P99_MS = 20;
const RATE = 1000;

function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['dist/cli/bin.js', 'serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/[^\s]+\//.exec(out);
      if (m) resolve({ url: m[0], stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err: Error | null, result) => (err ? reject(err) : resolve(result)));
  });
}

const server = await startServer();
const path = 'api/v1/hashprice?from=2025-10-01&to=2025-11-22';
const url = server.url + path;
try {
  const first = await fetch(url);
  if (first.status !== 200) throw new Error(`GET ${url} → ${first.status}: ${await first.text()}`);
  const bytes = (await first.arrayBuffer()).byteLength;
  await run({ url, connections: 10, duration: 2 }); // warm-up (JIT, caches)
  const paced = await run({ url, connections: 20, duration: 10, overallRate: RATE });
  const open = await run({ url, connections: 20, pipelining: 1, duration: 10 });
  const full = await run({ url: `${server.url}api/v1/hashprice?format=columns`, connections: 10, duration: 5 });
  const errors = paced.errors + paced.non2xx + open.errors + open.non2xx;
  const metrics: BenchMetric[] = [
    { label: `p50 latency at ${RATE} req/s`, value: paced.latency.p50, unit: 'ms' },
    { label: `p99 latency at ${RATE} req/s`, value: paced.latency.p99, unit: 'ms', target: `< ${TARGET_P99_MS} ms`, ok: paced.latency.p99 < TARGET_P99_MS },
    { label: `achieved rate (paced at ${RATE})`, value: paced.requests.average, unit: 'req/s', target: `≥ ${RATE * 0.95} req/s`, ok: paced.requests.average >= RATE * 0.95 },
    { label: 'max throughput (20 connections)', value: open.requests.average, unit: 'req/s' },
    { label: 'p50 / p99 latency at max throughput', value: open.latency.p99, unit: `ms p99 (p50 ${open.latency.p50} ms)` },
    { label: 'full history (columns) throughput', value: full.requests.average, unit: `req/s (p99 ${full.latency.p99} ms)` },
    { label: 'errors and non-2xx', value: errors, unit: 'responses', target: '0', ok: errors === 0 },
  ];
  reportBench({
    name: 'api',
    title: 'HTTP API: hashprice endpoint under load',
    metrics,
    notes: [`GET /${path} (${bytes} bytes, 53 days); server = built CLI \`hashfloor serve\` in a child process, autocannon in the bench process on the same machine.`],
  });
} finally {
  server.stop();
}
