/**
 * The `--db` option every command that reads or writes the store takes, and the one way to open
 * that store: `options: { ...DB_OPTION, … }` then `await openCommandStore(args, ctx)`.
 */
import { stringOpt } from './args.js';
import type { CommandContext, OptionSpec, ParsedArgs } from './command.js';
import type { Store, StoreNetwork } from '../ports/store.js';

export const DB_OPTION: Record<string, OptionSpec> = {
  db: {
    type: 'string',
    value: 'PATH|URL',
    description: 'store: a SQLite file, :memory:, or postgres://user@host:port/db (default $HASHFLOOR_DB, else <data dir>/hashfloor.sqlite)',
  },
};

/**
 * The store named by `--db` (or the default), opened, migrated and carrying the embedded data;
 * created for `network` (default main) when it does not exist yet.
 */
export function openCommandStore(args: ParsedArgs, ctx: CommandContext, network?: StoreNetwork): Promise<Store> {
  return ctx.services.store(stringOpt(args, 'db'), network === undefined ? undefined : { network });
}
