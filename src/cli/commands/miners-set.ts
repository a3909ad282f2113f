import { randomUUID } from 'node:crypto';
import { loadCatalog } from '../../adapters/datasets/asic-catalog-file.js';
import { resolveTargets } from '../../app/miners/miner-list.js';
import { applySet, dryRunOutcomes, setFailure, type ChangeOutcome } from '../../app/miners/set-apply.js';
import { planSet, type SetRequest } from '../../app/miners/set-plan.js';
import { boolOpt, exactlyOne, numberOpt, requiredStringOpt, stringOpt } from '../args.js';
import type { CommandSpec, ParsedArgs } from '../command.js';
import { DB_OPTION, openCommandStore } from '../db.js';
import { loadMiners, osUser, READ_OPTIONS, readOpts, SOURCE_OPTIONS, watts } from './miners-options.js';

function request(args: ParsedArgs): SetRequest {
  const which = exactlyOne(args, ['profile', 'power-w', 'sleep', 'wake']);
  if (which === 'profile') return { kind: 'profile', profile_id: requiredStringOpt(args, 'profile', 'a profile id the miner reports') };
  if (which === 'power-w') return { kind: 'power_target', power_w: numberOpt(args, 'power-w', { min: 1, max: 100_000, example: '--power-w 3000' }) as number };
  return which === 'sleep' ? { kind: 'sleep' } : { kind: 'wake' };
}

/** The command line as the audit log keeps it (values quoted when they need it). */
function commandLine(args: ParsedArgs): string {
  const q = (s: string): string => (/^[\w.:/@,-]+$/.test(s) ? s : JSON.stringify(s));
  const flags = Object.entries(args.values)
    .filter(([k, v]) => v !== undefined && v !== false && k !== 'json' && k !== 'csv')
    .map(([k, v]) => (v === true ? `--${k}` : `--${k} ${q(String(v))}`));
  return ['hashfloor miners set', ...args.positionals.map(q), ...flags].join(' ');
}

export const command: CommandSpec = {
  path: ['miners', 'set'],
  summary: 'Set miners to a profile, a power target, sleep or wake — a dry run unless --apply; capped, locked, verified, audited',
  positionals: [
    { name: 'TARGET…', required: true, description: 'host or host:port of a listed miner, a lot id, a site id, or all (every listed miner)', variadic: true },
  ],
  options: {
    ...SOURCE_OPTIONS,
    profile: { type: 'string', value: 'ID', description: 'a profile the miner reports among its operating points' },
    'power-w': { type: 'string', value: 'W', description: 'a power target within the miner’s range' },
    sleep: { type: 'boolean', description: 'sleep (curtail) the miners' },
    wake: { type: 'boolean', description: 'wake sleeping miners (counted at their highest power)' },
    apply: { type: 'boolean', description: 'send the changes; without it nothing is changed (dry run)' },
    actor: { type: 'string', value: 'NAME', description: 'who is acting, for the audit log (default: the OS user)' },
    'max-settle-s': { type: 'string', value: 'S', description: 'longest wait for a miner’s reported settle time before reading back (default 600)' },
    'verify-s': { type: 'string', value: 'S', description: 'how long after settling the read-back may keep trying (default 60)' },
    ...READ_OPTIONS,
    ...DB_OPTION,
  },
  csv: true,
  help: [
    'TARGET: `all` is every miner the fleet spec lists; a site id (sites[].id) or lot id (lots[].id, default <site>-<n>)',
    'is that site’s or lot’s listed miners; anything else must be the host (or host:port) of a listed miner. --fleet is',
    'required: site caps, PUE and lots come from it.',
    '',
    'Without --apply this is a dry run: it reads the miners and prints, per miner, current → target, changing nothing.',
    'With --apply, changes at a site whose expected draw (including PUE; unmeasured, unreachable and unlisted machines at',
    'their highest power) would exceed sites[].capacity_mw are refused; a change that lowers the draw never is. Each',
    'other change takes a lock on the miner in the store (so two runs never command one miner at once), is sent, read',
    'back after the miner’s settle time, and audited with its result (`hashfloor miners log`). Lowering changes go first.',
    'Exit 2 when a flag does not fit a miner (one line naming each) or a cap refused a change, 3 when a miner failed to',
    'apply or verify, 2 when another run held a miner.',
    '',
    'JSON fields: dry_run, request, changes[] (miner, site, lot, from_state, to_target, current_w, expected_w, result',
    '  dry_run|applied|failed|refused|busy|skipped, verification), sites[] (site, capacity_w, pue, before_w, after_w,',
    '  unlisted_machines, unbounded[], refusal).',
    'Example: hashfloor miners set tx-west-1 --power-w 3000 --fleet fleet.yaml --apply',
  ].join('\n'),
  async run(args, ctx) {
    const req = request(args);
    const apply = boolOpt(args, 'apply');
    const list = loadMiners(args, ctx, true);
    const targets = resolveTargets(list, args.positionals);
    const read = readOpts(args);
    const maxSettle = numberOpt(args, 'max-settle-s', { min: 0, max: 3600 }) ?? 600;
    const verifyS = numberOpt(args, 'verify-s', { min: 0, max: 3600 }) ?? 60;
    const store = apply ? await openCommandStore(args, ctx) : undefined;
    const fc = await ctx.services.fleetControl();
    const catalog = loadCatalog(ctx.services.dataDir);
    const plan = await planSet(fc, list, targets, req, { ...read, env: process.env, wake_settle_s: 30, catalog });
    let outcomes: ChangeOutcome[];
    if (!apply || !store || plan.changes.some((c) => c.problem)) outcomes = dryRunOutcomes(plan);
    else {
      const bar = ctx.progress('applying', plan.changes.length, 'miners');
      outcomes = await applySet(plan, {
        store,
        nowUnixS: () => ctx.services.nowUnixS(),
        runId: `${osUser()}:${process.pid}:${randomUUID()}`,
        actor: stringOpt(args, 'actor') ?? osUser(),
        command: commandLine(args),
        concurrency: read.concurrency,
        timeout_ms: read.timeout_ms,
        max_settle_s: maxSettle,
        verify_s: verifyS,
        poll_ms: Math.min(2000, Math.max(50, verifyS * 100)),
      });
      bar.done();
    }
    const dry = outcomes.every((o) => o.result === 'dry_run');
    return {
      json: { dry_run: dry, request: req, changes: outcomes, sites: plan.sites },
      summary: [
        dry
          ? `DRY RUN: nothing was changed${apply ? ' (a flag does not fit every miner)' : '; add --apply to send these changes'}`
          : `${outcomes.filter((o) => o.result === 'applied').length} of ${outcomes.length} change(s) applied and verified`,
      ],
      tables: [
        {
          title: 'Changes',
          columns: [
            { key: 'miner', header: 'miner', align: 'left' },
            { key: 'site', header: 'site', align: 'left' },
            { key: 'from_state', header: 'current', align: 'left' },
            { key: 'to_target', header: '→ target', align: 'left' },
            { key: 'expected_w', header: 'expected W', format: watts },
            { key: 'result', header: 'result', align: 'left' },
            { key: 'verification', header: 'verification', align: 'left' },
          ],
          rows: outcomes.map((o) => ({ ...o })),
        },
      ],
      notes: plan.sites.map(
        (s) =>
          `  site ${s.site}: ${(s.before_w / 1e6).toFixed(3)} → ${(s.after_w / 1e6).toFixed(3)} MW of ${(s.capacity_w / 1e6).toFixed(3)} MW (PUE ${s.pue}; ${s.unlisted_machines} unlisted machine(s) at highest power)${s.refusal ? ' — REFUSED' : ''}`,
      ),
      failure: setFailure(outcomes, plan),
    };
  },
};
