/**
 * `hashfloor update`: brings the stored history up to date from live public feeds (app/update/).
 * Flags for each source come from its registry entry (app/update/sources.ts), so a new source
 * needs no change here.
 */
import { hostname } from 'node:os';
import { UsageError } from '../../errors.js';
import { GENESIS_DATE } from '../../economics/hashprice-index.js';
import { unixSToDate } from '../../units/time.js';
import { loadCatalog } from '../../adapters/datasets/asic-catalog-file.js';
import { rateLimit } from '../../adapters/feeds/http.js';
import type { Store } from '../../ports/store.js';
import { fleetsOnErcotHubs } from '../../app/update/ercot-fleets.js';
import { assertAllSucceeded, runUpdate, type SourceSummary } from '../../app/update/run-update.js';
import { SOURCES, sourceEntry, type SourceEntry } from '../../app/update/sources.js';
import { withWriteLock } from '../../app/update/update-lock.js';
import { dateOpt, numberOpt, stringOpt } from '../args.js';
import type { CommandContext, CommandSpec, OptionSpec } from '../command.js';
import { DB_OPTION, openCommandStore } from '../db.js';

const urlOptions: Record<string, OptionSpec> = Object.fromEntries(
  SOURCES.map((s) => [
    s.url_flag,
    { type: 'string', value: 'URL', description: `${s.name} base URL (default $${s.url_env}, else ${s.default_url})` } satisfies OptionSpec,
  ]),
);

/** `name=R/S,…` → requests per window for each named source. */
function parseRates(text: string | undefined, flag: string): Map<string, { requests: number; window_ms: number }> {
  const out = new Map<string, { requests: number; window_ms: number }>();
  for (const part of (text ?? '').split(',').filter((p) => p.trim() !== '')) {
    const m = /^\s*([a-z-]+)=(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!m || !sourceEntry(m[1] as string) || !(Number(m[2]) >= 1)) {
      throw new UsageError(
        `${flag}: expected NAME=REQUESTS/SECONDS with NAME one of ${SOURCES.map((s) => s.name).join(', ')} (e.g. mempool=2/1), got "${part.trim()}"`,
      );
    }
    out.set(m[1] as string, { requests: Number(m[2]), window_ms: Number(m[3]) * 1000 });
  }
  return out;
}

function baseUrl(entry: SourceEntry, flagValue: string | undefined, envValue: string | undefined): string {
  const url = flagValue ?? envValue ?? entry.default_url;
  const where = flagValue !== undefined ? `--${entry.url_flag}` : envValue !== undefined ? entry.url_env : 'default URL';
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new UsageError(`${where}: expected an http:// or https:// URL, got "${url}"`);
  return url.replace(/\/+$/, '');
}

/** A holder on this host whose process no longer exists (a crashed update) does not block. */
function holderIsDead(holder: string): boolean {
  const m = /pid=(\d+) host=(\S+)/.exec(holder);
  if (!m || m[2] !== hostname()) return false;
  try {
    process.kill(Number(m[1]), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The chosen sources, wired to the shared HTTP client, their base URLs (flag, env, default) and rate ceilings. */
export function buildSources(
  chosen: readonly SourceEntry[],
  ctx: CommandContext,
  urlFlag: (name: string) => string | undefined,
  rates: Map<string, { requests: number; window_ms: number }>,
) {
  return chosen.map((e) =>
    e.create({
      baseUrl: baseUrl(e, urlFlag(e.name), ctx.services.feeds.env(e.url_env)),
      http: ctx.services.feeds.http,
      rate: (({ requests, window_ms }) => rateLimit(requests, window_ms))(rates.get(e.name) ?? e.rate),
      nowUnixS: () => ctx.services.nowUnixS(),
      notice: (line) => ctx.notice?.(line),
    }),
  );
}

/**
 * The sources of an `update` without --sources, and why: with a synced own node the exchanges
 * only; ercot as well when a stored fleet prices a site at one of its hubs.
 */
async function defaultSources(store: Store, ctx: CommandContext): Promise<{ chosen: SourceEntry[]; notes: string[] }> {
  const notes: string[] = [];
  let chosen: SourceEntry[];
  if ((await store.chainTip()) !== null) {
    // Own node + an exchange's price: the path whose data may be used commercially.
    chosen = SOURCES.filter((s) => s.default && s.name !== 'mempool');
    notes.push('own node synced: blocks come from it (hashfloor sync); prices from the exchanges. Add --sources mempool for explorer blocks.');
  } else chosen = SOURCES.filter((s) => s.default);
  const onErcot = await fleetsOnErcotHubs(store, loadCatalog(ctx.services.dataDir));
  const ercot = sourceEntry('ercot');
  if (onErcot.length > 0 && ercot && !chosen.includes(ercot)) {
    chosen = [...chosen, ercot];
    notes.push(`ercot added: stored fleets price sites at ERCOT hubs: ${onErcot.join('; ')}.`);
  }
  return { chosen, notes };
}

/**
 * One background round for `serve --refresh`: the default sources (as `update` with no flags,
 * URLs and rates from the environment), under the write lock without waiting. True when it wrote
 * anything; a round that finds the lock held or a feed failing says so on stderr and returns false.
 */
export async function refreshOnce(ctx: CommandContext, db: string | undefined): Promise<boolean> {
  const store = await ctx.services.store(db);
  const { chosen } = await defaultSources(store, ctx);
  const sources = buildSources(chosen, ctx, () => undefined, parseRates(ctx.services.feeds.env('HASHFLOOR_FEED_RATES'), 'HASHFLOOR_FEED_RATES'));
  const lock = { holder: `serve --refresh pid=${process.pid} host=${hostname()}`, now_unix_s: () => ctx.services.nowUnixS(), wait_s: 0, isDead: holderIsDead };
  const summaries = await withWriteLock(store, lock, () => runUpdate({ store, sources, now_unix_s: ctx.services.nowUnixS(), notice: (l) => ctx.notice?.(l) }));
  for (const s of summaries) if (!s.ok) ctx.notice?.(`refresh: ${s.error ?? s.source}`);
  return summaries.some((s) => s.days_added + s.days_revised + s.blocks_written > 0);
}

export const command: CommandSpec = {
  path: ['update'],
  summary: 'Bring the stored history up to date from live public feeds (mempool.space, exchanges, Coin Metrics)',
  options: {
    ...DB_OPTION,
    from: { type: 'string', value: 'YYYY-MM-DD', description: 'fetch from this day (default: the day after each source’s last complete stored day)' },
    sources: {
      type: 'string',
      value: 'LIST',
      description: `comma-separated, from ${SOURCES.map((s) => s.name).join(', ')} (default ${SOURCES.filter((s) => s.default)
        .map((s) => s.name)
        .join(', ')}, + ercot when a stored fleet names an ERCOT hub; with a synced own node, the exchanges only)`,
    },
    ...urlOptions,
    rate: {
      type: 'string',
      value: 'NAME=R/S,…',
      description: `rate ceilings, requests per seconds (default $HASHFLOOR_FEED_RATES, else ${SOURCES.map((s) => `${s.name}=${s.rate.requests}/${s.rate.window_ms / 1000}`).join(',')})`,
    },
    'lock-wait': { type: 'string', value: 'SECONDS', description: 'how long to wait for another writer (update, serve --refresh) to finish (default 10)' },
  },
  help: [
    'Incremental and idempotent: each source fetches only the days after its last complete stored day (plus the',
    'open day for mempool, marked partial), and a second run writes nothing. Each source writes one batch in one',
    'transaction: a source that fails leaves the store as it was for that batch, the others still commit (exit 3).',
    'Values are stored under origin feed:<source>: own-node and user-import days outrank them, the embedded dataset',
    'ranks below (docs/live-data.md). Coin Metrics runs only when named: its data is CC BY-NC 4.0 (non-commercial).',
    'JSON fields: sources[] (source, ok, error, days_added, days_revised, first_date, last_date, blocks_written,',
    'requests, retries, licence, wall_s, notes), licence_notices[], wall_s.',
    'Example: hashfloor update --sources mempool,coinbase --json',
  ].join('\n'),
  async run(args, ctx) {
    const from = dateOpt(args, 'from');
    const now = ctx.services.nowUnixS();
    if (from !== undefined && (from < GENESIS_DATE || from > unixSToDate(now)))
      throw new UsageError(`--from: expected a day from ${GENESIS_DATE} to today (${unixSToDate(now)} UTC), got ${from}`);
    const env = ctx.services.feeds.env;
    const rates = parseRates(stringOpt(args, 'rate') ?? env('HASHFLOOR_FEED_RATES'), stringOpt(args, 'rate') !== undefined ? '--rate' : 'HASHFLOOR_FEED_RATES');
    const lockWait = numberOpt(args, 'lock-wait', { min: 0 }) ?? 10;
    const named = stringOpt(args, 'sources');
    const store = await openCommandStore(args, ctx);
    let chosen: SourceEntry[];
    let notes: string[] = [];
    if (named !== undefined) {
      chosen = named.split(',').map((n) => {
        const e = sourceEntry(n.trim());
        if (!e) throw new UsageError(`--sources: unknown source "${n.trim()}"; expected a comma-separated list of ${SOURCES.map((s) => s.name).join(', ')}`);
        return e;
      });
      chosen = chosen.filter((e, i) => chosen.indexOf(e) === i);
    } else {
      ({ chosen, notes } = await defaultSources(store, ctx));
      // As the licence notices: on stderr too, so a run that fails a source still says why ercot ran.
      for (const n of notes.filter((l) => l.startsWith('ercot added'))) ctx.notice?.(n);
    }
    if (named === undefined) notes.push('Coin Metrics not used (non-commercial CC BY-NC 4.0 data): name it in --sources to include it.');
    const sources = buildSources(chosen, ctx, (name) => stringOpt(args, sourceEntry(name)?.url_flag ?? ''), rates);
    const licence_notices = chosen.flatMap((e) => (e.licence_notice ? [e.licence_notice] : []));
    for (const l of licence_notices) ctx.notice?.(l);
    const t0 = performance.now();
    let bar: ReturnType<typeof ctx.progress> | null = null;
    const summaries: SourceSummary[] = await withWriteLock(
      store,
      { holder: `update pid=${process.pid} host=${hostname()}`, now_unix_s: () => ctx.services.nowUnixS(), wait_s: lockWait, isDead: holderIsDead },
      () =>
        runUpdate({
          store,
          sources,
          now_unix_s: now,
          from,
          notice: (line) => ctx.notice?.(line),
          onProgress: (done, total, unit) => {
            if (ctx.machineOutput) return;
            bar ??= ctx.progress('mempool', total, unit);
            bar.update(done);
          },
        }),
    );
    (bar as ReturnType<typeof ctx.progress> | null)?.done();
    for (const s of summaries)
      if (s.ok)
        ctx.notice?.(
          `${s.source}: ${s.days_added} days added, ${s.days_revised} revised${s.blocks_written ? `, ${s.blocks_written} blocks` : ''} (${s.requests} requests)`,
        );
    assertAllSucceeded(summaries);
    const wall_s = (performance.now() - t0) / 1000;
    return {
      json: { sources: summaries, licence_notices, notes, wall_s },
      summary: [`Updated from ${summaries.map((s) => s.source).join(', ')} in ${wall_s.toFixed(1)} s`],
      tables: [
        {
          columns: [
            { key: 'source', header: 'source' },
            { key: 'days_added', header: 'added', align: 'right' },
            { key: 'days_revised', header: 'revised', align: 'right' },
            { key: 'first_date', header: 'first' },
            { key: 'last_date', header: 'last' },
            { key: 'blocks_written', header: 'blocks', align: 'right' },
            { key: 'requests', header: 'requests', align: 'right' },
            { key: 'retries', header: 'retries', align: 'right' },
            { key: 'wall_s', header: 'wall s', align: 'right', format: (v) => (v as number).toFixed(1) },
            { key: 'licence', header: 'licence' },
          ],
          rows: summaries as unknown as Record<string, unknown>[],
        },
      ],
      notes: [...notes, ...licence_notices, ...summaries.flatMap((s) => s.notes.map((n) => `${s.source}: ${n}`))],
    };
  },
};
