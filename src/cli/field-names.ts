/**
 * The CLI's words for the core's field paths. The core names what was wrong by its own field
 * (`from`, `start_height`, `tip.time_unix_s`); the user typed a flag, so errors are shown with it
 * (`--from`, `--tip-height`, `--tip-time`). A command lists the paths whose flag is not their
 * obvious spelling in `fields`; otherwise a path whose first segment, written with `-` for `_`,
 * is one of the command's options is shown as that flag. Spec-file paths (`sites[2].capacity_mw`)
 * match no option and stay as they are.
 */
import { pathRenamer } from '../errors.js';
import type { CommandSpec } from './command.js';

export function cliFieldNamer(spec: CommandSpec): (path: string) => string | undefined {
  const explicit = pathRenamer(spec.fields ?? {});
  return (path) => {
    const named = explicit(path);
    if (named !== undefined) return named;
    const head = /^[A-Za-z0-9_]+/.exec(path)?.[0];
    if (head === undefined) return undefined;
    const flag = head.replace(/_/g, '-');
    return Object.hasOwn(spec.options, flag) ? `--${flag}${path.slice(head.length)}` : undefined;
  };
}
