/**
 * What `pivot` and `security-budget` need from the embedded daily history: the rows, their
 * monthly series and the drivers fitted on a window of it.
 */
import { join } from 'node:path';
import type { DailyRow } from '../history/daily-row.js';
import type { Services } from '../services.js';
import { readNetworkDailyFile } from '../sources/network-daily-csv.js';
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
  return { rows, points, fit: fitDrivers(points, fitFromMonth) };
}
