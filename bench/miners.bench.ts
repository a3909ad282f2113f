/**
 * Polling a fleet: 10,000 simulated miners (LuxOS, stock Antminer, Avalon in equal parts) on
 * distinct loopback addresses in this process, each asked for its telemetry once through the
 * FleetControl drivers with bounded concurrency. Target: every miner polled in ≤ 10 s wall.
 * Needs `ulimit -n` ≥ 10,000 listening sockets + 2 per connection in flight (about 11,000 here).
 */
import { execSync } from 'node:child_process';
import { mapLimit } from '../src/adapters/map-limit.js';
import { createFleetControl } from '../src/adapters/miners/fleet-control.js';
import { startMinerSimulator } from '../src/adapters/miners/simulator/index.js';
import { machineLoadNote, reportBench } from './lib/report.js';

const N = Number(process.env.HASHFLOOR_BENCH_MINERS ?? 10_000);
const CONCURRENCY = 256;
const TARGET_S = 10;

const third = Math.floor(N / 3);
const startedAt = performance.now();
const sim = await startMinerSimulator({ mix: { luxos: N - 2 * third, antminer: third, avalon: third }, base_address: '127.0.101.1' });
const startS = (performance.now() - startedAt) / 1000;
const fc = createFleetControl({ timeouts: { connect_timeout_ms: 1_000, timeout_ms: 5_000 } });

const t0 = performance.now();
const results = await mapLimit(sim.inventory, CONCURRENCY, async (e) => {
  try {
    const d = await fc.connect({ host: e.host, port: e.port }, { driver: e.driver });
    return (await d.telemetry()).hashrate_ths > 0;
  } catch {
    return false;
  }
});
const pollS = (performance.now() - t0) / 1000;
const ok = results.filter(Boolean).length;
await sim.close();

const fdLimit = Number(execSync('ulimit -n', { shell: '/bin/bash' }).toString().trim());
reportBench({
  name: 'miners-poll',
  title: `Polling ${N.toLocaleString('en-US')} simulated miners`,
  metrics: [
    { label: 'poll wall time', value: pollS, unit: 's', target: `≤ ${TARGET_S} s`, ok: pollS <= TARGET_S && ok === N },
    { label: 'miners answering', value: ok, unit: `of ${N}` },
    { label: 'simulator start-up', value: startS, unit: 's' },
  ],
  notes: [`concurrency ${CONCURRENCY}, one connection per miner (joined + commands); ulimit -n ${fdLimit}`, machineLoadNote()],
});
