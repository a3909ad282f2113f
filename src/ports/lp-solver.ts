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
  /** A basis to start from (a hint: a solver may ignore it, or start afresh when it does not fit). */
  basis?: LpBasis | undefined;
}

/**
 * A simplex basis: per column and per row (the row's activity), 0 nonbasic at its lower bound,
 * 1 basic, 2 nonbasic at its upper bound.
 */
export interface LpBasis {
  colStatus: Uint8Array;
  rowStatus: Uint8Array;
}

export interface LpSolution {
  /** 'optimal' when solved; anything else is the solver's own status word. */
  status: string;
  objective: number;
  /** Column values, length numCols (meaningful only when optimal). */
  x: Float64Array;
  /**
   * Row duals, length numRows: the optimum's rate of change per unit of each row's bound (so ≥ 0
   * for a binding ≤ row of this maximisation). Optional: a solver without them still serves the
   * planner, which then solves whole LPs where it would have certified a restricted one.
   */
  rowDual?: Float64Array | undefined;
  /** The optimal basis, when the solver has one (the start of a related LP's solve). */
  basis?: LpBasis | undefined;
}

/**
 * Solves an LP synchronously. The core receives one as an argument (the dispatch planner uses it
 * for switching costs under binding caps); adapters that load asynchronously (HiGHS WASM) load
 * first and hand in the ready function.
 */
export type LpSolver = (lp: SparseLp) => LpSolution;
