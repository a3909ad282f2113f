/**
 * Power contracts: what a site pays for the energy it draws, hour by hour (pure). One function,
 * priceSiteHours, bills a site's hourly consumption under its contract; `fleet report`, `fleet
 * sensitivity`, `dispatch` and `pivot` all call it, so the same hours under the same contract cost
 * the same everywhere. marginalPrices gives the dispatch planner the price of one more MWh in each
 * hour. Facts on contract types, demand response and 4CP: docs/economics.md ("Power contracts").
 *
 * Per UTC hour t, with E_t the grid-side energy drawn (MWh, the hour's mean MW), I_t the contract's
 * index price (USD/MWh), F a fixed price (USD/MWh) and C the site's capacity (MW):
 *   fixed           energy_t = E_t · F
 *   fixed + resale  energy_t = E_t · F,  resale credit_t = (C − E_t) · (I_t − fee − F)
 *                   (the site buys C every hour at F and resells what it leaves at I_t − fee:
 *                   C·F − (C − E_t)·(I_t − fee) = energy_t − credit_t)
 *   index           energy_t = E_t · (I_t + adders)
 *   hedged          energy_t = E_t · (Σ_b s_bt · F_b + (1 − Σ_b s_bt) · I_t + adders), s_bt the share
 *                   of hedge b when it covers hour t's local hour of day (else 0), Σ_b s_bt ≤ 1
 * Per UTC month m of which h_m of its H_m hours are priced (spread evenly over those hours):
 *   monthly fee     fee_usd_per_month · h_m / H_m
 *   take-or-pay     max(0, M · h_m / H_m − Σ_{t∈m} E_t) · F          (fixed without resale)
 * Transmission (ERCOT 4CP): each listed 15-minute interval of system peak demand adds
 *   charge_usd_per_kw_year · 1000 · E_t / 4 to the hour t containing it — its quarter of the annual
 *   charge, which is the rate times the mean demand (kW) over the four intervals. ERCOT bills that
 *   charge over the following year; it is booked in the hour whose demand sets it, which is what
 *   curtailing that hour saves. Demand is the hour's mean (the plan is hourly).
 * Demand-response availability: availability_usd_per_mw_hour · min(committed_mw, E_t) per hour —
 *   revenue, kept apart from the bill (a site can only offer load it is drawing).
 *   cost_t = energy_t − credit_t + monthly fee_t + take-or-pay_t + transmission_t      (USD)
 */
import { InternalError } from '../errors.js';
import { hoursInUtcMonth, localHoursOfDay, unixSToIso } from '../units/time.js';
import { formatEnUs } from '../units/en-us-number.js';

/** Which market's price an index reads: ERCOT's real-time settlement or its day-ahead market. */
export type PriceMarket = 'real-time' | 'day-ahead';

/** The hourly price series a contract reads. */
export interface IndexRef {
  /** Hub, load zone or node as the prices name it, e.g. `HB_WEST`; undefined: a prices file's only column. */
  hub: string | undefined;
  market: PriceMarket;
}

/** ERCOT 4CP: USD per kW-year on the mean demand over the four 15-minute intervals of summer system peak. */
export interface TransmissionCharge {
  charge_usd_per_kw_year: number;
  /** Start of each 4CP interval (unix s, UTC; on a quarter hour, June–September, at most four a year). */
  four_cp_interval_start_unix_s: readonly number[];
}

/** A grid programme paying for the ability to curtail on a signal (the signals themselves are dispatch's events). */
export interface DemandResponseProgramme {
  availability_usd_per_mw_hour: number;
  /** MW the site offers to curtail. */
  committed_mw: number;
  /** How fast the programme requires curtailment after a signal (minutes); recorded, not modelled hour by hour. */
  response_minutes: number;
}

/** A share of a site's energy bought at a fixed price, over a block of local hours [from_hour, to_hour) (wrapping past midnight when from > to). */
export interface Hedge {
  share_pct: number;
  price_usd_per_mwh: number;
  from_hour: number;
  to_hour: number;
}

interface ContractCommon {
  transmission?: TransmissionCharge | undefined;
  demand_response?: DemandResponseProgramme | undefined;
  /** How the spec stated it: a `contract:`, or the older site field it was mapped from. */
  written_as: 'contract' | 'power_price_usd_per_mwh' | 'price_hub' | 'power_price_csv';
}

export interface FixedContract extends ContractCommon {
  kind: 'fixed';
  price_usd_per_mwh: number;
  /** Unused capacity resold at the index less a fee (the site's contracted volume is its capacity). */
  resale?: { index: IndexRef; fee_usd_per_mwh: number } | undefined;
  /** Minimum energy paid for each month whether drawn or not (MWh). */
  take_or_pay_mwh_per_month?: number | undefined;
}

export interface IndexContract extends ContractCommon {
  kind: 'index';
  index: IndexRef;
  adders_usd_per_mwh: number;
  fee_usd_per_month: number;
}

export interface HedgedContract extends ContractCommon {
  kind: 'hedged';
  index: IndexRef;
  hedges: readonly Hedge[];
  adders_usd_per_mwh: number;
  fee_usd_per_month: number;
}

export type PowerContract = FixedContract | IndexContract | HedgedContract;

/** Suffix of a day-ahead series' name in the store and in prices files: `HB_WEST_DA`. */
export const DAY_AHEAD_SUFFIX = '_DA';

/** The index a contract reads, or null when its cost needs none (fixed without resale). */
export function contractIndex(c: PowerContract): IndexRef | null {
  return c.kind === 'fixed' ? (c.resale?.index ?? null) : c.index;
}

/** The series name of an index: the hub for real-time, `<hub>_DA` for day-ahead. */
export function indexSeriesName(ref: IndexRef): string | undefined {
  return ref.hub === undefined ? undefined : ref.market === 'day-ahead' ? `${ref.hub}${DAY_AHEAD_SUFFIX}` : ref.hub;
}

/** A site's consumption over consecutive UTC hours, and what the contract needs to bill it. */
export interface SiteHours {
  start_unix_s: number;
  /** Grid-side energy drawn each hour (MWh; the hour's mean MW). */
  energy_mwh: ArrayLike<number>;
  /** The contract's index each hour (USD/MWh); required when contractIndex is not null. */
  index_usd_per_mwh?: ArrayLike<number> | undefined;
  /** The site's capacity (MW): the volume of a fixed contract with resale. */
  capacity_mw: number;
  /** IANA zone of the hedges' hours of day (UTC when none). */
  time_zone?: string | undefined;
}

/** A bill's parts over the priced hours (USD unless named). */
export interface ContractBill {
  energy_mwh: number;
  /** Energy at the contract's prices, adders included. */
  energy_usd: number;
  /** Earned by reselling unused capacity, net of the fixed price and the fee (subtracted). */
  resale_credit_usd: number;
  fees_usd: number;
  take_or_pay_usd: number;
  transmission_usd: number;
  /** energy − resale credit + fees + take-or-pay + transmission. */
  cost_usd: number;
  /** Demand-response availability payments: revenue, not part of cost_usd. */
  dr_availability_usd: number;
}

export interface ContractPricing {
  bill: ContractBill;
  /** cost_t per hour (USD). */
  cost_usd: Float64Array;
  /** DR availability per hour (USD). */
  dr_availability_usd: Float64Array;
}

/** Per hour, the hedged share Σ_b s_bt (0…1) and Σ_b s_bt · F_b (USD/MWh). */
function hedgeTerms(c: HedgedContract, start_unix_s: number, hours: number, time_zone: string | undefined): { share: Float64Array; fixed: Float64Array } {
  const local = localHoursOfDay(start_unix_s, hours, time_zone);
  const share = new Float64Array(hours);
  const fixed = new Float64Array(hours);
  for (let t = 0; t < hours; t++) {
    const h = local[t]!;
    for (const b of c.hedges) {
      if (!hedgeCovers(b, h)) continue;
      share[t] = share[t]! + b.share_pct / 100;
      fixed[t] = fixed[t]! + (b.share_pct / 100) * b.price_usd_per_mwh;
    }
  }
  return { share, fixed };
}

/** Whether a hedge's block of hours covers local hour `h` (0–23). */
export function hedgeCovers(b: Pick<Hedge, 'from_hour' | 'to_hour'>, h: number): boolean {
  return b.from_hour < b.to_hour ? h >= b.from_hour && h < b.to_hour : h >= b.from_hour || h < b.to_hour;
}

/** 4CP intervals per hour: how many of the listed intervals start in each hour. */
function fourCpCounts(tx: TransmissionCharge | undefined, start_unix_s: number, hours: number): Float64Array | null {
  if (!tx || tx.charge_usd_per_kw_year === 0) return null;
  const k = new Float64Array(hours);
  let any = false;
  for (const s of tx.four_cp_interval_start_unix_s) {
    const t = Math.floor((s - start_unix_s) / 3600);
    if (t >= 0 && t < hours) {
      k[t] = k[t]! + 1;
      any = true;
    }
  }
  return any ? k : null;
}

/** USD per MWh drawn in an hour holding one 4CP interval: a quarter of the annual charge per kW, × 1000 kW/MW. */
export const fourCpUsdPerMwh = (charge_usd_per_kw_year: number): number => (charge_usd_per_kw_year * 1000) / 4;

function indexOf(c: PowerContract, h: { index_usd_per_mwh?: ArrayLike<number> | undefined }, hours: number): ArrayLike<number> | null {
  if (contractIndex(c) === null) return null;
  const x = h.index_usd_per_mwh;
  if (!x || x.length !== hours) throw new InternalError(`a ${c.kind} contract needs ${hours} hourly index prices, got ${x?.length ?? 0}`);
  return x;
}

/**
 * The price of one more MWh in each hour (USD/MWh) — what the dispatch planner values a
 * machine-hour at: F (fixed), I_t − fee (fixed with resale: the MWh not used is sold), I_t + adders
 * (index), Σ s·F + (1 − Σ s)·I_t + adders (hedged), plus the 4CP charge in an interval's hour.
 * A take-or-pay minimum and the DR availability payment are left out: both depend on a month's or
 * an hour's total, not on one more MWh (docs/economics.md says when that matters).
 */
export function marginalPrices(
  c: PowerContract,
  h: { start_unix_s: number; hours: number; index_usd_per_mwh?: ArrayLike<number> | undefined; time_zone?: string | undefined },
): Float64Array {
  const T = h.hours;
  const idx = indexOf(c, h, T);
  const out = new Float64Array(T);
  if (c.kind === 'fixed') {
    if (c.resale) for (let t = 0; t < T; t++) out[t] = idx![t]! - c.resale.fee_usd_per_mwh;
    else out.fill(c.price_usd_per_mwh);
  } else if (c.kind === 'index') {
    for (let t = 0; t < T; t++) out[t] = idx![t]! + c.adders_usd_per_mwh;
  } else {
    const { share, fixed } = hedgeTerms(c, h.start_unix_s, T, h.time_zone);
    for (let t = 0; t < T; t++) out[t] = fixed[t]! + (1 - share[t]!) * idx![t]! + c.adders_usd_per_mwh;
  }
  const k = fourCpCounts(c.transmission, h.start_unix_s, T);
  if (k) {
    const per = fourCpUsdPerMwh(c.transmission!.charge_usd_per_kw_year);
    for (let t = 0; t < T; t++) out[t] = out[t]! + k[t]! * per;
  }
  return out;
}

/** Spreads a per-month amount over the month's priced hours: amount(month, priced hours, hours in month, energy) per hour. */
function spreadMonthly(
  start_unix_s: number,
  E: ArrayLike<number>,
  out: Float64Array,
  amount: (pricedHours: number, hoursInMonth: number, energy_mwh: number) => number,
): number {
  const T = E.length;
  let total = 0;
  let a = 0;
  while (a < T) {
    const t0 = start_unix_s + 3600 * a;
    const H = hoursInUtcMonth(t0);
    const d = new Date(t0 * 1000);
    const monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
    const b = Math.min(T, a + Math.round((monthEnd - t0) / 3600));
    let e = 0;
    for (let t = a; t < b; t++) e += E[t]!;
    const usd = amount(b - a, H, e);
    for (let t = a; t < b; t++) out[t] = out[t]! + usd / (b - a);
    total += usd;
    a = b;
  }
  return total;
}

/** Bills a site's hourly consumption under its contract (see the module comment for every term). */
export function priceSiteHours(c: PowerContract, h: SiteHours): ContractPricing {
  const E = h.energy_mwh;
  const T = E.length;
  const idx = indexOf(c, h, T);
  const cost = new Float64Array(T);
  const dr = new Float64Array(T);
  const bill: ContractBill = {
    energy_mwh: 0,
    energy_usd: 0,
    resale_credit_usd: 0,
    fees_usd: 0,
    take_or_pay_usd: 0,
    transmission_usd: 0,
    cost_usd: 0,
    dr_availability_usd: 0,
  };
  const hedge = c.kind === 'hedged' ? hedgeTerms(c, h.start_unix_s, T, h.time_zone) : null;
  for (let t = 0; t < T; t++) {
    const e = E[t]!;
    let energy: number;
    let credit = 0;
    if (c.kind === 'fixed') {
      energy = e * c.price_usd_per_mwh;
      if (c.resale) credit = (h.capacity_mw - e) * (idx![t]! - c.resale.fee_usd_per_mwh - c.price_usd_per_mwh);
    } else if (c.kind === 'index') energy = e * (idx![t]! + c.adders_usd_per_mwh);
    else energy = e * (hedge!.fixed[t]! + (1 - hedge!.share[t]!) * idx![t]! + c.adders_usd_per_mwh);
    cost[t] = energy - credit;
    bill.energy_mwh += e;
    bill.energy_usd += energy;
    bill.resale_credit_usd += credit;
    const programme = c.demand_response;
    if (programme) {
      dr[t] = programme.availability_usd_per_mw_hour * Math.min(programme.committed_mw, e);
      bill.dr_availability_usd += dr[t]!;
    }
  }
  if (c.kind !== 'fixed' && c.fee_usd_per_month > 0) bill.fees_usd = spreadMonthly(h.start_unix_s, E, cost, (n, H) => (c.fee_usd_per_month * n) / H);
  if (c.kind === 'fixed' && c.take_or_pay_mwh_per_month !== undefined && !c.resale) {
    const M = c.take_or_pay_mwh_per_month;
    const F = c.price_usd_per_mwh;
    bill.take_or_pay_usd = spreadMonthly(h.start_unix_s, E, cost, (n, H, e) => Math.max(0, (M * n) / H - e) * F);
  }
  const k = fourCpCounts(c.transmission, h.start_unix_s, T);
  if (k) {
    const per = fourCpUsdPerMwh(c.transmission!.charge_usd_per_kw_year);
    for (let t = 0; t < T; t++) {
      if (k[t] === 0) continue;
      const usd = k[t]! * per * E[t]!;
      cost[t] = cost[t]! + usd;
      bill.transmission_usd += usd;
    }
  }
  bill.cost_usd = bill.energy_usd - bill.resale_credit_usd + bill.fees_usd + bill.take_or_pay_usd + bill.transmission_usd;
  return { bill, cost_usd: cost, dr_availability_usd: dr };
}

/** An empty bill, to sum bills into. */
export function emptyBill(): ContractBill {
  return { energy_mwh: 0, energy_usd: 0, resale_credit_usd: 0, fees_usd: 0, take_or_pay_usd: 0, transmission_usd: 0, cost_usd: 0, dr_availability_usd: 0 };
}

/** `a += b`, field by field. */
export function addBill(a: ContractBill, b: ContractBill): ContractBill {
  for (const k of Object.keys(a) as (keyof ContractBill)[]) a[k] += b[k];
  return a;
}

const money = (x: number): string => `$${formatEnUs(x, { maximumFractionDigits: 2 })}`;
const indexText = (r: IndexRef): string => `${r.hub ?? 'the prices file'} ${r.market}`;
const hoursText = (b: Hedge): string =>
  b.from_hour === 0 && b.to_hour === 24 ? '' : ` ${String(b.from_hour).padStart(2, '0')}–${String(b.to_hour).padStart(2, '0')}h`;

/** One line naming the contract and its terms, for tables and summaries. */
export function describeContract(c: PowerContract): string {
  let s: string;
  if (c.kind === 'fixed') {
    s = `fixed ${money(c.price_usd_per_mwh)}/MWh`;
    if (c.resale) s += `, unused capacity resold at ${indexText(c.resale.index)} less ${money(c.resale.fee_usd_per_mwh)}/MWh`;
    if (c.take_or_pay_mwh_per_month !== undefined) s += `, take-or-pay ${formatEnUs(c.take_or_pay_mwh_per_month)} MWh/month`;
  } else {
    const tail = `${c.adders_usd_per_mwh ? ` + ${money(c.adders_usd_per_mwh)}/MWh` : ''}${c.fee_usd_per_month ? `, ${money(c.fee_usd_per_month)}/month` : ''}`;
    if (c.kind === 'index') s = `index ${indexText(c.index)}${tail}`;
    else
      s = `hedged ${c.hedges.map((b) => `${b.share_pct}%${hoursText(b)} at ${money(b.price_usd_per_mwh)}/MWh`).join(', ')}, rest at ${indexText(c.index)}${tail}`;
  }
  const tx = c.transmission;
  if (tx) s += `; transmission ${money(tx.charge_usd_per_kw_year)}/kW-year (4CP, ${tx.four_cp_interval_start_unix_s.length} intervals listed)`;
  const dr = c.demand_response;
  if (dr) s += `; demand response ${dr.committed_mw} MW at ${money(dr.availability_usd_per_mw_hour)}/MW-h, curtail within ${dr.response_minutes} min`;
  return s;
}

/** The contract as outputs name it (JSON). */
export interface ContractSummary {
  kind: PowerContract['kind'];
  description: string;
  /** The index it reads (hub and market), null for a fixed price without resale. */
  hub: string | null;
  market: PriceMarket | null;
  written_as: PowerContract['written_as'];
  four_cp_intervals_utc: string[];
}

export function contractSummary(c: PowerContract): ContractSummary {
  const ref = contractIndex(c);
  return {
    kind: c.kind,
    description: describeContract(c),
    hub: ref?.hub ?? null,
    market: ref?.market ?? null,
    written_as: c.written_as,
    four_cp_intervals_utc: (c.transmission?.four_cp_interval_start_unix_s ?? []).map(unixSToIso),
  };
}
