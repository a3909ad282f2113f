/**
 * The contract every CLI command implements. A command parses nothing itself and prints
 * nothing itself: it receives parsed flags and returns a CommandOutput, which the runner renders
 * as tables (people), one JSON document (`--json`) or CSV (`--csv`).
 */
import type { AppError } from '../errors.js';
import type { Services } from '../app/services.js';
import type { ProgressReporter } from './progress.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help, e.g. `N` or `YYYY-MM-DD`. */
  value?: string;
  description: string;
}

export interface Column {
  key: string;
  header: string;
  align?: 'left' | 'right';
  /** Formats a cell for the people's table; CSV and JSON use the raw value. */
  format?: (value: unknown, row: Record<string, unknown>) => string;
}

export interface Table {
  title?: string;
  columns: Column[];
  rows: Record<string, unknown>[];
}

export interface CommandOutput {
  /** The one JSON document `--json` prints; bigints become decimal strings. */
  json: unknown;
  /** Tables for people; `--csv` prints the first one. */
  tables?: Table[];
  /** Lines printed for people before the tables (headline figures). */
  summary?: string[];
  /** Lines printed for people after the tables (charts, notes). */
  notes?: string[];
  /** Implausible inputs (src/config/plausible.ts): printed on stderr, also with --json/--csv. */
  warnings?: string[];
  /** Stale data, for people only: printed on stderr without --json/--csv, whose documents carry data_as_of instead. */
  staleWarnings?: string[];
  /**
   * Part of the work failed although there is output to show (one miner of fifty did not answer):
   * the runner prints the output, then this error's line, and exits with its code.
   */
  failure?: AppError | null | undefined;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export interface CommandContext {
  services: Services;
  progress: ProgressReporter;
  /** True when the user asked for `--json` or `--csv` (suppress decorations). */
  machineOutput: boolean;
  /** A line for the user on stderr while the command runs (not part of its output). */
  notice?: (line: string) => void;
}

export interface CommandSpec {
  /** Words after `hashfloor`, e.g. ['fleet', 'report']. */
  path: string[];
  summary: string;
  /** Positional arguments, e.g. ['FILE']; the last one, when `variadic`, takes every remaining argument (`RANGE…`). */
  positionals?: { name: string; required: boolean; description: string; variadic?: boolean }[];
  options: Record<string, OptionSpec>;
  /** Extra help text: field descriptions, examples. */
  help?: string;
  /**
   * How this command's flags name core field paths in errors, where the flag is not the path's
   * own spelling: `{ start_height: '--tip-height' }` (see src/cli/field-names.ts).
   */
  fields?: Record<string, string>;
  /** Output kinds besides the table; every command supports --json. */
  csv?: boolean;
  run(args: ParsedArgs, ctx: CommandContext): Promise<CommandOutput> | CommandOutput;
}

/** A registry entry: loaded lazily so start-up only pays for the command it runs. */
export interface CommandEntry {
  path: string[];
  summary: string;
  load: () => Promise<{ command: CommandSpec }>;
}
