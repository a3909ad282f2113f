/** Runs `fn` and returns what it threw, so tests can assert the error's `code` and fields. */
export function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}
