import { dateToUnixS } from '../../units/time.js';
import { dateOpt } from '../args.js';
import type { CommandSpec } from '../command.js';
import { DB_OPTION, openCommandStore } from '../db.js';

export const command: CommandSpec = {
  path: ['miners', 'log'],
  summary: 'The audit log of `hashfloor miners set`: every change sent or refused, and what reading back found',
  options: {
    ...DB_OPTION,
    since: { type: 'string', value: 'YYYY-MM-DD', description: 'entries from this UTC day on (default: all)' },
  },
  csv: true,
  help: [
    'JSON fields: since, actions[] (id, time_unix_s, miner host:port, from_state, to_target, result applied|failed|refused|busy|skipped,',
    '  verification, actor, command).',
    'Example: hashfloor miners log --since 2026-01-01 --json',
  ].join('\n'),
  async run(args, ctx) {
    const since = dateOpt(args, 'since');
    const store = await openCommandStore(args, ctx);
    const actions = await store.listMinerActions(since === undefined ? undefined : dateToUnixS(since));
    return {
      json: { since: since ?? null, actions },
      summary: [`${actions.length} action(s)${since ? ` since ${since}` : ''}`],
      tables: [
        {
          columns: [
            {
              key: 'time_unix_s',
              header: 'time (UTC)',
              align: 'left',
              format: (v) => (typeof v === 'number' ? new Date(v * 1000).toISOString().replace('.000Z', 'Z') : '—'),
            },
            { key: 'miner', header: 'miner', align: 'left' },
            { key: 'from_state', header: 'from', align: 'left' },
            { key: 'to_target', header: 'to', align: 'left' },
            { key: 'result', header: 'result', align: 'left' },
            { key: 'verification', header: 'verification', align: 'left' },
            { key: 'actor', header: 'actor', align: 'left' },
          ],
          rows: actions.map((a) => ({ ...a })),
        },
      ],
    };
  },
};
