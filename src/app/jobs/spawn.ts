/**
 * Starts a worker thread on a sibling module in src/app/jobs/: the built `NAME.js` (dist), or under
 * tsx (tests, benches) a bootstrap that registers tsx's loader inside the worker before importing
 * `NAME.ts` (an `--import tsx` execArgv does not reach worker threads on Node 20).
 */
import { Worker } from 'node:worker_threads';

export function spawnWorker(name: string, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData });
  const src = new URL(`./${name}.ts`, import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(src)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
