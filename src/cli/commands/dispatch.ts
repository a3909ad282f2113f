import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { planDispatch } from '../../dispatch/plan.js';
import { hasSwitching, MAX_DWELL_HOURS } from '../../dispatch/problem.js';
import { planSchedule, type Schedule } from '../../dispatch/schedule.js';
import { stepPriceReader } from '../../dispatch/step-prices.js';
import { AppError, NotFoundError, renamePaths, UsageError } from '../../errors.js';
import { loadCatalog } from '../../adapters/datasets/asic-catalog-file.js';
import { loadHighsSolver } from '../../adapters/solver/highs-lp.js';
import { readFleetSpecFile } from '../../adapters/specs/fleet-spec-file.js';
import { parseHourlyCsv } from '../../adapters/datasets/power-prices-csv.js';
import { EMBEDDED_PRICES_2023_2025_FILE, EMBEDDED_PRICES_FILE } from '../../app/site-prices.js';
import { buildDispatchInputs, type HashpriceInput } from '../../app/dispatch-inputs.js';
import { buildHashpriceIndex } from '../../economics/hashprice-index.js';
import { contractSummary } from '../../economics/power-contract.js';
import { unixSToIso } from '../../units/time.js';
import { dateRangeOptions, dateRangeOpts, numberOpt, stringOpt } from '../args.js';
import type { CommandSpec, ParsedArgs, Table } from '../command.js';
import { planCsvChunks } from '../dispatch-csv.js';
import { assertWritableFile } from '../out-file.js';
import { parseDrEventsCsv } from '../../adapters/datasets/dr-events-csv.js';
import { wholeNumber } from '../cell-format.js';
import { sitePriceTables } from '../../app/price-tables.js';
import { formatEnUs } from '../../units/en-us-number.js';

export const DEFAULT_PRICES = EMBEDDED_PRICES_FILE;

function readText(path: string, label: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new NotFoundError(`cannot read ${label} "${path}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}

/** `--site-hub SITE=HUB`, repeatable → hub per site id. */
export function siteHubOpt(args: ParsedArgs): Map<string, string> {
  const raw = args.values['site-hub'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const hubs = new Map<string, string>();
  for (const v of list) {
    const m = typeof v === 'string' ? /^([^=\s]+)=([^,"\s]+)$/.exec(v) : null;
    if (!m) throw new UsageError(`--site-hub must be SITE=HUB (e.g. --site-hub tx-west=HB_WEST), got "${String(v)}"`);
    const [, site, hub] = m as unknown as [string, string, string];
    if (hubs.has(site)) throw new UsageError(`--site-hub names site "${site}" twice`);
    hubs.set(site, hub);
  }
  return hubs;
}

/** The flag a neutral input path (src/app/dispatch-inputs.ts) stands for on this command line. */
function flagOf(hashpriceCsv: boolean): (path: string) => string {
  const flags: Record<string, string> = { from: '--from', to: '--to', prices: '--prices', hashprice: hashpriceCsv ? '--hashprice-csv' : '--hashprice' };
  return (path) => flags[path] ?? (path.startsWith('site_hubs.') ? '--site-hub' : path);
}

const usd = wholeNumber;
const fix =
  (d: number) =>
  (v: unknown): string =>
    typeof v === 'number' && Number.isFinite(v) ? formatEnUs(v, { maximumFractionDigits: d, minimumFractionDigits: d }) : '—';

/** Per group over the whole plan, from the Schedule's runs: machine-hours by profile, average hashrate vs its baseline point. */
function groupSummary(schedule: Schedule): Record<string, unknown>[] {
  const T = schedule.hours;
  return schedule.groups.map((grp) => {
    const slot = new Map(grp.profiles.map((pr, j) => [pr.profile, j]));
    const hours = new Float64Array(grp.profiles.length + 1); // last slot: off
    let hash = 0;
    for (const run of grp.runs) {
      for (const m of run.points) {
        const j = slot.get(m.profile)!;
        hours[j] = hours[j]! + run.hours * m.machines;
        hash += run.hours * m.machines * grp.profiles[j]!.hashrate_ths;
      }
      hours[grp.profiles.length] = hours[grp.profiles.length]! + run.hours * run.off;
    }
    const total = grp.machines * T || 1;
    const share = Object.fromEntries(
      [...grp.profiles.map((pr, j) => [pr.profile, hours[j]! / total] as const), ['off', hours[grp.profiles.length]! / total] as const].filter(
        ([, v]) => v > 0,
      ),
    );
    const stock = grp.profiles[slot.get(grp.baseline_profile)!]!;
    const base_phs = (grp.machines * stock.hashrate_ths) / 1e3;
    const avg_phs = hash / T / 1e3;
    return {
      group: grp.group,
      site: grp.site,
      machines: grp.machines,
      baseline_profile: grp.baseline_profile,
      baseline_hashrate_phs: base_phs,
      average_hashrate_phs: avg_phs,
      hashrate_given_up_pct_of_stock: base_phs > 0 ? 100 * (1 - avg_phs / base_phs) : 0,
      machine_hours_share_by_profile: share,
    };
  });
}

export const command: CommandSpec = {
  path: ['dispatch'],
  summary: 'Hour-by-hour operating plan (stock / underclock / overclock / off per machine group) that maximises margin under site caps',
  positionals: [{ name: 'FLEET', required: true, description: 'fleet spec (YAML or JSON), e.g. examples/fleet.yaml' }],
  options: {
    prices: {
      type: 'string',
      value: 'CSV',
      description: `hourly prices for every site without its own power_price_csv: hour_start_utc and price_usd_per_mwh, or one USD/MWh column per hub (default: ERCOT hubs HB_WEST, HB_NORTH, HB_SOUTH, HB_HOUSTON, HB_PAN, HB_HUBAVG, HB_BUSAVG — from the store when it holds every hour of --from..--to, else embedded ${DEFAULT_PRICES} for 2024 or ${EMBEDDED_PRICES_2023_2025_FILE} for 2023–2025)`,
    },
    'site-hub': { type: 'string', multiple: true, value: 'SITE=HUB', description: 'the prices column (hub) of a site, overriding its price_hub; repeatable' },
    ...dateRangeOptions('start of the prices', 'end of the prices'),
    hashprice: {
      type: 'string',
      value: 'USD_PER_PH_DAY',
      description: "a constant hashprice, USD per PH/s per day, before the pool fee (default: each UTC day's hashprice from the network history)",
    },
    'hashprice-csv': {
      type: 'string',
      value: 'CSV',
      description: 'hourly hashprice (hour_start_utc, hashprice_usd_per_ph_day), same rules as --prices; instead of --hashprice',
    },
    'price-usd': {
      type: 'string',
      value: 'X',
      description: "a constant BTC price (USD) for BTC earned (default: each day's price from the history when --hashprice is not given)",
    },
    db: {
      type: 'string',
      value: 'PATH|URL',
      description: 'store holding the network history and hub prices (`prices update`, `import prices`); default as for `hashfloor hashprice`, never created',
    },
    dr: {
      type: 'string',
      value: 'CSV',
      description: "demand-response events: site,hour_start_utc,cap_mw,payment_usd_per_mwh; one row per site-hour, cap_mw ≤ the site's cap",
    },
    'switch-cost': {
      type: 'string',
      value: 'USD',
      description: "cost of one machine changing profile (USD); couples the hours (default: the spec's switching.cost_usd_per_change, else 0)",
    },
    'switch-minutes': {
      type: 'string',
      value: 'MIN',
      description:
        "minutes of hashing lost per profile change, 0–60, priced at the new profile's hashrate that hour (default: the spec's switching.lost_minutes_per_change, else 0)",
    },
    'min-dwell-hours': {
      type: 'string',
      value: 'H',
      description: `a machine stays at least H whole hours in a profile it enters, off included, 1–${MAX_DWELL_HOURS} (default: the spec's switching.min_dwell_hours, else 1)`,
    },
    out: { type: 'string', value: 'FILE', description: 'write the plan, one row per hour × group × profile, as CSV (checked writable before planning)' },
    schedule: {
      type: 'string',
      value: 'FILE.json',
      description:
        'write the Schedule a miner driver applies: per group its profiles and run-length encoded machine counts per hour, plus totals (JSON, docs/schemas/schedule.schema.json; checked writable before planning)',
    },
  },
  help: [
    'JSON fields: fleet, from, to, hours, hashprice_usd_per_ph_day (null when daily), hashprice_source, mean_hashprice_usd_per_ph_day, pool_fee_pct, method,',
    '  prices[{site, source, column (the index series read: the hub, <hub>_DA for day-ahead, or fixed_price_usd_per_mwh for a fixed contract, which reads none),',
    '  mean_price_usd_per_mwh (of that series), mean_marginal_price_usd_per_mwh (what the planner valued a MWh at under the contract), contract}],',
    '  contracts[{site, contract{kind, description, hub, market, written_as, four_cp_intervals_utc}, plan, baseline}] (each a bill: energy_mwh, energy_usd,',
    '  resale_credit_usd, fees_usd, take_or_pay_usd, transmission_usd, cost_usd, dr_availability_usd),',
    '  plan{energy_mwh, average_hashrate_phs, btc, revenue_usd, energy_cost_usd, margin_usd, dr_revenue_usd, switching_cost_usd, profile_changes, value_usd},',
    '  baseline{same fields: nameplate stock 24/7 up to each cap}, savings_usd, hashrate_given_up_pct_of_stock, lp_bound_usd, integrality_gap_usd,',
    '  groups[{group, site, machines, baseline_profile, baseline_hashrate_phs, average_hashrate_phs, hashrate_given_up_pct_of_stock, machine_hours_share_by_profile}], out, schedule (the --schedule path, or null).',
    'Schedule (--schedule, schema_version 1): hour_start_utc (YYYY-MM-DDTHH:00Z, hour 0), hours, method, sites[{site, cap_mw, pue, time_zone}],',
    "  groups[{group, site, lot (index into the spec's lots), model, machines, baseline_profile, profiles[{profile, power_w, hashrate_ths}] (per machine),",
    '  runs[{start_hour, hours, points[{profile, machines}], off}] (equal consecutive hours in one run)}], totals{plan, baseline} (as plan/baseline above).',
    "Plan CSV columns: hour_start_utc, hour_start_local, site, group, profile, machines, power_kw, hashrate_ths, price_usd_per_mwh (the contract's marginal price),",
    '  step_up_below_usd_per_mwh, step_down_above_usd_per_mwh (the prices at which the group would switch profile that hour;',
    '  empty when switching rules apply, since hours are then coupled and no one-hour threshold explains a choice).',
    'Each site is billed under its contract (plan and baseline alike, as fleet report bills the same hours); energy_cost_usd adds its hosting fee.',
    'power_kw is grid side (incl. PUE). Limits: perfect foresight of the given prices (an upper bound for a forecast-driven operator);',
    "  take-or-pay minimums and DR availability are billed but not planned for, DR response time is not modelled; the spec's uptime_pct is not applied (see docs/dispatch.md).",
    'Example: hashfloor dispatch examples/fleet.yaml --hashprice 49.5 --from 2024-07-01 --to 2024-09-30 --out plan.csv --schedule schedule.json',
    'Switching: hashfloor dispatch examples/fleet.yaml --hashprice 49.5 --from 2024-07-01 --to 2024-07-31 --switch-minutes 10 --min-dwell-hours 4',
  ].join('\n'),
  async run(args, ctx) {
    const fleetPath = args.positionals[0] ?? '';
    const hashprice = numberOpt(args, 'hashprice', { min: 0, example: '--hashprice 49.5' });
    const hashpriceCsv = stringOpt(args, 'hashprice-csv');
    if (hashprice !== undefined && hashpriceCsv !== undefined) throw new UsageError('give either --hashprice or --hashprice-csv, not both');
    const priceUsdPerBtc = numberOpt(args, 'price-usd', { min: 0, exclusiveMin: true, example: '--price-usd 65000' });
    const switchCost = numberOpt(args, 'switch-cost', { min: 0, example: '--switch-cost 0.5' });
    const switchMinutes = numberOpt(args, 'switch-minutes', { min: 0, max: 60, example: '--switch-minutes 10' });
    const minDwell = numberOpt(args, 'min-dwell-hours', { min: 1, max: MAX_DWELL_HOURS, integer: true, example: '--min-dwell-hours 4' });
    const { from, to } = dateRangeOpts(args);
    const outPath = stringOpt(args, 'out');
    if (outPath) assertWritableFile(outPath, '--out');
    const schedulePath = stringOpt(args, 'schedule');
    if (schedulePath) assertWritableFile(schedulePath, '--schedule');
    const siteHubs = siteHubOpt(args);
    const fleet = readFleetSpecFile(fleetPath, loadCatalog(ctx.services.dataDir), (w) => ctx.notice?.(`hashfloor: warning: ${w}`));
    const drPath = stringOpt(args, 'dr');
    const db = stringOpt(args, 'db');
    const hashpriceIn: HashpriceInput =
      hashpriceCsv !== undefined
        ? {
            kind: 'hourly',
            series: parseHourlyCsv(readText(hashpriceCsv, '--hashprice-csv'), hashpriceCsv, {
              column: 'hashprice_usd_per_ph_day',
              unit: 'USD per PH/s per day',
              min: 0,
            }),
          }
        : hashprice !== undefined
          ? { kind: 'constant', hashprice_usd_per_ph_day: hashprice }
          : { kind: 'daily', index: async () => buildHashpriceIndex(await ctx.services.history(db)) };
    const inputs = await buildDispatchInputs({
      fleet,
      priceTable: await sitePriceTables({
        sites: fleet.sites,
        sharedPath: stringOpt(args, 'prices'),
        dataDir: ctx.services.dataDir,
        sharedLabel: '--prices',
        from,
        to,
        site_hubs: siteHubs,
        store: () => ctx.services.existingStore(db),
      }),
      site_hubs: siteHubs,
      from,
      to,
      hashprice: hashpriceIn,
      price_usd_per_btc: priceUsdPerBtc,
      events: drPath
        ? (a, hours) =>
            parseDrEventsCsv(
              readText(drPath, '--dr'),
              drPath,
              fleet.sites.map((s) => ({ id: s.id, cap_mw: s.capacity_mw })),
              a,
              hours,
            )
        : undefined,
      switching: { cost_usd_per_change: switchCost, lost_minutes_per_change: switchMinutes, min_dwell_hours: minDwell },
    }).catch((err: unknown) => {
      throw err instanceof AppError ? renamePaths(err, flagOf(hashpriceCsv !== undefined)) : err;
    });
    const { problem, hours } = inputs;
    // Switching rules under binding caps are solved exactly as LPs (HiGHS); load it only then.
    const lpSolver = hasSwitching(problem.switching) ? await loadHighsSolver() : undefined;
    const bar = ctx.progress('planning', hours, 'h');
    const plan = planDispatch(problem, { onHour: (t) => (t % 24 === 23 ? bar.update(t + 1) : undefined), lpSolver });
    bar.done();
    const schedule = planSchedule(plan);
    if (schedulePath) writeFileSync(schedulePath, `${JSON.stringify(schedule)}\n`);
    if (outPath) {
      const wbar = ctx.progress('writing plan', hours, 'h');
      const fd = openSync(outPath, 'w');
      // The price the planner saw (the contract's marginal price), so each row lies between its step thresholds.
      const csvHours = { prices_usd_per_mwh: problem.sites.map((x) => x.price_usd_per_mwh), steps: stepPriceReader(plan) };
      try {
        for (const chunk of planCsvChunks(schedule, csvHours, (t) => (t % 24 === 23 ? wbar.update(t + 1) : undefined))) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
      wbar.done();
    }
    const groups = groupSummary(schedule);
    const json = {
      fleet: fleetPath,
      from: unixSToIso(inputs.start_unix_s),
      to: unixSToIso(inputs.end_unix_s),
      hours,
      hashprice_usd_per_ph_day: hashprice ?? null,
      hashprice_source:
        hashpriceCsv !== undefined
          ? `hourly (--hashprice-csv ${hashpriceCsv})`
          : hashprice === undefined
            ? 'network history (daily hashprice, the same for every hour of a UTC day)'
            : 'constant (--hashprice)',
      mean_hashprice_usd_per_ph_day: problem.hashprice_usd_per_ph_day.reduce((x, y) => x + y, 0) / hours,
      pool_fee_pct: fleet.company.pool_fee_pct,
      method: plan.method,
      prices: fleet.sites.map((s, i) => ({
        site: s.id,
        source: inputs.prices[i]!.source,
        column: inputs.prices[i]!.column,
        mean_price_usd_per_mwh: inputs.prices[i]!.price_usd_per_mwh.reduce((x, y) => x + y, 0) / hours,
        mean_marginal_price_usd_per_mwh: problem.sites[i]!.price_usd_per_mwh.reduce((x, y) => x + y, 0) / hours,
        contract: contractSummary(s.contract),
      })),
      contracts: fleet.sites.map((s, i) => ({
        site: s.id,
        contract: contractSummary(s.contract),
        plan: plan.contracts[i]!.plan,
        baseline: plan.contracts[i]!.baseline,
      })),
      plan: schedule.totals.plan,
      baseline: schedule.totals.baseline,
      savings_usd: plan.savings_usd,
      hashrate_given_up_pct_of_stock: plan.hashrate_given_up_pct_of_stock,
      lp_bound_usd: plan.lp_bound_usd,
      integrality_gap_usd: plan.integrality_gap_usd,
      groups,
      out: outPath ?? null,
      schedule: schedulePath ?? null,
    };
    const row = (label: string, t: Schedule['totals']['plan']): Record<string, unknown> => ({ label, ...t });
    const summaryTable: Table = {
      title: 'Plan vs baseline (stock 24/7 up to each cap)',
      columns: [
        { key: 'label', header: '', align: 'left' },
        { key: 'energy_mwh', header: 'energy MWh', format: usd },
        { key: 'average_hashrate_phs', header: 'avg PH/s', format: fix(1) },
        { key: 'btc', header: 'BTC', format: fix(2) },
        { key: 'revenue_usd', header: 'revenue $', format: usd },
        { key: 'energy_cost_usd', header: 'energy $', format: usd },
        { key: 'margin_usd', header: 'margin $', format: usd },
        { key: 'dr_revenue_usd', header: 'DR $', format: usd },
        { key: 'value_usd', header: 'value $', format: usd },
      ],
      rows: [row('plan', json.plan), row('baseline', json.baseline)],
    };
    const groupTable: Table = {
      title: 'Per machine group',
      columns: [
        { key: 'group', header: 'group', align: 'left' },
        { key: 'machines', header: 'machines' },
        { key: 'baseline_hashrate_phs', header: 'baseline PH/s', format: fix(1) },
        { key: 'average_hashrate_phs', header: 'avg PH/s', format: fix(1) },
        { key: 'hashrate_given_up_pct_of_stock', header: 'given up %', format: fix(1) },
        { key: 'mix', header: 'machine-hours by profile', align: 'left' },
      ],
      rows: groups.map((g) => ({
        ...g,
        mix: Object.entries(g.machine_hours_share_by_profile as Record<string, number>)
          .map(([k, v]) => `${k} ${(v * 100).toFixed(0)}%`)
          .join(', '),
      })),
    };
    const contractsTable: Table = {
      title: 'Power contract per site: bill for the plan vs the baseline',
      columns: [
        { key: 'site', header: 'site', align: 'left' },
        { key: 'contract', header: 'contract', align: 'left' },
        { key: 'plan_cost', header: 'plan bill $', format: usd },
        { key: 'baseline_cost', header: 'baseline bill $', format: usd },
        { key: 'plan_credit', header: 'plan resale credit $', format: usd },
        { key: 'baseline_credit', header: 'baseline resale credit $', format: usd },
      ],
      rows: json.contracts.map((c) => ({
        site: c.site,
        contract: c.contract.description,
        plan_cost: c.plan.cost_usd,
        baseline_cost: c.baseline.cost_usd,
        plan_credit: c.plan.resale_credit_usd,
        baseline_credit: c.baseline.resale_credit_usd,
      })),
    };
    return {
      json,
      tables: [summaryTable, groupTable, contractsTable],
      summary: [
        `Dispatch ${json.from} → ${json.to} (${formatEnUs(hours)} h), hashprice ${hashprice !== undefined ? `$${hashprice}` : `${hashpriceCsv !== undefined ? 'hourly from CSV' : 'daily from history'}, mean $${json.mean_hashprice_usd_per_ph_day.toFixed(2)}`}/PH/day, pool fee ${fleet.company.pool_fee_pct}%`,
        `  savings vs baseline   $${usd(plan.savings_usd)}`,
        `  hashrate given up     ${plan.hashrate_given_up_pct_of_stock.toFixed(2)}% of the baseline's stock hashrate`,
        `  LP bound              $${usd(plan.lp_bound_usd)} (whole-machine plan is at most $${fix(2)(plan.integrality_gap_usd)} below the optimum)`,
        ...json.prices.map(
          (x) =>
            `  prices ${x.site}: ${x.column} from ${x.source}, mean $${x.mean_price_usd_per_mwh.toFixed(2)}/MWh; contract ${x.contract.description} (marginal mean $${x.mean_marginal_price_usd_per_mwh.toFixed(2)}/MWh)`,
        ),
      ],
      notes: [
        `Method: ${plan.method}.`,
        ...(outPath ? [`Plan written to ${outPath}.`] : []),
        ...(schedulePath ? [`Schedule written to ${schedulePath}.`] : []),
        ...(outPath && hasSwitching(problem.switching)
          ? ["Switching rules couple the hours: the plan CSV's step_up/step_down price columns are left empty."]
          : []),
      ],
    };
  },
};
