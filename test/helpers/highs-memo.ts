/**
 * HiGHS answers kept across mutant runs. `npm run test:mutation` reruns each dispatch test once per
 * mutant it covers, and most of that time is HiGHS solving the same reference models again (the
 * exact-MIP comparison alone takes seconds a run). An answer depends only on the model handed to
 * HiGHS, never on the code under mutation, so under mutation (HASHFLOOR_MUTATION=1) it is stored on
 * disk under the SHA-256 of that model's canonical JSON and read back the next time the same model
 * comes. A mutant that changes the model changes the key and gets a fresh solve. `npm test` never
 * memoises: every run solves.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHighsSolver } from '../../src/adapters/solver/highs-lp.js';
import type { LpSolution, LpSolver } from '../../src/ports/lp-solver.js';
import { UNDER_MUTATION } from './mutation-scale.js';

const DIR = join(tmpdir(), 'hashfloor-mutation-highs');

/** Typed arrays as plain arrays, so equal models give equal JSON. */
const canonical = (_key: string, v: unknown): unknown => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v);

function keyOf(kind: string, model: unknown): string {
  return createHash('sha256').update(kind).update(JSON.stringify(model, canonical)).digest('hex');
}

function read<T>(key: string): T | undefined {
  try {
    return JSON.parse(readFileSync(join(DIR, `${key}.json`), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): void {
  mkdirSync(DIR, { recursive: true });
  // Two Stryker runners may solve the same model at once: write aside, then rename into place.
  const tmp = join(DIR, `${key}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(value, canonical));
  renameSync(tmp, join(DIR, `${key}.json`));
}

/** `solve(model)`, or under mutation the stored answer for an identical model. */
export async function memoisedSolve<M, R>(kind: string, model: M, solve: (model: M) => Promise<R>): Promise<R> {
  if (!UNDER_MUTATION) return solve(model);
  const key = keyOf(kind, model);
  const hit = read<R>(key);
  if (hit !== undefined) return hit;
  const answer = await solve(model);
  write(key, answer);
  return answer;
}

/** The HiGHS LpSolver the planner takes, memoised under mutation like memoisedSolve. */
export async function testLpSolver(): Promise<LpSolver> {
  const solver = await loadHighsSolver();
  if (!UNDER_MUTATION) return solver;
  return (lp) => {
    const key = keyOf('sparse-lp', lp);
    const hit = read<{ status: string; objective: number; x: number[]; rowDual?: number[]; basis?: { colStatus: number[]; rowStatus: number[] } }>(key);
    // JSON holds plain arrays: the typed arrays the port promises are rebuilt, the basis's too.
    if (hit !== undefined)
      return {
        status: hit.status,
        objective: hit.objective,
        x: Float64Array.from(hit.x),
        rowDual: hit.rowDual && Float64Array.from(hit.rowDual),
        basis: hit.basis && { colStatus: Uint8Array.from(hit.basis.colStatus), rowStatus: Uint8Array.from(hit.basis.rowStatus) },
      };
    const answer: LpSolution = solver(lp);
    write(key, answer);
    return answer;
  };
}
