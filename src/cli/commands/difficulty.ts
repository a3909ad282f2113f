import { difficultyAtHeight } from '../../chain/difficulty-epochs.js';
import {
  bitsToHex,
  bitsToTarget,
  difficultyDecimal,
  hashrateFromDifficulty,
  parseBitsHex,
  POW_LIMIT,
  targetToDifficulty,
  targetToHex,
  workForTarget,
} from '../../chain/difficulty.js';
import { UsageError, ValidationError } from '../../errors.js';
import { readDifficultyEpochs } from '../../adapters/datasets/difficulty-epochs-csv.js';
import { unixSToIso } from '../../units/time.js';
import { exactlyOne, numberOpt, requiredStringOpt } from '../args.js';
import type { CommandOutput, CommandSpec, ParsedArgs } from '../command.js';
import { formatEnUs } from '../../units/en-us-number.js';

const fmtDifficulty = (d: number): string => formatEnUs(d, { maximumFractionDigits: d < 1e6 ? 6 : 2 });
const fmtEhs = (ehs: number): string =>
  ehs >= 0.01 ? `${formatEnUs(ehs, { maximumFractionDigits: 2 })} EH/s` : `${formatEnUs(ehs * 1e6, { maximumFractionDigits: 3 })} TH/s`;

/** Facts of one compact target; `--bits` shows these alone, `--height` adds the period. */
function describeBits(bits: number) {
  const target = bitsToTarget(bits);
  const difficulty = targetToDifficulty(target);
  const rate = hashrateFromDifficulty(difficulty);
  return {
    bits_hex: bitsToHex(bits),
    target_hex: targetToHex(target),
    difficulty,
    difficulty_exact: difficultyDecimal(target, 6),
    work_per_block_hashes: workForTarget(target),
    hashrate_hs: rate.hashrate_hs,
    network_hashrate_ehs: rate.network_hashrate_ehs,
    within_mainnet_pow_limit: target <= POW_LIMIT,
  };
}

function fromBits(args: ParsedArgs): CommandOutput {
  const text = requiredStringOpt(args, 'bits', 'hex compact bits, e.g. --bits 17034219');
  let bits: number;
  let facts: ReturnType<typeof describeBits>;
  try {
    bits = parseBitsHex(text);
    facts = describeBits(bits);
  } catch (e) {
    // One line naming the flag and the accepted form (the runner prints it and exits 2).
    const why = e instanceof ValidationError ? e.issues.map((i) => i.message).join('; ') : e instanceof Error ? e.message : String(e);
    throw new UsageError(`--bits: ${why} (expected a positive compact target, e.g. 17034219)`, { cause: e });
  }
  return {
    json: facts,
    summary: [
      `bits ${facts.bits_hex}`,
      `  target      ${facts.target_hex}`,
      `  difficulty  ${fmtDifficulty(facts.difficulty)} (exact ${facts.difficulty_exact})`,
      `  implied     ${fmtEhs(facts.network_hashrate_ehs)} at one block per 600 s (D·2³²/600)`,
      `  work/block  ${formatEnUs(facts.work_per_block_hashes)} hashes (2²⁵⁶/(target+1))`,
      ...(facts.within_mainnet_pow_limit ? [] : ['  above the mainnet proof-of-work limit (valid on test networks only)']),
    ],
  };
}

async function fromHeight(args: ParsedArgs, dataDir: string): Promise<CommandOutput> {
  const height = numberOpt(args, 'height', { integer: true, min: 0, example: '--height 840000' }) as number;
  const info = difficultyAtHeight(await readDifficultyEpochs(dataDir), height);
  const facts = describeBits(parseBitsHex(info.bits_hex));
  const json = {
    height,
    epoch: info.epoch,
    start_height: info.start_height,
    end_height: info.end_height,
    next_retarget_height: info.end_height + 1,
    ...facts,
    observed_hashrate_ehs: info.observed_hashrate_ehs,
    next_bits_hex: info.next_bits_hex,
    next_difficulty_change: info.next_difficulty_change,
    start_time_unix_s: info.start_time_unix_s,
    start_time_utc: info.start_time_unix_s === null ? null : unixSToIso(info.start_time_unix_s),
    start_time_source: info.start_time_source,
  };
  return {
    json,
    summary: [
      `height ${formatEnUs(height)}: retarget period ${info.epoch} (heights ${formatEnUs(info.start_height)}–${formatEnUs(info.end_height)})`,
      `  bits        ${facts.bits_hex}`,
      `  target      ${facts.target_hex}`,
      `  difficulty  ${fmtDifficulty(facts.difficulty)} (exact ${facts.difficulty_exact})`,
      `  implied     ${fmtEhs(facts.network_hashrate_ehs)} at one block per 600 s (D·2³²/600)`,
      json.observed_hashrate_ehs === null
        ? '  observed    — (period start or end time unknown)'
        : `  observed    ${fmtEhs(json.observed_hashrate_ehs)} over the period's real length`,
      `  period start ${json.start_time_utc ?? 'unknown'}${json.start_time_source ? ` (${json.start_time_source})` : ''}`,
      json.next_difficulty_change === null
        ? `  retarget at ${formatEnUs(json.next_retarget_height)}: beyond the embedded table`
        : `  retarget at ${formatEnUs(json.next_retarget_height)}: bits ${json.next_bits_hex}, difficulty ${json.next_difficulty_change >= 0 ? '+' : ''}${(json.next_difficulty_change * 100).toFixed(2)}%`,
    ],
  };
}

export const command: CommandSpec = {
  path: ['difficulty'],
  summary: 'Compact bits → target, difficulty and implied hashrate; or the difficulty in force at a height',
  options: {
    bits: { type: 'string', value: 'HEX', description: 'compact target as hex, e.g. 17034219' },
    height: { type: 'string', value: 'N', description: 'block height (0 … 955,583, the embedded table)' },
  },
  help: [
    'JSON fields: bits_hex, target_hex (64 hex digits), difficulty (float), difficulty_exact (6 decimals, exact),',
    '  work_per_block_hashes (decimal string), hashrate_hs and network_hashrate_ehs (D·2^32/600), within_mainnet_pow_limit;',
    '  with --height also height, epoch, start_height, end_height, next_retarget_height, next_bits_hex, next_difficulty_change (ratio − 1), observed_hashrate_ehs,',
    '  start_time_unix_s, start_time_utc, start_time_source (null where unknown).',
  ].join('\n'),
  run(args, ctx) {
    return exactlyOne(args, ['bits', 'height']) === 'bits' ? fromBits(args) : fromHeight(args, ctx.services.dataDir);
  },
};
