/**
 * An open-loop load generator: request i is due at start + i / rate, whatever happened to the
 * ones before it, and its latency is counted from when it was due (so a stall on either side
 * shows in full: no coordinated omission). Requests go over `connections` keep-alive sockets;
 * a request due while all are busy waits for one, and that wait counts.
 *
 * Why not autocannon's `overallRate`: autocannon gives each connection a budget of rate ÷
 * connections requests per second, refilled by a one-second interval, and sends them back to
 * back — so the "paced" load is a burst at full speed at the start of every second followed by
 * idle time. It then corrects for coordinated omission with an expected interval of
 * ⌈1 / per-connection rate⌉ = 1 ms, which weights every response slower than 1 ms by its
 * duration in ms. Both inflate the reported tail well above what a steady 1,000 req/s sees.
 */
import http from 'node:http';

export interface PacedResult {
  sent: number;
  ok: number;
  errors: number;
  /** Requests completed per second over the run. */
  achieved_rps: number;
  /** Latency from the due time (ms): p50, p90, p99, p99.9, max. */
  latency_ms: { p50: number; p90: number; p99: number; p999: number; max: number };
  /** Latency from the moment the request was written (ms), for comparison. */
  service_ms: { p50: number; p99: number };
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** `url` is one URL, or request i's URL (a mix of routes and windows). */
export async function pacedLoad(
  url: string | ((i: number) => string),
  opts: { rate: number; durationS: number; connections: number; clients?: number },
): Promise<PacedResult> {
  // Several clients: each its own loopback source address (127.0.0.2, .3, …), so a server's
  // per-client limits see many users; request i goes out as client i mod clients.
  const clients = opts.clients ?? 1;
  const agents = Array.from(
    { length: clients },
    (_, k) =>
      new http.Agent({ keepAlive: true, maxSockets: Math.ceil(opts.connections / clients), ...(clients > 1 ? { localAddress: `127.0.0.${2 + k}` } : {}) }),
  );
  const total = Math.round(opts.rate * opts.durationS);
  const intervalMs = 1000 / opts.rate;
  const fromDue = new Float64Array(total);
  const fromSend = new Float64Array(total);
  let ok = 0;
  let errors = 0;
  let finished = 0;
  let sent = 0;
  const start = performance.now();
  let lastDone = start;

  await new Promise<void>((resolve) => {
    const fire = (i: number, due: number) => {
      let written = due;
      const req = http.get(typeof url === 'string' ? url : url(i), { agent: agents[i % clients] }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          const now = performance.now();
          fromDue[i] = now - due;
          fromSend[i] = now - written;
          if (res.statusCode === 200) ok++;
          else errors++;
          lastDone = now;
          if (++finished === total) resolve();
        });
      });
      req.on('finish', () => (written = performance.now()));
      req.on('error', () => {
        errors++;
        if (++finished === total) resolve();
      });
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * intervalMs <= now) {
        fire(sent, start + sent * intervalMs);
        sent++;
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
    };
    tick();
  });
  for (const a of agents) a.destroy();
  const due = fromDue.slice().sort();
  const service = fromSend.slice().sort();
  return {
    sent,
    ok,
    errors,
    achieved_rps: (finished / (lastDone - start)) * 1000,
    latency_ms: { p50: quantile(due, 0.5), p90: quantile(due, 0.9), p99: quantile(due, 0.99), p999: quantile(due, 0.999), max: due[due.length - 1] ?? NaN },
    service_ms: { p50: quantile(service, 0.5), p99: quantile(service, 0.99) },
  };
}
