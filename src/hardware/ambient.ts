/**
 * Hashrate derate of an air-cooled machine by its inlet (ambient) air temperature T (°C):
 *   d(T) = 1            for T ≤ 40 °C
 *   d(T) = 440 / 490    for 40 °C < T ≤ 47 °C  (over-temperature protection underclocks 490 → 440 MHz)
 *   d(T) = 0            for T > 47 °C           (the miner shuts itself down)
 * hashrate_ths(T) = d(T) · hashrate_ths at every profile; power is left as rated (the fans run
 * harder as the chips slow, so the saving is small and unsourced). The thresholds and the step are
 * Bitmain's S21 firmware behaviour as BTCWire measured it ("Antminer S21 review: performance at
 * different ambient temperatures", HackerNoon, 2024-03-11); other models throttle at other points.
 * Hydro- and immersion-cooled machines see coolant, not room air, and are not derated.
 */
import type { Cooling } from './model.js';

export const AMBIENT_DERATE_FROM_C = 40;
export const AMBIENT_SHUTDOWN_ABOVE_C = 47;
const THROTTLED_MHZ = 440;
const STOCK_MHZ = 490;

/** d(T) above: the share of its hashrate an air-cooled machine keeps at inlet temperature T (°C). */
export function ambientDerate(cooling: Cooling, ambient_temp_c: number | undefined): number {
  if (cooling !== 'air' || ambient_temp_c === undefined || ambient_temp_c <= AMBIENT_DERATE_FROM_C) return 1;
  return ambient_temp_c <= AMBIENT_SHUTDOWN_ABOVE_C ? THROTTLED_MHZ / STOCK_MHZ : 0;
}
