/**
 * The clock port: the one source of "now". The core never reads the time; app/ asks a Clock and
 * passes the instant in. main.ts wires the system clock; tests pass a fixed one.
 */
export interface Clock {
  /** Current time, whole unix seconds (UTC). */
  nowUnixS(): number;
}
