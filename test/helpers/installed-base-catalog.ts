/**
 * The hand-worked catalog of the installed-base tests (src/economics/installed-base*.test.ts): two
 * models released in January 2020, two in February, and the parameters that make b(e) easy to
 * work by hand (PUE 1 and no pool fee in the breakeven: b = h / (0.024 · e) USD/MWh).
 */
import type { AsicModel } from '../../src/hardware/model.js';
import type { InstalledBaseParams } from '../../src/economics/installed-base.js';

export const testModel = (id: string, manufacturer: string, efficiency_jth: number, released: string): AsicModel => ({
  id,
  manufacturer,
  model: id.toUpperCase(),
  hashrate_ths: 100,
  power_w: 100 * efficiency_jth,
  efficiency_jth,
  cooling: 'air',
  released,
  source: 'user',
});

export const A = testModel('a', 'Bitmain', 100, '2020-01');
export const B = testModel('b', 'MicroBT', 50, '2020-01');
export const C = testModel('c', 'Bitmain', 25, '2020-02');
export const D = testModel('d', 'Canaan', 40, '2020-02');

export const HAND_PARAMS: InstalledBaseParams = {
  threshold_power_price_usd_per_mwh: 50,
  hashprice_window_days: 1,
  pool_fee: 0,
  pue: { lower: 1, best: 1, upper: 1.2 },
  growth_window_days: 2,
  vintage_window_months: 12,
  retire_after_days: 2,
  manufacturer_weights: { Bitmain: 0.5, MicroBT: 0.3 },
  other_manufacturers_weight: 0.2,
};
