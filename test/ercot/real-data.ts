/**
 * The public ERCOT files of ../shared/data (data/SOURCES.md): the HB_WEST 15-minute real-time
 * prices and the hourly hub means, 2023–2025. Like the data build test, a test reading them fails
 * rather than skips when they are missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');

function read(name: string): string[] {
  const path = join(dir, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: the ERCOT real-data tests need the public input files of data/SOURCES.md in ../shared/data`);
  return readFileSync(path, 'utf8').trim().split('\n').slice(1);
}

export interface QuarterHour {
  utc: string;
  /** Central wall clock with offset, e.g. 2023-11-05T01:00-06:00. */
  central: string;
  price: string;
}

export const westQuarterHours = (): QuarterHour[] =>
  read('ercot_rtm_spp_hb_west_15min_2023_2025.csv').map((l) => {
    const [utc, central, price] = l.split(',') as [string, string, string];
    return { utc, central, price };
  });

/** Hourly HB_WEST by hour_start_utc (text, 4 decimals as in the file). */
export function westHourly(): Map<string, string> {
  return new Map(
    read('ercot_rtm_spp_hubs_hourly_2023_2025.csv').map((l) => {
      const c = l.split(',');
      return [c[0] as string, c[2] as string];
    }),
  );
}
