/**
 * Checks up front that an output path can be written, so a long run does not end in a failed
 * write: the file, when it exists, must be a writable file; else its folder must exist and be
 * writable. Nothing is created or truncated here.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';

export function assertWritableFile(path: string, flag: string): void {
  let problem: string | undefined;
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isDirectory()) problem = 'it is a folder';
    else accessSync(st ? path : dirname(resolve(path)), constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problem = code === 'ENOENT' || code === 'ENOTDIR' ? `folder ${dirname(resolve(path))} does not exist` : (code ?? String(err));
  }
  if (problem !== undefined) throw new UsageError(`${flag} "${path}" cannot be written: ${problem}`);
}
