/**
 * `serve`'s write token from --token or --token-file. A token on the command line is visible to
 * every user in the process list, hence the file (and $HASHFLOOR_TOKEN, read in src/main.ts); an
 * empty token would lock every write with no token a client could send.
 */
import { readFileSync } from 'node:fs';
import { NotFoundError, UsageError } from '../errors.js';
import { stringOpt } from './args.js';
import type { ParsedArgs } from './command.js';

export function readTokenOption(args: ParsedArgs): string | undefined {
  const given = stringOpt(args, 'token');
  const file = stringOpt(args, 'token-file');
  if (given !== undefined && file !== undefined) throw new UsageError('give --token or --token-file, not both');
  let token = given;
  if (file !== undefined) {
    try {
      token = (readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '').trim();
    } catch (err) {
      throw new NotFoundError(`cannot read the token file "${file}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
        path: 'token_file',
        cause: err,
      });
    }
  }
  if (token !== undefined && token.trim() === '') {
    const what = file !== undefined ? `the token file "${file}"` : '--token';
    throw new UsageError(`${what} is empty; give a token of at least one character, or leave it out for open writes on loopback`);
  }
  return token;
}
