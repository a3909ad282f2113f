/**
 * The one default window of a fleet's costs (CLI `fleet report`, API `GET /api/v1/fleets/{id}/report`
 * and the dashboard's fleet panel through it): from the last halving on or before the last complete
 * day (src/app/as-of.ts dataAsOf) to the last day up to then with a price and a hashprice. A halving
 * halves the subsidy, so costs per BTC from before it and after it are different quantities; a
 * window starting at a fleet's first purchase (the API's old default) mixed both, and the same
 * fleet showed two costs per BTC. Either end given by the caller wins.
 */
import { PAST_HALVING_DATES } from '../economics/hashprice-index.js';
import type { MarketDay } from '../economics/fleet-report.js';
import { lastCompleteDay } from './fleet-inputs.js';

export interface ReportWindow {
  from: string;
  to: string;
}

/** The last halving day on or before `date` (YYYY-MM-DD, UTC); `date` itself before the first halving. */
export function lastHalvingOnOrBefore(date: string): string {
  return [...PAST_HALVING_DATES].reverse().find((d) => d <= date) ?? date;
}

export function reportWindow(market: readonly MarketDay[], asOfDate: string, given: { from?: string | undefined; to?: string | undefined } = {}): ReportWindow {
  return { from: given.from ?? lastHalvingOnOrBefore(asOfDate), to: given.to ?? lastCompleteDay(market, asOfDate)?.date ?? asOfDate };
}
