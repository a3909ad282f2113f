/**
 * SQLite's and the file system's storage failures as StorageError (exit 4, HTTP 503) with a line
 * saying which: disk full, read-only, cannot open, damaged. Anything else (a constraint, a bug in
 * a statement) passes through unchanged.
 */
import { StorageError } from '../../../errors.js';

export function sqliteStorageError(err: unknown, path: string): unknown {
  if (err instanceof StorageError) return err;
  const raw = (err as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : '';
  const reason = err instanceof Error ? err.message : String(err);
  const file = `the SQLite database ${path}`;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || (code === 'SQLITE_IOERR_WRITE' && /full|space/i.test(reason))) {
    return new StorageError(`disk full: cannot write ${file} (${reason}); free space and run the command again — nothing was half-written`, { cause: err });
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new StorageError(`${file} or its folder is read-only (${code}: ${reason}); give a writable --db path`, { cause: err });
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB') {
    return new StorageError(`${file} is damaged (${code}: ${reason}); move it aside and import or sync again, or restore a backup`, { cause: err });
  }
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_')) {
    return new StorageError(`cannot open or create ${file} (${reason}); check that its folder exists and is writable`, { cause: err });
  }
  if (code.startsWith('SQLITE_IOERR')) return new StorageError(`${file}: the disk failed a read or write (${code}: ${reason})`, { cause: err });
  return err;
}
