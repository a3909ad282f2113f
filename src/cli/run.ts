/**
 * The CLI runner: finds the command, parses flags strictly, runs it and renders the result.
 * The one top-level catch maps error codes to exit codes and the core's field paths to the
 * command's flags (`from` → `--from`); users never see a stack trace (set HASHFLOOR_DEBUG=1 to
 * print one on internal errors).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError, renamePaths, toAppError, UsageError, type ErrorCode } from '../errors.js';
import { cliFieldNamer } from './field-names.js';
import type { CommandEntry, CommandSpec, OptionSpec, ParsedArgs } from './command.js';
import { registry } from './commands/index.js';
import { createProgressReporter } from './progress.js';
import { renderCsv, renderForPeople, toJson } from './render.js';
import type { Services } from '../app/services.js';

export const EXIT_CODES: Record<ErrorCode, number> = {
  USAGE: 2,
  VALIDATION: 2,
  PARSE: 2,
  NOT_FOUND: 2,
  CONFLICT: 2,
  UPSTREAM: 3,
  STORAGE: 4,
  CANCELLED: 130,
  INTERNAL: 1,
};

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stderrIsTTY: boolean;
  debug?: boolean;
}

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print one JSON document (field names carry units)' },
  help: { type: 'boolean', short: 'h', description: 'show help for this command' },
};

function toParseArgsOptions(options: Record<string, OptionSpec>): ParseArgsConfig['options'] {
  const out: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, o] of Object.entries(options)) {
    out[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  return out;
}

function findEntry(argv: string[]): { entry: CommandEntry; rest: string[] } | undefined {
  let best: { entry: CommandEntry; rest: string[] } | undefined;
  for (const entry of registry) {
    const n = entry.path.length;
    if (entry.path.every((w, i) => argv[i] === w) && (!best || n > best.entry.path.length)) {
      best = { entry, rest: argv.slice(n) };
    }
  }
  return best;
}

export function globalHelp(): string {
  const width = Math.max(...registry.map((e) => e.path.join(' ').length));
  const lines = registry.map((e) => `  ${e.path.join(' ').padEnd(width)}  ${e.summary}`);
  return [
    'hashfloor — the economics of Bitcoin mining, from the chain itself',
    '',
    'Usage: hashfloor <command> [options]   (every command takes --json; tabular ones take --csv)',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `hashfloor <command> --help` for its options.',
  ].join('\n');
}

export function commandHelp(spec: CommandSpec): string {
  const options = {
    ...spec.options,
    ...(spec.csv ? { csv: { type: 'boolean', description: 'print the main table as CSV' } as OptionSpec } : {}),
    ...GLOBAL_OPTIONS,
  };
  const pos = (spec.positionals ?? []).map((p) => (p.required ? p.name : `[${p.name}]`)).join(' ');
  const optLines = Object.entries(options).map(([name, o]) => {
    const flag = `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    return `  ${flag.padEnd(30)} ${o.description}`;
  });
  const posLines = (spec.positionals ?? []).map((p) => `  ${p.name.padEnd(30)} ${p.description}`);
  return [
    `Usage: hashfloor ${spec.path.join(' ')}${pos ? ` ${pos}` : ''} [options]`,
    '',
    spec.summary,
    ...(posLines.length ? ['', 'Arguments:', ...posLines] : []),
    '',
    'Options:',
    ...optLines,
    ...(spec.help ? ['', spec.help] : []),
  ].join('\n');
}

function parse(spec: CommandSpec, argv: string[]): ParsedArgs {
  const options = { ...spec.options, ...GLOBAL_OPTIONS, ...(spec.csv ? { csv: { type: 'boolean', description: '' } as OptionSpec } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: toParseArgsOptions(options), allowPositionals: true, strict: true });
  } catch (err) {
    const msg = (err instanceof Error ? err.message : String(err)).replace(/\. To specify a positional argument.*$/s, '').replace(/\s*\n\s*/g, ' ');
    throw new UsageError(`${msg} — see \`hashfloor ${spec.path.join(' ')} --help\``, { cause: err });
  }
  const declared = spec.positionals ?? [];
  const required = declared.filter((p) => p.required).length;
  if (parsed.positionals.length < required) {
    const missing = declared[parsed.positionals.length];
    throw new UsageError(`missing ${missing?.name ?? 'argument'} — usage: hashfloor ${spec.path.join(' ')} ${declared.map((p) => p.name).join(' ')}`);
  }
  if (parsed.positionals.length > declared.length && !declared.at(-1)?.variadic) {
    throw new UsageError(`unexpected argument "${parsed.positionals[declared.length]}" — see \`hashfloor ${spec.path.join(' ')} --help\``);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function runCli(argv: string[], services: Services, io: CliIo): Promise<number> {
  let running: CommandSpec | undefined;
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.stdout(`${globalHelp()}\n`);
      return argv.length === 0 ? 2 : 0;
    }
    const found = findEntry(argv);
    if (!found) {
      const words = argv
        .filter((a) => !a.startsWith('-'))
        .slice(0, 2)
        .join(' ');
      throw new UsageError(`unknown command "${words}" — run \`hashfloor --help\` for the list`);
    }
    const { command } = await found.entry.load();
    running = command;
    if (found.rest.includes('--help') || found.rest.includes('-h')) {
      io.stdout(`${commandHelp(command)}\n`);
      return 0;
    }
    const args = parse(command, found.rest);
    const json = args.values.json === true;
    const csv = args.values.csv === true;
    if (json && csv) throw new UsageError('give at most one of --json or --csv');
    const progress = createProgressReporter({ write: io.stderr, isTTY: io.stderrIsTTY }, () => performance.now());
    const out = await command.run(args, { services, progress, machineOutput: json || csv, notice: (line) => io.stderr(`${line}\n`) });
    if (json) io.stdout(`${toJson(out.json)}\n`);
    else if (csv) {
      const table = out.tables?.[0];
      if (!table) throw new UsageError(`hashfloor ${command.path.join(' ')} has no table to print as CSV; use --json`);
      io.stdout(`${renderCsv(table)}\n`);
    } else {
      for (const w of out.staleWarnings ?? []) io.stderr(`hashfloor: warning: ${w}\n`);
      io.stdout(`${renderForPeople(out)}\n`);
    }
    for (const w of out.warnings ?? []) io.stderr(`hashfloor: warning: ${w}\n`);
    if (out.failure) {
      io.stderr(`hashfloor: error: ${out.failure.message}\n`);
      return EXIT_CODES[out.failure.code];
    }
    return 0;
  } catch (thrown) {
    const err: AppError = running ? renamePaths(toAppError(thrown), cliFieldNamer(running)) : toAppError(thrown);
    const exit = EXIT_CODES[err.code];
    const prefix = err.code === 'INTERNAL' ? 'internal error' : 'error';
    io.stderr(`hashfloor: ${prefix}: ${err.message}\n`);
    if (io.debug && err.code === 'INTERNAL') io.stderr(`${String((err.cause as Error | undefined)?.stack ?? err.stack)}\n`);
    return exit;
  }
}
