/**
 * What the `hashfloor miners …` commands share: where the miners are listed (--fleet or
 * --inventory), the per-miner timeout and concurrency flags, and cell formats. Not a command.
 */
import { userInfo } from 'node:os';
import { UsageError } from '../../errors.js';
import { minersFromFleet, minersFromInventory, type MinerList } from '../../app/miners/miner-list.js';
import { numberOpt, stringOpt } from '../args.js';
import type { CommandContext, OptionSpec, ParsedArgs } from '../command.js';
import { formatEnUs } from '../../units/en-us-number.js';

export const SOURCE_OPTIONS: Record<string, OptionSpec> = {
  fleet: { type: 'string', value: 'FILE', description: 'fleet spec whose miners: lists the machines (entries, or { include: inventory.yaml })' },
  inventory: { type: 'string', value: 'FILE', description: 'inventory file written by `hashfloor miners scan`' },
};

export const READ_OPTIONS: Record<string, OptionSpec> = {
  'timeout-ms': { type: 'string', value: 'MS', description: 'deadline per miner for connecting and reading (default 5000)' },
  concurrency: { type: 'string', value: 'N', description: 'miners read at once (default 64)' },
};

export function readOpts(args: ParsedArgs): { timeout_ms: number; concurrency: number } {
  return {
    timeout_ms: numberOpt(args, 'timeout-ms', { integer: true, min: 1, max: 600_000 }) ?? 5000,
    concurrency: numberOpt(args, 'concurrency', { integer: true, min: 1, max: 1024 }) ?? 64,
  };
}

/** The miners of --fleet or --inventory (exactly one); `fleetOnly` when only a fleet spec will do. */
export function loadMiners(args: ParsedArgs, ctx: CommandContext, fleetOnly = false): MinerList {
  const fleet = stringOpt(args, 'fleet');
  const inventory = stringOpt(args, 'inventory');
  if (fleetOnly && fleet === undefined) throw new UsageError('--fleet FILE is required: site caps, PUE and lots come from the fleet spec');
  if ((fleet === undefined) === (inventory === undefined)) throw new UsageError('give exactly one of --fleet FILE or --inventory FILE');
  return fleet !== undefined ? minersFromFleet(fleet, ctx.services.dataDir) : minersFromInventory(inventory as string);
}

/** The OS user running the command, for the audit log. */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export const fixed =
  (digits: number) =>
  (v: unknown): string =>
    typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—';

export const watts = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? formatEnUs(Math.round(v)) : '—');
