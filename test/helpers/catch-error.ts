import { AppError, ValidationError } from '../../src/errors.js';

/** Runs `fn` and returns what it threw, so tests can assert the error's `code` and fields. */
export function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

/** Like catchError, for code that must fail with one of the project's typed errors. */
export function catchAppError(fn: () => unknown): AppError {
  const e = catchError(fn);
  if (e instanceof AppError) return e;
  throw e;
}

/** What a promise rejected with, which must be one of the project's typed errors. */
export async function catchRejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

/** The field path of the ValidationError `fn` throws (its first issue), or undefined when it throws nothing. */
export function validationPathOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues[0]?.path;
    throw e;
  }
  return undefined;
}
