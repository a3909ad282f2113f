/**
 * A site's `contract:` in the fleet spec, parsed and checked into the core's PowerContract
 * (src/economics/power-contract.ts); also the mapping of the older site fields onto a contract
 * (`power_price_usd_per_mwh` alone = fixed; `price_hub` or `power_price_csv` = index real-time with
 * zero adders). Every issue names its field under the site, e.g. `sites[1].contract.share_pct`.
 *
 *   contract: { kind: fixed, price_usd_per_mwh: 38 }
 *   contract: { kind: fixed, price_usd_per_mwh: 38, resell_unused_at_index: true, hub: HB_WEST, resale_fee_usd_per_mwh: 2 }
 *   contract: { kind: fixed, price_usd_per_mwh: 41, take_or_pay_mwh_per_month: 60000 }
 *   contract: { kind: index, hub: HB_NORTH, market: real-time, adders_usd_per_mwh: 6, fee_usd_per_month: 2500 }
 *   contract: { kind: hedged, hub: HB_SOUTH, share_pct: 50, price_usd_per_mwh: 48,
 *               blocks: [{ from_hour: 7, to_hour: 22, share_pct: 25, price_usd_per_mwh: 60 }] }
 * Every kind may add `transmission_charge_usd_per_kw_year` with `four_cp_intervals_utc` (ERCOT 4CP)
 * and `demand_response: { availability_usd_per_mw_hour, committed_mw, response_minutes }`.
 */
import { z } from 'zod';
import type { ValidationIssue } from '../errors.js';
import { MAX_POWER_PRICE_USD_PER_MWH, MIN_POWER_PRICE_USD_PER_MWH } from '../economics/machine.js';
import { hedgeCovers, type Hedge, type PowerContract, type TransmissionCharge } from '../economics/power-contract.js';
import { parseUtc } from './csv-cells.js';

const nonNeg = z.number().finite().nonnegative();
const pct = z.number().finite().min(0, 'must be a percentage 0–100').max(100, 'must be a percentage 0–100');
const price = z.number().finite().min(MIN_POWER_PRICE_USD_PER_MWH).max(MAX_POWER_PRICE_USD_PER_MWH);
/** A hub, load zone or node: a column of a prices CSV or a node of the store. */
export const hubName = z.string().regex(/^[^,"\s]+$/, 'must be a column name of the prices CSV, e.g. HB_WEST');
const market = z.enum(['real-time', 'day-ahead']);
const instant = z.string().refine((s) => {
  const t = parseUtc(s);
  return t !== undefined && t % 900 === 0;
}, 'must be the start of a 15-minute interval in UTC, e.g. 2024-08-20T21:30Z');

const common = {
  /** ERCOT 4CP: USD per kW-year on the mean demand in the four intervals listed. */
  transmission_charge_usd_per_kw_year: nonNeg.max(1000).optional(),
  four_cp_intervals_utc: z.array(instant).max(40).optional(),
  demand_response: z
    .object({
      availability_usd_per_mw_hour: nonNeg.max(10_000),
      committed_mw: z.number().finite().positive(),
      response_minutes: z.number().finite().min(0).max(1440).default(10),
    })
    .strict()
    .optional(),
};

const fixedSchema = z
  .object({
    kind: z.literal('fixed'),
    price_usd_per_mwh: price,
    /** Unused capacity is resold at the index of `hub` (its volume is the site's capacity_mw). */
    resell_unused_at_index: z.boolean().default(false),
    hub: hubName.optional(),
    market: market.optional(),
    resale_fee_usd_per_mwh: nonNeg.max(10_000).optional(),
    take_or_pay_mwh_per_month: nonNeg.optional(),
    ...common,
  })
  .strict();

const indexSchema = z
  .object({
    kind: z.literal('index'),
    hub: hubName,
    market: market.default('real-time'),
    adders_usd_per_mwh: z.number().finite().min(-1000).max(10_000).default(0),
    fee_usd_per_month: nonNeg.default(0),
    ...common,
  })
  .strict();

const blockSchema = z
  .object({
    /** Local hours of day [from_hour, to_hour) in the site's timezone (UTC without one); wraps past midnight when from_hour > to_hour. */
    from_hour: z.number().int('must be a whole hour').min(0).max(23),
    to_hour: z.number().int('must be a whole hour').min(1).max(24),
    share_pct: pct,
    price_usd_per_mwh: price,
  })
  .strict();

const hedgedSchema = z
  .object({
    kind: z.literal('hedged'),
    hub: hubName,
    market: market.default('real-time'),
    /** A share of every hour's energy at price_usd_per_mwh. */
    share_pct: pct.optional(),
    price_usd_per_mwh: price.optional(),
    /** Block hedges by hour of day, on top of share_pct. */
    blocks: z.array(blockSchema).max(24).default([]),
    adders_usd_per_mwh: z.number().finite().min(-1000).max(10_000).default(0),
    fee_usd_per_month: nonNeg.default(0),
    ...common,
  })
  .strict();

export const contractSchema = z.discriminatedUnion('kind', [fixedSchema, indexSchema, hedgedSchema]);
export type ContractSpec = z.output<typeof contractSchema>;

function transmissionOf(c: ContractSpec, at: string, issues: ValidationIssue[]): TransmissionCharge | undefined {
  const rate = c.transmission_charge_usd_per_kw_year;
  const list = c.four_cp_intervals_utc;
  if (rate === undefined && list === undefined) return undefined;
  if (rate === undefined) {
    issues.push({ path: `${at}.transmission_charge_usd_per_kw_year`, message: 'four_cp_intervals_utc needs the charge they allocate (USD per kW-year)' });
    return undefined;
  }
  if (list === undefined || list.length === 0) {
    issues.push({
      path: `${at}.four_cp_intervals_utc`,
      message: "the charge is allocated by ERCOT's 4CP rule: list the four 15-minute intervals of summer peak, e.g. [2024-08-20T21:30Z, …]",
    });
    return undefined;
  }
  const starts = list.map((s) => parseUtc(s)!);
  const perYear = new Map<number, number>();
  starts.forEach((t, k) => {
    const d = new Date(t * 1000);
    const month = d.getUTCMonth() + 1;
    if (month < 6 || month > 9)
      issues.push({ path: `${at}.four_cp_intervals_utc[${k}]`, message: `${list[k]} is not in June–September, where 4CP intervals lie` });
    if (starts.indexOf(t) !== k) issues.push({ path: `${at}.four_cp_intervals_utc[${k}]`, message: `${list[k]} is listed twice` });
    const y = d.getUTCFullYear();
    perYear.set(y, (perYear.get(y) ?? 0) + 1);
    if (perYear.get(y) === 5) issues.push({ path: `${at}.four_cp_intervals_utc[${k}]`, message: `more than four intervals in ${y}; 4CP has four a year` });
  });
  return { charge_usd_per_kw_year: rate, four_cp_interval_start_unix_s: starts };
}

function hedgesOf(c: Extract<ContractSpec, { kind: 'hedged' }>, at: string, issues: ValidationIssue[]): Hedge[] {
  const hedges: Hedge[] = [];
  if ((c.share_pct === undefined) !== (c.price_usd_per_mwh === undefined)) {
    const missing = c.share_pct === undefined ? 'share_pct' : 'price_usd_per_mwh';
    issues.push({ path: `${at}.${missing}`, message: 'give share_pct and price_usd_per_mwh together (the share of every hour bought at that price)' });
  } else if (c.share_pct !== undefined && c.price_usd_per_mwh !== undefined)
    hedges.push({ share_pct: c.share_pct, price_usd_per_mwh: c.price_usd_per_mwh, from_hour: 0, to_hour: 24 });
  else if (c.blocks.length === 0)
    issues.push({ path: `${at}.share_pct`, message: 'a hedged contract needs share_pct with price_usd_per_mwh, or blocks by hour of day' });
  c.blocks.forEach((b, j) => {
    if (b.from_hour === b.to_hour)
      issues.push({ path: `${at}.blocks[${j}].to_hour`, message: `must differ from from_hour (${b.from_hour}): a block covers [from_hour, to_hour)` });
    else hedges.push(b);
  });
  for (let h = 0; h < 24; h++) {
    const share = hedges.filter((b) => hedgeCovers(b, h)).reduce((a, b) => a + b.share_pct, 0);
    if (share > 100 + 1e-9) {
      issues.push({ path: `${at}.share_pct`, message: `hedges cover ${share}% of local hour ${h}, more than 100%` });
      break;
    }
  }
  return hedges;
}

/**
 * The core contract of a site's `contract:` (schema-valid), or the issues found; `at` is the
 * contract's path (`sites[1].contract`), `capacity_mw` the site's (a DR commitment must fit in it).
 */
export function toContract(c: ContractSpec, at: string, capacity_mw: number, issues: ValidationIssue[]): PowerContract {
  const transmission = transmissionOf(c, at, issues);
  const dr = c.demand_response;
  if (dr && dr.committed_mw > capacity_mw)
    issues.push({ path: `${at}.demand_response.committed_mw`, message: `${dr.committed_mw} MW is more than the site's capacity_mw ${capacity_mw}` });
  const extra = { transmission, demand_response: dr, written_as: 'contract' as const };
  if (c.kind === 'index')
    return {
      kind: 'index',
      index: { hub: c.hub, market: c.market },
      adders_usd_per_mwh: c.adders_usd_per_mwh,
      fee_usd_per_month: c.fee_usd_per_month,
      ...extra,
    };
  if (c.kind === 'hedged')
    return {
      kind: 'hedged',
      index: { hub: c.hub, market: c.market },
      hedges: hedgesOf(c, at, issues),
      adders_usd_per_mwh: c.adders_usd_per_mwh,
      fee_usd_per_month: c.fee_usd_per_month,
      ...extra,
    };
  if (c.resell_unused_at_index) {
    if (c.hub === undefined)
      issues.push({ path: `${at}.hub`, message: 'resell_unused_at_index needs the hub whose index price buys the unused power, e.g. hub: HB_WEST' });
    if (c.take_or_pay_mwh_per_month !== undefined)
      issues.push({
        path: `${at}.take_or_pay_mwh_per_month`,
        message: 'a contract reselling unused power already pays for its whole volume (the capacity) every hour; drop take_or_pay_mwh_per_month',
      });
  } else {
    for (const k of ['hub', 'market', 'resale_fee_usd_per_mwh'] as const)
      if (c[k] !== undefined) issues.push({ path: `${at}.${k}`, message: `only with resell_unused_at_index: true (a fixed price reads no index otherwise)` });
  }
  return {
    kind: 'fixed',
    price_usd_per_mwh: c.price_usd_per_mwh,
    resale: c.resell_unused_at_index ? { index: { hub: c.hub, market: c.market ?? 'real-time' }, fee_usd_per_mwh: c.resale_fee_usd_per_mwh ?? 0 } : undefined,
    take_or_pay_mwh_per_month: c.take_or_pay_mwh_per_month,
    ...extra,
  };
}

/**
 * The contract of a site written in the older fields: `power_price_usd_per_mwh` alone is that fixed
 * price; `price_hub` or `power_price_csv` is the hub's (or the file's only column's) real-time
 * price with zero adders — what `dispatch` has always priced such a site at. A fixed price beside
 * a hub is then unused: the warning says so.
 */
export function legacyContract(
  s: { power_price_usd_per_mwh?: number | undefined; price_hub?: string | undefined; power_price_csv?: { path: string } | undefined },
  at: string,
  warnings: ValidationIssue[],
): PowerContract {
  if (s.price_hub === undefined && s.power_price_csv === undefined)
    return { kind: 'fixed', price_usd_per_mwh: s.power_price_usd_per_mwh ?? 0, written_as: 'power_price_usd_per_mwh' };
  if (s.power_price_usd_per_mwh !== undefined)
    warnings.push({
      path: `${at}.power_price_usd_per_mwh`,
      message: `not used: the site names price_hub ${s.price_hub}, so it pays that hub's real-time price (an index contract); write contract: { kind: fixed, price_usd_per_mwh: ${s.power_price_usd_per_mwh} } to pay the fixed price`,
    });
  return {
    kind: 'index',
    index: { hub: s.price_hub, market: 'real-time' },
    adders_usd_per_mwh: 0,
    fee_usd_per_month: 0,
    written_as: s.power_price_csv !== undefined ? 'power_price_csv' : 'price_hub',
  };
}
