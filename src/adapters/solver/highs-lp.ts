/**
 * The LpSolver port (src/ports/store.ts) on HiGHS (npm `highs`, the WASM build of the HiGHS solver).
 * Loading the WASM module is asynchronous, solving is not: `loadHighsSolver()` resolves to a
 * synchronous solver the pure planner can call. The module is loaded once per process.
 */
import type { Highs } from 'highs';
import { UpstreamError } from '../../errors.js';
import type { LpSolution, LpSolver, SparseLp } from '../../ports/lp-solver.js';

let instance: Promise<Highs> | undefined;

function loadHighs(): Promise<Highs> {
  // `highs` ships CommonJS-flavoured types for an ESM default export.
  instance ??= import('highs').then((m) => (m as unknown as { default: () => Promise<Highs> }).default());
  return instance;
}

export async function loadHighsSolver(): Promise<LpSolver> {
  let highs: Highs;
  try {
    highs = await loadHighs();
  } catch (err) {
    throw new UpstreamError(`cannot load the HiGHS LP solver (npm "highs"): ${String(err)}`, { cause: err });
  }
  const inf = (a: Float64Array): Float64Array => a.map((v) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v));
  return (lp: SparseLp): LpSolution => {
    const model = highs.createModel({
      numCols: lp.numCols,
      numRows: lp.numRows,
      sense: highs.constants.objectiveSense.maximize,
      offset: 0,
      colCost: lp.colCost,
      colLower: inf(lp.colLower),
      colUpper: inf(lp.colUpper),
      rowLower: inf(lp.rowLower),
      rowUpper: inf(lp.rowUpper),
      matrix: { format: 'csc', numRows: lp.numRows, numCols: lp.numCols, starts: lp.starts, indices: lp.indices, values: lp.values },
    });
    try {
      // The planner's LPs are sparse and nearly networks: HiGHS's presolve removes little from them
      // and costs a third to a half of a cold solve (measured on the example fleet's site LPs).
      model.options.set({ output_flag: false, presolve: 'off' });
      if (lp.basis) {
        try {
          model.setBasis({ colStatus: Int32Array.from(lp.basis.colStatus), rowStatus: Int32Array.from(lp.basis.rowStatus) });
        } catch {
          // A basis HiGHS rejects is only a lost head start: solve from its own.
          model.setLogicalBasis();
        }
      }
      model.run();
      const code = model.getModelStatus();
      const name = Object.entries(highs.constants.modelStatus).find(([, v]) => v === code)?.[0] ?? String(code);
      const solution = model.getSolution();
      const basis = code === highs.constants.modelStatus.optimal ? model.getBasis() : undefined;
      return {
        status: name,
        objective: model.getObjectiveValue(),
        x: Float64Array.from(solution.colValue),
        rowDual: Float64Array.from(solution.rowDual),
        basis: basis && { colStatus: Uint8Array.from(basis.colStatus), rowStatus: Uint8Array.from(basis.rowStatus) },
      };
    } finally {
      model.dispose();
    }
  };
}
