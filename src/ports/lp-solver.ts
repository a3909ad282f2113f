/**
 * The LP-solver port: a synchronous linear-program solver handed to the dispatch planner (adapters/solver/highs-lp.ts). Interfaces only.
 */
/**
 * A linear program in column-compressed form: maximise colCost·x + offset subject to
 * rowLower ≤ A·x ≤ rowUpper and colLower ≤ x ≤ colUpper (±Infinity for no bound).
 * Column j's nonzeros are rows indices[starts[j]…starts[j+1]−1] with values at the same places.
 */
export interface SparseLp {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export interface LpSolution {
  /** 'optimal' when solved; anything else is the solver's own status word. */
  status: string;
  objective: number;
  /** Column values, length numCols (meaningful only when optimal). */
  x: Float64Array;
}

/**
 * Solves an LP synchronously. The core receives one as an argument (the dispatch planner uses it
 * for switching costs under binding caps); adapters that load asynchronously (HiGHS WASM) load
 * first and hand in the ready function.
 */
export type LpSolver = (lp: SparseLp) => LpSolution;
