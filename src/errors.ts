/**
 * The error hierarchy. Every failure that reaches a user is an AppError with a literal `code`;
 * each edge translates codes once (CLI: exit codes, API: HTTP status + problem+json).
 * Tests assert `code`, never message text.
 */
export type ErrorCode =
  | 'USAGE'
  | 'VALIDATION'
  | 'PARSE'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UPSTREAM'
  | 'CANCELLED'
  | 'INTERNAL';

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A command line or request that is not of the accepted form (unknown flag, missing argument). */
export class UsageError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('USAGE', message, options);
  }
}

export interface ValidationIssue {
  /** Field path, e.g. `sites[0].capacity_mw` or `--from`. */
  path: string;
  message: string;
}

/** Input that parsed but breaks a rule; carries every issue found, each naming its field. */
export class ValidationError extends AppError {
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[], options?: { cause?: unknown }) {
    super('VALIDATION', issues.map((i) => `${i.path}: ${i.message}`).join('; '), options);
    this.issues = issues;
  }
  static field(path: string, message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}

/** Bytes or text that could not be decoded; says where (byte offset or line). */
export class ParseError extends AppError {
  readonly offset: number | undefined;
  readonly line: number | undefined;
  readonly source: string | undefined;
  constructor(
    message: string,
    where: { offset?: number; line?: number; source?: string } = {},
    options?: { cause?: unknown },
  ) {
    const at = [
      where.source,
      where.line !== undefined ? `line ${where.line}` : undefined,
      where.offset !== undefined ? `byte ${where.offset}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    super('PARSE', at ? `${at}: ${message}` : message, options);
    this.offset = where.offset;
    this.line = where.line;
    this.source = where.source;
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('NOT_FOUND', message, options);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFLICT', message, options);
  }
}

/** A dependency outside the process (Bitcoin Core, a database server) failed. */
export class UpstreamError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('UPSTREAM', message, options);
  }
}

export class CancelledError extends AppError {
  constructor(message = 'cancelled', options?: { cause?: unknown }) {
    super('CANCELLED', message, options);
  }
}

export class InternalError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INTERNAL', message, options);
  }
}

/** Wraps anything thrown into an AppError without losing the original as `cause`. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new InternalError(message, { cause: err });
}
