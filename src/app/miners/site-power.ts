/**
 * What a site would draw, for the cap check of `hashfloor miners set --apply`. Safety first: a
 * miner without a power reading, an unreachable one and every machine a lot counts but the list
 * does not name are taken at their highest power (the top of their operating range, else of their
 * catalog profiles), and PUE applies as in the fleet spec (economics/fleet-report.ts).
 */
import type { AsicModel } from '../../hardware/model.js';
import type { Lot, Site } from '../../economics/fleet.js';
import { lookupModel } from '../../hardware/catalog.js';
import { profilesOf } from '../../hardware/profiles.js';
import type { OperatingRange } from '../../ports/fleet-control.js';
import type { ListedMiner } from './miner-list.js';

/** The most `range` can draw, or null when it names no power. */
export function rangeHighestW(range: OperatingRange | null): number | null {
  if (!range) return null;
  const all = [...range.profiles.map((p) => p.power_w), ...(range.power_target_w ? [range.power_target_w.max_w] : [])];
  return all.length ? Math.max(...all) : null;
}

export function modelHighestW(model: AsicModel): number {
  return Math.max(...profilesOf(model).map((p) => p.power_w));
}

/** A listed miner's highest power: its range, else its lot's model, else its model named in the list. */
export function highestW(m: ListedMiner, range: OperatingRange | null, catalog: readonly AsicModel[], identifiedModel?: string): number | null {
  const fromRange = rangeHighestW(range);
  if (fromRange !== null) return fromRange;
  if (m.lot) return modelHighestW(m.lot.lot.model);
  const name = m.entry.model ?? identifiedModel;
  const model = name === undefined ? undefined : lookupModel(catalog, name);
  return model ? modelHighestW(model) : null;
}

/** One listed miner at the site: what it draws now and what it would after the change. Null: cannot be bounded. */
export interface MinerLoad {
  miner: ListedMiner;
  before_w: number | null;
  after_w: number | null;
}

export interface SiteLoad {
  site: string;
  capacity_w: number;
  pue: number;
  /** Including PUE. */
  before_w: number;
  after_w: number;
  /** Machines the lots count that the list does not name, taken at their model's highest power. */
  unlisted_machines: number;
  /** Miners whose power cannot be bounded (no reading, no range, no known model). */
  unbounded: string[];
}

export function siteLoad(site: Site, lots: readonly { id: string; lot: Lot }[], loads: readonly MinerLoad[]): SiteLoad {
  let before = 0;
  let after = 0;
  const unbounded: string[] = [];
  for (const l of loads) {
    if (l.before_w === null || l.after_w === null) unbounded.push(l.miner.key);
    before += l.before_w ?? 0;
    after += l.after_w ?? 0;
  }
  let unlisted = 0;
  for (const { id, lot } of lots) {
    if (lot.site !== site.id) continue;
    const missing = Math.max(0, lot.count - loads.filter((l) => l.miner.lot?.id === id).length);
    unlisted += missing;
    before += missing * modelHighestW(lot.model);
    after += missing * modelHighestW(lot.model);
  }
  return {
    site: site.id,
    capacity_w: site.capacity_mw * 1e6,
    pue: site.pue,
    before_w: before * site.pue,
    after_w: after * site.pue,
    unlisted_machines: unlisted,
    unbounded,
  };
}

/** Why the change at this site must not go ahead, or null. A change that lowers the site's draw is never refused. */
export function capRefusal(s: SiteLoad): string | null {
  if (s.after_w <= s.before_w) return null;
  if (s.unbounded.length) return `site ${s.site}: the power of ${s.unbounded.join(', ')} cannot be bounded (no reading, no operating range, no known model)`;
  if (s.after_w > s.capacity_w) {
    const mw = (w: number): string => (w / 1e6).toFixed(3);
    return `site ${s.site}: expected ${mw(s.after_w)} MW including PUE ${s.pue} (unmeasured, unreachable and ${s.unlisted_machines} unlisted machine(s) at their highest power) exceeds its cap of ${mw(s.capacity_w)} MW`;
  }
  return null;
}
