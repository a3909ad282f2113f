/**
 * The error hierarchy. Every failure that reaches a user is an AppError with a literal `code`;
 * each edge translates codes once (CLI: exit codes, API: HTTP status + problem+json).
 * Tests assert `code`, never message text.
 */
export type ErrorCode = 'USAGE' | 'VALIDATION' | 'PARSE' | 'NOT_FOUND' | 'CONFLICT' | 'UPSTREAM' | 'STORAGE' | 'CANCELLED' | 'INTERNAL';

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
  /**
   * Field path in the core's vocabulary, e.g. `from` or `sites[0].capacity_mw` — never a CLI flag or
   * a query parameter: each edge renames paths to its own words (src/cli/field-names.ts, src/api/problem.ts).
   */
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
  constructor(message: string, where: { offset?: number; line?: number; source?: string } = {}, options?: { cause?: unknown }) {
    const at = [where.source, where.line !== undefined ? `line ${where.line}` : undefined, where.offset !== undefined ? `byte ${where.offset}` : undefined]
      .filter(Boolean)
      .join(', ');
    super('PARSE', at ? `${at}: ${message}` : message, options);
    this.offset = where.offset;
    this.line = where.line;
    this.source = where.source;
  }
}

/** Something named by the input does not exist; `path` names the field that named it, when one did. */
export class NotFoundError extends AppError {
  readonly path: string | undefined;
  /** The message without the path prefix. */
  readonly detail: string;
  constructor(message: string, options?: { cause?: unknown; path?: string }) {
    super('NOT_FOUND', options?.path !== undefined ? `${options.path}: ${message}` : message, options);
    this.path = options?.path;
    this.detail = message;
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

/** Local storage failed: the disk is full, the store's file or folder is read-only, or the file is damaged. */
export class StorageError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORAGE', message, options);
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

/**
 * The same error with its field paths renamed by `rename` (undefined keeps a path): how an edge
 * puts its own vocabulary (`--from`, `tip_height`) on the core's paths. Other errors pass through.
 */
export function renamePaths(err: AppError, rename: (path: string) => string | undefined): AppError {
  if (err instanceof ValidationError) {
    const issues = err.issues.map((i) => ({ ...i, path: rename(i.path) ?? i.path }));
    return issues.some((i, k) => i.path !== err.issues[k]?.path) ? new ValidationError(issues, { cause: err.cause ?? err }) : err;
  }
  if (err instanceof NotFoundError && err.path !== undefined) {
    const path = rename(err.path);
    return path === undefined || path === err.path ? err : new NotFoundError(err.detail, { path, cause: err.cause ?? err });
  }
  return err;
}

/** A `rename` for renamePaths from a table: the longest key that is the path or a prefix of it (up to `.` or `[`) is replaced. */
export function pathRenamer(table: Readonly<Record<string, string>>): (path: string) => string | undefined {
  const keys = Object.keys(table).sort((a, b) => b.length - a.length);
  return (path) => {
    const key = keys.find((k) => path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`));
    return key === undefined ? undefined : `${table[key] as string}${path.slice(key.length)}`;
  };
}
