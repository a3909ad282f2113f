import { halvingCalendar, type ChainTip } from '../../chain/halving-calendar.js';
import { UsageError } from '../../errors.js';
import { loadAsOf, type DataAsOf } from '../../app/as-of.js';
import { satToBtcString } from '../../units/sat.js';
import { dateToUnixS, isIsoDate, unixSToIso } from '../../units/time.js';
import { numberOpt, stringOpt } from '../args.js';
import type { CommandContext, CommandSpec, ParsedArgs } from '../command.js';
import { asOfLine, asOfWarnings } from '../as-of.js';
import { DB_OPTION } from '../db.js';
import { formatEnUs } from '../../units/en-us-number.js';

const TIME_FORM = 'unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC), e.g. --tip-time 2026-01-22T19:31:22Z';

/** Parses --tip-time: unix seconds, a UTC date, or an ISO-8601 UTC timestamp. */
function parseTipTime(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (isIsoDate(text)) return dateToUnixS(text);
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(text);
  if (m && isIsoDate(m[1] as string) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60) {
    return Date.parse(text) / 1000;
  }
  throw new UsageError(`--tip-time must be ${TIME_FORM}, got "${text}"`);
}

async function resolveTip(args: ParsedArgs, ctx: CommandContext): Promise<{ tip: ChainTip; source: string; asOf: DataAsOf | null }> {
  const block_interval_s = numberOpt(args, 'interval', { min: 1, max: 86_400, example: '--interval 600' }) ?? 600;
  const height = numberOpt(args, 'tip-height', { integer: true, min: 0, example: '--tip-height 933408' });
  const timeText = stringOpt(args, 'tip-time');
  if ((height === undefined) !== (timeText === undefined)) {
    throw new UsageError('give --tip-height and --tip-time together (or neither, to project from the end of the last complete day of the history)');
  }
  if (height !== undefined && timeText !== undefined) {
    return { tip: { height, time_unix_s: parseTipTime(timeText), block_interval_s }, source: 'command line', asOf: null };
  }
  const { asOf } = await loadAsOf(ctx.services, stringOpt(args, 'db'));
  return { tip: { ...asOf.tip, block_interval_s }, source: `end of ${asOf.date}, the last complete day of the history (height from its block counts)`, asOf };
}

const fmtDays = (days: unknown): string => {
  if (typeof days !== 'number') return '—';
  const abs = Math.abs(days);
  const text = abs >= 730 ? `${(abs / 365.25).toFixed(1)} y` : `${abs.toFixed(0)} d`;
  return days < 0 ? `${text} ago` : `in ${text}`;
};

export const command: CommandSpec = {
  path: ['halvings'],
  summary: 'Past halvings with their real dates and future ones projected from a tip, through the last (~2140)',
  options: {
    ...DB_OPTION,
    'tip-height': { type: 'string', value: 'N', description: 'height of the tip to project from (with --tip-time)' },
    'tip-time': { type: 'string', value: 'TIME', description: `time of that block: ${TIME_FORM}` },
    interval: { type: 'string', value: 'S', description: 'mean seconds per block from the tip on (default 600)' },
  },
  fields: { tip: '--tip-height/--tip-time', 'tip.height': '--tip-height', 'tip.time_unix_s': '--tip-time', 'tip.block_interval_s': '--interval' },
  csv: true,
  help: [
    'Default tip: the end of the last complete day of the history (data_as_of), its height from the block counts since the last halving;',
    '  `machine` projects from the same tip, so both give the same next halving.',
    'JSON fields: data_as_of{date, age_days, stale, tip{height, time_unix_s}} (null with --tip-height/--tip-time),',
    '  tip{height, time_unix_s, time_utc, block_interval_s, source}, next_halving{…}, halvings[] with index, height,',
    '  status (observed | projected), time_unix_s, time_utc, subsidy_before_sat, subsidy_after_sat (decimal strings),',
    '  subsidy_before_btc, subsidy_after_btc, blocks_from_tip, days_from_tip.',
  ].join('\n'),
  async run(args, ctx) {
    const { tip, source, asOf } = await resolveTip(args, ctx);
    const halvings = halvingCalendar(tip).map((h) => ({
      ...h,
      subsidy_before_btc: satToBtcString(h.subsidy_before_sat),
      subsidy_after_btc: satToBtcString(h.subsidy_after_sat),
    }));
    const next = halvings.find((h) => h.height > tip.height) ?? null;
    const tipJson = { height: tip.height, time_unix_s: tip.time_unix_s, time_utc: unixSToIso(tip.time_unix_s), block_interval_s: tip.block_interval_s, source };
    return {
      json: { data_as_of: asOf, tip: tipJson, next_halving: next, halvings },
      staleWarnings: asOfWarnings(asOf),
      summary: [
        ...(asOf ? [asOfLine(asOf)] : []),
        `Tip: height ${formatEnUs(tip.height)} at ${tipJson.time_utc} (${source}), ${tip.block_interval_s} s per block from there`,
        ...(next
          ? [
              `Next halving: ${formatEnUs(next.height)} ≈ ${next.time_utc.slice(0, 10)} (${formatEnUs(next.blocks_from_tip)} blocks, ${fmtDays(next.days_from_tip)}), subsidy ${next.subsidy_before_btc} → ${next.subsidy_after_btc} BTC`,
            ]
          : ['No halving left: the subsidy has ended.']),
      ],
      tables: [
        {
          columns: [
            { key: 'index', header: '#' },
            { key: 'height', header: 'height' },
            { key: 'status', header: 'status', align: 'left' },
            { key: 'time_utc', header: 'time (UTC)', align: 'left', format: (v, r) => (r.status === 'observed' ? String(v) : `≈ ${String(v).slice(0, 10)}`) },
            { key: 'subsidy_before_btc', header: 'subsidy before (BTC)' },
            { key: 'subsidy_after_btc', header: 'after (BTC)' },
            { key: 'days_from_tip', header: 'from tip', format: fmtDays },
          ],
          rows: halvings.map((h) => ({ ...h })),
        },
      ],
      notes: [
        'Observed: header time of the halving block. Projected: tip time + (height − tip height) × interval; real blocks have run faster than 600 s while hashrate grows.',
      ],
    };
  },
};
