/** A job body's progress callback: `done` of `total` `unit`s so far. */
export type JobProgressFn = (done: number, total: number, unit: string) => void;
