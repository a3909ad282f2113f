/**
 * What `pivot` and `security-budget` need from the embedded daily history: the rows, their
 * monthly series and the drivers fitted on a window of it.
 */
import { join } from 'node:path';
import { ValidationError } from '../errors.js';
import type { DailyRow } from '../history/daily-row.js';
import type { Services } from './services.js';
import { readNetworkDailyFile } from '../adapters/datasets/network-daily-csv.js';
import { fitDrivers, type DriverFit } from '../valuation/fit.js';
import { monthlySeries, type MonthlyPoint } from '../valuation/monthly.js';

export interface FittedHistory {
  rows: DailyRow[];
  points: MonthlyPoint[];
  fit: DriverFit;
}

export async function fittedHistory(services: Services, fitFromMonth: string): Promise<FittedHistory> {
  const rows = await readNetworkDailyFile(join(services.dataDir, 'network_daily.csv'), 'embedded');
  const points = monthlySeries(rows);
  try {
    return { rows, points, fit: fitDrivers(points, fitFromMonth) };
  } catch (e) {
    // A fit window too short for the drivers is the site file's valuation.fit_from_month at fault.
    if (e instanceof ValidationError && e.issues.length === 1 && e.issues[0]!.path === 'history') {
      throw ValidationError.field('valuation.fit_from_month', `the window from ${fitFromMonth} is too short: ${e.issues[0]!.message}`);
    }
    throw e;
  }
}
