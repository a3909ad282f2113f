/**
 * Typed access to parsed flags. Every failure is a UsageError that names the flag and the accepted
 * form, so the runner can print one line and exit 2.
 */
import { UsageError } from '../errors.js';
import { isIsoDate } from '../units/time.js';
import { numberFromText, numberTextMessage, type NumberRule } from '../config/number-text.js';
import type { OptionSpec, ParsedArgs } from './command.js';

export type { NumberRule };

export function stringOpt(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new UsageError(`--${name} takes a value`);
  return v;
}

export function requiredStringOpt(args: ParsedArgs, name: string, form: string): string {
  const v = stringOpt(args, name);
  if (v === undefined || v === '') throw new UsageError(`--${name} is required (expected ${form})`);
  return v;
}

export function boolOpt(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** Parses a numeric text against `rule` (src/config/number-text.ts); `label` names the flag in the message (e.g. `--height`). */
export function parseNumberText(text: string, label: string, rule: NumberRule = {}): number {
  const n = numberFromText(text, rule);
  if (n === undefined) throw new UsageError(numberTextMessage(text, label, rule));
  return n;
}

export function numberOpt(args: ParsedArgs, name: string, rule: NumberRule = {}): number | undefined {
  const v = stringOpt(args, name);
  return v === undefined ? undefined : parseNumberText(v, `--${name}`, rule);
}

export function dateOpt(args: ParsedArgs, name: string): string | undefined {
  const v = stringOpt(args, name);
  if (v === undefined) return undefined;
  if (!isIsoDate(v)) throw new UsageError(`--${name} must be a date YYYY-MM-DD (UTC), got "${v}"`);
  return v;
}

/** Validates an optional --from/--to pair: both dates, from ≤ to. */
/** The `--from`/`--to` UTC-day flags read by `dateRangeOpts`; each command says what its defaults are. */
export function dateRangeOptions(fromDefault: string, toDefault: string): { from: OptionSpec; to: OptionSpec } {
  return {
    from: { type: 'string', value: 'YYYY-MM-DD', description: `first UTC day (default: ${fromDefault})` },
    to: { type: 'string', value: 'YYYY-MM-DD', description: `last UTC day, inclusive (default: ${toDefault})` },
  };
}

export function dateRangeOpts(args: ParsedArgs): { from: string | undefined; to: string | undefined } {
  const from = dateOpt(args, 'from');
  const to = dateOpt(args, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    throw new UsageError(`--from (${from}) must not be after --to (${to})`);
  }
  return { from, to };
}

/** Exactly one of the named flags must be given. */
export function exactlyOne(args: ParsedArgs, names: string[]): string {
  const given = names.filter((n) => args.values[n] !== undefined);
  if (given.length !== 1) {
    throw new UsageError(`give exactly one of ${names.map((n) => `--${n}`).join(' or ')}`);
  }
  return given[0] as string;
}
