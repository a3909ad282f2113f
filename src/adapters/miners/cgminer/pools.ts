/**
 * The pool a cgminer-family miner mines on, from `pools` (cgminer API-README: `POOLS[]` with `URL`,
 * `Status`, `Stratum Active`, `Priority`): the stratum-active one, else the first alive, else the first.
 */
import { entries, str } from './fields.js';
import type { JsonObject } from './repair.js';

export function activePoolUrl(reply: JsonObject | undefined): string | null {
  const pools = entries(reply, 'POOLS');
  const pick = pools.find((p) => p['Stratum Active'] === true) ?? pools.find((p) => p.Status === 'Alive') ?? pools[0];
  return pick ? str(pick.URL) : null;
}
