import { NotFoundError } from '../../errors.js';
import { poolShares } from '../../economics/pool-shares.js';
import { loadPoolIndex } from '../../adapters/datasets/pools-file.js';
import { satToBtcString } from '../../units/sat.js';
import { dateToUnixS, daysBetween, SECONDS_PER_DAY, unixSToDate, unixSToIso } from '../../units/time.js';
import { TARGET_BLOCK_INTERVAL_S } from '../../chain/difficulty.js';
import { dateRangeOptions, dateRangeOpts } from '../args.js';
import { decimals, percent } from '../cell-format.js';
import type { CommandSpec } from '../command.js';
import { DB_OPTION, openCommandStore } from '../db.js';
import { formatEnUs } from '../../units/en-us-number.js';

const pct = percent(2);
const ehs = decimals(1);

export const command: CommandSpec = {
  path: ['pools'],
  summary: 'Blocks and share per mining pool from synced blocks: implied hashrate, luck vs Poisson',
  options: {
    ...DB_OPTION,
    ...dateRangeOptions('the first synced day', 'the last synced day'),
  },
  csv: true,
  help: [
    'Needs blocks from `hashfloor sync`. Window = whole UTC days from --from to --to, clipped to the synced chain (it opens',
    '600 s before the first synced block when the chain starts inside it, and closes at the tip when the tip is inside it).',
    'JSON fields: from, to, window_start_utc, window_end_utc, window_s, blocks, expected_blocks (window_s / 600), network_luck (blocks / expected),',
    'network_luck_low, network_luck_high (95% Poisson range of the luck from chance alone),',
    'network_hashrate_ehs (Σ D·2^32 / window_s), pools[]: pool_id (null = unknown), name, blocks, share,',
    'implied_hashrate_ehs, hashrate_low_ehs, hashrate_high_ehs (95% Poisson interval), fees_sat.',
  ].join('\n'),
  async run(args, ctx) {
    const range = dateRangeOpts(args);
    const store = await openCommandStore(args, ctx);
    const blocks = await store.listBlocks(range);
    const first = blocks[0];
    const last = blocks[blocks.length - 1];
    if (!first || !last)
      throw new NotFoundError(
        `no synced blocks${range.from || range.to ? ` between ${range.from ?? 'the start'} and ${range.to ?? 'the end'}` : ''}; run \`hashfloor sync\` first`,
      );
    const from = range.from ?? unixSToDate(first.time_unix_s);
    const to = range.to ?? unixSToDate(last.time_unix_s);
    // Whole UTC days, clipped to the synced chain: where it starts inside the window (a pruned
    // node's first day, genesis) the window opens one target interval before its first block (the
    // expected wait for it); where it ends inside (the tip's day) it closes at the last block. Hours
    // with no synced blocks would otherwise dilute luck and implied hashrate.
    const dayStart = dateToUnixS(from);
    const dayEnd = dayStart + (daysBetween(from, to) + 1) * SECONDS_PER_DAY;
    const startsInside = first.height === 0 || (await store.blockAtHeight(first.height - 1)) === null;
    const endsInside = (await store.blockAtHeight(last.height + 1)) === null;
    const window_start = startsInside ? Math.max(dayStart, first.time_unix_s - TARGET_BLOCK_INTERVAL_S) : dayStart;
    const window_end = endsInside ? Math.min(dayEnd, Math.max(last.time_unix_s, window_start + TARGET_BLOCK_INTERVAL_S)) : dayEnd;
    const window_s = window_end - window_start;
    const clipped = window_s < dayEnd - dayStart;
    const s = poolShares(blocks, window_s);
    const index = await loadPoolIndex(ctx.services.dataDir);
    const rows = s.pools.map((p) => ({ ...p, name: p.pool_id === null ? 'unknown' : (index.get(p.pool_id)?.name ?? p.pool_id) }));
    return {
      json: {
        from,
        to,
        window_start_utc: unixSToIso(window_start),
        window_end_utc: unixSToIso(window_end),
        window_s,
        blocks: s.blocks,
        expected_blocks: s.expected_blocks,
        network_luck: s.network_luck,
        network_luck_low: s.network_luck_low,
        network_luck_high: s.network_luck_high,
        network_hashrate_ehs: s.network_hashrate_ehs,
        pools: rows,
      },
      summary: [
        `Pools ${from} to ${to}: ${formatEnUs(s.blocks)} blocks, ${s.expected_blocks.toFixed(0)} expected at 600 s (luck ${(s.network_luck * 100).toFixed(1)}%; 95% Poisson range ${(s.network_luck_low * 100).toFixed(1)}–${(s.network_luck_high * 100).toFixed(1)}%)`,
        `  network hashrate implied by blocks found: ${s.network_hashrate_ehs.toFixed(1)} EH/s`,
      ],
      tables: [
        {
          columns: [
            { key: 'name', header: 'pool' },
            { key: 'blocks', header: 'blocks', align: 'right' },
            { key: 'share', header: 'share', align: 'right', format: pct },
            { key: 'implied_hashrate_ehs', header: 'EH/s', align: 'right', format: ehs },
            { key: 'hashrate_low_ehs', header: '95% low', align: 'right', format: ehs },
            { key: 'hashrate_high_ehs', header: '95% high', align: 'right', format: ehs },
            { key: 'fees_sat', header: 'fees BTC', align: 'right', format: (v) => satToBtcString(v as bigint) },
          ],
          rows,
        },
      ],
      notes: [
        ...(clipped
          ? [
              `Window ${unixSToIso(window_start)} to ${unixSToIso(window_end)} (${(window_s / 3600).toFixed(1)} h): the synced chain starts or ends inside the days asked for.`,
            ]
          : []),
        'A share over few blocks is mostly luck: the 95% interval is what the block count alone can tell.',
      ],
    };
  },
};
