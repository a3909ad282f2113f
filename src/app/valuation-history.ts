/**
 * What `pivot` needs from the daily history (the store's merged history, through its last complete
 * day: src/app/as-of.ts): the rows, their monthly series and the drivers fitted on a window of it.
 */
import { ValidationError } from '../errors.js';
import type { DailyRow } from '../history/daily-row.js';
import type { Services } from './services.js';
import { historyThrough, loadAsOf, type DataAsOf } from './as-of.js';
import { fitDrivers, type DriverFit } from '../valuation/fit.js';
import { monthlySeries, type MonthlyPoint } from '../valuation/monthly.js';

export interface FittedHistory {
  rows: DailyRow[];
  points: MonthlyPoint[];
  fit: DriverFit;
  data_as_of: DataAsOf;
}

export async function fittedHistory(services: Pick<Services, 'history' | 'nowUnixS'>, fitFromMonth: string, db?: string): Promise<FittedHistory> {
  const { history, asOf } = await loadAsOf(services, db);
  const rows = historyThrough(history, asOf);
  const points = monthlySeries(rows);
  try {
    return { rows, points, fit: fitDrivers(points, fitFromMonth), data_as_of: asOf };
  } catch (e) {
    // A fit window too short for the drivers is the site file's valuation.fit_from_month at fault.
    if (e instanceof ValidationError && e.issues.length === 1 && e.issues[0]!.path === 'history') {
      throw ValidationError.field('valuation.fit_from_month', `the window from ${fitFromMonth} is too short: ${e.issues[0]!.message}`);
    }
    throw e;
  }
}
